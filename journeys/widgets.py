"""Widgets that write in Python the HTML Django's widget templates write, for the forms on the
journey page: the step form is on every page and every htmx answer of the step log, and Django
renders each widget, attribute list and select option through a template of its own (about a
third of the page's time). The context is Django's own (`get_context`: value, required, ids,
aria attributes, selected options), so only the templating is replaced;
tests/test_widgets.py holds the output to the templates'.
"""

from django import forms
from django.utils.choices import flatten_choices
from django.utils.html import conditional_escape as escape
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language


def attrs_html(attrs: dict) -> SafeString:
    """django/forms/widgets/attrs.html: False leaves an attribute out, True writes its name."""
    return mark_safe(  # noqa: S308 (every name and value in it is escaped)
        "".join(
            f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


def options_html(optgroups) -> SafeString:
    """The options of django/forms/widgets/select.html, from `Select.optgroups()`. f-strings
    rather than format_html: a picker has twenty options, on every render of the step form."""
    parts = []
    for group_name, options, _index in optgroups:
        if group_name:
            parts.append(f'\n  <optgroup label="{escape(group_name)}">')
        for option in options:
            # The newline after each is select_option.html's own last line.
            parts.append(
                f'\n  <option value="{escape(option["value"])}"{attrs_html(option["attrs"])}>'
                f"{escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))  # noqa: S308 (every value in it is escaped)


def _input_html(widget: dict) -> SafeString:
    value = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        value,
        attrs_html(widget["attrs"]),
    )


class _InputRendering:
    def render(self, name, value, attrs=None, renderer=None):
        return _input_html(self.get_context(name, value, attrs)["widget"])


class NumberInput(_InputRendering, forms.NumberInput):
    pass


class CheckboxInput(_InputRendering, forms.CheckboxInput):
    pass


class DateInput(_InputRendering, forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class Textarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        return format_html(
            # The newline after the tag is the template's: a browser drops it, not the value's own.
            '<textarea name="{}"{}>\n{}</textarea>',
            widget["name"],
            attrs_html(widget["attrs"]),
            widget["value"] or "",
        )


# The Select's rendered options, by language, choice values and selected values.
_options: dict[tuple, SafeString] = {}


class Select(forms.Select):
    """A picker of choices fixed in the code (labels are translations, never rows someone
    made): its options are rendered once per language, choices and selected value, and kept."""

    def options(self, value) -> SafeString:
        # The choices' values, and their groups' names if grouped.
        choices = (
            tuple(str(choice) for choice, _label in flatten_choices(self.choices)),
            tuple(str(choice) for choice, _label in self.choices),
        )
        # Only values among the choices select one, and only those make a key, whatever is sent.
        selected = tuple(item for item in self.format_value(value) if item in choices[0])
        key = (get_language(), choices, selected)
        html = _options.get(key)
        if html is None:
            html = _options[key] = options_html(self.optgroups("", list(selected)))
        return html

    def render(self, name, value, attrs=None, renderer=None):
        # The attributes as Select.get_context makes them, without its options.
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        return format_html(
            '<select name="{}"{}>{}\n</select>', name, attrs_html(final_attrs), self.options(value)
        )
