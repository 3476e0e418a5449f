"""Leaderboard snapshots: extract from the store, compute in DuckDB, publish cells and files.

Every snapshot is whole. The store of record (PostgreSQL, or SQLite in development) hands over
the narrow columns of the approved journeys of active companies in one read (`COPY` on
PostgreSQL); DuckDB, embedded in the worker, marks each reporter's *voice* (per company and
period: one of their journeys there, picked by a keyed hash), turns voices into cells (company,
sector, channel, all), ranks the company cells, and writes the snapshot's open-data files. The
cells are copied back into the store and the snapshot is flipped to current in one transaction,
so readers see the old snapshot or the new one, never half of each. A cell under
`FRICTIONLOG_K_MIN` distinct reporters is never written, in the store or in a file.

Reads (the current snapshot, boards, a company's figures) live in `figures.py`; open-data
storage names in `opendata.py`. Every formula here is stated on `/methodology/`.
"""

import contextlib
import csv
import datetime
import gzip
import hashlib
import io
import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import celery
import duckdb
from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone

from . import clocks, figures, opendata, pseudonyms, replyclock, softcache
from .models import Cell, Channel, Company, Journey, RecomputeRequest, Reply, Snapshot
from .scoring import DRIVER_FIELDS, SCORE_VERSION

logger = logging.getLogger(__name__)

# Shrinkage: every cell starts with SHRINK_M phantom reporters at the overall mean of its period
# and channel, so three angry reports cannot top the table (score = (n·mean + m·target)/(n + m)).
SHRINK_M = 10
# Two-sided 90% normal interval.
Z90 = 1.645
# Plain-words patterns: "had to repeat information at least 3 times", "on hold 30 minutes or more".
REPEAT_PATTERN_MIN = 3
HOLD_PATTERN_MINUTES = 30
# A reply "within 15 days": its first publication at most this long after the journey's.
# The days a company has for a first reply: the reply clock's own term, counted in one place.
REPLY_DAYS = replyclock.DUE_DAYS
ROLLING_WEEKS = 52
ROLLING = figures.ROLLING
# Changes within this many seconds of each other share one snapshot, and every change made while
# one runs shares the next: a moderator working through the queue starts a snapshot every run's
# length, not one per approval. Short, because it adds to every approval's way to the pages.
DEBOUNCE_SECONDS = 1
DEBOUNCE_KEY = "leaderboards:recompute-queued"
# Queued by name, so this module knows nothing of the Celery tasks that call it (`tasks.py`).
RECOMPUTE_PENDING_TASK = "journeys.recompute_pending"
KEEP_RECENT_SNAPSHOTS = 24
# Cells are computed this many voices at a time at most for every 300 MB of DuckDB's memory limit
# (a median's values stay in memory; 10 000 000 journeys peaked at 490 MB with a 300 MB limit).
VOICES_PER_BATCH = 2_000_000
_BATCH_MEMORY = 300 * 10**6
# DuckDB's memory when FRICTIONLOG_DUCKDB_MEMORY is unset: at least this, more with more journeys.
MEMORY_FLOOR = 300 * 10**6
MEMORY_PER_JOURNEY = 100  # bytes
_MEMORY = re.compile(r"([\d.]+) ?(bytes|[KMGT]iB)")
_MEMORY_UNITS = {"bytes": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40}
_PG_LOCK_KEY = 7_351_001

FIGURE_FIELDS = (
    "journeys",
    "reporters",
    "median",
    "mean",
    "mean_ci_low",
    "mean_ci_high",
    "shrunk",
    "ci_low",
    "ci_high",
    "closed_rate",
    "loop_rate",
    "no_human_rate",
    "median_minutes_to_human",
    "mean_repetitions",
    "repeat3_rate",
    "transfer_rate",
    "hold30_rate",
    "reply_rate",
    "reply_15d_rate",
    "resolved_after_reply_rate",
    "resolved_reporters",
    "mean_rating",
    "rating_reporters",
    "median_days_to_first_response",
    "first_response_reporters",
    "median_days_to_final_reply",
    "final_reply_reporters",
)
CELL_KEYS = ("scope", "company_id", "sector", "channel", "period", "rank_low", "rank_high")


def k_min() -> int:
    return settings.FRICTIONLOG_K_MIN


# --- Requests (the API other modules call) ----------------------------------------------------


def request_recompute(company_ids: Iterable[int]) -> None:
    """Record inside the caller's transaction that figures are stale; after commit, queue one
    (debounced) snapshot. A broker failure is logged, never raised: the open rows stay, and the
    five-minute sweep or the next queued run picks them up."""
    ids = sorted({int(pk) for pk in company_ids if pk is not None})
    if not ids:
        return
    now = timezone.now()
    RecomputeRequest.objects.bulk_create(
        [RecomputeRequest(company_id=pk, requested_at=now) for pk in ids]
    )
    transaction.on_commit(_enqueue)


def _enqueue() -> None:
    app = celery.current_app
    if app.conf.task_always_eager:
        run_pending()
        return
    # One queued run covers every request until it starts (it releases the key first). Cache
    # and broker share one Redis: when it does not answer, the request stays pending for the
    # five-minute sweep, and nobody waits on Redis twice.
    answered, added = softcache.attempt(
        "queue a leaderboard recompute; it stays pending",
        cache.add,
        DEBOUNCE_KEY,
        "1",
        timeout=DEBOUNCE_SECONDS * 12,
    )
    if not (answered and added):
        return
    try:
        app.send_task(RECOMPUTE_PENDING_TASK, countdown=DEBOUNCE_SECONDS)
    except Exception:
        logger.warning("Could not queue a leaderboard recompute; it stays pending", exc_info=True)
        release_debounce()


def release_debounce() -> None:
    softcache.delete(DEBOUNCE_KEY, "clear the recompute debounce key")


# --- Periods ------------------------------------------------------------------------------------


def window_start_for(today: datetime.date) -> datetime.date:
    """First day of the rolling 12 months: the Monday 51 weeks before this week's Monday, so
    the window is 52 whole ISO weeks and the weekly open data reproduces it exactly."""
    monday = today - datetime.timedelta(days=today.weekday())
    return monday - datetime.timedelta(weeks=ROLLING_WEEKS - 1)


def period_label(period: str) -> str:
    from django.utils.translation import gettext as _

    if period == ROLLING:
        return _("Last 12 months")
    return _("%(year)s Q%(quarter)s") % {"year": period[:4], "quarter": period[5:]}


# --- Extract and load: the store's rows into DuckDB, through a CSV file --------------------------

