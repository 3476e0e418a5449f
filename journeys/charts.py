"""Charts as inline SVG, drawn on the server: no script, no external asset. Each chart carries a
<title> and <desc> (read by screen readers through aria-labelledby); templates render the same
numbers as a table to fall back on."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class TrendPoint:
    label: str
    value: float
    low: float
    high: float


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # a share, 0..1
    compare: float | None = None  # the same share for a comparison group (e.g. the sector)


def _svg(
    chart_id: str, title: str, desc: str, width: int, height: int, body: str, kind: str
) -> SafeString:
    return format_html(
        '<svg class="chart chart-{kind}" viewBox="0 0 {w} {h}" width="100%" role="img" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        kind=kind,
        w=width,
        h=height,
        id=chart_id,
        title=title,
        desc=desc,
        body=mark_safe(body),  # noqa: S308 (built below from escaped labels and numbers)
    )


def trend_chart(
    points: Sequence[TrendPoint], *, chart_id: str, title: str, desc: str
) -> SafeString:
    """Score per period, 0–100, with its 90% interval as a band; oldest period on the left."""
    width, height, left, right, top, bottom = 640, 260, 44, 16, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(i: int) -> float:
        return left + (plot_w / 2 if len(points) == 1 else plot_w * i / (len(points) - 1))

    def y(value: float) -> float:
        return top + plot_h * (1 - max(0.0, min(100.0, value)) / 100)

    parts = []
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line class="chart-grid" x1="{left}" x2="{width - right}" '
            f'y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>'
            f'<text class="chart-axis" x="{left - 6}" y="{y(tick) + 4:.1f}" '
            f'text-anchor="end">{tick}</text>'
        )
    if points:
        band = [f"{x(i):.1f},{y(p.high):.1f}" for i, p in enumerate(points)]
        band += [f"{x(i):.1f},{y(p.low):.1f}" for i, p in reversed(list(enumerate(points)))]
        parts.append(f'<polygon class="chart-band" points="{" ".join(band)}"/>')
        line = " ".join(f"{x(i):.1f},{y(p.value):.1f}" for i, p in enumerate(points))
        parts.append(f'<polyline class="chart-line" points="{line}"/>')
        for i, p in enumerate(points):
            parts.append(
                f'<circle class="chart-dot" cx="{x(i):.1f}" cy="{y(p.value):.1f}" r="4">'
                f"<title>{escape(p.label)}: {floatformat(p.value, '1g')}</title></circle>"
                f'<text class="chart-axis" x="{x(i):.1f}" y="{height - bottom + 18}" '
                f'text-anchor="middle">{escape(p.label)}</text>'
            )
    return _svg(chart_id, title, desc, width, height, "".join(parts), "trend")


def bar_chart(bars: Sequence[Bar], *, chart_id: str, title: str, desc: str) -> SafeString:
    """Horizontal bars of shares (0–100%), with an optional comparison marker per bar. Each
    label stands above its bar, so the chart stays narrow and its text readable on a phone."""
    width, row, right, top = 480, 52, 48, 4
    height = top * 2 + row * max(1, len(bars))
    plot_w = width - right
    parts = []
    for i, bar in enumerate(bars):
        y0 = top + i * row
        share = max(0.0, min(1.0, bar.value))
        parts.append(
            f'<text class="chart-label" x="0" y="{y0 + 18}">{escape(bar.label)}</text>'
            f'<rect class="chart-track" x="0" y="{y0 + 26}" width="{plot_w}" height="16"/>'
            f'<rect class="chart-bar" x="0" y="{y0 + 26}" width="{plot_w * share:.1f}" '
            f'height="16"/>'
            f'<text class="chart-value" x="{plot_w + 6}" y="{y0 + 40}">{share * 100:.0f}%</text>'
        )
        if bar.compare is not None:
            cx = plot_w * max(0.0, min(1.0, bar.compare))
            parts.append(
                f'<line class="chart-compare" x1="{cx:.1f}" x2="{cx:.1f}" '
                f'y1="{y0 + 22}" y2="{y0 + 46}"/>'
            )
    return _svg(chart_id, title, desc, width, height, "".join(parts), "bars")
