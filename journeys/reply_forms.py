"""Forms for the company right of reply: a representative's claim, reply and flag, and the
consumer's hand-over of contact details and judgement of a reply."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import STORY_MAX_LENGTH, Handover, Reply
from .replies import COMPANY_FLAG_REASONS


class ClaimForm(forms.Form):
    work_email = forms.EmailField(
        label=_("Your work e-mail address"),
        max_length=254,
        help_text=_("We send a link to this address; it must be at the company's website domain."),
    )


class ReplyForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Response"), choices=Reply.Category.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Public reply"),
        required=False,
        max_length=STORY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Everyone can read this beside the story once a moderator approved it. Personal "
            "details are removed automatically, as in stories."
        ),
    )

    def __init__(self, *args, final: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if final:
            self.fields["category"].choices = [
                choice for choice in Reply.Category.choices if choice[0] != "in_progress"
            ]


class CompanyFlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why should a moderator look at this story?"),
        choices=[(r.value, r.label) for r in COMPANY_FLAG_REASONS],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Explanation for the moderators (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HandoverForm(forms.ModelForm):
    confirm = forms.BooleanField(
        label=_(
            "I give these details to this company, for this journey only. I can take them "
            "back at any time."
        )
    )

    class Meta:
        model = Handover
        fields = ["name", "email", "phone", "case_reference"]


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How good was this reply? (1 poor – 5 excellent)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    resolved = forms.TypedChoiceField(
        label=_("Was your problem resolved after this reply?"),
        choices=[("yes", _("Yes, it was resolved")), ("no", _("No, it was not resolved"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class ElsewhereForm(forms.Form):
    answered = forms.TypedChoiceField(
        label=_("Your answer"),
        choices=[("yes", _("Yes, it answered me")), ("no", _("No, it did not answer"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
