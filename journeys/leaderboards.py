"""Aggregation of approved journeys into published snapshots, and the reads public pages make.

Everything heavy happens in SQL: approved journeys become one *voice* per reporter per company
per period (their journeys averaged), voices become cells (company, sector, channel, all), and a
cell under `FRICTIONLOG_K_MIN` distinct reporters is never written. PostgreSQL computes medians
with `percentile_cont`; SQLite with window functions; both give the same numbers.

A recompute writes a whole new snapshot inside one transaction and flips `Snapshot.is_current`
at its end, so readers see the old snapshot or the new one, never half of each.
"""

import bisect
import datetime
import logging
import time
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from . import softcache
from .models import Cell, Channel, Company, RecomputeRequest, Snapshot
from .scoring import SCORE_VERSION

logger = logging.getLogger(__name__)

# Shrinkage: every company starts with SHRINK_M phantom reporters at the overall mean, so three
# angry reports cannot top the table (score = (n·mean + m·overall) / (n + m)).
SHRINK_M = 10
# Two-sided 90% normal interval.
Z90 = 1.645
# Plain-words patterns: "had to repeat information at least 3 times", "on hold 30 minutes or more".
REPEAT_PATTERN_MIN = 3
HOLD_PATTERN_MINUTES = 30
ROLLING_WEEKS = 52
ROLLING = "12m"
# Requests within this many seconds of each other share one incremental run.
DEBOUNCE_SECONDS = 5
DEBOUNCE_KEY = "leaderboards:incremental-queued"
CURRENT_KEY = "leaderboards:current"
KEEP_RECENT_SNAPSHOTS = 24
_PG_LOCK_KEY = 7_351_001

FIGURE_FIELDS = (
    "journeys",
    "reporters",
    "median",
    "mean",
    "ci_low",
    "ci_high",
    "shrunk",
    "closed_rate",
    "loop_rate",
    "no_human_rate",
    "median_minutes_to_human",
    "mean_repetitions",
    "repeat3_rate",
    "transfer_rate",
    "hold30_rate",
)


def k_min() -> int:
    return settings.FRICTIONLOG_K_MIN


# --- Requests (the API other modules call) ----------------------------------------------------


def request_recompute(company_ids: Iterable[int]) -> None:
    """Mark companies as stale inside the caller's transaction; after commit, queue one
    (debounced) incremental recompute. A broker failure is logged, never raised: the open rows
    stay, and the next incremental or scheduled full recompute picks them up."""
    ids = sorted({int(pk) for pk in company_ids if pk is not None})
    if not ids:
        return
    now = timezone.now()
    RecomputeRequest.objects.bulk_create(
        [RecomputeRequest(company_id=pk, requested_at=now) for pk in ids]
    )
    transaction.on_commit(_enqueue_incremental)


def _enqueue_incremental() -> None:
    from frictionlog.celery import app

    from .tasks import recompute_incremental

    if app.conf.task_always_eager:
        recompute_incremental.apply()
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
        recompute_incremental.apply_async(countdown=DEBOUNCE_SECONDS)
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


