"""What the public pages, the API and the embeds read from a snapshot, put together: the
leaderboard's filters from a query string, and a company's figures with their charts and
sentences. Views only call these (`figures.py` holds the reads of cells they are made of)."""

from django.http import QueryDict
from django.utils.translation import gettext as _

from . import charts, figures, leaderboards, legal_sources, pagecache, softcache
from .models import Cell, Channel, Company, Sector

SECTORS = frozenset(Sector.values)
CHANNELS = frozenset(Channel.values)


def board_filters(query: QueryDict, snapshot) -> dict[str, str]:
    """The leaderboard's filters from a query string; anything unknown falls back to "all"."""
    periods = snapshot.stats.get("periods", []) if snapshot else []
    period = query.get("period", leaderboards.ROLLING)
    period = period if period in periods else leaderboards.ROLLING
    sector = query.get("sector", "")
    channel = query.get("channel", "")
    return {
        "period": period,
        "sector": sector if sector in SECTORS else "",
        # Per-channel figures cover the rolling 12 months only.
        "channel": channel if channel in CHANNELS and period == leaderboards.ROLLING else "",
    }


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


def driver_bars(cell: Cell, sector_cell: Cell | None) -> list[charts.Bar]:
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


# Above this share of voices that never reached a human, the company page marks it and quotes
# the rules on being reachable.
MOST_NEVER_REACHED = 0.5


def main_cell(cells: list[Cell]) -> Cell | None:
    """A company's 12-month cell over all channels, of its cells in one snapshot."""
    return next((c for c in cells if c.period == leaderboards.ROLLING and not c.channel), None)


def channel_cells(cells: list[Cell]) -> list[Cell]:
    """A company's 12-month cells per channel (a channel under K reporters has none), the most
    reporters first."""
    return sorted(
        (c for c in cells if c.period == leaderboards.ROLLING and c.channel),
        key=lambda c: (-c.reporters, c.channel),
    )


def reach_a_human(cells: list[Cell]) -> dict | None:
    """Whether a company's reporters reached a human in the last 12 months, from its published
    cells only: over all channels and per channel its reporters' journeys used (a channel under
    K reporters has no cell, so it is absent). None without a published 12-month cell."""
    main = main_cell(cells)
    if main is None:
        return None
    return {
        "reached_rate": 1 - main.no_human_rate,
        "no_human_rate": main.no_human_rate,
        "median_minutes_to_human": main.median_minutes_to_human,
        "reporters": main.reporters,
        "most_never": main.no_human_rate > MOST_NEVER_REACHED,
        "channels": [
            {
                "channel": c.channel,
                "reached_rate": 1 - c.no_human_rate,
                "median_minutes_to_human": c.median_minutes_to_human,
                "reporters": c.reporters,
            }
            for c in channel_cells(cells)
        ],
    }


def company_figures(snapshot, company: Company) -> dict:
    """Everything the company page (and its embed) shows from the snapshot, cached per snapshot
    and company (and its name, which the charts' titles carry)."""
    key = pagecache.page_key("company-figures", (snapshot.pk, company.pk, company.name))
    answered, data = softcache.get(key)
    if data is not None:
        return data
    cells = figures.company_cells(snapshot, company)
    sector_cell = figures.sector_cell(snapshot, sector=company.sector, period=leaderboards.ROLLING)
    main = main_cell(cells)
    quarters = sorted(
        (c for c in cells if c.period != leaderboards.ROLLING), key=lambda c: c.period
    )
    trend = [
        charts.TrendPoint(leaderboards.period_label(c.period), c.shrunk, c.ci_low, c.ci_high)
        for c in quarters
    ]
    reach = reach_a_human(cells)
    if reach:
        for row in reach["channels"]:
            row["label"] = Channel(row["channel"]).label
        reach["sources"] = legal_sources.REACH_A_HUMAN if reach["most_never"] else ()
    data = {
        "main": main,
        "reach": reach,
        "sector_cell": sector_cell,
        "trend": trend,
        "channels": [{"label": Channel(c.channel).label, "cell": c} for c in channel_cells(cells)],
        "patterns": [pattern_sentence(p) for p in figures.patterns_of(main)][:3] if main else [],
        "trend_svg": charts.trend_chart(
            trend,
            chart_id="trend",
            title=_("Friction score per quarter: %(name)s") % {"name": company.name},
            desc=_(
                "Shrunk friction score (0 effortless, 100 worst) for each quarter with at "
                "least %(k_min)s reporters, with its 90%% interval as a band; a quarter with "
                "fewer reporters is left out. The table below lists the same figures."
            )
            % {"k_min": snapshot.k_min},
        )
        if trend
        else "",
        "drivers": driver_bars(main, sector_cell) if main else [],
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
