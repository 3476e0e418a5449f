"""What a snapshot says: the reads that public pages, the API and the exports make.

`leaderboards.py` computes and publishes snapshots; this module only reads them. Every read takes
the snapshot it reads from, so a page of the current figures and a permalink to snapshot 18 are
the same code.
"""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from . import softcache
from .models import Cell, Company, Snapshot

# The period code of the rolling 12 months (the engine, `leaderboards`, writes cells with it).
ROLLING = "12m"
CURRENT_KEY = "figures:current-snapshot"
CURRENT_SECONDS = 10


def current_snapshot() -> Snapshot | None:
    """The published snapshot: cached for a few seconds, cleared when a new one is published."""
    answered, snapshot = softcache.get(CURRENT_KEY, "read the cached current snapshot")
    if snapshot is None:
        snapshot = Snapshot.objects.filter(is_current=True).first()
        if snapshot is not None and answered:
            softcache.set(CURRENT_KEY, snapshot, CURRENT_SECONDS, "cache the current snapshot")
    return snapshot


def forget_current() -> None:
    softcache.delete(CURRENT_KEY, "clear the cached current snapshot")


class Gone(Exception):
    """A snapshot that was published once and has since been pruned."""

    def __init__(self, snapshot: Snapshot, nearest: Snapshot | None):
        super().__init__(snapshot.pk)
        self.snapshot = snapshot
        self.nearest = nearest


def published_snapshot(pk: int) -> Snapshot | None:
    """Snapshot `pk` if it was published and is kept; raises `Gone` (with the nearest kept
    snapshot) if it was pruned; None if there never was such a published snapshot."""
    snapshot = Snapshot.objects.filter(pk=pk, published_at__isnull=False).first()
    if snapshot is None or snapshot.pruned_at is None:
        return snapshot
    after = kept_snapshots().filter(pk__gt=pk).order_by("pk").first()
    before = kept_snapshots().filter(pk__lt=pk).order_by("-pk").first()
    candidates = [s for s in (after, before) if s is not None]
    nearest = min(candidates, key=lambda s: abs(s.pk - pk)) if candidates else None
    raise Gone(snapshot, nearest)


def kept_snapshots() -> QuerySet[Snapshot]:
    return Snapshot.objects.filter(published_at__isnull=False, pruned_at__isnull=True).order_by(
        "-id"
    )


def board_cells(
    snapshot: Snapshot, *, period: str, channel: str = "", sector: str = ""
) -> QuerySet[Cell]:
    """A board's company cells, least friction first (ranks come with them)."""
    cells = Cell.objects.filter(
        snapshot=snapshot, scope=Cell.Scope.COMPANY, period=period, channel=channel
    ).select_related("company")
    if sector:
        cells = cells.filter(sector=sector)
    return cells.order_by("shrunk", "company__name")


def company_cells(snapshot: Snapshot, company: Company) -> list[Cell]:
    return list(Cell.objects.filter(snapshot=snapshot, company=company))


def sector_cell(snapshot: Snapshot, *, sector: str, period: str) -> Cell | None:
    return Cell.objects.filter(
        snapshot=snapshot, scope=Cell.Scope.SECTOR, sector=sector, period=period
    ).first()


def headline(snapshot: Snapshot, *, period: str) -> dict:
    """What the home page says of a snapshot: its counts, the companies with the least and the
    most friction, and the most common friction pattern overall. Three queries."""
    board = Cell.objects.filter(
        snapshot=snapshot, scope=Cell.Scope.COMPANY, period=period, channel=""
    ).select_related("company")
    least = board.order_by("shrunk", "company__name").first()
    most = board.order_by("-shrunk", "company__name").first()
    overall = Cell.objects.filter(
        snapshot=snapshot, scope=Cell.Scope.ALL, period=period, channel=""
    ).first()
    patterns = patterns_of(overall) if overall else []
    return {
        "journeys": snapshot.stats.get("journeys"),
        "companies": snapshot.stats.get("companies"),
        "least": least,
        "most": most if most and least and most.pk != least.pk else None,
        "pattern": patterns[0] if patterns else None,
    }


def rank_label(cell: Cell) -> str:
    if cell.rank_low == cell.rank_high:
        return str(cell.rank_low)
    return f"{cell.rank_low}–{cell.rank_high}"


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


QUARTER_DAYS = 91


def previous_snapshot(snapshot: Snapshot) -> Snapshot | None:
    """The kept snapshot published just before `snapshot`."""
    return kept_snapshots().filter(pk__lt=snapshot.pk).first()


