"""Pages anyone may see."""

import math

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import charts, leaderboards, scoring
from ..models import Cell, Channel, Company, Journey, Sector, StepKind
from ..types import HtmxHttpRequest

PICKER_LIMIT = 10


@require_GET
def home(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "journeys/home.html")


@require_GET
def company_search(request: HtmxHttpRequest) -> HttpResponse:
    """The company picker's suggestions, matched on names and aliases, case- and accent-blind."""
    query = request.GET.get("company_name", request.GET.get("q", "")).strip()[:120]
    companies = list(Company.objects.search(query)[:PICKER_LIMIT]) if query else []
    context = {"companies": companies, "query": query}
    return render(request, "journeys/company_picker.html", context)


# --- Leaderboards and company figures: read only the current snapshot -------------------------

BOARD_PAGE_SIZE = 50
BOARD_HIGHLIGHTS = 5
COMPANY_PAGE_SIZE = 50
STORIES_SHOWN = 5
# Keys carry the snapshot id, so a new snapshot is never served stale figures.
CACHE_SECONDS = 3600


def _board_filters(request, snapshot) -> dict[str, str]:
    """The leaderboard's filters from the query string; anything unknown falls back to "all"."""
    periods = snapshot.stats.get("periods", []) if snapshot else []
    period = request.GET.get("period", leaderboards.ROLLING)
    period = period if period in periods else leaderboards.ROLLING
    sector = request.GET.get("sector", "")
    channel = request.GET.get("channel", "")
    return {
        "period": period,
        "sector": sector if sector in Sector.values else "",
        # Per-channel figures cover the rolling 12 months only.
        "channel": channel if channel in Channel.values and period == leaderboards.ROLLING else "",
    }


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def score_level(score: float) -> str:
    # The same bands as includes/score_level.txt, without a template include per row.
    return "high" if score >= 75 else "mid" if score >= 40 else "low"


def _row(ranked: leaderboards.Ranked) -> dict:
    cell = ranked.cell
    return {
        "rank": ranked.rank,
        "name": cell.company.name,
        "slug": cell.company.slug,
        "sector": Sector(cell.sector).label if cell.sector in Sector.values else cell.sector,
        "shrunk": cell.shrunk,
        "level": score_level(cell.shrunk),
        "median": cell.median,
        "ci_low": cell.ci_low,
        "ci_high": cell.ci_high,
        "reporters": cell.reporters,
        "journeys": cell.journeys,
    }