def quarter_of(day: datetime.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def period_label(period: str) -> str:
    from django.utils.translation import gettext as _

    if period == ROLLING:
        return _("Last 12 months")
    return f"{period[:4]} Q{period[5:]}"


# --- SQL ------------------------------------------------------------------------------------


_timings: dict[str, float] = {}


@contextmanager
def _timed(step: str):
    """Seconds per statement, kept in the snapshot's stats for whoever tunes the recompute."""
    started = time.perf_counter()
    try:
        yield
    finally:
        _timings[step] = round(_timings.get(step, 0) + time.perf_counter() - started, 3)


def _is_pg() -> bool:
    return connection.vendor == "postgresql"


def _quarter_sql() -> str:
    # An integer (2025Q2 is 20252; 0 is the rolling 12 months): grouping on integers is cheaper.
    if _is_pg():
        return (
            "(EXTRACT(YEAR FROM j.started_on)::int * 10 + EXTRACT(QUARTER FROM j.started_on)::int)"
        )
    return (
        "(CAST(strftime('%%Y', j.started_on) AS INTEGER) * 10 + "
        "(CAST(strftime('%%m', j.started_on) AS INTEGER) + 2) / 3)"
    )


def _period_label_sql(column: str) -> str:
    if _is_pg():
        return (
            f"CASE WHEN {column} = 0 THEN '{ROLLING}' "
            f"ELSE ({column} / 10)::text || 'Q' || ({column} - {column} / 10 * 10)::text END"
        )
    return (
        f"CASE WHEN {column} = 0 THEN '{ROLLING}' "
        f"ELSE CAST({column} / 10 AS TEXT) || 'Q' || CAST({column} - {column} / 10 * 10 AS TEXT) END"
    )


def _in_list(ids: Sequence[int]) -> str:
    # Integers only (never user text), so inlining them is safe and keeps one statement.
    return ",".join(str(int(pk)) for pk in ids) or "NULL"


def _temp(cursor, name: str, select_sql: str, params=(), *, analyze: bool = False) -> None:
    """A work table for this recompute. On PostgreSQL an unlogged table rather than a temporary
    one, since only those can be scanned by parallel workers; `_publish` drops them."""
    cursor.execute(f"DROP TABLE IF EXISTS {name}")
    kind = "UNLOGGED TABLE" if _is_pg() else "TEMP TABLE"
    with _timed(name):
        cursor.execute(f"CREATE {kind} {name} AS {select_sql}", params)
        if analyze and _is_pg():
            cursor.execute(f"ANALYZE {name}")


def _channels_sql() -> str:
    """A row per channel with its bit in `Journey.channel_mask`."""
    return " UNION ALL ".join(
        f"SELECT {1 << bit} AS bit" for bit, _value in enumerate(Channel.values)
    )


def _channel_name_sql(column: str) -> str:
    """A voice's channel bit back to the channel's name ('' for all channels)."""
    names = " ".join(f"WHEN {1 << bit} THEN '{value}'" for bit, value in enumerate(Channel.values))
    return f"CASE {column} {names} ELSE '' END"


def _share(condition: str) -> str:
    return f"CAST(sum(CASE WHEN {condition} THEN 1 ELSE 0 END) AS DOUBLE PRECISION) / count(*)"


# A reporter's voice: their journeys' figures averaged. Sums over counts rather than avg():
# PostgreSQL's avg(float8) keeps a three-number state per group, and there are about as many
# voices as journeys. DOUBLE PRECISION keeps PostgreSQL off numeric and means REAL to SQLite.
_VOICE_FIGURES = f"""count(*) AS journeys,
    sum(j.score) / count(*) AS score,
    {_share("j.closed_unresolved")} AS closed,
    {_share("j.loops > 0")} AS looped,
    {_share("NOT j.reached_human")} AS no_human,
    CAST(sum(j.minutes_to_human) AS DOUBLE PRECISION) / count(j.minutes_to_human) AS mth,
    CAST(sum(j.repetitions) AS DOUBLE PRECISION) / count(*) AS reps,
    {_share(f"j.repetitions >= {REPEAT_PATTERN_MIN}")} AS rep3,
    {_share("j.transfers > 0")} AS transferred,
    {_share(f"j.hold_minutes >= {HOLD_PATTERN_MINUTES}")} AS hold30"""


def _build_voices(cursor, *, window_start: datetime.date, companies: Sequence[int] | None):
    """lb_voice: one row per (company, period, channel, reporter), the reporter's journeys
    averaged. Periods and channels are integers (cheap to sort): channel 0 is all channels,
    otherwise its bit; per-channel voices cover the rolling 12 months and come from each
    journey's channel mask, so steps are never read."""
    only = f" AND j.company_id IN ({_in_list(companies)})" if companies is not None else ""

    def source(joins: str = "", where: str = "") -> str:
        return f"""FROM journeys_journey j JOIN journeys_company c ON c.id = j.company_id{joins}
            WHERE j.moderation_state = 'approved' AND c.status = 'active'{only}{where}"""

    recent = " AND j.started_on >= %s"
    _temp(
        cursor,
        "lb_voice",
        f"""
        SELECT j.company_id, min(c.sector) AS sector, {_quarter_sql()} AS period,
               0 AS channel, j.owner_id, {_VOICE_FIGURES}
        {source()}
        GROUP BY j.company_id, {_quarter_sql()}, j.owner_id
        UNION ALL
        SELECT j.company_id, min(c.sector), 0, 0, j.owner_id, {_VOICE_FIGURES}
        {source(where=recent)}
        GROUP BY j.company_id, j.owner_id
        UNION ALL
        SELECT j.company_id, min(c.sector), 0, ch.bit, j.owner_id, {_VOICE_FIGURES}
        {source(f" JOIN ({_channels_sql()}) ch ON (j.channel_mask & ch.bit) <> 0", recent)}
        GROUP BY j.company_id, ch.bit, j.owner_id
        """,
        [window_start, window_start],
        # Millions of rows in a full recompute: the planner needs their statistics.
        analyze=companies is None,
    )


_CELL_COLUMNS = "snapshot_id, scope, company_id, sector, channel, period, " + ", ".join(
    FIGURE_FIELDS
)


def _insert_cells(
    cursor, *, snapshot_id: int, scope: str, keys: Sequence[str], where: str = ""
) -> None:
    """Aggregate lb_voice grouped by `keys` into cells of `scope`, suppressing small cells.

    Sums and counts go through a hash aggregate; the order statistics (medians, distinct
    reporters) through a separate, narrow sort, so sorting never drags the other columns along.
    A company's sector comes along with it rather than being a key: fewer sort keys."""
    exprs = {key: f"v.{key}" for key in keys}
    if "sector" in keys and _is_pg():
        exprs["sector"] = 'v.sector COLLATE "C"'  # bytewise is all grouping needs
    group = ", ".join(exprs.values())
    inner_keys = ", ".join(f"{expr} AS {key}" for key, expr in exprs.items())
    company_scope = "company_id" in keys
    where_sql = f"WHERE {where}" if where else ""
    on = " AND ".join(f"{{t}}.{key} = a.{key}" for key in keys)
    # A company's voices are one per reporter already; wider cells count reporters once.
    if company_scope:
        reporters = "a.n"
    elif _is_pg():
        reporters = "m1.reporters"
    else:
        reporters = "a.reporters"
    if _is_pg():
        distinct = "" if company_scope else ", count(DISTINCT v.owner_id) AS reporters"
        median_joins = f"""
            JOIN (SELECT {inner_keys},
                         percentile_cont(0.5) WITHIN GROUP (ORDER BY v.score) AS med,
                         percentile_cont(0.5) WITHIN GROUP (ORDER BY v.mth) AS mth_med{distinct}
                  FROM lb_voice v {where_sql} GROUP BY {group}) m1 ON {on.format(t="m1")}"""  # noqa: S608
        median, mth_median = "m1.med", "m1.mth_med"
    else:
        median_joins = f"""
            JOIN ({_sqlite_median("score", keys, where_sql)}) m1 ON {on.format(t="m1")}
            LEFT JOIN ({_sqlite_median("mth", keys, where_sql)}) m2 ON {on.format(t="m2")}"""
        median, mth_median = "m1.med", "m2.med"
    sqlite_distinct = (
        "" if company_scope or _is_pg() else "count(DISTINCT v.owner_id) AS reporters, "
    )
    key_cols = ", ".join(f"a.{key}" for key in keys)
    company = "a.company_id" if company_scope else "CAST(NULL AS INTEGER)"
    sector = "a.sector" if "sector" in keys or company_scope else "''"
    channel = "a.channel" if "channel" in keys else "0"
    greatest, least = ("GREATEST", "LEAST") if _is_pg() else ("max", "min")
    spread = f"{Z90} * sqrt({greatest}(0.0, (a.sumsq - a.n * a.mean * a.mean) / (a.n - 1)) / a.n)"
    select = f"""
            SELECT %s AS snapshot_id, %s AS scope, {company} AS company_id,
                   {sector} AS sector, {_channel_name_sql(channel)} AS channel,
                   {_period_label_sql("a.period")} AS period, a.journeys,
                   {reporters} AS reporters, {median} AS median, a.mean,
                   CASE WHEN a.n > 1 THEN {greatest}(0.0, a.mean - {spread}) ELSE 0.0 END
                       AS ci_low,
                   CASE WHEN a.n > 1 THEN {least}(100.0, a.mean + {spread}) ELSE 100.0 END
                       AS ci_high,
                   (a.n * a.mean + {SHRINK_M} * COALESCE(p.mean, a.mean)) / (a.n + {SHRINK_M})
                       AS shrunk,
                   a.closed, a.looped, a.no_human, {mth_median} AS mth_median,
                   a.reps, a.rep3, a.transferred, a.hold30
            FROM (
                SELECT {inner_keys}, {"min(v.sector) AS sector, " if company_scope else ""}
                       {sqlite_distinct}count(*) AS n,
                       sum(v.journeys) AS journeys, sum(v.score) / count(*) AS mean,
                       sum(v.score * v.score) AS sumsq, sum(v.closed) / count(*) AS closed,
                       sum(v.looped) / count(*) AS looped, sum(v.no_human) / count(*) AS no_human,
                       sum(v.reps) / count(*) AS reps, sum(v.rep3) / count(*) AS rep3,
                       sum(v.transferred) / count(*) AS transferred,
                       sum(v.hold30) / count(*) AS hold30
                FROM lb_voice v {where_sql}
                GROUP BY {group}
            ) a{median_joins}
            LEFT JOIN lb_prior p ON p.period = a.period AND p.channel = {channel}
            WHERE {reporters} >= %s
            ORDER BY {key_cols}
            """  # noqa: S608 (identifiers and integers only; values are parameters)
    params = [snapshot_id, scope, k_min()]
    if not _is_pg():
        with _timed(f"cells_{scope}"):
            cursor.execute(f"INSERT INTO journeys_cell ({_CELL_COLUMNS}) {select}", params)
        return
    # PostgreSQL plans INSERT … SELECT serially; CREATE TABLE AS may use every core.
    _temp(cursor, f"lb_cells_{scope}", select, params)
    cursor.execute(
        f"INSERT INTO journeys_cell ({_CELL_COLUMNS}) SELECT * FROM lb_cells_{scope}"  # noqa: S608
    )
    cursor.execute(f"DROP TABLE lb_cells_{scope}")


def _sqlite_median(column: str, keys: Sequence[str], where_sql: str) -> str:
    """The median of `column` per group, as percentile_cont(0.5) defines it (the mean of the
    two middle values for an even count), through window functions; NULLs are left out."""
    part = ", ".join(f"v.{key}" for key in keys)
    outer = ", ".join(keys)
    not_null = f"v.{column} IS NOT NULL"
    where = f"{where_sql} AND {not_null}" if where_sql else f"WHERE {not_null}"
    return f"""
        SELECT {outer}, avg(x) AS med FROM (
            SELECT {part}, v.{column} AS x,
                   row_number() OVER (PARTITION BY {part} ORDER BY v.{column}) AS rn,
                   count(*) OVER (PARTITION BY {part}) AS cnt
            FROM lb_voice v {where}
        ) ranked
        WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2)
        GROUP BY {outer}"""  # noqa: S608


def _lock(cursor) -> None:
    """One recompute at a time; SQLite serialises writers by itself."""
    if _is_pg():
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])


