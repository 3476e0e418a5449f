"""Snapshot benchmark on PostgreSQL: extract, compute (DuckDB), cells, files.

    .venv/bin/python bench/leaderboard.py [--journeys 1000000] [--companies 2000] [--reuse]
        [--worker] [--steps 8]

Uses DATABASE_URL, or postgres://postgres@127.0.0.1:5432/frictionlog_bench, creating that
database when it is missing. Creates (or, with --reuse, keeps) N approved journeys of --steps steps
each (8 by default) over the companies, generated in SQL (generate_series), then prints: a whole
snapshot's seconds split into extract, compute (during which the journeys file is written), the
files' work beyond that, and cells written (a snapshot never reads steps, so `--steps 0` makes a
quicker database for `--journeys 10000000`); DuckDB's memory limit; the bare SQL
aggregate computing only the per-company median over the same rows (the floor) and the ratios;
peak memory of this process (the worker's part: the extract, DuckDB and the files) and of the
PostgreSQL backend that served it. With --worker: a real Celery worker on Redis
(REDIS_URL, or redis://127.0.0.1:6379/14), and the seconds from a moderator's approval to the
company page showing it.
"""

# ruff: noqa: S608 (generated SQL from constants)
import argparse
import datetime
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frictionlog.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/frictionlog_bench")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # the access log of the polling below is noise here
if "--worker" in sys.argv:
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
else:
    os.environ.pop("REDIS_URL", None)  # no broker: the bench calls the engine itself


def _create_database() -> None:
    """The bench's database, created when missing (psycopg straight, before Django connects)."""
    import psycopg
    from dj_database_url import parse

    config = parse(os.environ["DATABASE_URL"])
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("bench/leaderboard.py needs DATABASE_URL pointing at PostgreSQL")
    admin = psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        found = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not found:
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')
            print(f"created database {config['NAME']}")


_create_database()

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from frictionlog.celery import app  # noqa: E402
from journeys import leaderboards, moderation  # noqa: E402
from journeys.models import Cell, Journey, Snapshot, User  # noqa: E402

SECTORS = "{telecom,energy,bank,travel,webshop,government,public_transport,health_insurer,other}"
KINDS = (
    "{create_account,log_in,fill_form,repeat_info,chatbot,chatbot_loop,phone_menu,hold,"
    "transfer,human,channel_switch,contradiction,broken_promise,disconnected,"
    "automated_decision,upload_documents,closed_unresolved,escalated,resolved}"
)
CHANNELS = "{phone,chatbot,live_chat,email,web_form,app,social_media,letter,in_person}"