# The journey columns the engine reads, with their DuckDB types; booleans travel as 0/1.
EXTRACT_COLUMNS = (
    ("id", "BIGINT"),
    ("company_id", "BIGINT"),
    ("owner_id", "BIGINT"),
    ("started_on", "DATE"),
    ("goal", "VARCHAR"),
    ("status", "VARCHAR"),
    ("score", "DOUBLE"),
    ("score_version", "INTEGER"),
    ("channel_mask", "INTEGER"),
    *(
        (name, "INTEGER")
        for name in DRIVER_FIELDS
        if name not in ("reached_human", "closed_unresolved")
    ),
    ("reached_human", "INTEGER"),
    ("closed_unresolved", "INTEGER"),
)
_BOOLEAN_COLUMNS = ("reached_human", "closed_unresolved")
# The right of reply, per journey with a published reply other than "no reply intended": the
# journey's publication time, the first such reply's, and the consumer's judgement of the latest
# judged one (resolved 0/1 and rating 1–5, empty when not judged).
REPLY_COLUMNS = (
    ("journey_id", "BIGINT"),
    ("published_at", "TIMESTAMPTZ"),
    ("first_reply_at", "TIMESTAMPTZ"),
    ("resolved", "INTEGER"),
    ("rating", "INTEGER"),
)


# The reply clock per journey that had a response: its days to the first response and to the
# final reply (empty when none), pauses left out (`clocks.response_days`).
CLOCK_COLUMNS = (
    ("journey_id", "BIGINT"),
    ("first_days", "INTEGER"),
    ("final_days", "INTEGER"),
)


def _judgement(column: str) -> str:
    """The latest judged reply's `column`: the final reply's if judged, else the first's."""
    return (
        f"coalesce(max(CASE WHEN r.sequence = 2 THEN {column} END), "
        f"max(CASE WHEN r.sequence = 1 THEN {column} END))"
    )


def _journeys_sql() -> str:
    """Approved journeys of active companies, in the SQL both stores speak."""
    columns = ", ".join(
        f"CAST(j.{name} AS INTEGER)" if name in _BOOLEAN_COLUMNS else f"j.{name}"
        for name, _type in EXTRACT_COLUMNS
    )
    return f"""
        SELECT {columns}
        FROM {Journey._meta.db_table} j
        JOIN {Company._meta.db_table} c ON c.id = j.company_id
        WHERE j.moderation_state = '{Journey.Moderation.APPROVED}'
          AND c.status = '{Company.Status.ACTIVE}'
    """  # noqa: S608 (table names and enum values from the models)


def _replies_sql() -> str:
    """The journeys with a published reply, and its outcome (a few rows, read apart so the big
    read stays a plain scan). Timestamps leave as each store writes them (PostgreSQL with its
    offset, SQLite in UTC); DuckDB reads both as instants, and compares them, as the two stores'
    SQL cannot."""
    return f"""
        SELECT r.journey_id, j.published_at, min(r.published_at),
               {_judgement("CAST(r.resolved AS INTEGER)")}, {_judgement("r.rating")}
        FROM {Reply._meta.db_table} r
        JOIN {Journey._meta.db_table} j ON j.id = r.journey_id
        WHERE r.state = '{Reply.State.PUBLISHED}' AND r.category <> '{Reply.Category.NO_REPLY}'
        GROUP BY r.journey_id, j.published_at
    """  # noqa: S608 (table names and enum values from the models)


def _write_csv(sql: str, out) -> int:
    """The rows of `sql` as CSV into the binary file `out`; returns how many. PostgreSQL writes
    them with one `COPY` (a consistent snapshot of the tables); SQLite through its cursor."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)") as copy:
                for block in copy:
                    out.write(block)
            return cursor.cursor.rowcount
        cursor.execute(sql)
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        writer = csv.writer(text, lineterminator="\n")
        rows = 0
        while batch := cursor.fetchmany(10_000):
            writer.writerows(batch)
            rows += len(batch)
        text.detach()
        return rows


def _read_csv(path: Path, columns: Iterable[tuple[str, str]]) -> str:
    types = ", ".join(f"'{name}': '{kind}'" for name, kind in columns)
    return (
        f"read_csv('{path}', header = false, delim = ',', quote = '\"', escape = '\"', "
        f"new_line = '\\n', auto_detect = false, columns = {{{types}}})"
    )


def _companies() -> list[tuple[int, str, str, str]]:
    return list(
        Company.objects.filter(status=Company.Status.ACTIVE)
        .order_by("id")
        .values_list("id", "name", "slug", "sector")
    )


def _load(db, work: Path, *, companies: list[tuple], window_start: datetime.date) -> int:
    """The store's rows into DuckDB: `j`, one row per journey with what the engine reads of it
    (its quarter as a number, whether it falls in the rolling 12 months, whether it is its
    reporter's voice in each, its replies' outcome, and a release level to be set), `company`
    and `channel`. Returns the journeys loaded.

    A reporter's voice at a company in a period is one of their journeys there, picked by a
    keyed hash of its id (`pseudonyms.voice_salt`): the same in every snapshot, and not the
    latest or the first, which anyone who knows the journeys' dates could tell apart."""
    small = work / "small.csv"
    with small.open("wb") as out:
        _write_csv(_replies_sql(), out)
    db.execute(f"CREATE TABLE reply AS SELECT * FROM {_read_csv(small, REPLY_COLUMNS)}")  # noqa: S608
    with small.open("w", newline="", encoding="utf-8") as out:
        extracted = Journey.objects.approved().filter(company__status=Company.Status.ACTIVE)
        csv.writer(out, lineterminator="\n").writerows(clocks.response_days(extracted))
    db.execute(f"CREATE TABLE clockdays AS SELECT * FROM {_read_csv(small, CLOCK_COLUMNS)}")  # noqa: S608
    with small.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out, lineterminator="\n").writerows(companies)
    company_columns = (
        ("id", "BIGINT"),
        ("name", "VARCHAR"),
        ("slug", "VARCHAR"),
        ("sector", "VARCHAR"),
    )
    db.execute(f"CREATE TABLE company AS SELECT * FROM {_read_csv(small, company_columns)}")  # noqa: S608
    values = ", ".join(f"({1 << bit}, '{value}')" for bit, value in enumerate(Channel.values))
    db.execute(f"CREATE TABLE channel AS SELECT * FROM (VALUES {values}) v(bit, name)")  # noqa: S608
    extract = work / "journeys.csv"
    with extract.open("wb") as out:
        written = _write_csv(_journeys_sql(), out)
    db.execute(f"""
        CREATE TABLE j AS
        WITH x AS (
            SELECT x.*, year(x.started_on) * 10 + quarter(x.started_on) AS quarter_code,
                   (x.started_on >= DATE '{window_start.isoformat()}')::INTEGER AS in_12m,
                   sha256('{pseudonyms.voice_salt()}:' || x.id) AS pick
            FROM {_read_csv(extract, EXTRACT_COLUMNS)} x
        )
        SELECT x.* EXCLUDE (pick),
               (row_number() OVER (PARTITION BY x.company_id, x.quarter_code, x.owner_id
                                   ORDER BY x.pick) = 1)::INTEGER AS voice_quarter,
               CASE WHEN x.in_12m = 1
                    THEN (row_number() OVER (PARTITION BY x.company_id, x.in_12m, x.owner_id
                                             ORDER BY x.pick) = 1)::INTEGER
               END AS voice_12m,
               (r.journey_id IS NOT NULL)::INTEGER AS replied,
               coalesce(epoch(r.first_reply_at) - epoch(r.published_at) <= {REPLY_DAYS * 86_400},
                        false)::INTEGER AS replied_15d,
               r.resolved AS resolved_after_reply, r.rating AS reply_rating,
               d.first_days AS days_to_first_response, d.final_days AS days_to_final_reply,
               NULL::INTEGER AS level
        FROM x LEFT JOIN reply r ON r.journey_id = x.id
        LEFT JOIN clockdays d ON d.journey_id = x.id
    """)  # noqa: S608 (our names, types and a date)
    extract.unlink()
    (loaded,) = db.execute("SELECT count(*) FROM j").fetchone()
    if loaded != written:  # pragma: no cover (a torn read would publish a partial snapshot)
        raise RuntimeError(f"the store wrote {written} journeys, DuckDB loaded {loaded}")
    return loaded


