"""Pages anyone may see."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import (
    charts,
    figures,
    leaderboards,
    moderation,
    pagecache,
    ratelimit,
    replies,
    replyclock,
    scoring,
    softcache,
)
from ..forms import storable_text
from ..models import Cell, Channel, Company, Journey, Reply, Sector, StepKind, StoryFlag
from ..moderation_forms import FlagForm
from ..types import HtmxHttpRequest

PICKER_LIMIT = 10


def _search_text(value: str) -> str:
    """What someone typed into a search box, at most 120 characters."""
    return storable_text(value, 120)


@require_GET
def home(request: HtmxHttpRequest) -> HttpResponse:
    snapshot = pagecache.current_snapshot()

    def context() -> dict:
        if snapshot is None:
            return {"snapshot": None}
        figures_now = figures.headline(snapshot, period=leaderboards.ROLLING)
        pattern = figures_now["pattern"]
        return {
            "snapshot": snapshot,
            "headline": figures_now,
            "pattern_sentence": pattern_sentence(pattern) if pattern else "",
            "cite_url": _cite_url(snapshot, None),
        }

    return pagecache.serve(
        request, "journeys/home.html", context, (snapshot.pk if snapshot else 0,)
    )


@require_GET
def company_search(request: HtmxHttpRequest) -> HttpResponse:
    """The company picker's suggestions, matched on names and aliases, case- and accent-blind."""
    query = _search_text(request.GET.get("company_name", request.GET.get("q", "")))
    companies = list(Company.objects.search(query)[:PICKER_LIMIT]) if query else []
    context = {"companies": companies, "query": query}
    return render(request, "journeys/company_picker.html", context)


# --- Leaderboards and company figures: read only the current snapshot -------------------------

BOARD_PAGE_SIZE = 50
BOARD_HIGHLIGHTS = 5
COMPANY_PAGE_SIZE = 50
STORIES_SHOWN = 5
# Keys carry the snapshot id and the release, so a new snapshot or a deploy is never served stale
# figures. Whole pages for anonymous visitors are cached by `pagecache` (see there).
BOARD_TEMPLATE = "journeys/leaderboard.html#board"
HTMX_VARY = ("HX-Request",)
SECTORS = frozenset(Sector.values)
CHANNELS = frozenset(Channel.values)


def _board_filters(request, snapshot) -> dict[str, str]:
    """The leaderboard's filters from the query string; anything unknown falls back to "all"."""
    periods = snapshot.stats.get("periods", []) if snapshot else []
    period = request.GET.get("period", leaderboards.ROLLING)
    period = period if period in periods else leaderboards.ROLLING
    sector = request.GET.get("sector", "")
    channel = request.GET.get("channel", "")
    return {
        "period": period,
        "sector": sector if sector in SECTORS else "",
        # Per-channel figures cover the rolling 12 months only.
        "channel": channel if channel in CHANNELS and period == leaderboards.ROLLING else "",
    }


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def _row(cell: Cell) -> dict:
    return {
        "rank": figures.rank_label(cell),
        "name": cell.company.name,
        "slug": cell.company.slug,
        "sector": Sector(cell.sector).label if cell.sector in SECTORS else cell.sector,
        "shrunk": cell.shrunk,
        "level": scoring.score_level(cell.shrunk),
        "median": cell.median,
        "ci_low": cell.ci_low,
        "ci_high": cell.ci_high,
        "reporters": cell.reporters,
        "journeys": cell.journeys,
        "reply_rate": cell.reply_rate,
    }


