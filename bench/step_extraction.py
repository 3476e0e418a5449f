"""Precision and recall of the steps proposed from a consumer's own words.

    .venv/bin/python bench/step_extraction.py

Runs `journeys.extraction.extract` over the labelled corpus in bench/step_narratives.json and
counts, micro-averaged over all steps of all narratives, per part and per language:

- kinds: in each narrative the proposed kinds are matched to the expected kinds in order, as
  their longest common subsequence (a proposed step matches at most one expected step, and the
  matches keep the text's order). Precision = matched / proposed, recall = matched / expected.
- channels: the same, on (kind, channel) pairs: a step counts when it is matched with the right
  kind *and* carries the right channel, so a channel right on a wrong kind counts for nothing.
- numbers: of the matched steps, the share whose minutes and repeats are both what the label
  says (a label without minutes or repeats expects none; repeats are compared only on
  `repeat_info`, the one kind the score reads them on).

The corpus has two parts. "tuning" is what rules and the classifier may be fitted on; every
narrative of it with a difference is printed, proposed against expected. "held_out" was drawn
once, before any rule changed for it, and is frozen: its figures are the honest estimate, and
its differences are never printed, so nobody writes a rule from them. The issue's acceptance
(kind precision 90% and recall 85% in each language, numbers right on 80% of matched steps) is
read on the held-out part; `tests/test_extraction.py` holds floors on the tuning part.
"""

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
NARRATIVES = ROOT / "bench/step_narratives.json"
PRECISION_TARGET = 0.90
RECALL_TARGET = 0.85
NUMBERS_TARGET = 0.80


@dataclass
class Figures:
    proposed: int = 0
    expected: int = 0
    kinds_matched: int = 0
    channels_matched: int = 0
    numbers_right: int = 0

    @property
    def kind_precision(self) -> float:
        return self.kinds_matched / self.proposed if self.proposed else 0.0

    @property
    def kind_recall(self) -> float:
        return self.kinds_matched / self.expected if self.expected else 0.0

    @property
    def channel_precision(self) -> float:
        return self.channels_matched / self.proposed if self.proposed else 0.0

    @property
    def channel_recall(self) -> float:
        return self.channels_matched / self.expected if self.expected else 0.0

    @property
    def numbers(self) -> float:
        return self.numbers_right / self.kinds_matched if self.kinds_matched else 0.0


def load_narratives(part: str = "tuning") -> list[dict]:
    """The part rules may be fitted on ("tuning"), or the frozen one ("held_out")."""
    return json.loads(NARRATIVES.read_text(encoding="utf-8"))[part]


def alignment(proposed: list, expected: list) -> list[tuple[int, int]]:
    """The (proposed, expected) index pairs of a longest common subsequence."""
    rows = [[0] * (len(expected) + 1) for _ in range(len(proposed) + 1)]
    for i in range(len(proposed) - 1, -1, -1):
        for j in range(len(expected) - 1, -1, -1):
            if proposed[i] == expected[j]:
                rows[i][j] = rows[i + 1][j + 1] + 1
            else:
                rows[i][j] = max(rows[i + 1][j], rows[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < len(proposed) and j < len(expected):
        if proposed[i] == expected[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif rows[i + 1][j] >= rows[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def matched(proposed: list, expected: list) -> int:
    return len(alignment(proposed, expected))


def _numbers_right(step, label: dict) -> bool:
    repeats_right = step.kind != "repeat_info" or step.repeats == label.get("repeats", 1)
    return step.minutes == label.get("minutes", 0) and repeats_right


def score(narratives: list[dict], *, report=None) -> Figures:
    from journeys.extraction import extract

    figures = Figures()
    for narrative in narratives:
        steps = extract(narrative["text"])
        proposed = [(step.kind, step.channel) for step in steps]
        expected = [(step["kind"], step["channel"]) for step in narrative["steps"]]
        kinds = alignment([k for k, _ in proposed], [k for k, _ in expected])
        pairs = matched(proposed, expected)
        figures.proposed += len(proposed)
        figures.expected += len(expected)
        figures.kinds_matched += len(kinds)
        figures.channels_matched += pairs
        numbers = sum(_numbers_right(steps[i], narrative["steps"][j]) for i, j in kinds)
        figures.numbers_right += numbers
        if report and not (pairs == len(proposed) == len(expected) == numbers):
            report(narrative, steps)
    return figures


def _print_figures(title: str, narratives: list[dict]) -> dict[str, Figures]:
    print(f"\n{title}")
    by_language = {}
    for lang in ("nl", "en", None):
        part = [n for n in narratives if lang is None or n["lang"] == lang]
        figures = by_language[lang] = score(part)
        print(
            f"  {lang or 'all':<4} {len(part):>4} narratives {figures.expected:>4} steps   "
            f"kinds P {figures.kind_precision:6.1%} R {figures.kind_recall:6.1%}   "
            f"channels P {figures.channel_precision:6.1%} R {figures.channel_recall:6.1%}   "
            f"numbers {figures.numbers:6.1%}"
        )
    return by_language


def _step_label(step: dict) -> str:
    numbers = "".join(
        f" {key[0]}={step[key]}" for key in ("minutes", "repeats") if step.get(key) is not None
    )
    return f"{step['kind']}/{step['channel']}{numbers}"


def _print_difference(narrative: dict, steps: list) -> None:
    text = narrative["text"]
    print(f"\n{narrative['id']}: {text}")
    proposed = (
        _step_label({"kind": s.kind, "channel": s.channel, "minutes": s.minutes or None,
                     "repeats": s.repeats or None}) + f" «{s.words(text)}»"
        for s in steps
    )  # fmt: skip
    print("  proposed:", ", ".join(proposed) or "—")
    print("  expected:", ", ".join(_step_label(step) for step in narrative["steps"]) or "—")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frictionlog.settings")
    import django

    django.setup()
    tuning, held_out = load_narratives(), load_narratives("held_out")
    print("Differences on the tuning part (the held-out part's are never printed):")
    score(tuning, report=_print_difference)
    _print_figures("tuning part (rules and classifier may be fitted on it)", tuning)
    held = _print_figures("held-out part (frozen, never tuned on)", held_out)
    met = all(
        held[lang].kind_precision >= PRECISION_TARGET
        and held[lang].kind_recall >= RECALL_TARGET
        and held[lang].numbers >= NUMBERS_TARGET
        for lang in ("nl", "en")
    )
    print(
        f"\ntarget on the held-out part, each language: kinds precision {PRECISION_TARGET:.0%}, "
        f"recall {RECALL_TARGET:.0%}, numbers {NUMBERS_TARGET:.0%}: {'met' if met else 'not met'}"
    )


if __name__ == "__main__":
    main()
