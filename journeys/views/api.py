"""Open data API (read-only JSON): the same published figures as the pages, from the current
snapshot. Nothing here carries a person, a note or a date finer than the week."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from .. import leaderboards, pagecache, softcache
from ..models import Cell, Company
from ..types import HtmxHttpRequest
from .public import _board_filters

API_VERSION = "1"


def _response(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    # Open data: any site may read it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _figures(cell: Cell) -> dict:
    return {field: getattr(cell, field) for field in leaderboards.FIGURE_FIELDS}


def _snapshot_meta(snapshot) -> dict:
    return {
        "id": snapshot.pk,
        "computed_at": snapshot.computed_at.isoformat(),
        "window_start": snapshot.window_start.isoformat(),
        "k_min": snapshot.k_min,
        "shrink_m": snapshot.shrink_m,
        "score_version": snapshot.score_version,
        "periods": snapshot.stats.get("periods", []),
    }


@csrf_exempt  # read-only open data: any other method gets 405, not a CSRF 403
@require_GET
def leaderboard(request: HtmxHttpRequest) -> JsonResponse:
    snapshot = leaderboards.current_snapshot()
    if snapshot is None:
        return _response({"snapshot": None, "filters": {}, "companies": []})
    filters = _board_filters(request, snapshot)
    key = pagecache.release_key("api:leaderboard", (snapshot.pk, *filters.values()))
    answered, data = softcache.get(key)
    if data is None:
        cells = leaderboards.board_cells(snapshot, **filters)
        data = {
            "snapshot": _snapshot_meta(snapshot),
            "filters": filters,
            "companies": [
                {
                    "rank_low": ranked.rank_low,
                    "rank_high": ranked.rank_high,
                    "company": {
                        "name": ranked.cell.company.name,
                        "slug": ranked.cell.company.slug,
                        "sector": ranked.cell.sector,
                    },
                    **_figures(ranked.cell),
                }
                for ranked in leaderboards.rank_cells(list(cells))
            ],
        }
        if answered:  # a silent cache is not waited on twice
            softcache.set(key, data, pagecache.CACHE_SECONDS)
    return _response(data)


@csrf_exempt  # read-only open data: any other method gets 405, not a CSRF 403
@require_GET
def company(request: HtmxHttpRequest, slug: str) -> JsonResponse:
    found = get_object_or_404(Company.objects.active(), slug=slug)
    snapshot = leaderboards.current_snapshot()
    if snapshot is None:
        return _response({"snapshot": None, "company": _company_meta(found), "figures": []})
    key = pagecache.release_key("api:company", (snapshot.pk, found.pk))
    answered, data = softcache.get(key)
    if data is None:
        cells = sorted(
            leaderboards.company_cells(snapshot, found), key=lambda c: (c.period, c.channel)
        )
        data = {
            "snapshot": _snapshot_meta(snapshot),
            "company": _company_meta(found),
            "published": bool(cells),
            "figures": [
                {"period": c.period, "channel": c.channel or None, **_figures(c)} for c in cells
            ],
        }
        if answered:  # a silent cache is not waited on twice
            softcache.set(key, data, pagecache.CACHE_SECONDS)
    return _response(data)


def _company_meta(company: Company) -> dict:
    return {"name": company.name, "slug": company.slug, "sector": company.sector}


def _figure_schema() -> dict:
    number = {"type": "number"}
    properties = {field: number for field in leaderboards.FIGURE_FIELDS}
    properties["journeys"] = properties["reporters"] = {"type": "integer"}
    properties["median_minutes_to_human"] = {"type": ["number", "null"]}
    return {"type": "object", "properties": properties}


@csrf_exempt  # read-only open data: any other method gets 405, not a CSRF 403
@require_GET
def openapi(request: HtmxHttpRequest) -> JsonResponse:
    filters = [
        {"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
        for name in ("sector", "period", "channel")
    ]
    document = {
        "openapi": "3.1.0",
        "info": {
            "title": "frictionlog open data",
            "version": API_VERSION,
            "description": (
                "Anonymized customer-service friction figures per company. Figures over fewer "
                "than k_min distinct reporters are never published. Scores run from 0 "
                "(effortless) to 100 (worst); rates are shares from 0 to 1. See /methodology/."
            ),
        },
        "paths": {
            "/api/v1/leaderboard": {
                "get": {
                    "summary": "Companies ranked by shrunk friction score, least friction first",
                    "parameters": filters,
                    "responses": {
                        "200": {
                            "description": "The ranked companies of the current snapshot",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Leaderboard"}
                                }
                            },
                        }
                    },
                }
            },
            "/api/v1/companies/{slug}": {
                "get": {
                    "summary": "All published figures of one company",
                    "parameters": [
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The company's figures per period and channel",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Company"}
                                }
                            },
                        },
                        "301": {
                            "description": "The company was merged into another: Location "
                            "is that company's URL"
                        },
                        "404": {"description": "No active company with this slug"},
                    },
                }
            },
            "/exports/leaderboard.csv": {
                "get": {
                    "summary": "Every published figure as CSV",
                    "responses": {"200": {"description": "CSV", "content": {"text/csv": {}}}},
                }
            },
            "/exports/journeys.csv": {
                "get": {
                    "summary": "Anonymized journey-level records as CSV",
                    "responses": {"200": {"description": "CSV", "content": {"text/csv": {}}}},
                }
            },
        },
        "components": {
            "schemas": {
                "Figures": _figure_schema(),
                "Snapshot": {
                    "type": ["object", "null"],
                    "properties": {
                        "id": {"type": "integer"},
                        "computed_at": {"type": "string", "format": "date-time"},
                        "window_start": {"type": "string", "format": "date"},
                        "k_min": {"type": "integer"},
                        "shrink_m": {"type": "integer"},
                        "score_version": {"type": "integer"},
                        "periods": {"type": "array", "items": {"type": "string"}},
                    },
                },
                "Leaderboard": {
                    "type": "object",
                    "properties": {
                        "snapshot": {"$ref": "#/components/schemas/Snapshot"},
                        "filters": {"type": "object"},
                        "companies": {
                            "type": "array",
                            "items": {
                                "allOf": [
                                    {"$ref": "#/components/schemas/Figures"},
                                    {
                                        "type": "object",
                                        "properties": {
                                            "rank_low": {"type": "integer"},
                                            "rank_high": {"type": "integer"},
                                            "company": {"type": "object"},
                                        },
                                    },
                                ]
                            },
                        },
                    },
                },
                "Company": {
                    "type": "object",
                    "properties": {
                        "snapshot": {"$ref": "#/components/schemas/Snapshot"},
                        "company": {"type": "object"},
                        "published": {"type": "boolean"},
                        "figures": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Figures"},
                        },
                    },
                },
            }
        },
    }
    return _response(document)
