"""Tell it first: "What happened" in, proposed steps out, only the accepted ones saved.

The new-journey form and a journey without steps open on the same box. The narrative is read in
the request that proposes and, when something needs fixing, in the one that adds; it travels
between the two in the consumer's own form. It is kept only as the journey's story, and only
when the consumer consents under its redacted preview; otherwise it is never saved, logged or put
in the session, and error reports hide it like a password.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from .. import extraction, services, stories
from ..forms import JourneyForm, NarrativeForm, ProposalFormSet
from ..models import Journey
from ..types import HtmxHttpRequest
from .access import get_journey_for_user
from .consumer import _company_of, _resubmission_held

PAGE = "journeys/narrative.html"


def _formset(journey: Journey, data=None, initial=None) -> ProposalFormSet:
    # A proposed step starts on the day a new step would: the last step's, or the journey's first.
    previous = journey.steps.only("occurred_on", "channel").order_by("-position").first()
    kwargs = {"journey": journey, "previous": previous, "id_prefix": "proposal"}
    return ProposalFormSet(data, initial=initial, prefix="step", form_kwargs=kwargs)


def _marked(text: str, formset: ProposalFormSet) -> list[tuple[str, int | None]]:
    """The narrative as (words, step number or None) parts, each step's words marked."""
    spans = sorted(
        (start, end, number)
        for number, form in enumerate(formset.forms, start=1)
        for start, end in form.span_offsets()
        if end <= len(text)
    )
    parts, at = [], 0
    for start, end, number in spans:
        if start < at:
            continue  # overlaps words already marked
        if start > at:
            parts.append((text[at:start], None))
        parts.append((text[start:end], number))
        at = end
    if at < len(text):
        parts.append((text[at:], None))
    return parts


def _render(
    request: HtmxHttpRequest,
    journey: Journey,
    form: NarrativeForm,
    formset: ProposalFormSet | None = None,
    status: int = 200,
) -> HttpResponse:
    text = form.cleaned_data["narrative"] if form.is_valid() else ""
    context = {
        "journey": journey,
        "narrative_form": form,
        "formset": formset,
        # The question under the steps: may this text, as the public would read it, be the story?
        "preview": stories.preview(story=text) if formset is not None and text else None,
        "parts": _marked(text, formset) if formset is not None else [],
        "cards": [
            (step_form, " … ".join(text[start:end] for start, end in step_form.span_offsets()))
            for step_form in (formset.forms if formset is not None else [])
        ],
    }
    template = f"{PAGE}#narrative" if request.htmx else PAGE
    return render(request, template, context, status=status)


def _proposals(request: HtmxHttpRequest, journey: Journey, form: NarrativeForm) -> HttpResponse:
    """The steps a valid narrative tells of, each with its words, to accept, edit or leave out."""
    text = form.cleaned_data["narrative"]
    steps = extraction.extract(text)
    # Ended without a solution and nothing logged or told closes it: propose the closing step.
    unsolved = journey.status in (Journey.Status.UNRESOLVED, Journey.Status.ABANDONED)
    if unsolved and not journey.steps.filter(kind__in=extraction.CLOSING_KINDS).exists():
        steps = extraction.with_closing(steps)
    initial = [
        {
            # Read in the words, ticked; proposed from the status alone, for the consumer to tick.
            "accept": bool(step.spans),
            "kind": step.kind,
            "channel": step.channel,
            "minutes": step.minutes or None,
            "repeats": step.repeats or None,
            "spans": ";".join(f"{start}-{end}" for start, end in step.spans),
        }
        for step in steps
    ]
    return _render(request, journey, form, _formset(journey, initial=initial))


@sensitive_post_parameters("narrative")
@login_required
@require_http_methods(["GET", "POST"])
def journey_create(request: HtmxHttpRequest) -> HttpResponse:
    """A new journey's facts and, in the same form, what happened: told, the steps read in it
    come back at once to check (the whole page, the new journey's own form posting on)."""
    form = JourneyForm(request.POST or None)
    told = NarrativeForm(request.POST) if request.POST.get("narrative", "").strip() else None
    if request.method == "POST" and form.is_valid() and (told is None or told.is_valid()):
        journey = services.journey_create(
            owner=request.user, company=_company_of(form, request.user), **form.journey_fields()
        )
        if told is not None:
            return _proposals(request, journey, told)
        messages.success(request, _("Journey created. Now tell what happened, or add the steps."))
        return redirect(journey)
    status = 400 if request.method == "POST" and not request.htmx else 200
    context = {"form": form, "narrative_form": told}
    return render(request, "journeys/journey_form.html", context, status=status)


@sensitive_post_parameters("narrative")
@login_required
@require_POST
def narrative_propose(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The steps the narrative tells of, each with its words, to accept, edit or leave out."""
    journey = get_journey_for_user(request, pk)
    form = NarrativeForm(request.POST)
    if not form.is_valid():
        return _render(request, journey, form, status=200 if request.htmx else 400)
    return _proposals(request, journey, form)


@sensitive_post_parameters("narrative")
@login_required
@require_POST
def narrative_accept(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Add the accepted steps, all or none, in the order proposed, and keep the text as the
    story only if the consumer consented under its preview."""
    journey = get_journey_for_user(request, pk)
    formset = _formset(journey, data=request.POST)
    form = NarrativeForm(request.POST)  # to show the words again, or to keep them as the story
    if not (formset.is_valid() and form.is_valid()):
        return _render(request, journey, form, formset, status=200 if request.htmx else 400)
    accepted = [step_form.step_values() for step_form in formset.forms if step_form.accepted]
    story = form.cleaned_data["narrative"] if form.cleaned_data["story_consent"] else ""
    if accepted or story:
        held = _resubmission_held(request, journey)
        with transaction.atomic():
            for values in accepted:
                journey = services.step_add(journey=journey, requeue=not held, **values).journey
            if story:
                journey = services.journey_update(
                    journey=journey, requeue=not held, story=story, story_consent=True
                )
        count = len(accepted)
        done = (
            [ngettext("%(count)d step added.", "%(count)d steps added.", count) % {"count": count}]
            if count
            else []
        )
        if story:
            done.append(_("Your text is kept as your story, redacted as shown."))
        messages.success(request, " ".join(done))
        if held:
            messages.warning(request, held)
    else:
        messages.info(request, _("You left out every step: nothing was added."))
    if request.htmx:
        return HttpResponseClientRedirect(journey.get_absolute_url())
    return redirect(journey)