def _open_requests() -> list[tuple[int, int]]:
    return list(
        RecomputeRequest.objects.filter(processed_at__isnull=True).values_list("id", "company_id")
    )


def _publish(snapshot: Snapshot, request_ids: Sequence[int], cursor) -> None:
    # Work tables are ordinary (unlogged) tables on PostgreSQL, so they go before the commit;
    # an aborted recompute never leaves them, since their creation rolls back with it.
    for name in ("lb_voice", "lb_prior"):
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.execute("SELECT count(*) FROM journeys_cell WHERE snapshot_id = %s", [snapshot.pk])
    snapshot.stats["cells"] = cursor.fetchone()[0]
    snapshot.stats["periods"] = _periods(snapshot.pk, cursor)
    snapshot.stats["seconds"] = round((timezone.now() - snapshot.computed_at).total_seconds(), 3)
    snapshot.stats["timings"] = dict(_timings)
    _timings.clear()
    snapshot.is_current = True
    Snapshot.objects.filter(is_current=True).update(is_current=False)
    snapshot.save(update_fields=["is_current", "stats"])
    now = timezone.now()
    for start in range(0, len(request_ids), 500):
        RecomputeRequest.objects.filter(pk__in=request_ids[start : start + 500]).update(
            processed_at=now
        )
    transaction.on_commit(
        lambda: softcache.delete(CURRENT_KEY, "clear the cached current snapshot")
    )


