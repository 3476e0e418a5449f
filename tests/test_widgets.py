"""The journey page's widgets write in Python what Django's widget templates write: the same
HTML, character for character, for every state a field can be in."""

import copy
import datetime

import pytest
from django import forms
from django.template import Context, Template

from journeys import widgets
from journeys.forms import StepForm, StoryForm
from journeys.models import REPLY_STEP_KINDS, StepKind

from .factories import JourneyFactory, StepFactory


def django_html(bound_field) -> str:
    """The field as Django's own widget template renders it: the same widget, but for its
    render()."""
    widget = copy.copy(bound_field.field.widget)
    widget.__class__ = type("Templated", (type(widget),), {"render": forms.Widget.render})
    return bound_field.as_widget(widget=widget)


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (widgets.NumberInput(attrs={"min": 0, "max": 100}), 5),
        (widgets.NumberInput(), None),
        (widgets.DateInput(), datetime.date(2026, 3, 1)),
        (widgets.CheckboxInput(), True),
        (widgets.CheckboxInput(), False),
        (widgets.Textarea(attrs={"rows": 2}), 'a <b>"note"</b> & more'),
        (widgets.Textarea(), "\nstarts with a line break"),
        (widgets.Textarea(), None),
        (widgets.Select(choices=[("", "Choose…"), ("a", "A & <b>")]), "a"),
        (widgets.Select(choices=[("", "Choose…"), ("a", "A")]), None),
        (widgets.Select(choices=[("Group", [("x", "X"), ("y", "Y")]), ("z", "Z")]), "y"),
    ],
)
def test_widget_renders_as_its_django_template(widget, value):
    attrs = {"id": "add-x", "required": True, "aria-describedby": 'help "x"', "hidden": False}
    assert widget.render("x", value, attrs) == forms.Widget.render(widget, "x", value, attrs)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"kind": "hold", "channel": "phone", "occurred_on": "2026-01-01", "minutes": "5"},
        {"kind": "", "channel": "nonsense", "occurred_on": "soon", "minutes": "-3", "note": "<x>"},
    ],
)
def test_step_form_fields_render_as_django_templates(data):
    journey = JourneyFactory(started_on=datetime.date(2025, 12, 1))
    form = StepForm(data, journey=journey)
    form.is_valid()
    for name in ("kind", "channel", "occurred_on", "minutes", "repeats", "note"):
        assert str(form[name]) == django_html(form[name]), name
    story = StoryForm({"story": "", "story_consent": "on"})
    assert str(story["story_consent"]) == django_html(story["story_consent"])


@pytest.mark.django_db
def test_kind_options_list_every_kind_with_the_chosen_one_selected():
    journey = JourneyFactory()
    chosen = StepForm({"kind": "transfer"}, journey=journey).kind_options
    choices = StepForm(journey=journey).fields["kind"].choices
    assert chosen.count("<option ") == len(choices)
    assert chosen.count(" selected") == 1
    assert '<option value="transfer" selected>' in chosen
    assert "selected" not in StepForm(journey=journey).kind_options


@pytest.mark.django_db
def test_field_group_ties_label_hint_and_errors_to_the_widget():
    journey = JourneyFactory()
    form = StepForm({"kind": "hold", "minutes": "-3"}, journey=journey)
    form.is_valid()
    html = Template("{% load fields %}{% field_group form.minutes %}").render(
        Context({"form": form})
    )
    assert html.startswith('<div class="field has-error">')
    assert '<label for="add-minutes">Minutes spent</label>' in html
    assert '<input type="number" name="minutes" value="-3"' in html
    assert 'aria-describedby="add-minutes_helptext add-minutes_error"' in html
    assert '<ul class="errorlist" id="add-minutes_error">' in html
    assert 'aria-invalid="true"' in html
    assert (
        '<p class="hint" id="add-minutes_helptext">Roughly how long this step took you.</p>' in html
    )
    assert '<div class="field-errors" role="alert"><ul class="errorlist"' in html
    quiet = Template("{% load fields %}{% field_group form.kind %}").render(
        Context({"form": StepForm(journey=journey)})
    )
    assert quiet.startswith('<div class="field">') and "hint" not in quiet
    assert "field-errors" not in quiet


@pytest.mark.django_db
def test_kind_picker_leaves_out_reply_judgements_but_an_edited_one_keeps_its_own():
    journey = JourneyFactory()
    offered = dict(StepForm(journey=journey).fields["kind"].choices)
    assert not set(REPLY_STEP_KINDS) & set(offered)
    assert "hold" in offered and offered[""] == "Choose what happened…"
    judged = StepFactory(journey=journey, kind=StepKind.REPLY_RESOLVED)
    kept = [
        value for value, _label in StepForm(instance=judged, journey=journey).fields["kind"].choices
    ]
    assert kept == [
        "",
        *(value for value in StepKind.values if value in offered or value == judged.kind),
    ]
    # The class's own choices are not changed by that form.
    assert dict(StepForm(journey=journey).fields["kind"].choices) == offered


def test_select_keeps_one_rendering_per_language_and_choice_whatever_is_sent(monkeypatch):
    monkeypatch.setattr(widgets, "_options", {})
    picker = widgets.Select(choices=[("", "Choose…"), ("a", "A")])
    for sent in ("junk", "more junk", "", "a", "a"):
        picker.render("x", sent)
    # Nothing selected (junk or none), the empty choice, and "a": one entry each.
    assert len(widgets._options) == 3
