"""Precision and recall of the automatic story redaction, per category and overall.

    .venv/bin/python bench/redaction_quality.py

Runs `journeys.privacy.redact` over the labelled table in tests/redaction_cases.py and scores it
span by span:

- a detected span is a true positive when it overlaps an expected sensitive substring, and a false
  positive otherwise (every span found in a negative case is one);
- an expected substring is recalled when some detected span overlaps it, and typed right when one
  of those spans carries the expected category (so the reader sees `[BSN]`, not `[boekingsnummer]`).

Precision is counted per detected category, recall per expected category. The targets (recall 99%
or better in every category, precision 95% or better overall) are read on CASES; the documented
KNOWN_GAPS are scored in a column of their own, so the table says both what the listed forms do
and what the known misses cost. `tests/test_privacy_redaction.py` holds the targets with
`score()`. Every miss, false positive and mistyped find is printed.

The table was written alongside the redactor, so these figures are an upper bound: they say the
listed forms work, not how often real stories use forms nobody listed (the README gives the figures
of a batch written blind). Grow the table from real moderator undo/redact decisions.

Needs no Django settings: `redact` is pure.
"""

import importlib.util
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from journeys.privacy import PLACEHOLDERS, redact  # noqa: E402

KINDS = [kind for kind in PLACEHOLDERS if kind != "manual"]
RECALL_TARGET = 0.99
PRECISION_TARGET = 0.95


def load_cases() -> tuple[list, list]:
    # Loaded by path: tests/ is a package of the test suite, not something to put on sys.path.
    spec = importlib.util.spec_from_file_location(
        "redaction_cases", ROOT / "tests/redaction_cases.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CASES, module.KNOWN_GAPS


@dataclass
class Score:
    true_pos: Counter = field(default_factory=Counter)  # per detected kind
    false_pos: Counter = field(default_factory=Counter)
    recalled: Counter = field(default_factory=Counter)  # per expected kind
    typed: Counter = field(default_factory=Counter)
    expected: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)
    false_positives: list = field(default_factory=list)
    mistyped: list = field(default_factory=list)

    def precision(self, kind: str | None = None) -> float | None:
        tp = self.true_pos[kind] if kind else sum(self.true_pos.values())
        fp = self.false_pos[kind] if kind else sum(self.false_pos.values())
        return tp / (tp + fp) if tp + fp else None

    def recall(self, kind: str | None = None) -> float | None:
        found = self.recalled[kind] if kind else sum(self.recalled.values())
        total = self.expected[kind] if kind else sum(self.expected.values())
        return found / total if total else None


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def score(cases) -> Score:
    result = Score()
    for text, kinds, substrings in cases:
        spans = redact(text).spans
        expected = []
        for kind, substring in zip(kinds, substrings, strict=True):
            start = text.find(substring)
            expected.append((kind, substring, start, start + len(substring)))
        for span in spans:
            if any(_overlaps(span.start, span.end, s, e) for _, _, s, e in expected):
                result.true_pos[span.kind] += 1
            else:
                result.false_pos[span.kind] += 1
                result.false_positives.append((span.kind, span.original, text))
        for kind, substring, start, end in expected:
            result.expected[kind] += 1
            hits = [s for s in spans if _overlaps(s.start, s.end, start, end)]
            if not hits:
                result.misses.append((kind, substring, text))
                continue
            result.recalled[kind] += 1
            if any(s.kind == kind for s in hits):
                result.typed[kind] += 1
            else:
                result.mistyped.append((kind, hits[0].kind, substring, text))
    return result


def _pct(value: float | None) -> str:
    return f"{value:6.1%}" if value is not None else "     –"


def main() -> int:
    cases, gaps = load_cases()
    table, with_gaps = score(cases), score(cases + gaps)
    negatives = sum(1 for _, kinds, _ in cases if not kinds)
    print(
        f"{len(cases)} cases ({len(cases) - negatives} positive, {negatives} negative); "
        f"{len(gaps)} known gaps scored in the last column only\n"
    )
    print(
        f"{'category':<10} {'precision':>9} {'recall':>7} {'typed':>7}   "
        f"{'TP':>3} {'FP':>3} {'found':>5} {'of':>3}   {'recall with gaps':>16}"
    )
    for kind in [*KINDS, None]:
        typed = (
            table.typed[kind] / table.expected[kind]
            if kind and table.expected[kind]
            else (sum(table.typed.values()) / sum(table.expected.values()) if not kind else None)
        )
        tp = table.true_pos[kind] if kind else sum(table.true_pos.values())
        fp = table.false_pos[kind] if kind else sum(table.false_pos.values())
        found = table.recalled[kind] if kind else sum(table.recalled.values())
        total = table.expected[kind] if kind else sum(table.expected.values())
        print(
            f"{kind or 'overall':<10} {_pct(table.precision(kind)):>9} {_pct(table.recall(kind)):>7}"
            f" {_pct(typed):>7}   {tp:>3} {fp:>3} {found:>5} {total:>3}"
            f"   {_pct(with_gaps.recall(kind)):>16}"
        )
    below = [k for k in KINDS if (table.recall(k) or 0) < RECALL_TARGET]
    precision = table.precision() or 0
    print(
        f"\nTargets: recall >= {RECALL_TARGET:.0%} per category "
        f"({'met' if not below else 'missed: ' + ', '.join(below)}), "
        f"precision >= {PRECISION_TARGET:.0%} overall "
        f"({'met' if precision >= PRECISION_TARGET else 'missed'})"
    )
    print(f"\nMisses ({len(table.misses)}):")
    for kind, substring, text in table.misses:
        print(f"  {kind:<9} {substring!r}  in  {text!r}")
    print(f"\nFalse positives ({len(table.false_positives)}):")
    for kind, original, text in table.false_positives:
        print(f"  {kind:<9} {original!r}  in  {text!r}")
    print(f"\nFound under another category ({len(table.mistyped)}):")
    for expected_kind, got, substring, text in table.mistyped:
        print(f"  expected {expected_kind}, got {got}: {substring!r}  in  {text!r}")
    print(f"\nKnown gaps ({len(gaps)}, strict xfails in tests/test_privacy_redaction.py):")
    for kind, substring, text in with_gaps.misses:
        print(f"  {kind:<9} {substring!r}  in  {text!r}")
    return 0 if not below and precision >= PRECISION_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
