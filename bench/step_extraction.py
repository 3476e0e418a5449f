"""Precision and recall of the steps proposed from a consumer's own words.

    .venv/bin/python bench/step_extraction.py

Runs `journeys.extraction.extract` over the labelled narratives in bench/step_narratives.json
and counts, micro-averaged over all steps of all narratives:

- kinds: in each narrative the proposed kinds are matched to the expected kinds in order, as
  their longest common subsequence (a proposed step matches at most one expected step, and the
  matches keep the text's order). Precision = matched / proposed, recall = matched / expected.
- channels: the same, on (kind, channel) pairs: a step counts when it is matched with the right
  kind *and* carries the right channel, so a channel right on a wrong kind counts for nothing.

The rules were written with the labelled set in view, so its figures are an upper bound; the
"held_out" narratives were written after the rules and never used to tune them, and their
figures, printed apart, are the honest estimate. `tests/test_extraction.py` holds the kind
targets (85% / 85%) on the labelled set with `score()`. Every narrative with a difference is
printed, proposed against expected.
"""

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
NARRATIVES = ROOT / "bench/step_narratives.json"
TARGET = 0.85


@dataclass
class Figures:
    proposed: int = 0
    expected: int = 0
    kinds_matched: int = 0
    channels_matched: int = 0

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


def load_narratives(part: str = "narratives") -> list[dict]:
    """The labelled set ("narratives"), or the narratives written after the rules and never used
    to tune them ("held_out")."""
    return json.loads(NARRATIVES.read_text(encoding="utf-8"))[part]


def matched(proposed: list, expected: list) -> int:
    """The length of the longest common subsequence."""
    row = [0] * (len(expected) + 1)
    for item in proposed:
        previous_diagonal = 0
        for j, wanted in enumerate(expected, start=1):
            above = row[j]
            row[j] = previous_diagonal + 1 if item == wanted else max(row[j], row[j - 1])
            previous_diagonal = above
    return row[-1]


def score(narratives: list[dict], *, report=None) -> Figures:
    from journeys.extraction import extract

    figures = Figures()
    for narrative in narratives:
        steps = extract(narrative["text"])
        proposed = [(step.kind, step.channel) for step in steps]
        expected = [(step["kind"], step["channel"]) for step in narrative["steps"]]
        kinds = matched([k for k, _ in proposed], [k for k, _ in expected])
        pairs = matched(proposed, expected)
        figures.proposed += len(proposed)
        figures.expected += len(expected)
        figures.kinds_matched += kinds
        figures.channels_matched += pairs
        if report and not (pairs == len(proposed) == len(expected)):
            report(narrative, steps, expected)
    return figures


def _print_figures(title: str, narratives: list[dict], figures: Figures) -> None:
    languages = sorted({n["lang"] for n in narratives})
    counts = ", ".join(f"{sum(n['lang'] == lang for n in narratives)} {lang}" for lang in languages)
    print(f"\n{title}: {len(narratives)} narratives ({counts}), {figures.expected} expected steps, "
          f"{figures.proposed} proposed")  # fmt: skip
    print(f"  kinds     precision {figures.kind_precision:6.1%}  recall {figures.kind_recall:6.1%}")
    print(
        f"  channels  precision {figures.channel_precision:6.1%}  "
        f"recall {figures.channel_recall:6.1%}  (kind and channel both right)"
    )


def _print_difference(narrative: dict, steps: list, expected: list) -> None:
    text = narrative["text"]
    print(f"\n{narrative['id']}: {text}")
    proposed = (f"{s.kind}/{s.channel} «{s.words(text)}»" for s in steps)
    print("  proposed:", ", ".join(proposed) or "—")
    print("  expected:", ", ".join(f"{k}/{c}" for k, c in expected))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frictionlog.settings")
    import django

    django.setup()
    narratives, held_out = load_narratives(), load_narratives("held_out")
    figures = score(narratives, report=_print_difference)
    held_figures = score(held_out, report=_print_difference)
    _print_figures("labelled set", narratives, figures)
    _print_figures("held out (not used to tune the rules)", held_out, held_figures)
    print(f"\ntarget on kinds: {TARGET:.0%} / {TARGET:.0%}")


if __name__ == "__main__":
    main()
