"""Embeds: a company's headline figure and drivers chart as a page other sites may frame, an SVG
badge, and an oEmbed endpoint. Each is frozen to a snapshot (its figures never change) unless its
URL asks for "latest"; each carries the attribution and the permalink. Only /embed/ may be framed
(frictionlog/middleware.py)."""

from urllib.parse import urlsplit

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import floatformat
from django.urls import Resolver404, resolve, reverse
from django.utils.html import escape
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from .. import citation, companypage, figures, leaderboards, pagecache, scoring
from ..models import Company
from ..types import HtmxHttpRequest
from .public import snapshot_or_gone

EMBED_WIDTH, EMBED_HEIGHT = 520, 560


def _snapshot(request, pk: int | None):
    """(snapshot, None) for a frozen embed or "latest"; (None, response) for a pruned one."""
    if pk is None:
        snapshot = pagecache.current_snapshot()
        if snapshot is None:
            raise Http404
        return snapshot, None
    return snapshot_or_gone(request, pk)


def _embed_context(snapshot, company: Company) -> dict:
    permalink = citation.absolute(reverse("snapshot_company", args=[snapshot.pk, company.slug]))
    data = companypage.company_figures(snapshot, company)
    main = data["main"]
    return {
        "company": company,
        "snapshot": snapshot,
        "main": main,
        "level": scoring.score_level(main.shrunk) if main else "",
        "drivers_svg": data.get("drivers_svg", ""),
        "permalink": permalink,
        "source": citation.source_line(snapshot, permalink),
        "k_min": snapshot.k_min,
    }


@xframe_options_exempt
@require_GET
def company_embed(request: HtmxHttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    snapshot, gone = _snapshot(request, pk)
    if gone:
        return gone
    company = get_object_or_404(Company.objects.active(), slug=slug)
    return render(request, "journeys/embed_company.html", _embed_context(snapshot, company))


BADGE = """<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" \
aria-label="{label}"><title>{label}</title><rect width="{left}" height="20" fill="#1b1f24"/>\
<rect x="{left}" width="{right}" height="20" fill="{colour}"/><g fill="#fff" \
font-family="Verdana,DejaVu Sans,sans-serif" font-size="11"><text x="6" y="14">frictionlog</text>\
<text x="{text_x}" y="14">{value}</text></g></svg>"""
BADGE_COLOURS = {"low": "#15803d", "mid": "#b45309", "high": "#b91c1c", "": "#4a5563"}


@xframe_options_exempt
@require_GET
def company_badge(request: HtmxHttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """A badge with the company's friction score (or "–" below the minimum of reporters)."""
    snapshot, gone = _snapshot(request, pk)
    if gone:
        return gone
    company = get_object_or_404(Company.objects.active(), slug=slug)
    main = figures.company_cell(snapshot, company, period=leaderboards.ROLLING)
    value = f"{floatformat(main.shrunk, '1g')}/100" if main else "–"
    left, right = 74, 8 + 7 * len(value)
    label = f"frictionlog {company.name}: {value} ({citation.source_line(snapshot, '')})"
    svg = BADGE.format(
        width=left + right,
        left=left,
        right=right,
        text_x=left + 4,
        value=escape(value),
        label=escape(label.rstrip(", ")),
        colour=BADGE_COLOURS[scoring.score_level(main.shrunk) if main else ""],
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600" if pk is None else "public, max-age=86400"
    return response


@require_GET
def oembed(request: HtmxHttpRequest) -> HttpResponse:
    """oEmbed (https://oembed.com): a company page's or permalink's URL → an iframe of its embed,
    frozen to the permalink's snapshot, or "latest" for the current company page."""
    url = request.GET.get("url", "")
    if not url:
        return JsonResponse({"error": "the url parameter is required"}, status=400)
    if request.GET.get("format", "json") != "json":
        return HttpResponse(status=501)
    site = urlsplit(citation.absolute("/"))
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
        raise Http404
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise Http404 from None
    if match.url_name == "snapshot_company":
        pk, slug = match.kwargs["pk"], match.kwargs["slug"]
        embed = reverse("embed_snapshot_company", args=[pk, slug])
    elif match.url_name == "company_detail":
        slug = match.kwargs["slug"]
        embed = reverse("embed_company_latest", args=[slug])
    else:
        raise Http404
    company = get_object_or_404(Company.objects.active(), slug=slug)
    src = escape(citation.absolute(embed))
    title = escape(company.name)
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "provider_name": citation.PUBLISHER,
            "provider_url": citation.absolute("/"),
            "title": company.name,
            "width": EMBED_WIDTH,
            "height": EMBED_HEIGHT,
            "html": f'<iframe src="{src}" width="{EMBED_WIDTH}" height="{EMBED_HEIGHT}" '
            f'title="frictionlog: {title}" loading="lazy"></iframe>',
        }
    )