# --- Compute: one DuckDB dialect -----------------------------------------------------------------

# A voice's figures: those of the one journey marked as the reporter's voice (see `_load`).
_VOICE = f"""j.score,
    j.closed_unresolved AS closed,
    (j.loops > 0)::INTEGER AS looped,
    1 - j.reached_human AS no_human,
    j.minutes_to_human AS mth,
    j.repetitions AS reps,
    (j.repetitions >= {REPEAT_PATTERN_MIN})::INTEGER AS rep3,
    (j.transfers > 0)::INTEGER AS transferred,
    (j.hold_minutes >= {HOLD_PATTERN_MINUTES})::INTEGER AS hold30,
    j.replied,
    j.replied_15d,
    j.resolved_after_reply AS resolved,
    j.reply_rating AS rating,
    j.days_to_first_response AS first_days,
    j.days_to_final_reply AS final_days"""

# The release: journey rows no one can single out. A row's quasi-identifiers are its company,
# week, quarter, whether it falls in the rolling 12 months, goal, status, the channels it used,
# and whether it is its reporter's voice in its quarter and in the 12 months (a row that is not
# says its reporter has another journey there: such rows are released only where K or more
# reporters share that too, so no row ties two journeys to one person).
# Each row is released at the first level of this ladder at which every row sharing its values
# comes from K or more distinct reporters; a row that stands out at every level is left out. Each
# level withholds more ('' for a week, quarter, goal or status; -1 for the channels); the company
# and the 12-month voice mark are never withheld (a quarter's mark goes with its quarter).
# Since every released combination of values covers K or more reporters, so does every grouping
# of the rows by any subset of those columns.
RELEASE_LEVELS = (
    # week, quarter, goal, status, channels
    ("week", "quarter", "goal", "status", "channel_mask"),
    ("''", "quarter", "goal", "status", "channel_mask"),
    ("''", "quarter", "''", "''", "channel_mask"),
    ("''", "''", "''", "''", "channel_mask"),
    ("''", "quarter", "''", "''", "-1"),
    ("''", "''", "''", "''", "-1"),
)
# A journey's quasi-identifiers as the open data writes them, and one key per release level:
# the values that level keeps packed into a HUGEINT (company, the 12-month flag, then each kept
# quasi-identifier as a small integer in bits of its own), so that grouping and matching rows
# at a level compares one integer.
_QUASI_IDENTIFIERS = ("week", "quarter", "goal", "status", "channel_mask")
_WITHHELD = ("''", "-1")
# Each quasi-identifier's code (a non-negative integer) and its width in bits within a key.
_CODES = {
    "week": ("isoyear(started_on) * 100 + week(started_on)", 20),
    "quarter": ("quarter_code * 2 + voice_quarter", 19),
    "goal": ("list_position($goals, goal)", 16),
    "status": ("list_position($statuses, status)", 16),
    "channel_mask": ("channel_mask + 1", 11),
}


def _level_key(level: tuple[str, ...]) -> str:
    # Parenthesised: in DuckDB, as in PostgreSQL, `|` and `<<` bind equally, left to right.
    terms, shift = [], 0
    for name, value in reversed(list(zip(_QUASI_IDENTIFIERS, level, strict=True))):
        code, bits = _CODES[name]
        if value not in _WITHHELD:
            terms.append(f"(({code})::HUGEINT << {shift})")
        shift += bits
    terms.append(f"((in_12m * 2 + coalesce(voice_12m, 0))::HUGEINT << {shift})")
    terms.append(f"(company_id::HUGEINT << {shift + 2})")
    return " | ".join(terms)


def _kept_at(name: str) -> str:
    """The release levels that keep the quasi-identifier `name`, as an SQL list."""
    position = _QUASI_IDENTIFIERS.index(name)
    return ", ".join(str(n) for n, values in enumerate(RELEASE_LEVELS) if values[position] == name)


def _withheld(level: tuple[str, ...]) -> list[str]:
    """The quasi-identifiers a release level withholds, by their names in the open data."""
    names = [name.replace("channel_mask", "channels") for name in _QUASI_IDENTIFIERS]
    return [name for name, value in zip(names, level, strict=True) if value in _WITHHELD]


