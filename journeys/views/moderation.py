"""The moderators' side: the review queue, decisions, redaction, reports and company housekeeping.

Moderators see reporters only as keyed pseudonyms (`pseudonyms.reporter_pseudonym`), never an e-mail
address, and never a consumer's private step notes.
"""

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Min, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import abuse, moderation, privacy, pseudonyms, replies, stories
from ..forms import storable_text
from ..models import (
    Appeal,
    Company,
    Journey,
    ModerationEvent,
    Reply,
    Representative,
    Sector,
    Step,
    StoryFlag,
)
from ..moderation_forms import (
    AppealDecisionForm,
    DecisionForm,
    DisputeBodyForm,
    MergeForm,
    QueueFilterForm,
    RedactForm,
)
from ..types import HtmxHttpRequest
from . import site_root
from .access import moderator_required

QUEUE = "journeys/moderation_queue.html"
COMPANIES = "journeys/moderation_companies.html"
BUSINESS = "journeys/moderation_business.html"
QUEUE_LIMIT = 50


def _free_text(request, field: str, limit: int = 500) -> str:
    """A free-text POST field outside a form, so a stray byte never costs the moderator the
    action."""
    return storable_text(request.POST.get(field, ""), limit)


def _journeys():
    return Journey.objects.select_related("company").prefetch_related(
        Prefetch(
            # Never the private note: moderators judge the steps, not the consumer's diary.
            "steps",
            queryset=Step.objects.only(
                "journey_id", "position", "kind", "channel", "occurred_on", "minutes", "repeats"
            ),
        ),
        Prefetch(
            "flags",
            queryset=StoryFlag.objects.filter(status=StoryFlag.Status.OPEN),
            to_attr="open_flags",
        ),
        Prefetch(
            "moderation_events",
            queryset=ModerationEvent.objects.order_by("created_at", "id"),
            to_attr="audit",
        ),
    )


def _decorate(journeys: list[Journey]) -> list[Journey]:
    """Add what the item template shows: pseudonyms, signals, redactions with masked previews."""
    signals = abuse.signals_for(journeys)
    for journey in journeys:
        journey.reporter = pseudonyms.reporter_pseudonym(journey.owner_id)
        journey.signals = signals.get(journey.pk, [])
        spans = journey.story_spans()
        journey.spans = [
            {
                "index": i,
                "placeholder": privacy.placeholder_for(s.kind),
                "preview": privacy.mask_preview(s.original),
            }
            for i, s in enumerate(spans)
        ]
        journey.preview = stories.saved_preview(journey)
        # Approval would publish these: the approve form asks for a tick on exactly these.
        flagged = stories.suspects_to_check(journey)
        journey.suspects_fingerprint = moderation.suspects_fingerprint(flagged) if flagged else ""
        for flag in journey.open_flags:
            if flag.company_id:
                flag.reporter_label = _("representative of %(company)s") % {
                    "company": journey.company.name
                }
            elif flag.reporter_id:
                flag.reporter_label = pseudonyms.reporter_pseudonym(flag.reporter_id)
            else:
                flag.reporter_label = _("visitor")
        for event in journey.audit:
            event.actor_label = (
                pseudonyms.reporter_pseudonym(event.actor_id) if event.actor_id else _("system")
            )
            event.reason_label = moderation.REASON_LABELS.get(event.reason, event.reason)
    return journeys


def _item_context(journey: Journey, **extra) -> dict:
    return {
        "journey": journey,
        "decision_form": DecisionForm(prefix=f"j{journey.pk}"),
        "redact_form": RedactForm(prefix=f"r{journey.pk}"),
        **extra,
    }


def _open_appeals() -> list[Appeal]:
    """Appeals waiting for a moderator, oldest first, with the decision each is against."""
    appeals = list(
        Appeal.objects.filter(outcome=Appeal.Outcome.OPEN)
        .select_related("statement__event")
        .order_by("created_at", "id")[:QUEUE_LIMIT]
    )
    for appeal in appeals:
        statement = appeal.statement
        appeal.decision_label = statement.event.get_action_display()
        appeal.ground_label = moderation.REASON_LABELS.get(statement.ground, statement.ground)
        appeal.target_url = (
            reverse("moderation_business")
            if statement.reply_id
            else reverse("moderation_journey", args=[statement.journey_id])
            if statement.journey_id
            else reverse("moderation_queue")
        )
    return appeals


