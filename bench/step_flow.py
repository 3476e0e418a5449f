"""CPU per request of the add-a-step flow, in process: the journey page (GET, the signed-in owner)
and the htmx step post, through Django's whole handler (middleware included) with DEBUG off, so
the cached template loader is on as in production. Deterministic: the bench journeys start with
no steps, and the pages and posts go round them in the same order on every run.

    .venv/bin/python bench/step_flow.py [--iterations 200] [--journeys 20] [--profile get|post]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/frictionlog_perf \\
        .venv/bin/python bench/step_flow.py

Without DATABASE_URL it uses a SQLite file in the temporary folder, seeded (`seed_demo`) on the
first run. Prints the mean and median CPU milliseconds (this thread's) per GET and per POST; the
access log goes to stderr, as in production (`2>/dev/null` to hide it).
With --profile, a cProfile of that request kind's share, sorted by cumulative time.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_JOURNEYS = 300


def setup_django() -> None:
    os.environ.setdefault(
        "DATABASE_URL", f"sqlite:///{Path(tempfile.gettempdir()) / 'frictionlog_step_flow.sqlite3'}"
    )
    os.environ.update(
        DJANGO_SETTINGS_MODULE="frictionlog.settings",
        DEBUG="0",
        ALLOWED_HOSTS="testserver",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    call_command("seed_demo", "--journeys", str(SEED_JOURNEYS), "--if-empty", verbosity=0)


def bench_journeys(count: int) -> list[int]:
    """The demo consumer's bench journeys (bench/load.py's), without steps."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import load

    assert count <= load.BENCH_JOURNEYS
    return load.bench_journeys()[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--journeys", type=int, default=20)
    parser.add_argument("--profile", choices=["get", "post"])
    args = parser.parse_args()
    setup_django()

    from django.test import Client
    from django.utils import timezone

    from journeys.demo import DEMO_CONSUMER
    from journeys.models import User

    ids = bench_journeys(args.journeys)
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(email=DEMO_CONSUMER))
    client.get(f"/journeys/{ids[0]}/")  # sets the CSRF cookie, warms the template cache
    token = client.cookies["csrftoken"].value
    body = {
        "kind": "hold",
        "channel": "phone",
        "occurred_on": timezone.localdate().isoformat(),
        "minutes": "5",
        "repeats": "0",
        "note": "bench",
    }
    profiler = cProfile.Profile() if args.profile else None
    timings = {"get": [], "post": []}

    def timed(kind, send):
        if profiler and kind == args.profile:
            profiler.enable()
        started = time.thread_time()
        response = send()
        timings[kind].append((time.thread_time() - started) * 1000)
        if profiler:
            profiler.disable()
        assert response.status_code == 200, (kind, response.status_code)

    for n in range(args.iterations):
        pk = ids[n % len(ids)]
        timed("get", lambda pk=pk: client.get(f"/journeys/{pk}/"))
        timed(
            "post",
            lambda pk=pk: client.post(
                f"/journeys/{pk}/steps/", body, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token
            ),
        )
    for kind, values in timings.items():
        print(
            f"{kind.upper():4} mean {statistics.mean(values):6.2f} ms  "
            f"median {statistics.median(values):6.2f} ms  CPU per request ({len(values)} requests)"
        )
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)


if __name__ == "__main__":
    main()