def _release(db, *, k: int) -> list[int]:
    """Set each row of `j` its release level (or none) and define the view `released`, the
    rows as the open data writes them; returns how many rows each level released. At each
    level, the keys of the rows still unassigned that K or more distinct reporters share are
    found (grouped by key and reporter, then counted: DuckDB spreads that over its threads, where
    a distinct count would not), and those rows take the level; the rest go on to the next."""
    goals, statuses = db.execute(
        "SELECT list(DISTINCT goal ORDER BY goal), list(DISTINCT status ORDER BY status) FROM j"
    ).fetchone()
    if max(len(goals or []), len(statuses or [])) >= 1 << 16:  # pragma: no cover
        raise ValueError("too many goals or statuses for a release key")
    lists = {"goals": goals or [], "statuses": statuses or []}
    counts = []
    for n, level in enumerate(RELEASE_LEVELS):
        key = _level_key(level)
        counts.append(
            db.execute(
                f"""UPDATE j SET level = {n}
                    WHERE level IS NULL AND {key} IN (
                        SELECT key FROM (
                            SELECT {key} AS key, owner_id FROM j WHERE level IS NULL GROUP BY ALL
                        ) GROUP BY key HAVING count(*) >= {int(k)})""",  # noqa: S608
                {name: value for name, value in lists.items() if f"${name}" in key},
            ).fetchone()[0]
        )
    db.execute(
        f"""
        CREATE VIEW released AS
        SELECT j.* EXCLUDE (started_on, goal, status, channel_mask, quarter_code, voice_quarter),
               CASE WHEN level IN ({_kept_at("week")}) THEN strftime(started_on, '%G-W%V')
                    ELSE '' END AS week,
               CASE WHEN level IN ({_kept_at("quarter")})
                    THEN year(started_on) || 'Q' || quarter(started_on) ELSE '' END AS quarter,
               CASE WHEN level IN ({_kept_at("quarter")}) THEN voice_quarter END
                   AS voice_quarter,
               CASE WHEN level IN ({_kept_at("goal")}) THEN goal ELSE '' END AS goal,
               CASE WHEN level IN ({_kept_at("status")}) THEN status ELSE '' END AS status,
               CASE WHEN level IN ({_kept_at("channel_mask")}) THEN channel_mask ELSE -1 END
                   AS channel_mask
        FROM j
        WHERE level IS NOT NULL
        """  # noqa: S608 (column names from constants)
    )
    return counts


def _release_summary(counts: list[int], total: int) -> dict:
    """What the release withheld, per level, and how many rows it left out: in the snapshot's
    stats, its snapshot.json and on /methodology/."""
    levels = [
        {"withheld": _withheld(level), "rows": rows}
        for level, rows in zip(RELEASE_LEVELS, counts, strict=True)
    ]
    return {"levels": levels, "left_out": total - sum(counts)}


# voice: one row per released journey and period (and channel) it falls in, marked `is_voice`
# where it is its reporter's voice there, from the released rows only, so every figure can be
# recomputed from the open data. Periods: each calendar quarter, and the rolling 12 months;
# channel '' is every channel, otherwise each channel the journey used (rolling 12 months only):
# a channel's voices are the 12-month voices whose journey used it. Grouped on numbers, named in
# the cells: a period is 0 for the rolling 12 months or year·10 + quarter, a channel 0 for all or
# its bit.
_VOICES_SQL = f"""
CREATE TABLE voice AS
WITH r AS NOT MATERIALIZED (
    SELECT * EXCLUDE (quarter_code, channel_mask),
           CASE WHEN level IN ({_kept_at("quarter")}) THEN quarter_code END AS quarter_code,
           CASE WHEN level IN ({_kept_at("channel_mask")}) THEN channel_mask ELSE 0 END
               AS channel_mask
    FROM j WHERE level IS NOT NULL
)
SELECT j.company_id, j.quarter_code AS period, 0 AS channel, j.owner_id,
       j.voice_quarter = 1 AS is_voice, {_VOICE}
FROM r j
WHERE j.quarter_code IS NOT NULL
UNION ALL
SELECT j.company_id, 0, 0, j.owner_id, j.voice_12m = 1, {_VOICE}
FROM r j
WHERE j.in_12m = 1
UNION ALL
SELECT j.company_id, 0, ch.bit, j.owner_id, j.voice_12m = 1, {_VOICE}
FROM r j JOIN channel ch ON (j.channel_mask & ch.bit) <> 0
WHERE j.in_12m = 1
"""  # noqa: S608 (constants)

# The voices that count beyond their company: those of companies with at least K reporters in
# that period and channel, so sector, channel and overall figures (and the shrinkage target)
# cover published companies only. Otherwise subtracting the published companies from a sector
# figure would reveal the figure of the companies under K.
#
# The reporters' judgements of replies are never in a row, only in cells, so they too must not
# come out by subtraction: a wider cell counts a company's judgements only where the company's own
# figure is published (K or more reporters judged, or rated), so subtracting the published
# companies from a sector or overall figure leaves nothing.
_COUNTED_SQL = """
CREATE TABLE eligible AS
SELECT company_id, period, channel, count_if(is_voice AND resolved IS NOT NULL) >= {k} AS judged,
       count_if(is_voice AND rating IS NOT NULL) >= {k} AS rated
FROM voice GROUP BY ALL HAVING count_if(is_voice) >= {k};
CREATE VIEW counted AS
SELECT v.* REPLACE (CASE WHEN e.judged THEN v.resolved END AS resolved,
                    CASE WHEN e.rated THEN v.rating END AS rating),
       c.sector
FROM voice v JOIN eligible e USING (company_id, period, channel)
JOIN company c ON c.id = v.company_id;
"""

# A period's and a channel's numbers as the cells name them.
_NAMES_SQL = f"""
CREATE MACRO period_name(p) AS
    CASE WHEN p = 0 THEN '{ROLLING}' ELSE (p // 10)::VARCHAR || 'Q' || (p % 10)::VARCHAR END;
CREATE MACRO channel_name(c) AS
    CASE WHEN c = 0 THEN '' ELSE {list(Channel.values)}[1 + round(log2(c))::INTEGER] END;
"""

# The shrinkage target per period and channel: the mean voice over all published companies,
# and the spread of voices, used for the interval of a cell of a single voice.
TARGETS_SQL = """
CREATE TABLE target AS
SELECT period, channel, avg(score) AS mean, coalesce(stddev_samp(score), 0) AS sd, count(*) AS n
FROM counted WHERE is_voice GROUP BY period, channel
"""

