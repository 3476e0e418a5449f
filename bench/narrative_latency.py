"""Time to read one narrative: steps proposed (`extraction.extract`) plus redaction
(`privacy.redact`), per narrative of about 2 000 characters, in one process.

    .venv/bin/python bench/narrative_latency.py

The narratives are the corpus's own (bench/step_narratives.json, both parts), joined in turn
until each is 2 000 characters, so the text is what people write, not one sentence repeated.
The first call of each (the classifier's load, the redactor's warm-up) is timed apart; the
issue's target is p99 under 50 ms after it. Wall time and the process's own CPU time are printed
both: on a shared machine the wall time also counts the time other processes had the CPU.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LENGTH = 2000
TARGET_MS = 50


def narratives(count: int) -> list[str]:
    corpus = json.loads((ROOT / "bench/step_narratives.json").read_text(encoding="utf-8"))
    texts = [n["text"] for n in corpus["tuning"] + corpus["held_out"]]
    out, at = [], 0
    while len(out) < count:
        parts = []
        while sum(len(p) + 1 for p in parts) < LENGTH:
            parts.append(texts[at % len(texts)])
            at += 1
        out.append(" ".join(parts)[:LENGTH])
    return out


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frictionlog.settings")
    import django

    django.setup()
    from journeys.extraction import extract
    from journeys.privacy import redact

    texts = narratives(300)
    started = time.perf_counter()
    extract(texts[0])
    redact(texts[0])
    first = (time.perf_counter() - started) * 1000
    timings, extraction, redaction, cpu = [], [], [], []
    for text in texts:
        cpu_started = time.process_time()
        started = time.perf_counter()
        extract(text)
        middle = time.perf_counter()
        redact(text)
        ended = time.perf_counter()
        cpu.append((time.process_time() - cpu_started) * 1000)
        timings.append((ended - started) * 1000)
        extraction.append((middle - started) * 1000)
        redaction.append((ended - middle) * 1000)

    def p(values, q):
        return statistics.quantiles(values, n=100)[q - 1]

    print(f"{len(texts)} narratives of {LENGTH} characters; first call {first:.0f} ms")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    rows = (
        ("extract", extraction),
        ("redact", redaction),
        ("both", timings),
        ("both CPU", cpu),
    )
    for name, values in rows:
        print(
            f"  {name:<8} p50 {p(values, 50):6.1f} ms   p99 {p(values, 99):6.1f} ms   "
            f"max {max(values):6.1f} ms"
        )
    met = "met" if p(timings, 99) < TARGET_MS else "not met"
    print(f"target: both p99 < {TARGET_MS} ms (wall): {met}")


if __name__ == "__main__":
    main()
