"""`{% field_group form.x %}`: a field with its label, widget, hint and errors, as every form in
frictionlog shows one. Written in Python rather than an included template: the step form puts
five on the journey page and in every htmx answer of its step log, and each include cost about
as much as the widget itself."""

from django import template
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def field_group(field: BoundField) -> SafeString:
    hint = ""
    if field.help_text:
        # The id Django's widgets name in aria-describedby.
        hint = format_html(
            '\n  <p class="hint" id="{}_helptext">{}</p>', field.auto_id, field.help_text
        )
    errors = field.errors
    return format_html(
        '<div class="field{}">\n  <label for="{}">{}</label>\n  {}{}{}\n</div>',
        " has-error" if errors else "",
        field.id_for_label,
        field.label,
        field,
        hint,
        format_html('\n  <div class="field-errors" role="alert">{}</div>', errors)
        if errors
        else "",
    )
