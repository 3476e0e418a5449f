"""Forms for the consumer's letters: which letter to draft, its text, and recording it sent and
answered. Dates are checked against the journey, so the route and reminders stay sane."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import routes
from .models import LETTER_BODY_MAX_LENGTH, Channel, DisputeBody, Letter

SENT_CHANNELS = [(c, Channel(c).label) for c in (Channel.LETTER, Channel.EMAIL, Channel.WEB_FORM)]


class LetterNewForm(forms.Form):
    """Which letter to draft: the kinds the journey's route has a place for (a cover letter
    only where a dispute body takes one), and for an air passenger the flight and the claim."""

    kind = forms.ChoiceField(label=_("Kind of letter"), choices=Letter.Kind.choices)
    language = forms.ChoiceField(
        label=_("Language of the letter"), choices=[("nl", "Nederlands"), ("en", "English")]
    )
    flight_on = forms.DateField(
        label=_("Date of the flight"),
        help_text=_("The ILT's year and the court's two years are counted from it."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    claim = forms.ChoiceField(
        label=_("What do you claim?"), choices=Letter.Claim.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, route: routes.Route, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind, label)
            for kind, label in Letter.Kind.choices
            if kind != Letter.Kind.DISPUTE_COVER or route.has_letter(kind)
        ]
        if route.body != DisputeBody.AIR_PASSENGER:
            del self.fields["flight_on"], self.fields["claim"]

    def clean_flight_on(self):
        day = self.cleaned_data["flight_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class LetterForm(forms.ModelForm):
    class Meta:
        model = Letter
        fields = ["sender", "recipient", "subject", "body"]
        widgets = {
            "sender": forms.Textarea(attrs={"rows": 5}),
            "recipient": forms.Textarea(attrs={"rows": 4}),
            "body": forms.Textarea(attrs={"rows": 30, "maxlength": LETTER_BODY_MAX_LENGTH}),
        }
        help_texts = {
            "body": _("Fill in what is in [brackets] and change anything you want before use."),
        }


class LetterSentForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label=_("Sent by"), choices=SENT_CHANNELS)
    received_on = forms.DateField(
        label=_("Received on (if you know it)"),
        required=False,
        help_text=_(
            "From a delivery or receipt confirmation. A government body's six weeks run from "
            "the day it received your complaint."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, letter: Letter, **kwargs):
        super().__init__(*args, **kwargs)
        self.letter = letter
        self.fields["sent_on"].initial = letter.sent_on or timezone.localdate()

    def clean_sent_on(self):
        day = self.cleaned_data["sent_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        if day < self.letter.journey.started_on:
            raise forms.ValidationError(_("The date cannot be before the journey started."))
        return day

    def clean(self):
        data = super().clean()
        sent, received = data.get("sent_on"), data.get("received_on")
        if received and received > timezone.localdate():
            self.add_error("received_on", _("The date cannot be in the future."))
        elif received and sent and received < sent:
            self.add_error("received_on", _("It cannot have arrived before it was sent."))
        return data


class LetterAnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What did the company do?"),
        choices=[c for c in Letter.Outcome.choices if c[0]],
        widget=forms.RadioSelect,
    )
    outcome_on = forms.DateField(label=_("On"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, letter: Letter, **kwargs):
        super().__init__(*args, **kwargs)
        self.letter = letter
        self.fields["outcome_on"].initial = timezone.localdate()

    def clean_outcome_on(self):
        day = self.cleaned_data["outcome_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        if self.letter.sent_on and day < self.letter.sent_on:
            raise forms.ValidationError(_("The date cannot be before the letter was sent."))
        return day