def _periods(snapshot_id: int, cursor) -> list[str]:
    cursor.execute(
        "SELECT DISTINCT period FROM journeys_cell WHERE snapshot_id = %s AND scope = 'company'",
        [snapshot_id],
    )
    quarters = sorted((row[0] for row in cursor.fetchall() if row[0] != ROLLING), reverse=True)
    return [ROLLING, *quarters]


def _new_snapshot(kind: str, window_start: datetime.date) -> Snapshot:
    _timings.clear()
    return Snapshot.objects.create(
        kind=kind,
        computed_at=timezone.now(),
        window_start=window_start,
        k_min=k_min(),
        shrink_m=SHRINK_M,
        score_version=SCORE_VERSION,
    )


def recompute_full(*, today: datetime.date | None = None) -> Snapshot:
    """Every cell from scratch, published as one new current snapshot."""
    today = today or timezone.localdate()
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor)
        if _is_pg():
            # Memory per sort or hash, in each of up to three processes (the backend and its
            # parallel workers): within 300 MB in all, measured by bench/leaderboard.py.
            cursor.execute("SET LOCAL work_mem = '32MB'")
            cursor.execute("SET LOCAL hash_mem_multiplier = 1")
            # JIT compilation does not pay for itself here.
            cursor.execute("SET LOCAL jit = off")
            # The voices are about as many rows as journeys; gathering them from parallel
            # workers is cheaper than the planner's defaults assume.
            cursor.execute("SET LOCAL parallel_tuple_cost = 0.01")
            cursor.execute("SET LOCAL parallel_setup_cost = 100")
        requests = _open_requests()
        snapshot = _new_snapshot(Snapshot.Kind.FULL, window_start_for(today))
        _build_voices(cursor, window_start=snapshot.window_start, companies=None)
        # The shrinkage target: the mean voice over all companies, per period and channel.
        _temp(
            cursor,
            "lb_prior",
            "SELECT period, channel, sum(score) / count(*) AS mean "
            "FROM lb_voice GROUP BY period, channel",
        )
        cursor.execute("SELECT period, channel, mean FROM lb_prior")
        snapshot.stats["priors"] = [list(row) for row in cursor.fetchall()]
        _write_cells(cursor, snapshot.pk)
        _publish(snapshot, [pk for pk, _company in requests], cursor)
    prune_snapshots()
    return snapshot


