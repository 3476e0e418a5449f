"""Leaderboard recompute benchmark on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/frictionlog_bench \\
        .venv/bin/python bench/leaderboard.py [--journeys 1000000] [--companies 2000] [--reuse]

Creates (or, with --reuse, keeps) N approved journeys of about 8 steps each over the companies,
generated in SQL (generate_series), then prints: the full recompute's seconds; the seconds of the
bare SQL aggregate computing only the per-company median over the same rows (the floor) and the
ratio; the incremental recompute's seconds after 100 newly approved journeys; peak memory of the
Python process and the private memory of the PostgreSQL backend (and its parallel workers)
that ran the recompute.
"""

# ruff: noqa: S608 (generated SQL from constants)
import argparse
import os
import resource
import sys
import threading
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frictionlog.settings")
os.environ.pop("REDIS_URL", None)  # no broker: the bench calls the recompute functions itself

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from journeys import leaderboards  # noqa: E402
from journeys.models import RecomputeRequest  # noqa: E402

SECTORS = "{telecom,energy,bank,travel,webshop,government,public_transport,health_insurer,other}"
KINDS = (
    "{create_account,log_in,fill_form,repeat_info,chatbot,chatbot_loop,phone_menu,hold,"
    "transfer,human,channel_switch,contradiction,broken_promise,disconnected,"
    "automated_decision,upload_documents,closed_unresolved,escalated,resolved}"
)
CHANNELS = "{phone,chatbot,live_chat,email,web_form,app,social_media,letter,in_person}"
STEPS_PER_JOURNEY = 8


def generate(journeys: int, companies: int) -> None:
    users = max(1000, journeys // 4)
    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE journeys_cell, journeys_snapshot, journeys_recomputerequest, "
            "journeys_step, journeys_journey, journeys_company, journeys_user CASCADE"
        )
        cur.execute(
            """
            INSERT INTO journeys_user (id, password, is_superuser, email, email_verified_at,
                is_staff, is_active, date_joined)
            SELECT g, '!', false, 'bench' || g || '@example.nl', now(), false, true, now()
            FROM generate_series(1, %s) g
            """,
            [users],
        )
        cur.execute(
            f"""
            INSERT INTO journeys_company (id, name, slug, search_name, sector, website_domain,
                status, created_at)
            SELECT g, 'Company ' || g, 'company-' || g, 'company ' || g,
                   ('{SECTORS}'::text[])[1 + g %% 9], '', 'active', now()
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
                closed_unresolved, created_at, updated_at, channel_mask)
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
                   rnd(g, 13) > 0.7, now(), now(),
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
            FROM journeys_journey j, generate_series(1, {STEPS_PER_JOURNEY}) p
            """
        )
        for table in ("user", "company", "journey", "step"):
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
    parallel workers every 20 ms; `peak_kb` is the largest sum seen. Shared buffers are left
    out: they are the server's, whatever runs."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()

    def run(self):
        while not self.done.is_set():
            pids = [self.pid, *_parallel_workers_of(self.pid)]
            self.peak_kb = max(self.peak_kb, sum(_rss_anon_kb(pid) for pid in pids))
            self.done.wait(0.02)

    def stop(self) -> int:
        self.done.set()
        self.join()
        return self.peak_kb


def add_approved(count: int) -> list[int]:
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO journeys_journey (owner_id, company_id, goal, started_on, status, story,
                story_consent, story_redacted, story_redactions, moderation_state, submitted_at,
                score, score_version, step_count, repetitions, loops, transfers, minutes_total,
                hold_minutes, reached_human, minutes_to_human, closed_unresolved, created_at,
                updated_at, channel_mask)
            SELECT 1 + g, 1 + (g * 37) %% 2000, 'refund', current_date - 3, 'unresolved', '',
                   false, '', '[]', 'approved', now(), 55.5, 1, 8, 2, 1, 0, 60, 20, true, 15,
                   false, now(), now(), 1
            FROM generate_series(1, %s) g
            RETURNING id, company_id
            """,
            [count],
        )
        rows = cur.fetchall()
        cur.execute(
            f"""
            INSERT INTO journeys_step (journey_id, position, kind, channel, occurred_on, minutes,
                repeats, note)
            SELECT j.id, p, 'hold', 'phone', j.started_on, 5, 0, ''
            FROM journeys_journey j, generate_series(1, {STEPS_PER_JOURNEY}) p
            WHERE j.id = ANY(%s)
            """,
            [[pk for pk, _company in rows]],
        )
        RecomputeRequest.objects.bulk_create(
            [RecomputeRequest(company_id=company) for company in {c for _pk, c in rows}]
        )
    return [company for _pk, company in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=1_000_000)
    parser.add_argument("--companies", type=int, default=2000)
    parser.add_argument("--reuse", action="store_true", help="keep existing generated data")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/leaderboard.py needs DATABASE_URL pointing at PostgreSQL")

    call_command("migrate", verbosity=0)
    helpers()
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM journeys_journey")
        existing = cur.fetchone()[0]
    if not args.reuse or existing == 0:
        started = time.perf_counter()
        generate(args.journeys, args.companies)
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

    connection.close()  # a fresh backend, so its peak memory is the recompute's
    leaderboards.recompute_full()  # warm the caches once, as a scheduled run would find them
    connection.close()
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        sampler = BackendMemory(cur.fetchone()[0])
    sampler.start()
    tracemalloc.start()
    started = time.perf_counter()
    snapshot = leaderboards.recompute_full()
    full = time.perf_counter() - started
    _current, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    backend_kb = sampler.stop()
    print(f"full recompute: {full:.2f} s ({snapshot.stats['cells']:,} cells)")

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
        floor = time.perf_counter() - started
    print(f"floor (bare per-company median): {floor:.2f} s; ratio {full / floor:.2f}x")

    add_approved(100)
    started = time.perf_counter()
    incremental = leaderboards.recompute_incremental()
    inc = time.perf_counter() - started
    print(
        f"incremental recompute after 100 journeys: {inc:.3f} s "
        f"({incremental.stats['companies']} companies)"
    )
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak memory: python allocations during the recompute {python_peak / 2**20:.1f} MB, "
        f"python process max RSS {rss_mb:.0f} MB, "
        f"PostgreSQL backend and parallel workers peak private memory {backend_kb / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
