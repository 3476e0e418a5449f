"""`{% step_items journey steps %}`: the journey page's step log, one `<li>` per step with its
move, edit and delete controls. Written in Python rather than a template loop, which cost about
twice as much: the log grows with the journey and is rendered again by every htmx change to it,
so each step made every later step post slower."""

from django import template
from django.template.defaultfilters import date
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from ..models import Journey, Step, StepKind

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


def _meta_line(step: Step, dates: dict) -> SafeString:
    """Channel · date, then the minutes and the repeats where the step has them. `dates` keeps
    each day as written (formatting a date costs as much as the rest; steps share days)."""
    if step.occurred_on not in dates:
        dates[step.occurred_on] = date(step.occurred_on, "j N Y")
    parts = [step.get_channel_display(), dates[step.occurred_on]]
    if step.minutes:
        parts.append(
            ngettext("%(minutes)s minute", "%(minutes)s minutes", step.minutes)
            % {"minutes": step.minutes}
        )
    if step.kind == StepKind.REPEAT_INFO:
        parts.append(
            ngettext("repeated once", "repeated %(times)s times", step.repeats)
            % {"times": step.repeats}
        )
    return format_html_join(" · ", "{}", ((part,) for part in parts))


@register.simple_tag(takes_context=True)
def step_items(context, journey: Journey, steps: list[Step]) -> SafeString:
    csrf = CsrfTokenNode().render(context)  # {% csrf_token %}, once for all the forms
    private = gettext("Private note:")
    dates = {}
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html(
                    _ITEM,
                    kind=step.kind,
                    pk=step.pk,
                    n=n,
                    kind_label=step.get_kind_display(),
                    meta=_meta_line(step, dates),
                    note=format_html(
                        '\n    <p class="step-note"><span class="visually-hidden">{}</span>{}</p>',
                        private,
                        step.note,
                    )
                    if step.note
                    else "",
                    move=reverse("step_move", args=[journey.pk, step.pk]),
                    edit=reverse("step_edit", args=[journey.pk, step.pk]),
                    delete=reverse("step_delete", args=[journey.pk, step.pk]),
                    csrf=csrf,
                    first=" disabled" if n == 1 else "",
                    last=" disabled" if n == len(steps) else "",
                    up=gettext("Move step %(n)s up") % {"n": n},
                    down=gettext("Move step %(n)s down") % {"n": n},
                    edit_label=gettext("Edit step %(n)s") % {"n": n},
                    delete_label=gettext("Delete step %(n)s") % {"n": n},
                ),
            )
            for n, step in enumerate(steps, start=1)
        ),
    )