def _write_cells(cursor, snapshot_id: int) -> None:
    # Split out so a test can make the recompute fail half way, as a killed worker would.
    _insert_cells(
        cursor,
        snapshot_id=snapshot_id,
        scope=Cell.Scope.COMPANY,
        keys=("company_id", "period", "channel"),
    )
    _insert_cells(
        cursor,
        snapshot_id=snapshot_id,
        scope=Cell.Scope.SECTOR,
        keys=("sector", "period"),
        where="v.channel = 0",
    )
    _insert_cells(
        cursor,
        snapshot_id=snapshot_id,
        scope=Cell.Scope.CHANNEL,
        keys=("channel", "period"),
        where="v.channel <> 0",
    )
    _insert_cells(
        cursor,
        snapshot_id=snapshot_id,
        scope=Cell.Scope.ALL,
        keys=("period",),
        where="v.channel = 0",
    )


def recompute_incremental() -> Snapshot | None:
    """Only the companies with open requests: a new snapshot copies every other cell from the
    current one in SQL and recomputes the stale companies' cells. Sector, channel and overall
    cells, and the shrinkage target, are refreshed by the scheduled full recompute."""
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor)
        requests = _open_requests()
        if not requests:
            return None
        base = Snapshot.objects.filter(is_current=True).first()
        if base is None or base.k_min != k_min() or base.score_version != SCORE_VERSION:
            stale = True
        else:
            stale = False
    if stale:
        return recompute_full()
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor)
        requests = _open_requests()
        base = Snapshot.objects.filter(is_current=True).first()
        if not requests or base is None:
            return None
        companies = sorted({company for _pk, company in requests})
        snapshot = _new_snapshot(Snapshot.Kind.INCREMENTAL, base.window_start)
        snapshot.stats = {"priors": base.stats.get("priors", []), "base": base.pk}
        snapshot.stats["companies"] = len(companies)
        # Every other company's cells carry over unchanged.
        with _timed("copy_cells"):
            cursor.execute(
                f"""
                INSERT INTO journeys_cell ({_CELL_COLUMNS})
                SELECT %s, scope, company_id, sector, channel, period, {", ".join(FIGURE_FIELDS)}
                FROM journeys_cell
                WHERE snapshot_id = %s
                  AND NOT (scope = 'company' AND company_id IN ({_in_list(companies)}))
                """,  # noqa: S608 (identifiers and integers only; values are parameters)
                [snapshot.pk, base.pk],
            )
        _build_voices(cursor, window_start=base.window_start, companies=companies)
        cursor.execute("DROP TABLE IF EXISTS lb_prior")
        cursor.execute(
            "CREATE TEMP TABLE lb_prior (period integer, channel integer, mean float)"
            + (" ON COMMIT DROP" if _is_pg() else "")
        )
        if snapshot.stats["priors"]:
            cursor.executemany(
                "INSERT INTO lb_prior (period, channel, mean) VALUES (%s, %s, %s)",
                snapshot.stats["priors"],
            )
        _insert_cells(
            cursor,
            snapshot_id=snapshot.pk,
            scope=Cell.Scope.COMPANY,
            keys=("company_id", "period", "channel"),
        )
        _publish(snapshot, [pk for pk, _company in requests], cursor)
    return snapshot