def board_context(snapshot, *, period: str, sector: str, channel: str, page: int) -> dict:
    """One page of the ranked leaderboard, best and worst, cached per snapshot and filter. A page
    number beyond the last page shows the last page."""
    key = pagecache.page_key("board", (snapshot.pk, get_language(), period, sector, channel))
    answered, rows = softcache.get(key)
    if rows is None:
        cells = figures.board_cells(snapshot, period=period, channel=channel, sector=sector)
        rows = [_row(cell) for cell in cells]
        if answered:  # a silent cache is not waited on twice
            softcache.set(key, rows, pagecache.CACHE_SECONDS)
    # Best and worst never share a company.
    highlights = min(BOARD_HIGHLIGHTS, len(rows) // 2)
    # The pager's links carry the filters, not whatever else the request's query string held:
    # the fragment is stored and shared.
    query = QueryDict(mutable=True)
    query.update({"sector": sector, "period": period, "channel": channel})
    return {
        "page_obj": Paginator(rows, BOARD_PAGE_SIZE).get_page(page),
        "query": query,
        "best": rows[:highlights],
        "worst": rows[::-1][:highlights],
        "total": len(rows),
    }


def _cite_url(snapshot, url: str | None, filters: dict | None = None) -> str:
    """The permalink of what a page shows: the same filters on the snapshot's own URL."""
    if snapshot is None:
        return ""
    url = url or reverse("snapshot_leaderboard", args=[snapshot.pk])
    defaults = {"period": leaderboards.ROLLING, "sector": "", "channel": ""}
    chosen = {k: v for k, v in (filters or {}).items() if v != defaults.get(k, "")}
    return f"{url}?{urlencode(chosen)}" if chosen else url


def snapshot_or_gone(request, pk: int):
    """(snapshot `pk`, None) for a permalink page or file; (None, a 410 page naming the nearest
    kept snapshot) if it was pruned; 404 if it never was published."""
    try:
        snapshot = figures.published_snapshot(pk)
    except figures.Gone as gone:
        response = render(
            request,
            "journeys/snapshot_gone.html",
            {"gone": gone.snapshot, "nearest": gone.nearest},
            status=410,
        )
        return None, response
    if snapshot is None:
        raise Http404
    return snapshot, None


def _leaderboard(request: HtmxHttpRequest, snapshot, *, permalink: bool) -> HttpResponse:
    filters = _board_filters(request, snapshot)
    page = _page_number(request)
    parts = (snapshot.pk if snapshot else 0, permalink, page, *filters.values())

    def context() -> dict:
        periods = snapshot.stats.get("periods", []) if snapshot else []
        board_url = (
            reverse("snapshot_leaderboard", args=[snapshot.pk])
            if permalink
            else reverse("leaderboard")
        )
        return {
            "snapshot": snapshot,
            "permalink": permalink,
            "board_url": board_url,
            "cite_url": _cite_url(snapshot, board_url if permalink else None, filters),
            "filters": filters,
            "periods": [(p, leaderboards.period_label(p)) for p in periods],
            "sectors": Sector.choices,
            "channels": Channel.choices,
            "k_min": snapshot.k_min if snapshot else leaderboards.k_min(),
        }

    def board_fragment() -> dict:
        board = board_context(snapshot, page=page, **filters) if snapshot else None
        # A page number past the end renders the last page, but is not stored under its number.
        out_of_range = board is not None and board["page_obj"].number != page
        return {**context(), "board": board, pagecache.DO_NOT_STORE: out_of_range}

    if request.htmx and not request.htmx.boosted:
        # The board carries nothing personal (no CSRF token, no user): one copy for everyone.
        response = HttpResponse(pagecache.fragment(BOARD_TEMPLATE, parts, board_fragment)[0])
        patch_vary_headers(response, (*pagecache.VARY, *HTMX_VARY))
        return response

    def page_context() -> dict:
        board_html, stored = pagecache.fragment(BOARD_TEMPLATE, parts, board_fragment)
        return {**context(), "board_html": board_html, pagecache.DO_NOT_STORE: not stored}

    return pagecache.serve(
        request, "journeys/leaderboard.html", page_context, parts, vary=HTMX_VARY
    )


@require_GET
def leaderboard(request: HtmxHttpRequest) -> HttpResponse:
    return _leaderboard(request, pagecache.current_snapshot(), permalink=False)


@require_GET
def snapshot_leaderboard(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    snapshot, gone = snapshot_or_gone(request, pk)
    return gone or _leaderboard(request, snapshot, permalink=True)


SNAPSHOT_PAGE_SIZE = 50


@require_GET
def snapshot_list(request: HtmxHttpRequest) -> HttpResponse:
    page = Paginator(figures.kept_snapshots(), SNAPSHOT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "journeys/snapshot_list.html", {"page_obj": page})


@require_GET
def company_list(request: HtmxHttpRequest) -> HttpResponse:
    query = _search_text(request.GET.get("q", ""))
    sector = request.GET.get("sector", "")
    sector = sector if sector in SECTORS else ""
    companies = Company.objects.search(query) if query else Company.objects.active()
    if sector:
        companies = companies.filter(sector=sector)
    page = Paginator(companies.only("name", "slug", "sector"), COMPANY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    snapshot = pagecache.current_snapshot()
    listed = [(c.pk, c.name, c.slug, c.sector) for c in page.object_list]
    # Browsing (a sector, a page) is cached; free-text searches are too many to be worth it.
    parts = (
        None
        if query
        else (snapshot.pk if snapshot else 0, sector, page.number, page.paginator.count, listed)
    )

    def context() -> dict:
        by_company = {}
        if snapshot is not None:
            cells = Cell.objects.filter(
                snapshot=snapshot,
                scope=Cell.Scope.COMPANY,
                period=leaderboards.ROLLING,
                channel="",
                company_id__in=[c.pk for c in page.object_list],
            ).only("company_id", "shrunk", "ci_low", "ci_high", "reporters")
            by_company = {cell.company_id: cell for cell in cells}
        return {
            "page_obj": page,
            "rows": [(company, by_company.get(company.pk)) for company in page.object_list],
            "query": query,
            "sector": sector,
            "sectors": Sector.choices,
            "snapshot": snapshot,
            "cite_url": _cite_url(snapshot, None),
        }

    template = "journeys/company_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return pagecache.serve(request, template, context, parts, vary=HTMX_VARY)


def pattern_sentence(pattern: figures.Pattern) -> str:
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
    """Everything the company page shows from the snapshot, cached per snapshot and company (and
    its name, which the charts' titles carry)."""
    key = pagecache.page_key("company-figures", (snapshot.pk, company.pk, company.name))
    answered, data = softcache.get(key)
    if data is not None:
        return data
    cells = figures.company_cells(snapshot, company)
    sector_cell = figures.sector_cell(snapshot, sector=company.sector, period=leaderboards.ROLLING)
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
        "patterns": [pattern_sentence(p) for p in figures.patterns_of(main)][:3] if main else [],
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
    if answered:  # a silent cache is not waited on twice
        softcache.set(key, data, pagecache.CACHE_SECONDS)
    return data


def _company_and_stories(slug: str) -> tuple[tuple, list[tuple]]:
    """The active company with this slug, (id, name, slug, sector, flags made by its
    representatives, flags upheld), and its newest published stories, (id, goal, started_on,
    story_redacted, under review after a representative's flag), in one round trip: the ORM
    needs several, and building its queries costs more than running this one. Its stories are
    `Journey.objects.public_stories()` written as SQL; `tests/test_stories.py` holds the two
    equal in every state."""
    company_table, journey_table = Company._meta.db_table, Journey._meta.db_table
    flag_table = StoryFlag._meta.db_table
    sql = f"""
        SELECT c.id, c.name, c.slug, c.sector,
            (SELECT count(*) FROM {flag_table} f WHERE f.company_id = c.id),
            (SELECT count(*) FROM {flag_table} f WHERE f.company_id = c.id AND f.status = %s),
            s.id, s.goal, s.started_on, s.story_redacted, s.flagged
        FROM {company_table} c
        LEFT JOIN (
            SELECT j.id, j.company_id, j.goal, j.started_on, j.story_redacted,
                EXISTS (
                    SELECT 1 FROM {flag_table} f
                    WHERE f.journey_id = j.id AND f.status = %s AND f.company_id IS NOT NULL
                ) AS flagged
            FROM {journey_table} j
            WHERE j.company_id = (SELECT id FROM {company_table} WHERE slug = %s AND status = %s)
              AND j.moderation_state = %s AND j.story_consent = %s AND j.story_redacted <> ''
              AND NOT EXISTS (
                SELECT 1 FROM {flag_table} f
                WHERE f.journey_id = j.id AND f.status = %s AND f.reason = %s
                  AND f.company_id IS NOT NULL
              )
            ORDER BY j.started_on DESC, j.id DESC
            LIMIT {STORIES_SHOWN}
        ) s ON s.company_id = c.id
        WHERE c.slug = %s AND c.status = %s
        ORDER BY s.started_on DESC, s.id DESC
    """  # noqa: S608 (table names from the models, values as parameters)
    active, approved = Company.Status.ACTIVE, Journey.Moderation.APPROVED
    is_open, upheld = StoryFlag.Status.OPEN, StoryFlag.Status.RESOLVED
    params = [upheld, is_open, slug, active, approved, True, is_open, StoryFlag.HIDING_REASON]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, slug, active])
        rows = cursor.fetchall()
    if not rows:
        raise Http404
    return tuple(rows[0][:6]), [tuple(row[6:]) for row in rows if row[6] is not None]


def _published_replies(story_ids: list[int]) -> list[tuple]:
    """The public company replies to these stories, (journey id, sequence, category,
    text_redacted, published_at) in order."""
    if not story_ids:
        return []
    return list(
        replies.public_replies()
        .filter(journey_id__in=story_ids)
        .order_by("journey_id", "sequence")
        .values_list("journey_id", "sequence", "category", "text_redacted", "published_at")
    )


@require_GET
def company_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    return _company_page(request, slug, pagecache.current_snapshot(), permalink=False)


@require_GET
def snapshot_company(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    snapshot, gone = snapshot_or_gone(request, pk)
    return gone or _company_page(request, slug, snapshot, permalink=True)


def _company_page(request, slug: str, snapshot, *, permalink: bool) -> HttpResponse:
    company_row, story_rows = _company_and_stories(slug)
    reply_rows = _published_replies([row[0] for row in story_rows])
    k_min = snapshot.k_min if snapshot else leaderboards.k_min()
    # The reply clock is live: a snapshot's permalink, frozen, leaves it out.
    clock = (
        None
        if permalink
        else replies.clock_counts(company=company_row[0], today=timezone.localdate())
    )
    # Everything the page shows, so a rename, a redaction, a withdrawn story or a published
    # reply is a new page.
    parts = (
        snapshot.pk if snapshot else 0,
        permalink,
        k_min,
        company_row,
        story_rows,
        reply_rows,
        clock,
    )

    def context() -> dict:
        pk, name, company_slug, sector, flags_made, flags_upheld = company_row
        company = Company(id=pk, name=name, slug=company_slug, sector=sector)
        answers: dict[int, list[Reply]] = {}
        for journey_id, sequence, category, text, published_at in reply_rows:
            answers.setdefault(journey_id, []).append(
                Reply(
                    journey_id=journey_id,
                    sequence=sequence,
                    category=category,
                    text_redacted=text,
                    published_at=published_at,
                )
            )
        stories = []
        for story_id, goal, day, text, flagged in story_rows:
            story = Journey(
                id=story_id,
                company_id=pk,
                goal=goal,
                # SQLite hands the date back as text.
                started_on=datetime.date.fromisoformat(day) if isinstance(day, str) else day,
                story_redacted=text,
            )
            story.under_review = bool(flagged)
            story.company_replies = answers.get(story_id, [])
            stories.append(story)
        return {
            "company": company,
            "snapshot": snapshot,
            "permalink": permalink,
            "cite_url": reverse("snapshot_company", args=[snapshot.pk, company_slug])
            if snapshot
            else "",
            "figures": company_figures(snapshot, company) if snapshot else {},
            "stories": stories,
            "flags": {"made": flags_made, "upheld": flags_upheld},
            "k_min": k_min,
            "reply_days": leaderboards.REPLY_DAYS,
            "clock": clock,
            "clock_due": replyclock.DUE_DAYS,
            "clock_long": replyclock.LONG_OVERDUE_DAYS,
        }

    return pagecache.serve(request, "journeys/company_detail.html", context, parts)


@require_GET
def methodology(request: HtmxHttpRequest) -> HttpResponse:
    snapshot = pagecache.current_snapshot()
    k_min = snapshot.k_min if snapshot else leaderboards.k_min()

    def context() -> dict:
        return {
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
            "k_min": k_min,
            "shrink_m": leaderboards.SHRINK_M,
            "z90": leaderboards.Z90,
            "rolling_weeks": leaderboards.ROLLING_WEEKS,
            "repeat_min": leaderboards.REPEAT_PATTERN_MIN,
            "hold_minutes": leaderboards.HOLD_PATTERN_MINUTES,
            "reply_days": leaderboards.REPLY_DAYS,
            "clock_due": replyclock.DUE_DAYS,
            "clock_long": replyclock.LONG_OVERDUE_DAYS,
            "snapshot": snapshot,
            "cite_url": _cite_url(snapshot, None),
            "targets": snapshot.stats.get("targets", []) if snapshot else [],
            "release": _release_levels(snapshot),
        }

    return pagecache.serve(
        request, "journeys/methodology.html", context, (snapshot.pk if snapshot else 0, k_min)
    )


def _release_levels(snapshot) -> dict | None:
    """The journey rows a snapshot released, per level of withholding, in words."""
    released = snapshot.stats.get("release") if snapshot else None
    if not released:
        return None
    names = {
        "week": _("week"),
        "quarter": _("quarter"),
        "goal": _("goal"),
        "status": _("status"),
        "channels": _("channels"),
    }
    levels = [
        {"withheld": [names[name] for name in level["withheld"]], "rows": level["rows"]}
        for level in released["levels"]
    ]
    return {"levels": levels, "left_out": released["left_out"]}


@require_GET
def accessibility(request: HtmxHttpRequest) -> HttpResponse:
    return pagecache.serve(request, "journeys/accessibility.html", dict, ())


ROBOTS = """User-agent: *
Disallow: /journeys/
Disallow: /moderation/
Disallow: /accounts/
Disallow: /admin/
"""


@require_GET
def robots_txt(request: HtmxHttpRequest) -> HttpResponse:
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")


@require_http_methods(["GET", "POST"])
def story_report(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Anyone may report a published story; it lands in the moderators' queue."""
    journey = get_object_or_404(
        Journey.objects.public_stories().select_related("company"),
        pk=pk,
    )
    form = FlagForm(request.POST or None, signed_in=request.user.is_authenticated)
    if request.method == "POST" and form.is_valid():
        refusal = ratelimit.check_and_hit(request, "flag")
        if refusal is not None:
            return refusal
        data = form.cleaned_data
        moderation.flag_create(
            journey=journey,
            reporter=request.user,
            reason=data["reason"],
            note=data["note"],
            notify_email=data.get("email", ""),
        )
        messages.success(request, _("Thank you. A moderator will look at this story."))
        return redirect(journey.company.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"journey": journey, "form": form}
    return render(request, "journeys/story_report.html", context, status=status)