# A cell's figures over its voices: (aggregate, the voice's column, the figure).
_VOICE_FIGURES = (
    ("median", "score", "median"),
    ("avg", "score", "mean"),
    ("avg", "closed", "closed_rate"),
    ("avg", "looped", "loop_rate"),
    ("avg", "no_human", "no_human_rate"),
    ("median", "mth", "median_minutes_to_human"),
    ("avg", "reps", "mean_repetitions"),
    ("avg", "rep3", "repeat3_rate"),
    ("avg", "transferred", "transfer_rate"),
    ("avg", "hold30", "hold30_rate"),
    ("avg", "replied", "reply_rate"),
    ("avg", "replied_15d", "reply_15d_rate"),
    ("avg", "resolved", "resolved_after_reply_rate"),
    ("avg", "rating", "mean_rating"),
    ("median", "first_days", "median_days_to_first_response"),
    ("median", "final_days", "median_days_to_final_reply"),
)
# Cells of one scope: `keys` group the voices (every released journey of the group is a row,
# `is_voice` on its reporter's voice); `reporters` gives each group its reporters, of whom how
# many judged a reply, and how many rated one.
_CELL_SQL = f"""
SELECT '{{scope}}' AS scope, {{company}} AS company_id, {{sector}} AS sector,
       {{channel}} AS channel, v.period,
       count(*) AS journeys,
       count_if(v.is_voice) AS n,
       coalesce(stddev_samp(v.score) FILTER (WHERE v.is_voice), 0) AS sd,
       {", ".join(f"{aggregate}(v.{column}) FILTER (WHERE v.is_voice) AS {name}" for aggregate, column, name in _VOICE_FIGURES)},
       count_if(v.is_voice AND v.first_days IS NOT NULL) AS first_response_reporters,
       count_if(v.is_voice AND v.final_days IS NOT NULL) AS final_reply_reporters{{reporters}}
FROM {{source}}
{{where}}
GROUP BY {{keys}}
"""  # noqa: S608 (constants)
# A company's voices are one per reporter, so its cells count voices.
_COMPANY_REPORTERS = """,
       count_if(v.is_voice) AS reporters,
       count_if(v.is_voice AND v.resolved IS NOT NULL) AS resolved_reporters,
       count_if(v.is_voice AND v.rating IS NOT NULL) AS rating_reporters"""
# A wider cell has a voice per company a reporter reported on, so it counts each reporter once:
# their voices are first grouped to one row per reporter (a grouping DuckDB spreads over its
# threads, where a distinct count would not be), then counted.
_WIDER_REPORTERS = """
SELECT {names}, count(*) AS reporters, count_if(judged) AS resolved_reporters,
       count_if(rated) AS rating_reporters
FROM (
    SELECT {keys}, v.owner_id, bool_or(v.resolved IS NOT NULL) AS judged,
           bool_or(v.rating IS NOT NULL) AS rated
    FROM counted v
    {where} AND v.is_voice
    GROUP BY ALL
)
GROUP BY ALL
"""
_SCOPES = (
    # scope, keys, company, sector, channel, where
    (Cell.Scope.COMPANY, "v.company_id, c.sector, v.period, v.channel", "v.company_id",
     "c.sector", "v.channel", ""),
    (Cell.Scope.SECTOR, "v.sector, v.period", "NULL", "v.sector", "0", "WHERE v.channel = 0"),
    (Cell.Scope.CHANNEL, "v.channel, v.period", "NULL", "''", "v.channel",
     "WHERE v.channel <> 0"),
    (Cell.Scope.ALL, "v.period", "NULL", "''", "0", "WHERE v.channel = 0"),
)  # fmt: skip


def _scope_sql(scope: str, keys: str, company: str, sector: str, channel: str, where: str) -> str:
    """The cells of one scope, with their reporters."""
    parts = {"scope": scope, "keys": keys, "company": company, "sector": sector, "where": where}
    if scope == Cell.Scope.COMPANY:
        # Every voice: a company under K reporters has its cell dropped with the others.
        source = "voice v JOIN company c ON c.id = v.company_id"
        return _CELL_SQL.format(
            **parts, channel=channel, source=source, reporters=_COMPANY_REPORTERS
        )
    names = keys.replace("v.", "")
    figures = _CELL_SQL.format(**parts, channel=channel, source="counted v", reporters="")
    people = _WIDER_REPORTERS.format(names=names, keys=keys, where=where)
    return f"SELECT * FROM ({figures}) JOIN ({people}) USING ({names})"  # noqa: S608 (constants)


# The judgements (resolved after a reply, the rating) are published in the 12-month cells of all
# channels only: a quarter's or a channel's cell overlaps them, and the difference of two
# overlapping figures can be a single reporter's judgement.
_JUDGEMENT_CELLS = "period = 0 AND channel = 0"


def _cells_sql(k: int) -> str:
    """Every cell with its intervals, suppressed under `k` reporters.

    The mean's interval: mean ± z·s/√n. The ranked score is the posterior mean of a
    normal–normal model with the target as prior worth m voices, (n·mean + m·target)/(n + m);
    its interval is that ± z·σ/√(n + m), σ the cell's own spread (the target's spread for a
    single voice). Both are clipped to the scale, 0 to 100, which keeps each score inside its
    interval.

    The reply figures are means of voices like the drivers: the shares of a reporter's journeys
    replied to, and replied to within REPLY_DAYS; the share judged resolved and the mean rating
    over the voices with a judged reply only, each published only when `k` or more reporters
    judged one (its count of reporters is published either way), and only in the cells of
    _JUDGEMENT_CELLS.

    The reply clock's figures, in company cells only: the median days to the first response and
    to the final reply over the voices that had one, published when K or more did (how many did
    is published either way)."""
    return f"""
CREATE TABLE cell AS
WITH estimated AS (
    SELECT g.*, (g.n * g.mean + {SHRINK_M} * t.mean) / (g.n + {SHRINK_M}) AS shrunk,
           CASE WHEN g.n > 1 THEN g.sd ELSE t.sd END AS sigma
    FROM grouped g JOIN target t ON t.period = g.period AND t.channel = g.channel
    WHERE g.reporters >= {int(k)}
)
SELECT scope, company_id, sector, channel_name(channel) AS channel, period_name(period) AS period,
       journeys, reporters, median, mean,
       greatest(0.0, mean - {Z90} * sd / sqrt(n)) AS mean_ci_low,
       least(100.0, mean + {Z90} * sd / sqrt(n)) AS mean_ci_high,
       shrunk,
       greatest(0.0, shrunk - {Z90} * sigma / sqrt(n + {SHRINK_M})) AS ci_low,
       least(100.0, shrunk + {Z90} * sigma / sqrt(n + {SHRINK_M})) AS ci_high,
       closed_rate, loop_rate, no_human_rate, median_minutes_to_human, mean_repetitions,
       repeat3_rate, transfer_rate, hold30_rate, reply_rate, reply_15d_rate,
       CASE WHEN resolved_reporters >= {int(k)} AND {_JUDGEMENT_CELLS}
            THEN resolved_after_reply_rate END AS resolved_after_reply_rate,
       resolved_reporters,
       CASE WHEN rating_reporters >= {int(k)} AND {_JUDGEMENT_CELLS} THEN mean_rating END
           AS mean_rating,
       rating_reporters,
       CASE WHEN scope = 'company' AND first_response_reporters >= {int(k)}
            THEN median_days_to_first_response END AS median_days_to_first_response,
       CASE WHEN scope = 'company' THEN first_response_reporters END AS first_response_reporters,
       CASE WHEN scope = 'company' AND final_reply_reporters >= {int(k)}
            THEN median_days_to_final_reply END AS median_days_to_final_reply,
       CASE WHEN scope = 'company' THEN final_reply_reporters END AS final_reply_reporters
FROM estimated
"""  # noqa: S608 (constants and an integer)


