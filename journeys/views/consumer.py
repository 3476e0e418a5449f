"""The consumer's own journeys: list, create, and the step-by-step log on the journey page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from .. import documents, moderation, ratelimit, routes, services, stories, transitions
from ..forms import JourneyForm, StepForm, StoryForm, quick_steps
from ..models import Company, Journey, Step
from ..types import HtmxHttpRequest
from .access import get_journey_for_user

DETAIL = "journeys/journey_detail.html"


def _get_step_for_user(request: HtmxHttpRequest, pk: int, step_pk: int) -> Step:
    return get_object_or_404(
        Step.objects.select_related("journey__company"),
        pk=step_pk,
        journey_id=pk,
        journey__owner=request.user,
    )


def _typed_preview(journey: Journey, form: StoryForm) -> dict | None:
    """A preview of what was typed, before it is saved; the saved one if it is not valid."""
    if not form.is_valid():
        return stories.saved_preview(journey)
    story = form.cleaned_data["story"]
    if story == journey.story:
        return stories.saved_preview(journey)
    return stories.preview(story=story) if story else None


def _route(journey: Journey) -> dict:
    """The journey's next step on its route, and its letters (one query, none when the journey
    was read knowing it has none)."""
    letters = list(journey.letters.all()) if getattr(journey, "has_letters", True) else []
    return {
        "place": routes.position(journey, letters),
        "letters": letters,
        "checklist": documents.pack_checklist(letters),
    }


def _detail_context(
    journey: Journey,
    step_form: StepForm | None = None,
    story_form: StoryForm | None = None,
    channel: str | None = None,
    **extra,
) -> dict:
    story_form = story_form or StoryForm.for_journey(journey)
    steps = list(journey.steps.all())
    previous = steps[-1] if steps else None
    return {
        "journey": journey,
        "steps": steps,
        "step_form": step_form or StepForm(journey=journey, previous=previous),
        "quick": quick_steps(journey=journey, previous=previous, channel=channel),
        # Read only where the page shows it: not for the step log htmx re-renders.
        "review": SimpleLazyObject(lambda: moderation.review_status(journey)),
        "story": SimpleLazyObject(lambda: stories.for_owner(journey)),
        "route": SimpleLazyObject(lambda: _route(journey)),
        "story_form": story_form,
        # Redaction takes milliseconds per story: read only where shown, which the step log's
        # htmx re-renders skip when the story is not to be published.
        "preview": SimpleLazyObject(lambda: _typed_preview(journey, story_form)),
        "story_consent": story_form["story_consent"].value(),
        **extra,
    }


def _render_log(
    request: HtmxHttpRequest, journey: Journey, step_form=None, status=200, *, held: str = ""
):
    """The step log and score: the whole page, or for htmx just the part that changed (with
    `held`, why the change did not send the journey back for review, in the message area).
    `journey` as it is now: the one a service locked and rescored, not one read before."""
    template = f"{DETAIL}#journey-log" if request.htmx else DETAIL
    response = render(request, template, _detail_context(journey, step_form), status=status)
    if held and request.htmx:
        response.content += format_html(
            '<div id="messages" hx-swap-oob="true" aria-live="polite">'
            '<p class="message message-warning" role="status">{}</p></div>',
            held,
        ).encode()
    return response


def _resubmission_held(request: HtmxHttpRequest, journey: Journey) -> str:
    """Why an edit may not send a journey a moderator turned down back to review, or "" if it
    may. That edit resubmits the journey: the journey's table says who may (as for Submit, a
    confirmed address), and like Submit it counts against the submission limit."""
    if not transitions.JOURNEY.allows("resubmit", journey):
        return ""
    saved = _("Your changes are saved, but the journey has not gone back for review.")
    refusal = transitions.JOURNEY.refusal("resubmit", journey, request.user)
    if refusal is not None:
        return f"{saved} {refusal.message}"
    seconds = ratelimit.check_and_count(request, "submit")
    if seconds is not None:
        return f"{saved} {ratelimit.message('submit', seconds)}"
    return ""


def _after_change(
    request: HtmxHttpRequest, journey: Journey, held: str, done: str = ""
) -> HttpResponse:
    """The answer to a change of the step log: for htmx the log, else back to the journey."""
    if request.htmx:
        return _render_log(request, journey, held=held)
    if held:
        messages.warning(request, held)
    elif done:
        messages.success(request, done)
    return redirect(journey)


def _company_of(form: JourneyForm, user) -> Company:
    """The company the form resolved, or a new pending suggestion for a name it did not know."""
    data = form.cleaned_data
    return form.company or services.company_suggest(
        name=data["company_name"], sector=data["suggest_sector"], user=user
    )


@login_required
@require_GET
def journey_list(request: HtmxHttpRequest) -> HttpResponse:
    journeys = Journey.objects.owned_by(request.user).select_related("company")
    return render(request, "journeys/journey_list.html", {"journeys": journeys})


@login_required
@require_http_methods(["GET", "POST"])
def journey_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    journey = get_journey_for_user(request, pk)
    form = JourneyForm(request.POST or None, instance=journey)
    if request.method == "POST" and form.is_valid():
        held = _resubmission_held(request, journey)
        services.journey_update(
            journey=journey,
            requeue=not held,
            company=_company_of(form, request.user),
            **form.journey_fields(),
        )
        if held:
            messages.warning(request, held)
        else:
            messages.success(request, _("Journey saved."))
        return redirect(journey)
    status = 400 if request.method == "POST" and not request.htmx else 200
    context = {"form": form, "journey": journey}
    return render(request, "journeys/journey_form.html", context, status=status)


@login_required
@require_GET
def journey_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    journey = get_journey_for_user(request, pk, Journey.objects.with_history_flags())
    template = f"{DETAIL}#journey-log" if request.htmx else DETAIL
    # `channel`: the one-click buttons of another channel than the last step's.
    context = _detail_context(journey, channel=request.GET.get("channel"))
    return render(request, template, context)


@login_required
@require_POST
def step_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    journey = get_journey_for_user(request, pk)
    form = StepForm(request.POST, journey=journey)
    if not form.is_valid():
        # htmx swaps only 2xx answers by default; a plain post gets a 400 with the same page.
        return _render_log(request, journey, form, status=200 if request.htmx else 400)
    held = _resubmission_held(request, journey)
    step = services.step_add(journey=journey, requeue=not held, **form.cleaned_data)
    return _after_change(request, step.journey, held, _("Step added."))


@login_required
@require_GET
def step_form_fields(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The add-step form's fields for the chosen kind (htmx), keeping what was typed."""
    journey = get_journey_for_user(request, pk)
    prefix = "edit" if request.GET.get("prefix") == "edit" else "add"
    # Unbound, so no errors show yet; `initial` keeps the minutes and repeats already typed.
    form = StepForm(journey=journey, id_prefix=prefix, initial=request.GET.dict())
    context = {"step_form": form, "prefix": prefix}
    return render(request, "journeys/includes/step_fields.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def step_edit(request: HtmxHttpRequest, pk: int, step_pk: int) -> HttpResponse:
    step = _get_step_for_user(request, pk, step_pk)
    journey = step.journey
    form = StepForm(request.POST or None, instance=step, journey=journey, id_prefix="edit")
    if request.method == "POST" and form.is_valid():
        held = _resubmission_held(request, journey)
        step = services.step_update(step=step, requeue=not held, **form.cleaned_data)
        return _after_change(request, step.journey, held, _("Step saved."))
    context = {"journey": journey, "step": step, "form": form}
    if request.htmx:
        return render(request, "journeys/step_edit.html#step-edit-form", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "journeys/step_edit.html", context, status=status)


@login_required
@require_POST
def step_delete(request: HtmxHttpRequest, pk: int, step_pk: int) -> HttpResponse:
    step = _get_step_for_user(request, pk, step_pk)
    held = _resubmission_held(request, step.journey)
    journey = services.step_delete(step=step, requeue=not held)
    return _after_change(request, journey, held, _("Step deleted."))


@login_required
@require_POST
def step_again(request: HtmxHttpRequest, pk: int, step_pk: int) -> HttpResponse:
    """The same step once more at the end of the log (the private note stays with the first)."""
    step = _get_step_for_user(request, pk, step_pk)
    held = _resubmission_held(request, step.journey)
    again = services.step_add(
        journey=step.journey,
        requeue=not held,
        kind=step.kind,
        channel=step.channel,
        occurred_on=step.occurred_on,
        minutes=step.minutes,
        repeats=step.repeats,
        note="",
    )
    return _after_change(request, again.journey, held, _("Step added again."))


@login_required
@require_POST
def step_move(request: HtmxHttpRequest, pk: int, step_pk: int) -> HttpResponse:
    step = _get_step_for_user(request, pk, step_pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise Http404
    held = _resubmission_held(request, step.journey)
    journey = services.step_move(step=step, direction=direction, requeue=not held)
    return _after_change(request, journey, held)


@login_required
@require_POST
def journey_story(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Save the story and the consent from under the preview on the journey page."""
    journey = get_journey_for_user(request, pk)
    form = StoryForm.for_journey(journey, request.POST)
    if not form.is_valid():
        context = _detail_context(journey, story_form=form)
        return render(request, DETAIL, context, status=200 if request.htmx else 400)
    changes = form.changes_for(journey)
    if changes:
        held = _resubmission_held(request, journey)
        services.journey_update(journey=journey, requeue=not held, **changes)
        messages.success(request, _("Story saved. Below is how the public would read it."))
        if held:
            messages.warning(request, held)
    url = journey.get_absolute_url() + "#story"
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


@login_required
@require_POST
def journey_story_preview(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The typed story as the public would read it, saving nothing: the preview part for htmx
    (refreshed while typing), the whole page with the typed text kept for a plain post."""
    journey = get_journey_for_user(request, pk)
    form = StoryForm.for_journey(journey, request.POST)
    context = _detail_context(journey, story_form=form, previewing=True)
    if request.htmx:
        return render(request, f"{DETAIL}#story-preview", context)
    return render(request, DETAIL, context, status=200 if form.is_valid() else 400)


@login_required
@require_POST
def journey_submit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    journey = get_journey_for_user(request, pk)
    try:
        services.journey_submit(journey=journey, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you. Your journey is waiting for review."))
    if request.htmx:
        return HttpResponseClientRedirect(journey.get_absolute_url())
    return redirect(journey)


@login_required
@require_http_methods(["GET", "POST"])
def journey_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    journey = get_journey_for_user(request, pk)
    if request.method == "POST":
        services.journey_delete(journey=journey)
        messages.success(request, _("Journey deleted."))
        return redirect("journey_list")
    return render(request, "journeys/journey_confirm_delete.html", {"journey": journey})
