import re

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from .models import (
    INSTANT_KINDS,
    NOTE_MAX_LENGTH,
    PROPOSAL_MAX_STEPS,
    REPLY_STEP_KINDS,
    STEP_MINUTES_MAX,
    STEP_REPEATS_MAX,
    STORY_MAX_LENGTH,
    Channel,
    Company,
    Goal,
    Journey,
    Sector,
    Step,
    StepKind,
    User,
)
from .widgets import CheckboxInput, DateInput, NumberInput, Select, Textarea

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

# The kinds most often logged on each channel (the columns' journeys in scenarios.json, and what
# each channel can do), offered as one-click buttons on the journey page; the form has them all.
QUICK_KINDS = {
    Channel.PHONE: (
        StepKind.PHONE_MENU,
        StepKind.HOLD,
        StepKind.HUMAN,
        StepKind.TRANSFER,
        StepKind.REPEAT_INFO,
        StepKind.DISCONNECTED,
    ),
    Channel.CHATBOT: (
        StepKind.CHATBOT,
        StepKind.CHATBOT_LOOP,
        StepKind.REPEAT_INFO,
        StepKind.CHANNEL_SWITCH,
    ),
    Channel.LIVE_CHAT: (
        StepKind.HOLD,
        StepKind.HUMAN,
        StepKind.REPEAT_INFO,
        StepKind.TRANSFER,
        StepKind.DISCONNECTED,
    ),
    Channel.EMAIL: (
        StepKind.AUTOMATED_DECISION,
        StepKind.CONTRADICTION,
        StepKind.REPEAT_INFO,
        StepKind.BROKEN_PROMISE,
        StepKind.CHANNEL_SWITCH,
        StepKind.CLOSED_UNRESOLVED,
    ),
    Channel.WEB_FORM: (
        StepKind.CREATE_ACCOUNT,
        StepKind.LOG_IN,
        StepKind.FILL_FORM,
        StepKind.REPEAT_INFO,
        StepKind.UPLOAD_DOCUMENTS,
        StepKind.AUTOMATED_DECISION,
    ),
    Channel.APP: (
        StepKind.LOG_IN,
        StepKind.FILL_FORM,
        StepKind.REPEAT_INFO,
        StepKind.CHATBOT,
        StepKind.AUTOMATED_DECISION,
    ),
    Channel.SOCIAL_MEDIA: (
        StepKind.HUMAN,
        StepKind.REPEAT_INFO,
        StepKind.CONTRADICTION,
        StepKind.BROKEN_PROMISE,
        StepKind.CHANNEL_SWITCH,
    ),
    Channel.LETTER: (
        StepKind.AUTOMATED_DECISION,
        StepKind.CONTRADICTION,
        StepKind.CLOSED_UNRESOLVED,
        StepKind.ESCALATED,
    ),
    Channel.IN_PERSON: (
        StepKind.HOLD,
        StepKind.HUMAN,
        StepKind.REPEAT_INFO,
        StepKind.UPLOAD_DOCUMENTS,
        StepKind.CHANNEL_SWITCH,
    ),
}
# Before the first step the buttons show the phone's kinds: most of the columns' journeys start there.
FIRST_CHANNEL = Channel.PHONE