def generate(journeys: int, companies: int, steps: int) -> None:
    users = max(1000, journeys // 4)
    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE journeys_cell, journeys_snapshot, journeys_recomputerequest, journeys_reply, "
            "journeys_step, journeys_journey, journeys_company, journeys_user CASCADE"
        )
        cur.execute(
            """
            INSERT INTO journeys_user (id, password, is_superuser, email, email_verified_at,
                is_staff, is_active, date_joined, language)
            SELECT g, '!', false, 'bench' || g || '@example.nl', now(), false, true, now(), ''
            FROM generate_series(1, %s) g
            """,
            [users],
        )
        cur.execute(
            f"""
            INSERT INTO journeys_company (id, name, slug, search_name, sector, website_domain,
                status, created_at, dispute_body)
            SELECT g, 'Company ' || g, 'company-' || g, 'company ' || g,
                   ('{SECTORS}'::text[])[1 + g %% 9], '', 'active', now(), ''
            FROM generate_series(1, %s) g
            """,
            [companies],
        )
        # Skewed company sizes (a few big ones, a long tail), scores spread per company.
        cur.execute(
            """
            INSERT INTO journeys_journey (id, owner_id, company_id, goal, started_on, status,
                story, story_consent, story_redacted, story_redactions, moderation_state,
                submitted_at, score, score_version, step_count, repetitions, loops, transfers,
                minutes_total, hold_minutes, reached_human, minutes_to_human,
                closed_unresolved, created_at, updated_at, published_at, channel_mask)
            SELECT g, 1 + (hashint(g, 1) %% %(users)s),
                   1 + floor(%(companies)s * power(rnd(g, 2), 1.6))::int,
                   'refund', current_date - (rnd(g, 3) * 730)::int, 'unresolved',
                   '', false, '', '[]', 'approved', now(),
                   least(100, greatest(0, round((20 + 60 * rnd(g, 4)
                         + 15 * rnd(1 + floor(%(companies)s * power(rnd(g, 2), 1.6))::int, 9)
                        )::numeric, 1))),
                   1, 8, (rnd(g, 5) * 6)::int, (rnd(g, 6) * 2)::int, (rnd(g, 7) * 3)::int,
                   (rnd(g, 8) * 180)::int, (rnd(g, 10) * 60)::int, rnd(g, 11) > 0.3,
                   CASE WHEN rnd(g, 11) > 0.3 THEN (rnd(g, 12) * 90)::int END,
                   rnd(g, 13) > 0.7, now(), now(), now() - interval '30 days',
                   -- the channel bits of the steps below: steps p share channel hash (g*4 + p/3)
                   (1 << (hashint(g * 4 + 0, 15) %% 9)) | (1 << (hashint(g * 4 + 1, 15) %% 9))
                   | (1 << (hashint(g * 4 + 2, 15) %% 9))
            FROM generate_series(1, %(journeys)s) g
            """,
            {"users": users, "companies": companies, "journeys": journeys},
        )
        cur.execute(
            f"""
            INSERT INTO journeys_step (journey_id, position, kind, channel, occurred_on,
                minutes, repeats, note)
            SELECT j.id, p, ('{KINDS}'::text[])[1 + hashint(j.id * 16 + p, 14) % 19],
                   ('{CHANNELS}'::text[])[1 + hashint(j.id * 4 + p / 3, 15) % 9],
                   j.started_on, 5, 0, ''
            FROM journeys_journey j, generate_series(1, {int(steps)}) p
            """
        )
        # One journey in twenty has a published reply, a third of those judged by the consumer.
        cur.execute(
            """
            INSERT INTO journeys_reply (journey_id, company_id, sequence, category, text,
                text_redacted, state, created_at, published_at, rating, resolved, rated_at)
            SELECT j.id, j.company_id, 1, 'closed_explanation', '', '', 'published', now(),
                   now() - interval '1 day' * (rnd(j.id, 16) * 29)::int,
                   CASE WHEN rnd(j.id, 17) < 0.33 THEN 1 + (rnd(j.id, 18) * 4)::int END,
                   CASE WHEN rnd(j.id, 17) < 0.33 THEN rnd(j.id, 19) < 0.5 END,
                   CASE WHEN rnd(j.id, 17) < 0.33 THEN now() END
            FROM journeys_journey j WHERE j.id % 20 = 0
            """
        )
        for table in ("user", "company", "journey", "step", "reply"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('journeys_{table}', 'id'), "
                f"(SELECT max(id) FROM journeys_{table}))"
            )
        cur.execute("ANALYZE")


def helpers() -> None:
    with connection.cursor() as cur:
        # Deterministic pseudo-random numbers, so every run builds the same data.
        cur.execute(
            """
            CREATE OR REPLACE FUNCTION hashint(x bigint, salt int) RETURNS int
            LANGUAGE sql IMMUTABLE AS
            $$ SELECT (abs(hashtextextended(x::text, salt)) % 2147483647)::int $$;
            CREATE OR REPLACE FUNCTION rnd(x bigint, salt int) RETURNS float8
            LANGUAGE sql IMMUTABLE AS
            $$ SELECT (abs(hashtextextended(x::text, salt)) % 1000000) / 1000000.0 $$;
            """
        )


