"""The same labelled table through `deduce` (Dutch de-identification, LGPL-3.0-or-later): alone, with
the rules, and its persons only on top of the rules, to keep the README's decision checkable.

    python3.11 -m venv /tmp/deduce-venv && /tmp/deduce-venv/bin/pip install deduce==3.0.6
    /tmp/deduce-venv/bin/python bench/redaction_deduce.py

deduce is not a dependency of frictionlog: this runs in a virtualenv of its own. Its first start
builds lookup structures (a pickle of ~75 MB inside its package directory); later starts load that.
Scoring is the one of bench/redaction_quality.py: a category is recalled when any span overlaps
the expected substring, and precision counts spans over the negatives and outside expected text.
"""

import importlib.util
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from journeys import privacy  # noqa: E402
from journeys.privacy import PLACEHOLDERS, redact  # noqa: E402
from journeys.privacy_names import NOT_NAMES  # noqa: E402


def _load(name: str, path: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _score(cases, spans_of) -> tuple[Counter, Counter, int, int]:
    recalled, expected_total, tp, fp = Counter(), Counter(), 0, 0
    for text, kinds, substrings in cases:
        spans = spans_of(text)
        expected = [
            (k, text.find(s), text.find(s) + len(s)) for k, s in zip(kinds, substrings, strict=True)
        ]
        for start, end in spans:
            if any(_overlaps(start, end, s, e) for _, s, e in expected):
                tp += 1
            else:
                fp += 1
        for kind, start, end in expected:
            expected_total[kind] += 1
            recalled[kind] += any(_overlaps(s, e, start, end) for s, e in spans)
    return recalled, expected_total, tp, fp


def main() -> int:
    import deduce

    started = time.perf_counter()
    model = deduce.Deduce()
    load_seconds = time.perf_counter() - started
    table = _load("redaction_cases", "tests/redaction_cases.py")
    cases = table.CASES

    def deduce_spans(text: str) -> list[tuple[int, int]]:
        return [(a.start_char, a.end_char) for a in model.deidentify(text).annotations]

    def rules_spans(text: str) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in redact(text).spans]

    started = time.perf_counter()
    for text, _, _ in cases:
        deduce_spans(text)
    per_case_ms = (time.perf_counter() - started) * 1000 / len(cases)

    def persons_spans(text: str) -> list[tuple[int, int]]:
        """deduce's persons only, through the rules' non-name words and chatbot names."""
        bots = privacy._bot_names(text)
        return [
            (a.start_char, a.end_char)
            for a in model.deidentify(text).annotations
            if a.tag == "persoon"
            and a.text.split()[0].lower() not in NOT_NAMES
            and a.text.split()[0].lower() not in bots
        ]

    runs = {
        "deduce": deduce_spans,
        "rules": rules_spans,
        "both": lambda text: deduce_spans(text) + rules_spans(text),
        "persons": lambda text: rules_spans(text) + persons_spans(text),
    }
    scores = {name: _score(cases, spans_of) for name, spans_of in runs.items()}
    print(f"deduce {deduce.__version__}: load {load_seconds:.1f} s, {per_case_ms:.2f} ms per case")
    print(f"{len(cases)} cases\n")
    print(f"{'category':<10} " + " ".join(f"{name + ' recall':>14}" for name in runs))
    for kind in [k for k in PLACEHOLDERS if k != "manual"]:
        cells = []
        for name in runs:
            recalled, total = scores[name][0], scores[name][1]
            cells.append(f"{recalled[kind] / total[kind]:>14.1%}" if total[kind] else f"{'–':>14}")
        print(f"{kind:<10} " + " ".join(cells))
    print()
    for name in runs:
        _, _, tp, fp = scores[name]
        print(f"{name:<7} precision {tp / (tp + fp):6.1%}  ({fp} false positives)")
    print("\n(persons: the rules plus deduce's persons filtered like the rules' names)")
    print("\nKnown gaps (tests/redaction_cases.py KNOWN_GAPS) caught:")
    for name, spans_of in runs.items():
        recalled, total, _, _ = _score(table.KNOWN_GAPS, spans_of)
        print(f"  {name:<7} {sum(recalled.values())} of {sum(total.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
