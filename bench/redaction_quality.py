"""Precision and recall of the automatic story redaction, per kind and overall.

    .venv/bin/python bench/redaction_quality.py

Runs `journeys.privacy.redact` over the case table in tests/redaction_cases.py (CASES and the
documented KNOWN_GAPS) and scores it span by span:

- a detected span is a true positive when it overlaps an expected sensitive substring, and a false
  positive otherwise (every span found in a negative case is one);
- an expected substring is recalled when some detected span overlaps it.

Precision is counted per detected kind, recall per expected kind. A recalled substring whose span
carries another kind still protects the reader, so it counts, but it is listed as a confusion.
Every miss, false positive and confusion is printed.

The table was written alongside the redactor, so these figures are an upper bound: they say the
listed forms work, not how often real stories use forms nobody listed. Grow the table from real
moderator undo/redact decisions to keep the numbers honest.

Needs no Django settings: `redact` is pure.
"""

import importlib.util
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from journeys.privacy import PLACEHOLDERS, redact  # noqa: E402

KINDS = [kind for kind in PLACEHOLDERS if kind != "manual"]


def load_cases() -> tuple[list, list]:
    # Loaded by path: tests/ is a package of the test suite, not something to put on sys.path.
    spec = importlib.util.spec_from_file_location(
        "redaction_cases", ROOT / "tests/redaction_cases.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CASES, module.KNOWN_GAPS


def expected_extents(text: str, kinds: list[str], substrings: list[str]) -> list[tuple]:
    extents = []
    for kind, substring in zip(kinds, substrings, strict=True):
        start = text.find(substring)
        extents.append((kind, substring, start, start + len(substring)))
    return extents


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:6.1%}" if denominator else "     –"


def main() -> int:
    cases, gaps = load_cases()
    tp_detected, fp_detected = Counter(), Counter()  # per detected kind
    recalled, expected_total = Counter(), Counter()  # per expected kind
    misses, false_positives, confusions = [], [], []
    for text, kinds, substrings in cases + gaps:
        spans = redact(text).spans
        expected = expected_extents(text, kinds, substrings)
        for span in spans:
            if any(overlaps(span.start, span.end, s, e) for _, _, s, e in expected):
                tp_detected[span.kind] += 1
            else:
                fp_detected[span.kind] += 1
                false_positives.append((span.kind, span.original, text))
        for kind, substring, start, end in expected:
            expected_total[kind] += 1
            hits = [s for s in spans if overlaps(s.start, s.end, start, end)]
            if hits:
                recalled[kind] += 1
                if all(s.kind != kind for s in hits):
                    confusions.append((kind, hits[0].kind, substring, text))
            else:
                misses.append((kind, substring, text))

    negatives = sum(1 for _, kinds, _ in cases if not kinds)
    print(
        f"{len(cases)} cases ({len(cases) - negatives} positive, {negatives} negative) "
        f"+ {len(gaps)} known gaps, scored together\n"
    )
    print(
        f"{'kind':<10} {'precision':>9} {'recall':>7}   {'TP':>3} {'FP':>3} {'found':>5} {'of':>3}"
    )
    for kind in KINDS:
        tp, fp = tp_detected[kind], fp_detected[kind]
        print(
            f"{kind:<10} {ratio(tp, tp + fp):>9} {ratio(recalled[kind], expected_total[kind]):>7}"
            f"   {tp:>3} {fp:>3} {recalled[kind]:>5} {expected_total[kind]:>3}"
        )
    tp, fp = sum(tp_detected.values()), sum(fp_detected.values())
    found, total = sum(recalled.values()), sum(expected_total.values())
    print(
        f"{'overall':<10} {ratio(tp, tp + fp):>9} {ratio(found, total):>7}"
        f"   {tp:>3} {fp:>3} {found:>5} {total:>3}"
    )

    print(f"\nMisses ({len(misses)}):")
    for kind, substring, text in misses:
        print(f"  {kind:<9} {substring!r}  in  {text!r}")
    print(f"\nFalse positives ({len(false_positives)}):")
    for kind, original, text in false_positives:
        print(f"  {kind:<9} {original!r}  in  {text!r}")
    print(f"\nFound under another kind ({len(confusions)}):")
    for expected_kind, got, substring, text in confusions:
        print(f"  expected {expected_kind}, got {got}: {substring!r}  in  {text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
