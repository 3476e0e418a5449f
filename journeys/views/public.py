"""Pages anyone may see."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import (
    answered_elsewhere,
    citation,
    clocks,
    companypage,
    datapackage,
    figures,
    leaderboards,
    moderation,
    pagecache,
    ratelimit,
    replies,
    replyclock,
    scoring,
    softcache,
    stories,
)
from ..forms import storable_text
from ..models import Cell, Channel, Company, Journey, Reply, Sector, StepKind
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
            "pattern_sentence": companypage.pattern_sentence(pattern) if pattern else "",
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


# The board's sortable columns: the row field each sorts by and whether it starts descending. By
# default the board lists the most friction first (the score is "higher is worse").
SORTS = {
    "score": ("shrunk", True),
    "name": ("name", False),
    "sector": ("sector", False),
    "median": ("median", True),
    "reporters": ("reporters", True),
    "journeys": ("journeys", True),
    "replied": ("reply_rate", True),
}
DEFAULT_SORT = "score"


def _board_sort(request) -> dict[str, str]:
    """The board's order from the query string: a column of `SORTS` and "asc" or "desc"; the
    column's own direction when none (or nonsense) is asked for."""
    sort = request.GET.get("sort", DEFAULT_SORT)
    sort = sort if sort in SORTS else DEFAULT_SORT
    order = request.GET.get("order", "")
    if order not in ("asc", "desc"):
        order = "desc" if SORTS[sort][1] else "asc"
    return {"sort": sort, "order": order}


def _sorted_rows(rows: list[dict], *, sort: str, order: str) -> list[dict]:
    """`rows` in the asked order; ties (and missing figures, always last) by company name."""
    field = SORTS[sort][0]
    present = [row for row in rows if row[field] is not None]
    missing = [row for row in rows if row[field] is None]
    by_name = sorted(present, key=lambda row: row["name"].casefold())
    ordered = sorted(
        by_name,
        key=lambda row: row[field].casefold() if isinstance(row[field], str) else row[field],
        reverse=order == "desc",
    )
    return ordered + sorted(missing, key=lambda row: row["name"].casefold())


def _sort_caption(sort: str, order: str) -> str:
    columns = {
        "score": _("friction score"),
        "name": _("company name"),
        "sector": _("sector"),
        "median": _("median score"),
        "reporters": _("number of reporters"),
        "journeys": _("number of journeys"),
        "replied": _("share replied to"),
    }
    if sort in ("name", "sector"):
        direction = _("from Z to A") if order == "desc" else _("from A to Z")
    else:
        direction = _("highest first") if order == "desc" else _("lowest first")
    return _("Companies sorted by %(column)s, %(direction)s") % {
        "column": columns[sort],
        "direction": direction,
    }


def _sort_links(query: QueryDict, *, sort: str, order: str) -> dict[str, dict]:
    """Per sortable column: the link that sorts by it (the other direction if it is the current
    column, else its own), and its `aria-sort` value."""
    links = {}
    for column, (_field, descending) in SORTS.items():
        if column == sort:
            direction = "asc" if order == "desc" else "desc"
            aria = "descending" if order == "desc" else "ascending"
        else:
            direction, aria = ("desc" if descending else "asc"), ""
        linked = query.copy()
        linked.update({"sort": column, "order": direction})
        links[column] = {"href": "?" + linked.urlencode(), "aria": aria, "next": direction}
    return links


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
        "sector": Sector(cell.sector).label if cell.sector in companypage.SECTORS else cell.sector,
        "shrunk": cell.shrunk,
        "level": scoring.score_level(cell.shrunk),
        "median": cell.median,
        "ci_low": cell.ci_low,
        "ci_high": cell.ci_high,
        "reporters": cell.reporters,
        "journeys": cell.journeys,
        "reply_rate": cell.reply_rate,
    }


def board_context(
    snapshot,
    *,
    period: str,
    sector: str,
    channel: str,
    page: int,
    sort: str = DEFAULT_SORT,
    order: str = "desc",
) -> dict:
    """One page of the ranked leaderboard in the asked order, best and worst, cached per snapshot
    and filter. A page number beyond the last page shows the last page."""
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
    filters = QueryDict(mutable=True)
    filters.update({"sector": sector, "period": period, "channel": channel})
    query = filters.copy()
    query.update({"sort": sort, "order": order})
    ordered = _sorted_rows(rows, sort=sort, order=order)
    return {
        "page_obj": Paginator(ordered, BOARD_PAGE_SIZE).get_page(page),
        "query": query,
        "sort": sort,
        "order": order,
        "sort_links": _sort_links(filters, sort=sort, order=order),
        "caption": _sort_caption(sort, order),
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
    filters = companypage.board_filters(request.GET, snapshot)
    order = _board_sort(request)
    page = _page_number(request)
    parts = (snapshot.pk if snapshot else 0, permalink, page, *filters.values(), *order.values())

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
            "dataset_ld": _dataset_ld(snapshot, board_url) if permalink else "",
            "board_url": board_url,
            "cite_url": _cite_url(snapshot, board_url if permalink else None, filters),
            "filters": filters,
            "order": order,
            "periods": [(p, leaderboards.period_label(p)) for p in periods],
            "sectors": Sector.choices,
            "channels": Channel.choices,
            "k_min": snapshot.k_min if snapshot else leaderboards.k_min(),
        }

    def board_fragment() -> dict:
        board = board_context(snapshot, page=page, **filters, **order) if snapshot else None
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