def prune_snapshots() -> int:
    """Keep the recent snapshots and, older than those, the last full snapshot of each week."""
    rows = list(Snapshot.objects.order_by("-id").values_list("id", "kind", "computed_at"))
    keep = {pk for pk, _kind, _at in rows[:KEEP_RECENT_SNAPSHOTS]}
    weeks: set[tuple[int, int]] = set()
    for pk, kind, at in rows:
        week = tuple(at.isocalendar())[:2]
        if kind == Snapshot.Kind.FULL and week not in weeks:
            weeks.add(week)
            keep.add(pk)
    doomed = [pk for pk, _kind, _at in rows if pk not in keep]
    if doomed:
        with transaction.atomic():
            Cell.objects.filter(snapshot_id__in=doomed).delete()
            Snapshot.objects.filter(pk__in=doomed, is_current=False).delete()
    return len(doomed)


# --- Reads (public pages, API, exports) --------------------------------------------------------


def current_snapshot() -> Snapshot | None:
    """The published snapshot: cached for a few seconds, cleared when a new one is published."""
    answered, snapshot = softcache.get(CURRENT_KEY, "read the cached current snapshot")
    if snapshot is None:
        snapshot = Snapshot.objects.filter(is_current=True).first()
        if snapshot is not None and answered:
            softcache.set(CURRENT_KEY, snapshot, 10, "cache the current snapshot")
    return snapshot


@dataclass(frozen=True)
class Ranked:
    cell: Cell
    rank_low: int
    rank_high: int

    @property
    def rank(self) -> str:
        if self.rank_low == self.rank_high:
            return str(self.rank_low)
        return f"{self.rank_low}–{self.rank_high}"


def rank_cells(cells: Sequence[Cell]) -> list[Ranked]:
    """Rank by shrunk score, least friction first. Where 90% intervals overlap the order is
    not certain, so a company gets the range of ranks it could hold: from 1 + the number of
    companies clearly better (whole interval below its own) to N − the number clearly worse."""
    ordered = sorted(cells, key=lambda c: (c.shrunk, c.company.name if c.company else ""))
    highs = sorted(c.ci_high for c in ordered)
    lows = sorted(c.ci_low for c in ordered)
    total = len(ordered)
    ranked = []
    for cell in ordered:
        better = bisect.bisect_left(highs, cell.ci_low)
        worse = total - bisect.bisect_right(lows, cell.ci_high)
        ranked.append(Ranked(cell=cell, rank_low=better + 1, rank_high=total - worse))
    return ranked


def board_cells(snapshot: Snapshot, *, period: str, channel: str = "", sector: str = ""):
    cells = Cell.objects.filter(
        snapshot=snapshot, scope=Cell.Scope.COMPANY, period=period, channel=channel
    ).select_related("company")
    if sector:
        cells = cells.filter(sector=sector)
    return cells


def company_cells(snapshot: Snapshot, company: Company) -> list[Cell]:
    return list(Cell.objects.filter(snapshot=snapshot, company=company))


@dataclass(frozen=True)
class Pattern:
    code: str
    rate: float


def patterns_of(cell: Cell) -> list[Pattern]:
    """The friction patterns of a cell, most common first (their wording lives in the view)."""
    found = [
        Pattern("repeat3", cell.repeat3_rate),
        Pattern("no_human", cell.no_human_rate),
        Pattern("closed", cell.closed_rate),
        Pattern("loop", cell.loop_rate),
        Pattern("transfer", cell.transfer_rate),
        Pattern("hold30", cell.hold30_rate),
    ]
    return sorted((p for p in found if p.rate > 0), key=lambda p: -p.rate)
