"""Open data downloads, streamed row by row so no cap is needed. Only published companies; no
identity, no note, no date finer than the ISO week."""

import csv
import hashlib
import hmac
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count, Q
from django.http import HttpResponse, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from .. import leaderboards
from ..models import Cell, Channel, Journey, StepKind
from ..scoring import DRIVER_FIELDS
from ..types import HtmxHttpRequest

CHUNK = 2000


class _Echo:
    def write(self, value: str) -> str:
        return value


def _stream(filename: str, rows: Iterator[list]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _no_snapshot() -> HttpResponse:
    return HttpResponse("No figures published yet.\n", status=404, content_type="text/plain")


LEADERBOARD_HEADER = [
    "snapshot_id",
    "scope",
    "period",
    "channel",
    "company",
    "company_slug",
    "sector",
    "rank_low",
    "rank_high",
    *leaderboards.FIGURE_FIELDS,
]


def leaderboard_rows(snapshot) -> Iterator[list]:
    yield LEADERBOARD_HEADER
    boards = (
        Cell.objects.filter(snapshot=snapshot, scope=Cell.Scope.COMPANY)
        .values_list("period", "channel")
        .distinct()
        .order_by("period", "channel")
    )
    for period, channel in list(boards):
        cells = leaderboards.board_cells(snapshot, period=period, channel=channel)
        for ranked in leaderboards.rank_cells(list(cells)):
            cell = ranked.cell
            yield [
                snapshot.pk,
                cell.scope,
                period,
                channel,
                cell.company.name,
                cell.company.slug,
                cell.sector,
                ranked.rank_low,
                ranked.rank_high,
                *(getattr(cell, field) for field in leaderboards.FIGURE_FIELDS),
            ]
    groups = (
        Cell.objects.filter(snapshot=snapshot)
        .exclude(scope=Cell.Scope.COMPANY)
        .order_by("scope", "period", "sector", "channel")
    )
    for cell in groups.iterator(chunk_size=CHUNK):
        yield [
            snapshot.pk,
            cell.scope,
            cell.period,
            cell.channel,
            "",
            "",
            cell.sector,
            "",
            "",
            *(getattr(cell, field) for field in leaderboards.FIGURE_FIELDS),
        ]


@csrf_exempt  # read-only open data: any other method gets 405, not a CSRF 403
@require_GET
def leaderboard_csv(request: HtmxHttpRequest) -> HttpResponse:
    snapshot = leaderboards.current_snapshot()
    if snapshot is None:
        return _no_snapshot()
    return _stream(f"frictionlog-leaderboard-{snapshot.pk}.csv", leaderboard_rows(snapshot))


def reporter_key(owner_id: int, company_id: int) -> str:
    """Stable for one reporter within one company (so the one-voice rule can be recomputed),
    unrelated across companies, and meaningless without the server's key."""
    secret = (settings.FRICTIONLOG_PSEUDONYM_KEY or settings.SECRET_KEY).encode()
    message = f"export-voice:{owner_id}:{company_id}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:12]


JOURNEY_HEADER = [
    "company",
    "company_slug",
    "sector",
    "goal",
    "status",
    "week",
    "quarter",
    "reporter_key",
    *(f"steps_{kind}" for kind in StepKind.values),
    *(f"channel_{channel}" for channel in Channel.values),
    *DRIVER_FIELDS,
    "score",
    "score_version",
]


def journey_rows(snapshot) -> Iterator[list]:
    yield JOURNEY_HEADER
    published = Cell.objects.filter(snapshot=snapshot, scope=Cell.Scope.COMPANY).values(
        "company_id"
    )
    counts = {f"k_{kind}": Count("steps", filter=Q(steps__kind=kind)) for kind in StepKind.values}
    counts |= {
        f"c_{channel}": Count("steps", filter=Q(steps__channel=channel))
        for channel in Channel.values
    }
    journeys = (
        Journey.objects.approved()
        .filter(company__status="active", company_id__in=published)
        .annotate(**counts)
        .values_list(
            "company__name",
            "company__slug",
            "company__sector",
            "goal",
            "status",
            "started_on",
            "owner_id",
            "company_id",
            *counts,
            *DRIVER_FIELDS,
            "score",
            "score_version",
        )
        .order_by("company_id", "started_on", "id")
    )
    offset = 8 + len(counts)
    for row in journeys.iterator(chunk_size=CHUNK):
        started = row[5]
        year, week, _day = started.isocalendar()
        yield [
            *row[:5],
            f"{year}-W{week:02d}",
            leaderboards.quarter_of(started),
            reporter_key(row[6], row[7]),
            *row[8:offset],
            *(int(v) if isinstance(v, bool) else v for v in row[offset : offset + 9]),
            *row[offset + 9 :],
        ]


@csrf_exempt  # read-only open data: any other method gets 405, not a CSRF 403
@require_GET
def journeys_csv(request: HtmxHttpRequest) -> HttpResponse:
    snapshot = leaderboards.current_snapshot()
    if snapshot is None:
        return _no_snapshot()
    return _stream("frictionlog-journeys.csv", journey_rows(snapshot))
