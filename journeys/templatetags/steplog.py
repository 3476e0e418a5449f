"""`{% step_items journey steps %}`: the journey page's step log, one `<li>` per step with its
move, edit and delete controls. Written in Python rather than a template loop, which cost about
twice as much: the log grows with the journey and is rendered again by every htmx change to it,
so each step made every later step post slower."""

from django import template
from django.template.defaultfilters import date
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from ..models import Channel, Journey, Step, StepKind

register = template.Library()

_ITEM = """<li class="step step-{kind}" id="step-{pk}">
  <div class="step-main">
    <p class="step-title"><span class="step-number">{n}.</span> {kind_label}</p>
    <p class="step-meta">{meta}</p>{note}
  </div>
  <div class="step-actions">
    <form method="post" action="{move}" hx-post="{move}" hx-target="#journey-log" hx-swap="outerHTML">
      {csrf}
      <button type="submit" name="direction" value="up" class="icon-button"{first} aria-label="{up}">↑</button>
      <button type="submit" name="direction" value="down" class="icon-button"{last} aria-label="{down}">↓</button>
    </form>
    <a class="icon-button" href="{edit}" hx-get="{edit}" hx-target="#step-{pk}" hx-swap="innerHTML" aria-label="{edit_label}">✎</a>
    <form method="post" action="{delete}" hx-post="{delete}" hx-target="#journey-log" hx-swap="outerHTML">
      {csrf}
      <button type="submit" class="icon-button danger" aria-label="{delete_label}">✕</button>
    </form>
  </div>
</li>
"""


# A step's URLs differ from the journey's first step's only in the step's id: reversed once per
# log with this id in its place (nothing after it in the URL is a digit).
_ANY_STEP = 987654321


def _step_url(name: str, journey: Journey) -> tuple[str, str]:
    before, after = reverse(name, args=[journey.pk, _ANY_STEP]).rsplit(str(_ANY_STEP), 1)
    return before, after


_KINDS, _CHANNELS = dict(StepKind.choices), dict(Channel.choices)


class _Escaped(dict):
    """Each label escaped once per log: steps share their kinds, channels and days."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        value = self[key] = escape(str(self.make(key)))
        return value


def _meta_line(step: Step, labels: dict) -> str:
    """Channel · date, then the minutes and the repeats where the step has them (escaped)."""
    parts = [labels["channel"][step.channel], labels["date"][step.occurred_on]]
    if step.minutes:
        parts.append(
            escape(
                ngettext("%(minutes)s minute", "%(minutes)s minutes", step.minutes)
                % {"minutes": step.minutes}
            )
        )
    if step.kind == StepKind.REPEAT_INFO:
        parts.append(
            escape(
                ngettext("repeated once", "repeated %(times)s times", step.repeats)
                % {"times": step.repeats}
            )
        )
    return " · ".join(parts)


@register.simple_tag(takes_context=True)
def step_items(context, journey: Journey, steps: list[Step]) -> SafeString:
    """The log's items, written with str.format on escaped values: the template engine's and
    format_html's escaping of each value costs more than the item itself."""
    csrf = CsrfTokenNode().render(context)  # {% csrf_token %}, once for all the forms
    urls = {name: _step_url(name, journey) for name in ("step_move", "step_edit", "step_delete")}
    labels = {
        "kind": _Escaped(lambda kind: _KINDS.get(kind, kind)),
        "channel": _Escaped(lambda channel: _CHANNELS.get(channel, channel)),
        "date": _Escaped(lambda day: date(day, "j N Y")),
    }
    private = escape(gettext("Private note:"))
    up, down = gettext("Move step %(n)s up"), gettext("Move step %(n)s down")
    edit, delete = gettext("Edit step %(n)s"), gettext("Delete step %(n)s")
    items = []
    for n, step in enumerate(steps, start=1):
        move_url, edit_url, delete_url = (
            f"{before}{step.pk}{after}" for before, after in urls.values()
        )
        note = (
            '\n    <p class="step-note"><span class="visually-hidden">'
            f"{private}</span>{escape(step.note)}</p>"
            if step.note
            else ""
        )
        items.append(
            _ITEM.format(
                kind=escape(step.kind),
                pk=step.pk,
                n=n,
                kind_label=labels["kind"][step.kind],
                meta=_meta_line(step, labels),
                note=note,
                move=move_url,
                edit=edit_url,
                delete=delete_url,
                csrf=csrf,
                first=" disabled" if n == 1 else "",
                last=" disabled" if n == len(steps) else "",
                up=escape(up % {"n": n}),
                down=escape(down % {"n": n}),
                edit_label=escape(edit % {"n": n}),
                delete_label=escape(delete % {"n": n}),
            )
        )
    return mark_safe("".join(items))  # noqa: S308 (every value above is escaped or ours)
