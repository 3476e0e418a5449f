"""Forms for moderators' decisions, public story reports and the consumer's erasure request."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Company, DisputeBody, Sector, StoryFlag
from .moderation import REASONS


class DecisionForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *REASONS])
    note = forms.CharField(
        label=_("Explanation for the consumer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RedactForm(forms.Form):
    phrase = forms.CharField(
        label=_("Text to redact"),
        max_length=500,
        help_text=_("Copy the words exactly as they appear; every occurrence becomes [weggelakt]."),
    )
    note = forms.CharField(label=_("Why (shown to the consumer)"), required=False, max_length=500)


class QueueFilterForm(forms.Form):
    company = forms.CharField(label=_("Company"), required=False, max_length=140)
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("All"))])
    flag = forms.ChoiceField(label=_("Report reason"), required=False, choices=[("", _("All"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", _("All sectors")), *Sector.choices]
        self.fields["flag"].choices = [
            ("", _("Everything")),
            ("any", _("Reported stories only")),
            *StoryFlag.Reason.choices,
        ]


# The reasons a reader may give; representatives have their own (`replies.COMPANY_FLAG_REASONS`).
READER_FLAG_REASONS = [
    (reason.value, reason.label)
    for reason in StoryFlag.Reason
    if reason not in (StoryFlag.Reason.NOT_ABOUT_COMPANY, StoryFlag.Reason.HARMFUL)
]


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this story?"),
        choices=READER_FLAG_REASONS,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything the moderators should know (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_(
            "To hear that we received your report and what we decided. We delete it once we "
            "have told you."
        ),
    )

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:  # we write to the account's address
            del self.fields["email"]


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why is the decision wrong?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Another moderator, who did not take the decision, reads this and decides."),
    )


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision on the appeal"),
        choices=[("denied", _("Deny: the decision stands")), ("granted", _("Grant: reverse it"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Explanation for the author"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MergeForm(forms.Form):
    source = forms.CharField(label=_("Duplicate (will be merged away)"), max_length=140)
    target = forms.CharField(label=_("Merge into"), max_length=140)

    @staticmethod
    def _company(value: str, *, allow_pending: bool) -> Company | None:
        live = [Company.Status.ACTIVE, *([Company.Status.PENDING] if allow_pending else [])]
        found = Company.objects.filter(slug=value.strip(), status__in=live).first()
        if found is None:
            found = Company.objects.resolve(value)
        if found is None and allow_pending:
            found = Company.objects.filter(
                name__iexact=value.strip(), status=Company.Status.PENDING
            ).first()
        return found

    def clean(self):
        cleaned = super().clean()
        self.source_company = self._company(cleaned.get("source", ""), allow_pending=True)
        self.target_company = self._company(cleaned.get("target", ""), allow_pending=False)
        if cleaned.get("source") and self.source_company is None:
            self.add_error("source", _("No company with this name or slug."))
        if cleaned.get("target") and self.target_company is None:
            self.add_error("target", _("No active company with this name or slug."))
        return cleaned


class DisputeBodyForm(forms.Form):
    """Which dispute body an active company is affiliated with (by slug or name, as merging)."""

    company = forms.CharField(label=_("Company"), max_length=140)
    dispute_body = forms.ChoiceField(
        label=_("Dispute body"), choices=DisputeBody.choices, required=False
    )

    def clean_company(self):
        value = self.cleaned_data["company"]
        found = MergeForm._company(value, allow_pending=False)
        if found is None:
            raise forms.ValidationError(_("No active company with this name or slug."))
        return found