def _rss_anon_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("RssAnon:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _parallel_workers_of(pid: int) -> list[int]:
    workers = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if f"parallel worker for PID {pid}".encode() in cmdline:
                workers.append(int(entry.name))
    return workers


class BackendMemory(threading.Thread):
    """Samples the private memory (RssAnon) of the recompute's PostgreSQL backend and its
    parallel workers (looked for every 0.5 s) every 20 ms; `peak_kb` is the largest sum seen.
    Shared buffers are left out: they are the server's, whatever runs."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()

    def run(self):
        # Looking for parallel workers reads every process's command line: every 0.5 s, not
        # every sample, or the sampler takes CPU (and the GIL) from the snapshot it measures.
        pids, looked = [self.pid], 0.0
        while not self.done.is_set():
            if time.monotonic() - looked > 0.5:
                pids, looked = [self.pid, *_parallel_workers_of(self.pid)], time.monotonic()
            self.peak_kb = max(self.peak_kb, sum(_rss_anon_kb(pid) for pid in pids))
            self.done.wait(0.02)

    def stop(self) -> int:
        self.done.set()
        self.join()
        return self.peak_kb


class OwnMemory(threading.Thread):
    """Peak private memory (RssAnon) of this process, sampled every 20 ms: DuckDB's buffers and
    the extract are native memory that tracemalloc does not see."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_kb, self.done = 0, threading.Event()

    def run(self):
        while not self.done.is_set():
            self.peak_kb = max(self.peak_kb, _rss_anon_kb(os.getpid()))
            self.done.wait(0.02)

    def stop(self) -> int:
        self.done.set()
        self.join()
        return self.peak_kb


def _floor() -> float:
    with connection.cursor() as cur:
        started = time.perf_counter()
        cur.execute(
            """
            SELECT j.company_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY j.score)
            FROM journeys_journey j JOIN journeys_company c ON c.id = j.company_id
            WHERE j.moderation_state = 'approved' AND c.status = 'active'
            GROUP BY j.company_id
            """
        )
        cur.fetchall()
        return time.perf_counter() - started


def measure_snapshot() -> None:
    connection.close()  # a fresh backend, so its peak memory is this snapshot's
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        backend = BackendMemory(cur.fetchone()[0])
    own = OwnMemory()
    backend.start()
    own.start()
    started = time.perf_counter()
    snapshot = leaderboards.recompute_full()
    total = time.perf_counter() - started
    own_kb, backend_kb = own.stop(), backend.stop()
    t = snapshot.stats["timings"]
    t["compute"] = t["release"] + t["cells_computed"]
    floor = _floor()
    # The journeys file is sorted before the cells are computed and written while they are:
    # "cells published" leaves its sort out, but not what its writing costs the cells.
    cells_published = t["extract"] + t["compute"] + t["cells"]
    files_bytes = sum(f["bytes"] for f in snapshot.files.values())
    print(
        f"snapshot {snapshot.pk}: {total:.2f} s in all — extract and load {t['extract']:.2f} s, "
        f"compute {t['compute']:.2f} s (k-anonymous release {t['release']:.2f}; voices, cells "
        f"and ranks {t['cells_computed']:.2f}, while the journeys file is written), files "
        f"{t['journeys_sorted'] + t['files']:.2f} s beyond that (journeys sorted "
        f"{t['journeys_sorted']:.2f}, the rest written and stored {t['files']:.2f}; "
        f"{files_bytes / 2**20:.0f} MB in {len(snapshot.files)} files), "
        f"cells written and published {t['cells']:.2f} s ({snapshot.stats['cells']:,} cells)"
    )
    print(
        f"floor (bare per-company median in PostgreSQL): {floor:.2f} s; "
        f"cells published (extract + compute + cells) {cells_published / floor:.2f}x the floor "
        f"(target 1.5x); with the files {total / floor:.2f}x (target 3x)"
    )
    released = snapshot.stats["release"]
    rows = [level["rows"] for level in released["levels"]]
    print(f"journey rows released per level {rows}, left out {released['left_out']:,}")
    print(
        f"peak memory (DuckDB's limit {snapshot.stats['duckdb']['memory_limit']}): "
        f"worker process {own_kb / 1024:.0f} MB private (target 500 MB at 1 000 000 journeys, "
        f"1.5 GB at 10 000 000), "
        f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
        f"PostgreSQL backend {backend_kb / 1024:.0f} MB private"
    )


def measure_approval_to_page() -> None:
    """A real worker on Redis; a moderator approves a journey by a new reporter at the busiest
    company; seconds until that company's page counts the new reporter."""
    company = (
        Cell.objects.filter(snapshot__is_current=True, scope="company", period="12m", channel="")
        .order_by("-reporters")
        .select_related("company")
        .first()
    )
    slug, before = company.company.slug, company.reporters
    env = {**os.environ, "DATABASE_URL": os.environ["DATABASE_URL"]}
    log_path = Path(tempfile.gettempdir()) / "frictionlog-bench-worker.log"
    log = log_path.open("wb")
    hostname = f"bench-{os.getpid()}@localhost"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "frictionlog", "worker", "--pool=prefork",
         "--concurrency=1", "--without-gossip", "--without-mingle", f"--hostname={hostname}"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[hostname], timeout=0.5):
            if worker.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"the Celery worker did not start: see {log_path}")
        reporter = User.objects.create(email=f"bench-approval-{time.time_ns()}@example.nl")
        # Only a moderator may approve (journeys/transitions.py).
        moderator = User.objects.create(email=f"bench-moderator-{time.time_ns()}@example.nl")
        moderator.groups.add(Group.objects.get_or_create(name=User.MODERATORS)[0])
        journey = Journey.objects.create(
            owner=reporter,
            company=company.company,
            goal="refund",
            started_on=datetime.date.today(),
            score=50.0,
            moderation_state=Journey.Moderation.PENDING,
        )
        client = Client(HTTP_HOST="localhost")
        started, approved_at = time.perf_counter(), timezone.now()
        moderation.journey_approve(journey=journey, moderator=moderator)
        pattern = re.compile(r"by (\d[\d,.]*) reporters")
        while True:
            html = client.get(f"/companies/{slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
            found = pattern.search(html)
            if found and int(re.sub(r"\D", "", found.group(1))) > before:
                break
            if time.perf_counter() - started > 120:
                sys.exit("the approval did not reach the company page within 120 s")
            time.sleep(0.1)
        shown = time.perf_counter() - started
        snapshot = Snapshot.objects.get(is_current=True)
        run = sum(snapshot.stats["timings"].values())
        published = (snapshot.published_at - approved_at).total_seconds()
        print(
            f"approval to company page through a real worker on Redis: {shown:.1f} s (target "
            f"10 s): the snapshot began {published - run:.1f} s after the approval (the debounce "
            f"is {leaderboards.DEBOUNCE_SECONDS} s), took {run:.1f} s, was published "
            f"{published:.1f} s after it and shown {shown - published:.1f} s later"
        )
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=1_000_000)
    parser.add_argument("--companies", type=int, default=2000)
    parser.add_argument("--reuse", action="store_true", help="keep existing generated data")
    parser.add_argument("--steps", type=int, default=8, help="steps per generated journey")
    parser.add_argument(
        "--worker", action="store_true", help="also time an approval through a real worker"
    )
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    helpers()
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM journeys_journey")
        existing = cur.fetchone()[0]
    if not args.reuse or existing == 0:
        started = time.perf_counter()
        generate(args.journeys, args.companies, args.steps)
        print(f"generated {args.journeys:,} journeys in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM journeys_journey WHERE moderation_state = 'approved'")
        approved = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM journeys_step")
        steps = cur.fetchone()[0]
        # The stored channel masks must say what the steps say (checked on a sample).
        cur.execute(
            f"""
            SELECT count(*) FROM (
                SELECT j.id FROM journeys_journey j JOIN journeys_step s ON s.journey_id = j.id
                WHERE j.id % 1000 = 0
                GROUP BY j.id, j.channel_mask
                HAVING j.channel_mask <> bit_or(
                    1 << (array_position('{CHANNELS}'::text[], s.channel::text) - 1))
            ) wrong
            """
        )
        assert cur.fetchone()[0] == 0, "channel masks disagree with the steps"
    print(f"data: {approved:,} approved journeys, {steps:,} steps, {args.companies:,} companies")

    leaderboards.recompute_full()  # warm the caches once, as a scheduled run would find them
    measure_snapshot()
    if args.worker:
        measure_approval_to_page()


if __name__ == "__main__":
    main()