def board_context(snapshot, *, period: str, sector: str, channel: str, page: int) -> dict:
    """One page of the ranked leaderboard, best and worst, cached per snapshot and filter."""
    key = f"board:{snapshot.pk}:{get_language()}:{period}:{sector}:{channel}:{page}"
    data = cache.get(key)
    if data is None:
        cells = leaderboards.board_cells(snapshot, period=period, channel=channel, sector=sector)
        rows = [_row(r) for r in leaderboards.rank_cells(list(cells))]
        # Best and worst never share a company.
        highlights = min(BOARD_HIGHLIGHTS, len(rows) // 2)
        pages = max(1, math.ceil(len(rows) / BOARD_PAGE_SIZE))
        page = min(page, pages)
        start = (page - 1) * BOARD_PAGE_SIZE
        data = {
            "rows": rows[start : start + BOARD_PAGE_SIZE],
            "best": rows[:highlights],
            "worst": rows[::-1][:highlights],
            "total": len(rows),
            "page": page,
            "pages": pages,
            "previous_page": page - 1 if page > 1 else None,
            "next_page": page + 1 if page < pages else None,
        }
        cache.set(key, data, CACHE_SECONDS)
    return data


@require_GET
def leaderboard(request: HtmxHttpRequest) -> HttpResponse:
    snapshot = leaderboards.current_snapshot()
    filters = _board_filters(request, snapshot)
    page = _page_number(request)
    periods = snapshot.stats.get("periods", []) if snapshot else []
    context = {
        "snapshot": snapshot,
        "filters": filters,
        "periods": [(p, leaderboards.period_label(p)) for p in periods],
        "sectors": Sector.choices,
        "channels": Channel.choices,
        "k_min": snapshot.k_min if snapshot else leaderboards.k_min(),
    }
    # The board carries nothing personal (no CSRF token, no user), so its HTML is cached whole.
    key = "board-html:{}:{}:{period}:{sector}:{channel}:{}".format(
        snapshot.pk if snapshot else 0, get_language(), page, **filters
    )
    board_html = cache.get(key)
    if board_html is None:
        board = board_context(snapshot, page=page, **filters) if snapshot else None
        board_html = render_to_string(
            "journeys/leaderboard.html#board", {**context, "board": board}
        )
        cache.set(key, board_html, CACHE_SECONDS)
    if request.htmx and not request.htmx.boosted:
        return HttpResponse(board_html)
    return render(request, "journeys/leaderboard.html", {**context, "board_html": board_html})


@require_GET
def company_list(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:120]
    sector = request.GET.get("sector", "")
    sector = sector if sector in Sector.values else ""
    companies = Company.objects.search(query) if query else Company.objects.active()
    if sector:
        companies = companies.filter(sector=sector)
    page = Paginator(companies.only("name", "slug", "sector"), COMPANY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    snapshot = leaderboards.current_snapshot()
    figures = {}
    if snapshot is not None:
        cells = Cell.objects.filter(
            snapshot=snapshot,
            scope=Cell.Scope.COMPANY,
            period=leaderboards.ROLLING,
            channel="",
            company_id__in=[c.pk for c in page.object_list],
        ).only("company_id", "shrunk", "ci_low", "ci_high", "reporters")
        figures = {cell.company_id: cell for cell in cells}
    context = {
        "page_obj": page,
        "rows": [(company, figures.get(company.pk)) for company in page.object_list],
        "query": query,
        "sector": sector,
        "sectors": Sector.choices,
        "snapshot": snapshot,
    }
    template = "journeys/company_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


def pattern_sentence(pattern: leaderboards.Pattern) -> str:
    pct = round(pattern.rate * 100)
    sentences = {
        "repeat3": _("%(pct)s%% of journeys had to repeat information at least %(n)s times"),
        "no_human": _("%(pct)s%% of journeys never reached a human"),
        "closed": _("%(pct)s%% of journeys were closed without a resolution"),
        "loop": _("%(pct)s%% of journeys got stuck in a chatbot loop"),
        "transfer": _("%(pct)s%% of journeys were transferred at least once"),
        "hold30": _("%(pct)s%% of journeys waited on hold for %(n)s minutes or more"),
    }
    n = {"repeat3": leaderboards.REPEAT_PATTERN_MIN, "hold30": leaderboards.HOLD_PATTERN_MINUTES}
    return sentences[pattern.code] % {"pct": pct, "n": n.get(pattern.code, "")}


def _driver_bars(cell: Cell, sector_cell: Cell | None) -> list[charts.Bar]:
    def compare(field):
        return getattr(sector_cell, field) if sector_cell else None

    return [
        charts.Bar(_("Closed without resolution"), cell.closed_rate, compare("closed_rate")),
        charts.Bar(_("Chatbot loop"), cell.loop_rate, compare("loop_rate")),
        charts.Bar(_("Never reached a human"), cell.no_human_rate, compare("no_human_rate")),
        charts.Bar(_("Repeated information 3+ times"), cell.repeat3_rate, compare("repeat3_rate")),
        charts.Bar(_("Transferred"), cell.transfer_rate, compare("transfer_rate")),
        charts.Bar(_("On hold 30+ minutes"), cell.hold30_rate, compare("hold30_rate")),
    ]


def company_figures(snapshot, company: Company) -> dict:
    """Everything the company page shows from the snapshot, cached per snapshot and company."""
    key = f"company:{snapshot.pk}:{get_language()}:{company.pk}"
    data = cache.get(key)
    if data is not None:
        return data
    cells = leaderboards.company_cells(snapshot, company)
    sector_cell = Cell.objects.filter(
        snapshot=snapshot,
        scope=Cell.Scope.SECTOR,
        sector=company.sector,
        period=leaderboards.ROLLING,
    ).first()
    main = next((c for c in cells if c.period == leaderboards.ROLLING and not c.channel), None)
    quarters = sorted(
        (c for c in cells if c.period != leaderboards.ROLLING), key=lambda c: c.period
    )
    trend = [
        charts.TrendPoint(leaderboards.period_label(c.period), c.shrunk, c.ci_low, c.ci_high)
        for c in quarters
    ]
    data = {
        "main": main,
        "sector_cell": sector_cell,
        "trend": trend,
        "channels": [
            {"label": Channel(c.channel).label, "cell": c}
            for c in sorted(
                (c for c in cells if c.channel), key=lambda c: (-c.reporters, c.channel)
            )
        ],
        "patterns": [pattern_sentence(p) for p in leaderboards.patterns_of(main)][:3]
        if main
        else [],
        "trend_svg": charts.trend_chart(
            trend,
            chart_id="trend",
            title=_("Friction score per quarter: %(name)s") % {"name": company.name},
            desc=_(
                "Shrunk friction score (0 effortless, 100 worst) for each quarter with at "
                "least K reporters, with its 90% interval as a band. The table below lists "
                "the same figures."
            ),
        )
        if trend
        else "",
        "drivers": _driver_bars(main, sector_cell) if main else [],
    }
    if main:
        data["drivers_svg"] = charts.bar_chart(
            data["drivers"],
            chart_id="drivers",
            title=_("What drives friction at %(name)s") % {"name": company.name},
            desc=_(
                "Share of journeys (one voice per reporter) with each kind of friction in the "
                "last 12 months; the vertical marks show the sector's share. The table below "
                "lists the same figures."
            ),
        )
    cache.set(key, data, CACHE_SECONDS)
    return data


@require_GET
def company_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    company = get_object_or_404(Company.objects.active(), slug=slug)
    snapshot = leaderboards.current_snapshot()
    figures = company_figures(snapshot, company) if snapshot else {}
    stories = list(
        Journey.objects.approved()
        .filter(company=company, story_consent=True)
        .exclude(story_redacted="")
        .only("goal", "started_on", "story_redacted")
        .order_by("-started_on", "-id")[:STORIES_SHOWN]
    )
    context = {
        "company": company,
        "snapshot": snapshot,
        "figures": figures,
        "stories": stories,
        "k_min": snapshot.k_min if snapshot else leaderboards.k_min(),
    }
    return render(request, "journeys/company_detail.html", context)


@require_GET
def methodology(request: HtmxHttpRequest) -> HttpResponse:
    snapshot = leaderboards.current_snapshot()
    context = {
        "score_version": scoring.SCORE_VERSION,
        "step_points": [
            (code, StepKind(code).label, points) for code, points in scoring.STEP_POINTS.items()
        ],
        "outcome_points": [
            (code, Journey.Status(code).label, points)
            for code, points in scoring.OUTCOME_POINTS.items()
        ],
        "time_cap": scoring.TIME_CAP,
        "time_scale": scoring.TIME_SCALE_MINUTES,
        "hold_weight": scoring.HOLD_WEIGHT,
        "saturation": scoring.SATURATION,
        "k_min": snapshot.k_min if snapshot else leaderboards.k_min(),
        "shrink_m": leaderboards.SHRINK_M,
        "z90": leaderboards.Z90,
        "rolling_weeks": leaderboards.ROLLING_WEEKS,
        "repeat_min": leaderboards.REPEAT_PATTERN_MIN,
        "hold_minutes": leaderboards.HOLD_PATTERN_MINUTES,
        "snapshot": snapshot,
    }
    return render(request, "journeys/methodology.html", context)


ROBOTS = """User-agent: *
Disallow: /journeys/
Disallow: /moderation/
Disallow: /accounts/
Disallow: /admin/
"""


@require_GET
def robots_txt(request: HtmxHttpRequest) -> HttpResponse:
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")