@moderator_required
@require_GET
def queue(request: HtmxHttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    scope = Q()
    if filters.get("company"):
        name = filters["company"]
        scope &= Q(company__slug=name) | Q(company__search_name__contains=name.casefold())
    if filters.get("sector"):
        scope &= Q(company__sector=filters["sector"])
    flag = filters.get("flag", "")
    # Oldest first, QUEUE_LIMIT a page; the filters stay in the pages' links.
    page = Paginator(
        Journey.objects.filter(scope, moderation_state=Journey.Moderation.PENDING)
        .order_by("submitted_at", "id")
        .values_list("id", flat=True),
        QUEUE_LIMIT,
    ).get_page(request.GET.get("page"))
    pending = []
    if not flag:
        ids = list(page.object_list)
        pending = _decorate(list(_journeys().filter(pk__in=ids).order_by("submitted_at", "id")))
    open_flags = Q(flags__status=StoryFlag.Status.OPEN)
    if flag and flag != "any":
        open_flags &= Q(flags__reason=flag)
    flagged = _decorate(
        list(
            _journeys()
            .filter(scope, open_flags)
            .annotate(first_flag=Min("flags__created_at"))
            .order_by("first_flag", "id")[:QUEUE_LIMIT]
        )
    )
    context = {
        "filter_form": form,
        "appeals": _open_appeals(),
        "appeal_form": AppealDecisionForm(),
        "pending": [_item_context(j) for j in pending],
        "flagged": [_item_context(j) for j in flagged],
        "pending_total": page.paginator.count,
        "page_obj": page,
        "limit": QUEUE_LIMIT,
        "sectors": Sector.choices,
    }
    template = f"{QUEUE}#queue-lists" if request.htmx and not request.htmx.boosted else QUEUE
    return render(request, template, context)


@moderator_required
@require_GET
def journey_review(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A journey's review page, everything open, the send-back form included; for htmx (the
    queue's "Reject or ask for changes") that form alone."""
    if request.htmx:
        journey = _reviewable(pk)
        context = {"journey": journey, "decision_form": DecisionForm(prefix=f"j{journey.pk}")}
        return render(request, f"{QUEUE}#send-back", context)
    journey = _decorate([get_object_or_404(_journeys(), pk=pk)])[0]
    if journey.is_draft:
        raise PermissionDenied  # drafts are the consumer's own until submitted
    return render(request, "journeys/moderation_journey.html", _item_context(journey, full=True))


def _answer(
    request: HtmxHttpRequest, pk: int, *, error: str = "", done: str = "", form=None
) -> HttpResponse:
    """After an action: for htmx the item again (with its new state, and the send-back form
    open when that form was wrong), else back where we were."""
    if request.htmx:
        journey = _decorate([get_object_or_404(_journeys(), pk=pk)])[0]
        context = _item_context(journey, error=error, done=done, send_back_open=form is not None)
        if form is not None:
            context["decision_form"] = form
        return render(request, f"{QUEUE}#queue-item", context)
    if error:
        messages.error(request, error)
    elif done:
        messages.success(request, done)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("moderation_queue")
    return redirect(target)


def _reviewable(pk: int) -> Journey:
    return get_object_or_404(
        Journey.objects.select_related("company").exclude(
            moderation_state=Journey.Moderation.DRAFT
        ),
        pk=pk,
    )


def _act(request, pk: int, action, done: str, *, decision: bool = False) -> HttpResponse:
    journey = _reviewable(pk)
    try:
        decided = action(journey)
    except ValidationError as error:
        return _answer(request, pk, error=" ".join(error.messages))
    if decision:
        base_url = site_root(request)
        moderation.decision_notify(journey=decided, base_url=base_url)
    return _answer(request, pk, done=done)


@moderator_required
@require_POST
def journey_approve(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda j: moderation.journey_approve(
            journey=j,
            moderator=request.user,
            suspects_checked=_free_text(request, "suspects_checked", limit=64),
        ),
        _("Approved."),
        decision=True,
    )


def _decision(request: HtmxHttpRequest, pk: int, service, done: str) -> HttpResponse:
    """Reject or ask for changes; the service writes the author's statement of reasons."""
    form = DecisionForm(request.POST, prefix=f"j{pk}")
    if not form.is_valid():
        return _answer(request, pk, error=_("Choose a reason from the list."), form=form)
    data = form.cleaned_data
    journey = _reviewable(pk)
    try:
        service(journey=journey, moderator=request.user, reason=data["reason"], note=data["note"])
    except ValidationError as error:
        return _answer(request, pk, error=" ".join(error.messages), form=form)
    return _answer(request, pk, done=done)


@moderator_required
@require_POST
def journey_reject(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _decision(request, pk, moderation.journey_reject, _("Rejected."))


@moderator_required
@require_POST
def journey_request_changes(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    done = _("Changes requested; the consumer sees your explanation.")
    return _decision(request, pk, moderation.journey_request_changes, done)


@moderator_required
@require_POST
def appeal_decide(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Grant or deny an appeal; the service refuses the moderator who took the decision."""
    appeal = get_object_or_404(Appeal, pk=pk)
    form = AppealDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to grant or deny the appeal."))
        return redirect("moderation_queue")
    try:
        moderation.appeal_decide(
            appeal=appeal,
            moderator=request.user,
            granted=form.cleaned_data["outcome"] == "granted",
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Appeal decided; the author has been told."))
    return redirect("moderation_queue")


@moderator_required
@require_POST
def story_redact(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    form = RedactForm(request.POST, prefix=f"r{pk}")
    if not form.is_valid():
        return _answer(request, pk, error=_("Type the text to redact."))
    data = form.cleaned_data
    return _act(
        request,
        pk,
        lambda j: moderation.story_redact(
            journey=j, moderator=request.user, phrase=data["phrase"], note=data["note"]
        ),
        _("Redacted."),
    )


@moderator_required
@require_POST
def story_unredact(request: HtmxHttpRequest, pk: int, index: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda j: moderation.story_unredact(journey=j, moderator=request.user, index=index),
        _("Redaction undone."),
    )


@moderator_required
@require_POST
def flags_dismiss(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda j: moderation.flags_dismiss(
            journey=j, moderator=request.user, note=_free_text(request, "note")
        ),
        _("Reports dismissed; the story stays published."),
    )


# --- Companies -----------------------------------------------------------------------------------


def _companies_context(**extra) -> dict:
    suggestions = list(
        Company.objects.filter(status=Company.Status.PENDING)
        .annotate(journey_count=Count("journeys"))
        .order_by("created_at", "id")
    )
    for company in suggestions:
        company.suggester = (
            pseudonyms.reporter_pseudonym(company.suggested_by_id)
            if company.suggested_by_id
            else ""
        )
    merges = (
        ModerationEvent.objects.filter(action=ModerationEvent.Action.COMPANY_MERGE)
        .select_related("company")
        .order_by("-created_at")[:20]
    )
    context = {"suggestions": suggestions, "merges": list(merges), **extra}
    return {"dispute_form": DisputeBodyForm(), **context}


@moderator_required
@require_GET
def companies(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, COMPANIES, _companies_context(merge_form=MergeForm()))


@moderator_required
@require_POST
def company_dispute_body(request: HtmxHttpRequest) -> HttpResponse:
    form = DisputeBodyForm(request.POST)
    if not form.is_valid():
        return _company_answer(request, error=_("Check the company and the dispute body."))
    company = moderation.company_set_dispute_body(
        company=form.cleaned_data["company"],
        dispute_body=form.cleaned_data["dispute_body"],
        moderator=request.user,
    )
    return _company_answer(
        request,
        done=_("%(name)s: %(body)s.")
        % {"name": company.name, "body": company.get_dispute_body_display()},
    )


def _company_answer(request, *, error: str = "", done: str = "", merge_form=None) -> HttpResponse:
    if request.htmx:
        context = _companies_context(merge_form=merge_form or MergeForm(), error=error, done=done)
        return render(request, f"{COMPANIES}#company-work", context)
    if error:
        messages.error(request, error)
    elif done:
        messages.success(request, done)
    return redirect("moderation_companies")


@moderator_required
@require_POST
def company_accept(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(Company, pk=pk)
    try:
        moderation.company_accept(company=company, moderator=request.user)
    except ValidationError as error:
        return _company_answer(request, error=" ".join(error.messages))
    return _company_answer(request, done=_("%(name)s accepted.") % {"name": company.name})


@moderator_required
@require_POST
def company_reject(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(Company, pk=pk)
    try:
        moderation.company_reject(
            company=company, moderator=request.user, note=_free_text(request, "note")
        )
    except ValidationError as error:
        return _company_answer(request, error=" ".join(error.messages))
    return _company_answer(request, done=_("%(name)s rejected.") % {"name": company.name})


@moderator_required
@require_POST
def company_merge(request: HtmxHttpRequest) -> HttpResponse:
    form = MergeForm(request.POST)
    if not form.is_valid():
        return _company_answer(request, error=_("Check the two companies."), merge_form=form)
    try:
        target = moderation.company_merge(
            source=form.source_company, target=form.target_company, moderator=request.user
        )
    except ValidationError as error:
        return _company_answer(request, error=" ".join(error.messages), merge_form=form)
    done = _("%(source)s merged into %(target)s.") % {
        "source": form.source_company.name,
        "target": target.name,
    }
    return _company_answer(request, done=done)


# --- Company representatives and their replies ---------------------------------------------------


@moderator_required
@require_GET
def business(request: HtmxHttpRequest) -> HttpResponse:
    """Claims to decide, replies to publish, and the approved representatives (to revoke)."""
    claims = list(
        Representative.objects.filter(
            status__in=[Representative.Status.PENDING, Representative.Status.UNCONFIRMED]
        )
        .select_related("company")
        .order_by("created_at", "id")[:QUEUE_LIMIT]
    )
    for claim in claims:
        claim.claimant = pseudonyms.reporter_pseudonym(claim.user_id)
    waiting = list(
        Reply.objects.filter(state=Reply.State.PENDING)
        .select_related("company")
        .order_by("created_at", "id")[:QUEUE_LIMIT]
    )
    representatives = list(
        Representative.objects.approved()
        .select_related("company")
        .order_by("company__name", "id")[:QUEUE_LIMIT]
    )
    context = {
        "claims": claims,
        "replies": waiting,
        "representatives": representatives,
        "grounds": moderation.REASONS,
    }
    return render(request, BUSINESS, context)


@contextmanager
def _business_outcome(request, done: str):
    """Around one call of a right-of-reply service: its refusal, or `done`, as the message the
    business page shows next."""
    try:
        yield
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)


@moderator_required
@require_POST
def claim_approve(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Representative, pk=pk)
    with _business_outcome(request, _("Claim approved.")):
        replies.claim_approve(representative=claim, moderator=request.user)
    return redirect("moderation_business")


@moderator_required
@require_POST
def claim_reject(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Representative, pk=pk)
    with _business_outcome(request, _("Claim rejected.")):
        replies.claim_reject(
            representative=claim, moderator=request.user, note=_free_text(request, "note")
        )
    return redirect("moderation_business")


@moderator_required
@require_POST
def representative_revoke(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Representative, pk=pk)
    with _business_outcome(request, _("Representative revoked.")):
        replies.representative_revoke(
            representative=claim, moderator=request.user, note=_free_text(request, "note")
        )
    return redirect("moderation_business")


@moderator_required
@require_POST
def reply_approve(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    reply = get_object_or_404(Reply, pk=pk)
    base_url = site_root(request)
    with _business_outcome(request, _("Reply published.")):
        replies.reply_approve(reply=reply, moderator=request.user, base_url=base_url)
    return redirect("moderation_business")


@moderator_required
@require_POST
def reply_reject(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Refuse a reply on a ground of the policy; its author gets the statement of reasons."""
    reply = get_object_or_404(Reply, pk=pk)
    with _business_outcome(request, _("Reply rejected.")):
        replies.reply_reject(
            reply=reply,
            moderator=request.user,
            reason=_free_text(request, "reason", limit=30),
            note=_free_text(request, "note"),
        )
    return redirect("moderation_business")