def quick_steps(*, journey: Journey, previous: Step | None, channel: str | None) -> dict:
    """What the one-click buttons add: a kind common on `channel` (the one asked for, else the
    last step's), on the last step's day (the first step, on the day the journey started)."""
    if channel not in QUICK_KINDS:
        channel = previous.channel if previous else FIRST_CHANNEL
    if channel not in QUICK_KINDS:  # a stored channel the app no longer offers
        channel = FIRST_CHANNEL
    page = journey.get_absolute_url()
    return {
        "channel": channel,
        "channel_label": Channel(channel).label,
        # Each channel's link: the journey page showing that channel's buttons.
        "channels": [(value, label, f"{page}?channel={value}") for value, label in Channel.choices],
        "kinds": [(kind.value, kind.label) for kind in QUICK_KINDS[channel]],
        "occurred_on": previous.occurred_on if previous else journey.started_on,
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
    story_consent = forms.BooleanField(label=CONSENT_LABEL, required=False, widget=CheckboxInput)

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
        # The story is not here: it is told in the one box, "What happened" (NarrativeForm), and
        # kept, redacted, only with the consent asked under the proposed steps.
        fields = ["goal", "started_on", "status"]
        widgets = {"started_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.company = None
        self.fields["goal"].choices = [("", _("Choose what you wanted…")), *Goal.choices]
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


def _kind_choices(keep: str = "") -> list:
    """The kind picker's choices. The consumer's judgement of a company reply is a step the
    reply page adds; a step of that kind (`keep`) keeps it when edited."""
    kinds = [
        (value, label)
        for value, label in StepKind.choices
        if value not in REPLY_STEP_KINDS or value == keep
    ]
    return [("", _("Choose what happened…")), *kinds]


def _step_formfield(db_field, **kwargs):
    """The pickers' choices, set once for the form class rather than on every form made: a
    prompt in place of Django's "---------", and the kinds a consumer adds."""
    field = db_field.formfield(**kwargs)
    if db_field.name == "kind":
        field.choices = _kind_choices()
    elif db_field.name == "channel":
        field.choices = [("", _("Choose a channel…")), *field.choices[1:]]
    return field


class StepForm(forms.ModelForm):
    minutes = forms.IntegerField(
        label=_("Minutes spent"),
        required=False,
        help_text=_("Roughly how long this step took you."),
        widget=NumberInput(attrs={"min": 0, "max": STEP_MINUTES_MAX}),
    )
    repeats = forms.IntegerField(
        label=_("Times given again"),
        required=False,
        help_text=_(
            "How often did you give the same information again? Typed it 4 times in all = 3 "
            "times again."
        ),
        widget=NumberInput(attrs={"min": 0, "max": 100}),
    )

    class Meta:
        model = Step
        fields = ["kind", "channel", "occurred_on", "minutes", "repeats", "note"]
        widgets = {
            "kind": Select,
            "channel": Select,
            "occurred_on": DateInput(),
            "note": Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX_LENGTH}),
        }
        help_texts = {"note": _("Only you can see this note.")}
        formfield_callback = _step_formfield

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
        if self.instance.kind in REPLY_STEP_KINDS:
            self.fields["kind"].choices = _kind_choices(keep=self.instance.kind)
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
    def kind_options(self) -> SafeString:
        """The kind picker's options; step_form.html writes its <select>, with the htmx that
        swaps in the fields for the kind."""
        return self.fields["kind"].widget.options([self.kind_value] if self.kind_value else [])

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
        if minutes is not None and not 0 <= minutes <= STEP_MINUTES_MAX:
            raise forms.ValidationError(
                _("Minutes must be between 0 and %(most)s."),
                code="minutes_range",
                params={"most": number_format(STEP_MINUTES_MAX, force_grouping=True)},
            )
        return minutes

    def clean_repeats(self):
        repeats = self.cleaned_data.get("repeats")
        if repeats is not None and not 0 <= repeats <= STEP_REPEATS_MAX:
            raise forms.ValidationError(
                _("The number of repetitions must be between 0 and %(most)s."),
                code="repeats_range",
                params={"most": STEP_REPEATS_MAX},
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


def storable_text(value: str, limit: int) -> str:
    """Free text taken from a request outside a form, as the database can take it: without NUL
    bytes (PostgreSQL refuses them in text), trimmed, at most `limit` characters."""
    return value.replace("\x00", "").strip()[:limit]


NARRATIVE_MAX_LENGTH = 5000
STORY_CONSENT_QUESTION = _(
    "Yes, this text may also be my public story, with personal details hidden as shown, after a "
    "moderator has approved it."
)


class NarrativeForm(forms.Form):
    """What happened, in the consumer's own words: read to propose steps, and kept (as the
    story) only with the consent asked under them. Its label and hint are in
    journeys/includes/narrative_text.html, which the journey page renders without this form."""

    narrative = forms.CharField(max_length=NARRATIVE_MAX_LENGTH)
    # Asked under the proposed steps, beside the redacted preview of the same text.
    story_consent = forms.BooleanField(label=STORY_CONSENT_QUESTION, required=False)

    def clean_narrative(self) -> str:
        # One kind of line break, so the offsets of the proposed steps' words stay the same when
        # the browser sends the text back (a textarea sends CRLF).
        return self.cleaned_data["narrative"].replace("\r\n", "\n").replace("\r", "\n")


_OFFSETS = re.compile(r"([0-9]{1,9})-([0-9]{1,9})")


class ProposedStepForm(StepForm):
    """One proposed step: accepted as it is, edited, or left out. A step left out is not
    checked, and nothing of it is kept."""

    accept = forms.BooleanField(label=_("Add this step"), required=False, initial=True)
    # Where in the narrative the step came from ("start-end" offsets, ";"-separated), so the
    # words can be shown again when something needs fixing; never saved.
    spans = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta(StepForm.Meta):
        fields = ["kind", "channel", "occurred_on", "minutes", "repeats"]

    @property
    def accepted(self) -> bool:
        if not self.is_bound:
            return bool(self.initial.get("accept", True))
        widget = self.fields["accept"].widget
        return widget.value_from_datadict(self.data, self.files, self.add_prefix("accept"))

    def full_clean(self):
        if self.is_bound and not self.accepted:
            self._errors = ErrorDict()
            self.cleaned_data = {"accept": False}
            return
        super().full_clean()

    def step_values(self) -> dict:
        """The accepted step, ready for `services.step_add`."""
        fields = ("kind", "channel", "occurred_on", "minutes", "repeats")
        return {field: self.cleaned_data[field] for field in fields} | {"note": ""}

    def span_offsets(self) -> list[tuple[int, int]]:
        offsets = []
        for part in (self["spans"].value() or "").split(";"):
            # The page sends them back: anything but two ASCII numbers in order is ignored
            # ("²".isdigit() is true, yet int() refuses it).
            match = _OFFSETS.fullmatch(part)
            if match and int(match[1]) < int(match[2]):
                offsets.append((int(match[1]), int(match[2])))
        return offsets


ProposalFormSet = forms.formset_factory(
    ProposedStepForm,
    extra=0,
    max_num=PROPOSAL_MAX_STEPS,
    absolute_max=PROPOSAL_MAX_STEPS,
    validate_max=True,
)


class EraseForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autofocus": True})
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and all my journeys will be deleted for good.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if authenticate(username=self.user.email, password=password) is None:
            raise forms.ValidationError(_("This password is not correct."), code="password")
        return password