def quarter_before(snapshot: Snapshot) -> Snapshot | None:
    """The newest kept snapshot computed a quarter (91 days) or more before `snapshot`."""
    since = snapshot.computed_at - datetime.timedelta(days=QUARTER_DAYS)
    return kept_snapshots().filter(pk__lt=snapshot.pk, computed_at__lte=since).first()


@dataclass(frozen=True)
class Move:
    """A company whose rolling-12-month score moved between two snapshots by more than both
    90% intervals allow: the intervals do not overlap."""

    company: Company
    before: Cell
    after: Cell

    @property
    def change(self) -> float:
        return self.after.shrunk - self.before.shrunk


@dataclass(frozen=True)
class Changes:
    before: Snapshot
    after: Snapshot
    worse: list[Move]  # the largest rise first
    better: list[Move]  # the largest fall first
    new: list[Cell]  # on the board now, not then
    gone: list[Company]  # on the board then, not now


def changes(after: Snapshot, before: Snapshot) -> Changes:
    """What changed on the rolling-12-month board from `before` to `after`, in one query. A
    move within the overlap of the two intervals is noise, not news, and is left out."""
    cells = Cell.objects.filter(
        snapshot__in=[before, after],
        scope=Cell.Scope.COMPANY,
        period=ROLLING,
        channel="",
    ).select_related("company")
    then: dict[int, Cell] = {}
    now: dict[int, Cell] = {}
    for cell in cells:
        (now if cell.snapshot_id == after.pk else then)[cell.company_id] = cell
    moves = [
        Move(now[pk].company, then[pk], now[pk])
        for pk in now.keys() & then.keys()
        if now[pk].ci_low > then[pk].ci_high or now[pk].ci_high < then[pk].ci_low
    ]
    by_name = sorted(moves, key=lambda m: m.company.name.casefold())
    return Changes(
        before=before,
        after=after,
        worse=sorted((m for m in by_name if m.change > 0), key=lambda m: -m.change),
        better=sorted((m for m in by_name if m.change < 0), key=lambda m: m.change),
        new=sorted(
            (now[pk] for pk in now.keys() - then.keys()), key=lambda c: c.company.name.casefold()
        ),
        gone=sorted(
            (then[pk].company for pk in then.keys() - now.keys()),
            key=lambda c: c.name.casefold(),
        ),
    )


FEED_SNAPSHOTS = 20
# The figures whose change makes a snapshot news for a scope's feed and alerts: the scope's own
# journeys. The shrunk score and the ranks move whenever any company's do (they lean on the
# overall mean), which would make every snapshot news for everyone.
_WATCHED = ("journeys", "reporters", "mean", "median")


def scope_changes(
    *, company: Company | None = None, sector: str = "", limit: int = FEED_SNAPSHOTS
) -> list[tuple[Snapshot, Cell | None]]:
    """The kept snapshots (newest first, of the last `limit` and the one before them) that
    changed a scope's rolling-12-month figures: a company's cell, a sector's cell, or with
    neither the cell of all companies. A cell that appears or disappears is a change too. Two
    queries."""
    snapshots = list(kept_snapshots()[: limit + 1])
    if company is not None:
        scope = {"scope": Cell.Scope.COMPANY, "company": company}
    elif sector:
        scope = {"scope": Cell.Scope.SECTOR, "sector": sector}
    else:
        scope = {"scope": Cell.Scope.ALL}
    cells = {
        cell.snapshot_id: cell
        for cell in Cell.objects.filter(
            snapshot__in=snapshots, period=ROLLING, channel="", **scope
        ).select_related("company")
    }

    def watched(snapshot):
        cell = cells.get(snapshot.pk)
        return tuple(getattr(cell, name) for name in _WATCHED) if cell else None

    found = []
    for newer, older in zip(snapshots, [*snapshots[1:], None], strict=True):
        if newer is snapshots[-1] and len(snapshots) > limit:
            break  # only there to compare the oldest listed snapshot with
        if older is None and newer.pk not in cells:
            continue
        if older is None or watched(newer) != watched(older):
            found.append((newer, cells.get(newer.pk)))
    return found


def company_cell(snapshot: Snapshot, company: Company, *, period: str) -> Cell | None:
    """A company's cell of all channels for `period`, if published."""
    return Cell.objects.filter(
        snapshot=snapshot, scope=Cell.Scope.COMPANY, company=company, period=period, channel=""
    ).first()