# Ranks of company cells within their board (period and channel), least friction first. Where
# 90% intervals overlap the order is not certain, so a company holds a range of ranks: from 1 +
# the number of companies whose whole interval lies below its own, to N − the number whose whole
# interval lies above. Counted by sweeping interval ends in order rather than pairwise.
RANKS_SQL = """
CREATE TABLE ranked AS
WITH board AS (
    SELECT row_number() OVER () AS rid, * FROM cell WHERE scope = 'company'
),
below AS (
    -- At equal values a low end sorts before a high end, so only highs strictly below count.
    SELECT rid, is_high, sum(is_high) OVER w AS highs_below
    FROM (SELECT rid, period, channel, ci_low AS x, 0 AS is_high FROM board
          UNION ALL SELECT rid, period, channel, ci_high, 1 FROM board)
    WINDOW w AS (PARTITION BY period, channel ORDER BY x, is_high
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
above AS (
    -- At equal values a low end sorts before a high end, so lows equal to a high are not above.
    SELECT rid, is_high, count(*) OVER (PARTITION BY period, channel) / 2
                         - sum(1 - is_high) OVER w AS lows_above
    FROM (SELECT rid, period, channel, ci_low AS x, 0 AS is_high FROM board
          UNION ALL SELECT rid, period, channel, ci_high, 1 FROM board)
    WINDOW w AS (PARTITION BY period, channel ORDER BY x, is_high
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT b.* EXCLUDE (rid),
       (1 + lo.highs_below)::INTEGER AS rank_low,
       (count(*) OVER (PARTITION BY b.period, b.channel) - hi.lows_above)::INTEGER AS rank_high
FROM board b
JOIN below lo ON lo.rid = b.rid AND lo.is_high = 0
JOIN above hi ON hi.rid = b.rid AND hi.is_high = 1
UNION ALL
SELECT *, NULL, NULL FROM cell WHERE scope <> 'company'
"""


def _machine_memory() -> int:
    """The memory this process may use: the machine's, or its control group's limit if lower."""
    physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
    except OSError:
        return physical
    return min(physical, int(limit)) if limit.isdigit() else physical


def memory_limit(journeys: int) -> str:
    """DuckDB's memory for a snapshot of `journeys`: FRICTIONLOG_DUCKDB_MEMORY when set; else
    MEMORY_PER_JOURNEY bytes per journey, at least MEMORY_FLOOR, and at most a quarter of the
    machine's memory (but never under the floor). Within the limit, more memory means fewer
    batches of cells and less spilling: 300 MB for 1 000 000 journeys (a worker of about 450 MB),
    1 GB for 10 000 000 (about 1.2 GB)."""
    if settings.FRICTIONLOG_DUCKDB_MEMORY:
        return settings.FRICTIONLOG_DUCKDB_MEMORY
    wanted = max(MEMORY_FLOOR, MEMORY_PER_JOURNEY * journeys)
    return f"{min(wanted, max(MEMORY_FLOOR, _machine_memory() // 4)) // 10**6}MB"


def _voices_per_batch(db) -> int:
    """VOICES_PER_BATCH for every 300 MB of the memory DuckDB may use: fewer, larger batches
    where the operator gave the worker more memory."""
    (limit,) = db.execute("SELECT current_setting('memory_limit')").fetchone()
    found = _MEMORY.fullmatch(limit)
    if found is None:  # pragma: no cover (DuckDB writes its limit as "286.1 MiB")
        return VOICES_PER_BATCH
    number, unit = found.groups()
    return max(1, int(VOICES_PER_BATCH * float(number) * _MEMORY_UNITS[unit] / _BATCH_MEMORY))