@require_GET
def snapshot_datapackage(request: HttpRequest, pk: int) -> HttpResponse:
    """The snapshot's Frictionless `datapackage.json`; a snapshot never changes, so neither does
    its descriptor (cached like its files)."""
    snapshot, gone = snapshot_or_gone(request, pk)
    if gone:
        return gone
    key = pagecache.release_key("datapackage", (snapshot.pk, citation.absolute("/")))
    answered, descriptor = softcache.get(key)
    if descriptor is None:
        descriptor = datapackage.descriptor(snapshot)
        if answered:
            softcache.set(key, descriptor, pagecache.CACHE_SECONDS)
    response = JsonResponse(descriptor, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _dataset_ld(snapshot, path: str, subject: str = "") -> str:
    """A snapshot page's schema.org `Dataset`, as the text of its JSON-LD element."""
    return citation.json_ld(citation.dataset(snapshot, citation.absolute(path), subject))


SNAPSHOT_PAGE_SIZE = 50


@require_GET
def snapshot_list(request: HtmxHttpRequest) -> HttpResponse:
    page = Paginator(figures.kept_snapshots(), SNAPSHOT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "journeys/snapshot_list.html", {"page_obj": page})


@require_GET
def company_list(request: HtmxHttpRequest) -> HttpResponse:
    query = _search_text(request.GET.get("q", ""))
    sector = request.GET.get("sector", "")
    sector = sector if sector in companypage.SECTORS else ""
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


@require_GET
def company_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    return _company_page(request, slug, pagecache.current_snapshot(), permalink=False)


@require_GET
def snapshot_company(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    snapshot, gone = snapshot_or_gone(request, pk)
    return gone or _company_page(request, slug, snapshot, permalink=True)


def _company_page(request, slug: str, snapshot, *, permalink: bool) -> HttpResponse:
    found = stories.company_with_stories(slug, STORIES_SHOWN)
    if found is None:
        raise Http404
    company_row, story_rows = found
    reply_rows = replies.published_for(company_row[0], [row[0] for row in story_rows])
    k_min = snapshot.k_min if snapshot else leaderboards.k_min()
    # The reply clock is live: a snapshot's permalink, frozen, leaves it out.
    clock = None if permalink else clocks.counts(company=company_row[0], today=timezone.localdate())
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
            "figures": companypage.company_figures(snapshot, company) if snapshot else {},
            "dataset_ld": _dataset_ld(
                snapshot, reverse("snapshot_company", args=[snapshot.pk, company_slug]), name
            )
            if permalink
            else "",
            "oembed_url": citation.absolute(
                reverse("snapshot_company", args=[snapshot.pk, company_slug])
                if permalink
                else reverse("company_detail", args=[company_slug])
            )
            if snapshot
            else "",
            "embed_url": citation.absolute(
                reverse("embed_snapshot_company", args=[snapshot.pk, company_slug])
            )
            if snapshot
            else "",
            "latest_embed_url": citation.absolute(
                reverse("embed_company_latest", args=[company_slug])
            ),
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
            "ask_elsewhere_days": answered_elsewhere.ASK_AFTER_DAYS,
            "snapshot": snapshot,
            "cite_url": _cite_url(snapshot, None),
            "targets": _targets(snapshot),
            "release": _release_levels(snapshot),
        }

    return pagecache.serve(
        request, "journeys/methodology.html", context, (snapshot.pk if snapshot else 0, k_min)
    )


def _targets(snapshot) -> list[dict]:
    """A snapshot's shrinkage targets named as the other pages name periods and channels: the
    last 12 months first, then the quarters newest first; all channels first, then each channel
    in the order of `Channel`."""
    targets = snapshot.stats.get("targets", []) if snapshot else []
    channels = list(Channel.values)
    by_channel = sorted(targets, key=lambda t: channels.index(t["channel"]) if t["channel"] else -1)
    # A stable sort: within a period the channels keep their order.
    by_period = sorted(
        by_channel,
        key=lambda t: "9999" if t["period"] == leaderboards.ROLLING else t["period"],
        reverse=True,
    )
    return [
        {
            **target,
            "period_label": leaderboards.period_label(target["period"]),
            "channel_label": Channel(target["channel"]).label
            if target["channel"]
            else _("All channels"),
        }
        for target in by_period
    ]


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
