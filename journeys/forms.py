from django import forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    NOTE_MAX_LENGTH,
    REPLY_STEP_KINDS,
    STORY_MAX_LENGTH,
    Company,
    Journey,
    Sector,
    Step,
    StepKind,
    User,
)

# One line per step kind, shown next to the kind picker so a consumer knows which one fits.
STEP_KIND_HELP = {
    StepKind.CREATE_ACCOUNT: _("You had to make an account before you could even ask."),
    StepKind.LOG_IN: _("You had to log in or prove who you are."),
    StepKind.FILL_FORM: _("You filled in a form."),
    StepKind.REPEAT_INFO: _(
        "You gave information you had already given, such as a booking number."
    ),
    StepKind.CHATBOT: _("You explained your problem to a chatbot."),
    StepKind.CHATBOT_LOOP: _("The chatbot kept sending you round, with no way to reach a person."),
    StepKind.PHONE_MENU: _("You pressed your way through a phone menu."),
    StepKind.HOLD: _("You waited on hold."),
    StepKind.TRANSFER: _("You were put through to another department or person."),
    StepKind.HUMAN: _("You reached a person."),
    StepKind.CHANNEL_SWITCH: _("You were told to use another channel: e-mail us, use the app, …"),
    StepKind.CONTRADICTION: _("The answer contradicted something you were told before."),
    StepKind.BROKEN_PROMISE: _("A promised callback or reply never came."),
    StepKind.DISCONNECTED: _("The call or chat was cut off."),
    StepKind.AUTOMATED_DECISION: _('A decision was made by "the system", not by a person.'),
    StepKind.UPLOAD_DOCUMENTS: _("You had to upload documents."),
    StepKind.CLOSED_UNRESOLVED: _("The case was closed without solving your problem."),
    StepKind.ESCALATED: _("You filed a formal complaint or went to an ombudsman or disputes body."),
    StepKind.RESOLVED: _("Your problem was solved."),
}

# Kinds that are a moment rather than time spent: the form does not ask for minutes.
INSTANT_KINDS = {
    StepKind.AUTOMATED_DECISION,
    StepKind.BROKEN_PROMISE,
    StepKind.CLOSED_UNRESOLVED,
    StepKind.CONTRADICTION,
    StepKind.DISCONNECTED,
    StepKind.RESOLVED,
    *REPLY_STEP_KINDS,
}


def fields_for_kind(kind: str | None) -> set[str]:
    """The optional fields that fit a step kind; with no kind chosen yet, all of them."""
    if not kind:
        return {"minutes", "repeats"}
    fields = set()
    if kind not in INSTANT_KINDS:
        fields.add("minutes")
    if kind == StepKind.REPEAT_INFO:
        fields.add("repeats")
    return fields


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _not_in_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."), code="future")
    return value


class SignupForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's own help text addresses the reader as "u"; frictionlog says "je". It says what
        # the validators in settings.AUTH_PASSWORD_VALIDATORS check.
        self.fields["password1"].help_text = _(
            "At least 8 characters, not too much like your e-mail address, not a common password "
            "and not only digits."
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail address already exists. Log in instead."),
                code="exists",
            )
        return email


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True})
    )


# What the story field and the consent box promise: only what holds. Recognition is automatic and
# misses things (names above all), so the consumer is told to check the preview themselves.
STORY_HELP = _(
    "Optional. Tell what happened in your own words. Leave out names and other details about you "
    "or anyone else. We hide names, addresses, dates of birth, e-mail addresses, phone numbers "
    "and card, account and booking numbers automatically, but that recognition is not perfect: "
    "check the preview on the journey page."
)
CONSENT_LABEL = _(
    "I agree that my story may be shown publicly after a moderator has approved it. Personal "
    "details are hidden automatically, but not perfectly: I check the preview myself."
)


class StoryForm(forms.Form):
    """The story and its consent, edited under the preview on the journey page. A plain form,
    so a preview of unsaved text never touches the journey."""

    story = forms.CharField(
        label=_("Your story"),
        required=False,
        max_length=STORY_MAX_LENGTH,
        help_text=STORY_HELP,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": STORY_MAX_LENGTH}),
    )
    story_consent = forms.BooleanField(label=CONSENT_LABEL, required=False)

    @classmethod
    def for_journey(cls, journey: Journey, data=None) -> "StoryForm":
        initial = {"story": journey.story, "story_consent": journey.story_consent}
        return cls(data, initial=initial)

    def changes_for(self, journey: Journey) -> dict:
        """Only what differs: saving an unchanged story must not send a journey back to review."""
        return {
            field: value
            for field, value in self.cleaned_data.items()
            if getattr(journey, field) != value
        }