def _compute_cells(db) -> None:
    """Voices, cells and ranks (the table `ranked`) from the released rows of `j`."""
    db.execute(_NAMES_SQL)
    db.execute(_VOICES_SQL)
    db.execute(_COUNTED_SQL.format(k=int(k_min())))
    db.execute(TARGETS_SQL)
    # One scope at a time, each in batches of about VOICES_PER_BATCH voices: a median holds every
    # value of its groups until they are made, and DuckDB cannot spill those. The company cells
    # are batched by company; the wider ones by their groups (a group is never split): without
    # that, 10 000 000 journeys ran out of a 300 MB limit.
    (voices,) = db.execute("SELECT count(*) FROM voice").fetchone()
    batches = max(1, -(-voices // _voices_per_batch(db)))
    statements = [
        _scope_sql(scope, keys, company, sector, channel, part)
        for scope, keys, company, sector, channel, where in _SCOPES
        for part in (
            [f"WHERE v.company_id % {batches} = {batch}" for batch in range(batches)]
            if scope == Cell.Scope.COMPANY
            else [where]
            if batches == 1
            else [f"{where} AND hash({keys}) % {batches} = {batch}" for batch in range(batches)]
        )
    ]
    for n, sql in enumerate(statements):
        db.execute(
            f"{'CREATE TABLE grouped AS' if n == 0 else 'INSERT INTO grouped BY NAME'} {sql}"
        )
    db.execute(_cells_sql(k_min()))
    db.execute(RANKS_SQL)


# --- Files: the snapshot's open data ------------------------------------------------------------

# The journey-level open data: no identity, no note, no date finer than the ISO week, and no
# reporter's judgement of a reply (resolved, rating): a row can be matched to a journey by anyone
# who knows the journey (its company's representative knows every step of it), so a row holds
# nothing about a journey its company may not know, and the judgements live in cells only. No
# column names or links a reporter: where a row is not its reporter's voice (`voice_quarter`,
# `voice_12m` = 0) the release has found K or more reporters sharing that, like every value.
_JOURNEYS_SQL = f"""
SELECT c.name AS company, c.slug AS company_slug, c.sector, j.goal, j.status, j.week, j.quarter,
       j.in_12m, j.voice_quarter, j.voice_12m,
       {", ".join(f"CASE WHEN j.channel_mask >= 0 THEN (j.channel_mask >> {bit}) & 1 END AS channel_{value}" for bit, value in enumerate(Channel.values))},
       {", ".join(f"j.{name}" for name in DRIVER_FIELDS)},
       j.score, j.score_version,
       j.replied, j.replied_15d, j.days_to_first_response, j.days_to_final_reply
FROM released j JOIN company c ON c.id = j.company_id
ORDER BY c.slug, j.quarter, j.week, j.id
"""  # noqa: S608 (constants)

_LEADERBOARD_SQL = f"""
SELECT {{snapshot_id}} AS snapshot_id, r.scope, r.period, r.channel,
       coalesce(c.name, '') AS company, coalesce(c.slug, '') AS company_slug, r.sector,
       r.rank_low, r.rank_high, {", ".join(f"r.{name}" for name in FIGURE_FIELDS)}
FROM ranked r LEFT JOIN company c ON c.id = r.company_id
ORDER BY r.scope, r.period, r.channel, r.sector, r.rank_low, r.shrunk, c.slug
"""  # noqa: S608 (constants)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _gzip(source: Path, target: Path) -> None:
    """Level 1: two thirds of level 3's time for a file 8% larger (measured on the journeys file);
    no timestamp inside, so the same rows give the same bytes."""
    with (
        source.open("rb") as raw,
        target.open("wb") as out,
        gzip.GzipFile(filename="", mode="wb", compresslevel=1, fileobj=out, mtime=0) as packed,
    ):
        shutil.copyfileobj(raw, packed, 1 << 20)


class _WorkFile(File):
    """A finished file in the snapshot's work folder. The filesystem storage moves such a file
    into place (a rename on the same disk) instead of copying it; a bucket uploads it as usual."""

    def temporary_file_path(self) -> str:
        return self.file.name


def _sort_dataset(db, dataset: str, sql: str) -> None:
    """The rows of one open-data file, in file order, as the temporary table out_<dataset> of the
    connection `db` (a temporary table is its connection's own)."""
    db.execute(f"CREATE TEMP TABLE out_{dataset} AS {sql}")


def _write_dataset(db, dataset: str, work: Path) -> dict[str, Path]:
    """out_<dataset> of the connection `db` as plain CSV, gzip CSV and Parquet in `work`. DuckDB
    writes each file on one thread, and zlib works outside the GIL, so the gzip copy is made while
    DuckDB writes the Parquet."""
    plain, packed, parquet = (work / f"{dataset}.{ext}" for ext in ("csv", "csv.gz", "parquet"))
    db.execute(f"COPY out_{dataset} TO '{plain}' (FORMAT csv, HEADER true)")
    with ThreadPoolExecutor(max_workers=1) as pool:
        packing = pool.submit(_gzip, plain, packed)
        db.execute(f"COPY out_{dataset} TO '{parquet}' (FORMAT parquet, COMPRESSION zstd)")
        packing.result()
    return {path.name: path for path in (plain, packed, parquet)}


def _save_files(snapshot: Snapshot, made: dict[str, Path], work: Path, stats: dict) -> dict:
    """The written files and their `snapshot.json` into storage; returns {name: {size, sha256}}."""
    files = {
        name: {"bytes": path.stat().st_size, "sha256": _sha256(path)} for name, path in made.items()
    }
    manifest = {
        "id": snapshot.pk,
        "kind": snapshot.kind,
        "computed_at": snapshot.computed_at.isoformat(),
        "score_version": snapshot.score_version,
        "k_min": snapshot.k_min,
        "shrink_m": snapshot.shrink_m,
        "z90": Z90,
        "window": {
            "rolling_weeks": ROLLING_WEEKS,
            "start": snapshot.window_start.isoformat(),
            "start_week": "{}-W{:02d}".format(*snapshot.window_start.isocalendar()[:2]),
        },
        "targets": stats["targets"],
        "rows": {
            "journeys": stats["journeys"] - stats["release"]["left_out"],
            "cells": stats["cells"],
        },
        "release": stats["release"],
        "files": files,
    }
    made = {**made, "snapshot.json": work / "snapshot.json"}
    made["snapshot.json"].write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    files["snapshot.json"] = {
        "bytes": made["snapshot.json"].stat().st_size,
        "sha256": _sha256(made["snapshot.json"]),
    }
    storage = opendata.storage()
    for name, path in made.items():
        target = opendata.file_name(snapshot.pk, name)
        # A snapshot that died before publishing may have left a file under this name.
        storage.delete(target)
        with path.open("rb") as f:
            saved = storage.save(target, _WorkFile(f, name=name))
        if saved != target:  # pragma: no cover (a storage that renames would break citations)
            raise RuntimeError(f"storage saved {target} as {saved}")
    return files


# --- Publish ------------------------------------------------------------------------------------


def _insert_cells(snapshot_id: int, rows: list[tuple]) -> None:
    """Cells into the store: `COPY` on PostgreSQL, one batched insert on SQLite."""
    columns = ["snapshot_id", *CELL_KEYS, *FIGURE_FIELDS]
    table = Cell._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((snapshot_id, *row))
            return
        slots = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({slots})",  # noqa: S608
            [(snapshot_id, *row) for row in rows],
        )


@contextlib.contextmanager
def _one_at_a_time() -> Iterator[None]:
    """One snapshot at a time across workers: a PostgreSQL advisory lock held for the whole run
    (SQLite serialises writers by itself)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [_PG_LOCK_KEY])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_PG_LOCK_KEY])


class _Clock:
    """Seconds per phase, kept in the snapshot's stats and printed by the bench."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.timings[phase] = round(now - self._last, 3)
        self._last = now


def _cells_and_stats(db, *, total: int, released: list[int]) -> tuple[list[tuple], dict]:
    """The ranked cells as rows for the store, and the snapshot's stats."""
    rows = db.execute(
        f"SELECT {', '.join((*CELL_KEYS, *FIGURE_FIELDS))} FROM ranked"  # noqa: S608
    ).fetchall()
    stats = {
        "journeys": total,
        "duckdb": {
            "threads": db.execute("SELECT current_setting('threads')").fetchone()[0],
            "memory_limit": db.execute("SELECT current_setting('memory_limit')").fetchone()[0],
        },
        # Rows of the journeys file per level of RELEASE_LEVELS, and those left out.
        "release": _release_summary(released, total),
        "cells": len(rows),
        "companies": db.execute(
            "SELECT count(*) FROM ranked WHERE scope = 'company' AND period = ? AND channel = ''",
            [ROLLING],
        ).fetchone()[0],
        "targets": [
            {"period": p, "channel": c, "mean": mean, "sd": sd, "voices": n}
            for p, c, mean, sd, n in db.execute(
                "SELECT period_name(period) AS p, channel_name(channel) AS c, mean, sd, n "
                "FROM target ORDER BY p DESC, c"
            ).fetchall()
        ],
        "periods": [
            ROLLING,
            *(
                p
                for (p,) in db.execute(
                    "SELECT DISTINCT period FROM ranked WHERE scope = 'company' "
                    "AND period <> ? ORDER BY period DESC",
                    [ROLLING],
                ).fetchall()
            ),
        ],
    }
    return rows, stats


def recompute(*, kind: str, today: datetime.date | None = None) -> Snapshot:
    """Compute a whole snapshot and publish it as the current one."""
    today = today or timezone.localdate()
    with _one_at_a_time(), tempfile.TemporaryDirectory(prefix="frictionlog-snapshot-") as tmp:
        work = Path(tmp)
        clock = _Clock()
        request_ids = list(
            RecomputeRequest.objects.filter(processed_at__isnull=True).values_list("id", flat=True)
        )
        companies = _companies()
        window_start = window_start_for(today)
        # A database file in the work folder rather than memory: within the memory limit,
        # DuckDB then evicts the journeys' blocks (compressed, already on disk) instead of
        # writing them out to spill, which made the grouping below three times slower.
        db = duckdb.connect(
            str(work / "snapshot.duckdb"),
            config={
                "threads": settings.FRICTIONLOG_DUCKDB_THREADS,
                "memory_limit": memory_limit(0),
                "temp_directory": str(work / "spill"),
            },
        )
        writer = None
        try:
            total = _load(db, work, companies=companies, window_start=window_start)
            db.execute(f"SET memory_limit = '{memory_limit(total)}'")
            clock.lap("extract")
            released = _release(db, k=k_min())
            clock.lap("release")
            # The row exists before its files so they carry its id; it is published last.
            snapshot = Snapshot.objects.create(
                kind=kind,
                computed_at=timezone.now(),
                window_start=window_start,
                k_min=k_min(),
                shrink_m=SHRINK_M,
                score_version=SCORE_VERSION,
            )
            # The journeys file is written while the cells are computed: DuckDB writes a file on
            # one thread, and the cells' groupings take the others. It is sorted first, on its
            # own, so the sort and the cells' medians do not share DuckDB's memory.
            writer = db.cursor()
            _sort_dataset(writer, "journeys", _JOURNEYS_SQL)
            clock.lap("journeys_sorted")
            with ThreadPoolExecutor(max_workers=1) as pool:
                journeys_files = pool.submit(_write_dataset, writer, "journeys", work)
                _compute_cells(db)
                rows, stats = _cells_and_stats(db, total=total, released=released)
                clock.lap("cells_computed")
                leaderboard = _LEADERBOARD_SQL.format(snapshot_id=int(snapshot.pk))
                _sort_dataset(db, "leaderboard", leaderboard)
                made = {**journeys_files.result(), **_write_dataset(db, "leaderboard", work)}
            files = _save_files(snapshot, made, work, stats)
            clock.lap("files")
        finally:
            if writer is not None:
                writer.close()
            db.close()
        with transaction.atomic():
            _insert_cells(snapshot.pk, rows)
            clock.lap("cells")
            snapshot.files = files
            snapshot.stats = {**stats, "timings": clock.timings}
            snapshot.published_at = timezone.now()
            snapshot.is_current = True
            Snapshot.objects.filter(is_current=True).update(is_current=False)
            snapshot.save(update_fields=["files", "stats", "published_at", "is_current"])
            for start in range(0, len(request_ids), 500):
                RecomputeRequest.objects.filter(pk__in=request_ids[start : start + 500]).update(
                    processed_at=snapshot.published_at
                )
    # Committed (a recompute never runs inside a caller's transaction): readers move on now.
    figures.forget_current()
    prune_snapshots()
    return snapshot


def recompute_full(*, today: datetime.date | None = None) -> Snapshot:
    """The scheduled snapshot: whole, whether or not anything changed (the window moves)."""
    return recompute(kind=Snapshot.Kind.SCHEDULED, today=today)


def run_pending() -> Snapshot | None:
    """What the queued task runs: let the next change queue a run again, then make a snapshot
    if changes wait for one."""
    release_debounce()
    return recompute_pending()


def recompute_pending() -> Snapshot | None:
    """A whole snapshot when changes wait for one; None when nothing does."""
    if not RecomputeRequest.objects.filter(processed_at__isnull=True).exists():
        return None
    return recompute(kind=Snapshot.Kind.CHANGES)


def prune_snapshots() -> int:
    """Keep the recent snapshots and, older than those, the last snapshot of each week. A pruned
    snapshot keeps its row (its URL answers 410 Gone, pointing at the nearest kept one) but
    loses its cells and files. Snapshots that never published (a run that died) go too."""
    rows = list(
        Snapshot.objects.filter(pruned_at__isnull=True, published_at__isnull=False)
        .order_by("-id")
        .values_list("id", "computed_at")
    )
    keep = {pk for pk, _at in rows[:KEEP_RECENT_SNAPSHOTS]}
    weeks: set[tuple[int, int]] = set()
    for pk, at in rows:
        week = tuple(at.isocalendar())[:2]
        if week not in weeks:
            weeks.add(week)
            keep.add(pk)
    doomed = [pk for pk, _at in rows if pk not in keep]
    # A run that died before publishing, older than any run still going could be.
    stale = timezone.now() - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT * 2)
    abandoned = list(
        Snapshot.objects.filter(published_at__isnull=True, computed_at__lt=stale).values_list(
            "id", flat=True
        )
    )
    storage = opendata.storage()
    for pk in [*doomed, *abandoned]:
        for name in opendata.FILE_NAMES:
            storage.delete(opendata.file_name(pk, name))
    with transaction.atomic():
        Cell.objects.filter(snapshot_id__in=[*doomed, *abandoned]).delete()
        Snapshot.objects.filter(pk__in=doomed, is_current=False).update(
            pruned_at=timezone.now(), files={}
        )
        Snapshot.objects.filter(pk__in=abandoned).delete()
    return len(doomed)
