"""Widgets that write in Python the HTML Django's widget templates write, for the forms on the
journey page: the step form is on every page and every htmx answer of the step log, and Django
renders each widget, attribute list and select option through a template of its own (about a
third of the page's time). The context is Django's own (`get_context`: value, required, ids,
aria attributes, selected options), so only the templating is replaced;
tests/test_widgets.py holds the output to the templates'.
"""

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def attrs_html(attrs: dict) -> SafeString:
    """django/forms/widgets/attrs.html: False leaves an attribute out, True writes its name."""
    return mark_safe(  # noqa: S308 (each part is format_html's)
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


def options_html(optgroups) -> SafeString:
    """The options of django/forms/widgets/select.html, from `Select.optgroups()`."""
    parts = []
    for group_name, options, _index in optgroups:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in options:
            parts.append(
                format_html(
                    # The newline after each is select_option.html's own last line.
                    '\n  <option value="{}"{}>{}</option>\n',
                    option["value"],
                    attrs_html(option["attrs"]),
                    option["label"],
                )
            )
        if group_name:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))  # noqa: S308 (each part is format_html's)


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


class Select(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            attrs_html(widget["attrs"]),
            options_html(widget["optgroups"]),
        )