class JourneyForm(forms.ModelForm):
    """A journey's facts. The company is typed (the picker fills it in) and resolved by name or
    alias; a name not found may be suggested to moderators instead."""

    company_name = forms.CharField(
        label=_("Company"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": _("e.g. AirlineGo")}),
    )
    company_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    suggest_company = forms.BooleanField(
        label=_("The company is not in the list: suggest it to the moderators"), required=False
    )
    suggest_sector = forms.ChoiceField(
        label=_("Sector of the suggested company"),
        choices=[("", "—"), *Sector.choices],
        required=False,
    )

    class Meta:
        model = Journey
        fields = ["goal", "started_on", "status", "story", "story_consent"]
        widgets = {
            "started_on": DateInput(),
            "story": forms.Textarea(attrs={"rows": 6, "maxlength": STORY_MAX_LENGTH}),
        }
        help_texts = {"story": STORY_HELP}
        labels = {"story_consent": CONSENT_LABEL}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.company = None
        if self.instance.pk and not self.is_bound:
            self.initial["company_name"] = self.instance.company.name
            self.initial["company_id"] = self.instance.company_id

    def clean_started_on(self):
        return _not_in_future(self.cleaned_data.get("started_on"))

    def journey_fields(self) -> dict:
        """The journey's own fields, ready for `services.journey_create` / `journey_update`."""
        return {field: self.cleaned_data[field] for field in self.Meta.fields}

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("company_name", "")
        company = None
        if cleaned.get("company_id"):
            company = Company.objects.active().filter(pk=cleaned["company_id"]).first()
        if company is None and name:
            company = Company.objects.resolve(name)
        if company is None and self.instance.pk and name == self.instance.company.name:
            company = self.instance.company  # still pending, but it is this journey's own
        if company is None and name and not cleaned.get("suggest_company"):
            self.add_error(
                "company_name",
                _(
                    "We do not know this company. Pick one from the list, or tick the box to "
                    "suggest it."
                ),
            )
        if company is None and cleaned.get("suggest_company") and not cleaned.get("suggest_sector"):
            self.add_error("suggest_sector", _("Choose the sector of the company you suggest."))
        self.company = company
        return cleaned


class StepForm(forms.ModelForm):
    minutes = forms.IntegerField(
        label=_("Minutes spent"),
        required=False,
        help_text=_("Roughly how long this step took you."),
        widget=forms.NumberInput(attrs={"min": 0, "max": 10_000}),
    )
    repeats = forms.IntegerField(
        label=_("Times given again"),
        required=False,
        help_text=_(
            "How often did you give the same information again? Typed it 4 times in all = 3 "
            "times again."
        ),
        widget=forms.NumberInput(attrs={"min": 0, "max": 100}),
    )

    class Meta:
        model = Step
        fields = ["kind", "channel", "occurred_on", "minutes", "repeats", "note"]
        widgets = {
            "occurred_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX_LENGTH}),
        }
        help_texts = {"note": _("Only you can see this note.")}

    def __init__(
        self,
        *args,
        journey: Journey,
        id_prefix: str = "add",
        previous: Step | None = None,
        **kwargs,
    ):
        # The add and inline-edit forms share a page, so their element ids need their own prefix.
        kwargs.setdefault("auto_id", f"{id_prefix}-%s")
        super().__init__(*args, **kwargs)
        self.id_prefix = id_prefix
        self.journey = journey
        # The consumer's judgement of a company reply is a step the reply page adds; a step of
        # that kind keeps it when edited.
        kinds = [
            (value, label)
            for value, label in StepKind.choices
            if value not in REPLY_STEP_KINDS or value == self.instance.kind
        ]
        self.fields["kind"].choices = [("", _("Choose what happened…")), *kinds]
        self.fields["channel"].choices = [
            ("", _("Choose a channel…")),
            *self.fields["channel"].choices[1:],
        ]
        if not self.is_bound and not self.instance.pk:
            # A new step starts where the last one left off: its day and its channel (the first
            # step, on the day the journey started).
            started = previous.occurred_on if previous else journey.started_on
            self.initial.setdefault("occurred_on", started or timezone.localdate())
            if previous:
                self.initial.setdefault("channel", previous.channel)

    @property
    def kind_value(self) -> str | None:
        return self["kind"].value() or None

    @property
    def kind_help_text(self) -> str:
        return STEP_KIND_HELP.get(self.kind_value, "")

    @property
    def visible_extras(self) -> set[str]:
        return fields_for_kind(self.kind_value)

    def _get_validation_exclusions(self):
        # clean_minutes and clean_repeats check the ranges with our own messages, and the
        # database's constraints hold them; Django would otherwise ask the database once more per
        # CheckConstraint on every step posted (tests/test_journey_views.py counts the queries).
        return super()._get_validation_exclusions() | {"minutes", "repeats"}

    def clean_minutes(self):
        minutes = self.cleaned_data.get("minutes")
        if minutes is not None and not 0 <= minutes <= 10_000:
            raise forms.ValidationError(
                _("Minutes must be between 0 and 10,000."), code="minutes_range"
            )
        return minutes

    def clean_repeats(self):
        repeats = self.cleaned_data.get("repeats")
        if repeats is not None and not 0 <= repeats <= 100:
            raise forms.ValidationError(
                _("The number of repetitions must be between 0 and 100."), code="repeats_range"
            )
        return repeats

    def clean_occurred_on(self):
        value = _not_in_future(self.cleaned_data.get("occurred_on"))
        if value and value < self.journey.started_on:
            raise forms.ValidationError(
                _("This step cannot come before the journey started (%(date)s)."),
                params={"date": self.journey.started_on.strftime("%d-%m-%Y")},
                code="before_start",
            )
        return value

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        extras = fields_for_kind(kind)
        # Values for fields that do not fit the kind are dropped rather than silently scored.
        cleaned["minutes"] = cleaned.get("minutes") or 0 if "minutes" in extras else 0
        repeats = cleaned.get("repeats")
        if kind == StepKind.REPEAT_INFO:
            cleaned["repeats"] = repeats if repeats else 1
        else:
            cleaned["repeats"] = 0
        return cleaned
