"""Open data API (read-only JSON): the same published figures as the pages, from the current
snapshot or, under /api/v1/snapshots/<id>/, from that snapshot as it was. Nothing here carries a
person, a note or a date finer than the week. The document describing it all is
`journeys/openapi.json`."""

import json
from pathlib import Path

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from .. import clocks, companypage, figures, opendata, pagecache, replies, replyclock, softcache
from ..leaderboards import FIGURE_FIELDS
from ..models import Cell, Company, Snapshot
from ..types import HtmxHttpRequest

OPENAPI = json.loads((Path(__file__).resolve().parent.parent / "openapi.json").read_text())


def _response(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    # Open data: any site may read it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _figures(cell: Cell) -> dict:
    return {field: getattr(cell, field) for field in FIGURE_FIELDS}


def snapshot_meta(request, snapshot: Snapshot) -> dict:
    """The snapshot an answer comes from, and how to cite it."""
    files = {
        name: {
            "url": request.build_absolute_uri(reverse("snapshot_file", args=[snapshot.pk, name])),
            **facts,
        }
        for name, facts in snapshot.files.items()
    }
    return {
        "id": snapshot.pk,
        "kind": snapshot.kind,
        "computed_at": snapshot.computed_at.isoformat(),
        "window_start": snapshot.window_start.isoformat(),
        "k_min": snapshot.k_min,
        "shrink_m": snapshot.shrink_m,
        "score_version": snapshot.score_version,
        "periods": snapshot.stats.get("periods", []),
        "permalink": request.build_absolute_uri(
            reverse("snapshot_leaderboard", args=[snapshot.pk])
        ),
        "cite": (
            f"frictionlog, snapshot {snapshot.pk} of {snapshot.computed_at:%Y-%m-%d %H:%M} "
            f"UTC, friction score version {snapshot.score_version}"
        ),
        "files": files,
    }


def _cached(key_parts: tuple, build) -> dict:
    key = pagecache.release_key("api", key_parts)
    answered, data = softcache.get(key)
    if data is None:
        data = build()
        if answered:  # a silent cache is not waited on twice
            softcache.set(key, data, pagecache.CACHE_SECONDS)
    return data


def _snapshot(pk: int | None) -> tuple[Snapshot | None, JsonResponse | None]:
    if pk is None:
        return figures.current_snapshot(), None
    try:
        snapshot = figures.published_snapshot(pk)
    except figures.Gone as gone:
        nearest = gone.nearest.pk if gone.nearest else None
        return None, _response(
            {"error": "gone", "snapshot": pk, "nearest_snapshot": nearest}, status=410
        )
    if snapshot is None:
        return None, _response({"error": "not found", "snapshot": pk}, status=404)
    return snapshot, None


def _leaderboard(request: HtmxHttpRequest, pk: int | None) -> JsonResponse:
    snapshot, failed = _snapshot(pk)
    if failed:
        return failed
    if snapshot is None:
        return _response({"snapshot": None, "filters": {}, "companies": []})
    filters = companypage.board_filters(request.GET, snapshot)

    def build() -> dict:
        return {
            "snapshot": snapshot_meta(request, snapshot),
            "filters": filters,
            "companies": [
                {
                    "rank_low": cell.rank_low,
                    "rank_high": cell.rank_high,
                    "company": _company_meta(cell.company),
                    **_figures(cell),
                }
                for cell in figures.board_cells(snapshot, **filters)
            ],
        }

    host = request.get_host()
    return _response(_cached(("board", host, snapshot.pk, *filters.values()), build))


def _right_of_reply(company: Company) -> dict:
    """The company's published replies, its representatives' flags and its reply clock, as they
    are now (not part of a snapshot's figures)."""
    return {
        "replies": [
            {
                "story": story,
                "final": sequence == 2,
                "category": category,
                "published_week": week,
                "text": text,
            }
            for _slug, story, sequence, category, week, text in replies.public_reply_rows(
                company.pk
            )
        ],
        "flags": replies.company_flag_counts(company.pk),
        "reply_clock": {
            **clocks.counts(company=company.pk, today=timezone.localdate()),
            "due_days": replyclock.DUE_DAYS,
            "long_overdue_days": replyclock.LONG_OVERDUE_DAYS,
        },
    }


def _company(request: HtmxHttpRequest, slug: str, pk: int | None) -> JsonResponse:
    found = get_object_or_404(Company.objects.active(), slug=slug)
    snapshot, failed = _snapshot(pk)
    if failed:
        return failed
    if snapshot is None:
        return _response(
            {
                "snapshot": None,
                "company": _company_meta(found),
                "figures": [],
                **_right_of_reply(found),
            }
        )

    def build() -> dict:
        cells = sorted(figures.company_cells(snapshot, found), key=lambda c: (c.period, c.channel))
        return {
            "snapshot": snapshot_meta(request, snapshot),
            "company": _company_meta(found),
            "published": bool(cells),
            "figures": [
                {
                    "period": c.period,
                    "channel": c.channel or None,
                    "rank_low": c.rank_low,
                    "rank_high": c.rank_high,
                    **_figures(c),
                }
                for c in cells
            ],
        }

    host = request.get_host()
    key = ("company", host, snapshot.pk, found.pk, found.name, found.sector)
    return _response({**_cached(key, build), **_right_of_reply(found)})


def _company_meta(company: Company) -> dict:
    return {"name": company.name, "slug": company.slug, "sector": company.sector}


@csrf_exempt  # read-only open data: any other method gets 405, not a CSRF 403
@require_GET
def leaderboard(request: HtmxHttpRequest) -> JsonResponse:
    return _leaderboard(request, None)


@csrf_exempt
@require_GET
def snapshot_leaderboard(request: HtmxHttpRequest, pk: int) -> JsonResponse:
    return _leaderboard(request, pk)


@csrf_exempt
@require_GET
def company(request: HtmxHttpRequest, slug: str) -> JsonResponse:
    return _company(request, slug, None)


@csrf_exempt
@require_GET
def snapshot_company(request: HtmxHttpRequest, slug: str, pk: int) -> JsonResponse:
    return _company(request, slug, pk)


SNAPSHOTS_LISTED = 100


@csrf_exempt
@require_GET
def snapshots(request: HtmxHttpRequest) -> JsonResponse:
    """The kept snapshots, newest first (at most SNAPSHOTS_LISTED; older ones by id)."""
    listed = figures.kept_snapshots()[:SNAPSHOTS_LISTED]
    return _response(
        {
            "snapshots": [
                {
                    "id": s.pk,
                    "kind": s.kind,
                    "computed_at": s.computed_at.isoformat(),
                    "journeys": s.stats.get("journeys"),
                    "companies": s.stats.get("companies"),
                    "cells": s.stats.get("cells"),
                    "url": request.build_absolute_uri(reverse("api_snapshot", args=[s.pk])),
                }
                for s in listed
            ]
        }
    )


@csrf_exempt
@require_GET
def snapshot(request: HtmxHttpRequest, pk: int) -> JsonResponse:
    found, failed = _snapshot(pk)
    if failed:
        return failed
    return _response(
        {
            **snapshot_meta(request, found),
            "rows": {
                "journeys": found.stats.get("journeys"),
                "companies": found.stats.get("companies"),
                "cells": found.stats.get("cells"),
            },
            "targets": found.stats.get("targets", []),
            "file_names": list(opendata.FILE_NAMES),
        }
    )


@csrf_exempt  # read-only open data: any other method gets 405, not a CSRF 403
@require_GET
def openapi(request: HtmxHttpRequest) -> JsonResponse:
    return _response(OPENAPI)
