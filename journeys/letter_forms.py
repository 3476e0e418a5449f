"""Forms for the consumer's letters: which letter to draft, its text, and recording it sent and
answered. Dates are checked against the journey, so the route and reminders stay sane."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import LETTER_BODY_MAX_LENGTH, Channel, Letter

SENT_CHANNELS = [(c, Channel(c).label) for c in (Channel.LETTER, Channel.EMAIL, Channel.WEB_FORM)]


class LetterNewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of letter"), choices=Letter.Kind.choices)
    language = forms.ChoiceField(
        label=_("Language of the letter"), choices=[("nl", "Nederlands"), ("en", "English")]
    )


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
