"""Company representatives: claiming a company, the dashboard of their own companies, replies
and flags; plus the signed links of their mails (claim confirmation, digest unsubscribe).

A representative sees a company's approved journeys as the public does: the redacted story (if
its reporter consented to publishing it) and the steps without dates or private notes, never the
reporter. Contact details appear only where the reporter handed them over for that journey.
Anyone else's company, or a journey not published at this one, is a 404.
"""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import clocks, ratelimit, replies, replyclock
from ..models import (
    Company,
    Handover,
    HandoverRequest,
    Journey,
    Reply,
    Representative,
    Step,
    StoryFlag,
)
from ..reply_forms import ClaimForm, CompanyFlagForm, ReplyForm
from ..types import HtmxHttpRequest
from . import site_root

JOURNEY_PAGE_SIZE = 50
JOURNEY = "journeys/business_journey.html"
# The states of a journey whose first response is overdue.
LATE = (replyclock.State.OVERDUE, replyclock.State.LONG_OVERDUE)


def _representation(request: HtmxHttpRequest, slug: str) -> Representative:
    """The signed-in user's approved representation of the active company `slug`; 404 else."""
    return get_object_or_404(
        Representative.objects.approved().select_related("company", "user"),
        user=request.user,
        company__slug=slug,
        company__status=Company.Status.ACTIVE,
    )


# What a representative sees of a hand-over to their company.
HANDOVER_FIELDS = ("name", "email", "phone", "case_reference")


def _replies_of(company: int):
    return Reply.objects.filter(company=company).order_by("sequence", "id")


def _story_public() -> Exists:
    """Whether anyone may read the journey's story (`Journey.objects.public_stories`)."""
    return Exists(Journey.objects.public_stories().filter(pk=OuterRef("pk")))


def _journey_for(representative: Representative, pk: int) -> Journey:
    """A published journey at the representative's company, with what they may see of it: only
    what was handed over and replied to by this company."""
    company = representative.company_id
    return get_object_or_404(
        Journey.objects.approved()
        .select_related("company")
        .only(
            "id",
            "company__name",
            "company__slug",
            "goal",
            "started_on",
            "status",
            "story_consent",
            "story_redacted",
            "moderation_state",
            "score",
        )
        .annotate(
            own=FilteredRelation("handover", condition=Q(handover__company=company)),
            **{f"handover_{name}": F(f"own__{name}") for name in HANDOVER_FIELDS},
            story_public=_story_public(),
            asked=Exists(HandoverRequest.objects.filter(journey=OuterRef("pk"), company=company)),
        )
        .prefetch_related(
            Prefetch(
                "steps",
                # Never the private note, nor the day: the public sees neither.
                queryset=Step.objects.only(
                    "journey_id", "position", "kind", "channel", "minutes", "repeats"
                ),
            ),
            Prefetch("replies", queryset=_replies_of(company)),
        ),
        pk=pk,
        company=company,
    )


@require_http_methods(["GET", "POST"])
def company_claim(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """A visitor reads what a claim is and is asked to log in; a signed-in user claims."""
    company = get_object_or_404(Company.objects.active(), slug=slug)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        context = {"company": company, "due_days": replyclock.DUE_DAYS}
        return render(request, "journeys/company_claim.html", context)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Each claim mails a link to an address at the company: not a way to flood its inboxes.
        refusal = ratelimit.check_and_hit(request, "claim")
        if refusal is not None:
            return refusal
        try:
            replies.claim_create(
                user=request.user,
                company=company,
                work_email=form.cleaned_data["work_email"],
                base_url=site_root(request),
            )
        except ValidationError as error:
            form.add_error("work_email", error)
        else:
            messages.success(
                request,
                _("We sent a link to %(email)s. Open it to confirm your claim.")
                % {"email": form.cleaned_data["work_email"]},
            )
            return redirect("business_dashboard")
    status = 400 if request.method == "POST" else 200
    context = {"company": company, "form": form, "due_days": replyclock.DUE_DAYS}
    return render(request, "journeys/company_claim.html", context, status=status)


@require_http_methods(["GET", "POST"])
def claim_confirm(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The link in the claim mail: it proves the work address; a moderator decides next. A GET
    asks (mail scanners open links), the POST from that page confirms. Signed in, only the
    claimant may use it: a colleague who got the mail cannot make someone else's claim theirs
    to confirm."""
    representative = replies.claim_for_token(token)
    if representative is None:
        messages.error(request, _("This link is not valid (any more). Claim the company again."))
        return redirect("business_dashboard")
    if request.user.is_authenticated and request.user.pk != representative.user_id:
        raise Http404
    if request.method != "POST":
        context = {"representative": representative, "company": representative.company}
        return render(request, "journeys/claim_confirm.html", context)
    replies.claim_confirm(representative=representative)
    messages.success(
        request,
        _("Address confirmed. A moderator will check your claim for %(company)s.")
        % {"company": representative.company.name},
    )
    return redirect("business_dashboard")


@login_required
@require_GET
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    claims = list(
        Representative.objects.filter(user=request.user)
        .exclude(status=Representative.Status.REVOKED)
        .select_related("company")
        .order_by("company__name", "id")
    )
    approved = [c.company_id for c in claims if c.status == Representative.Status.APPROVED]
    counts = {company: Counter() for company in approved}
    for company, _pk, clock in clocks.of(companies=approved, today=timezone.localdate()):
        counts[company]["published"] += 1
        counts[company]["open"] += clock.is_open
        counts[company]["late"] += clock.state in LATE
    for claim in claims:
        claim.counts = counts.get(claim.company_id, Counter())
    context = {"claims": claims, "clock": replyclock}
    return render(request, "journeys/business_dashboard.html", context)


def _by_urgency(rows: list) -> list:
    """The journeys still to answer first, the soonest due first; then the answered ones,
    the newest first."""
    still_open = sorted((c for c in rows if c[2].is_open), key=lambda c: (c[2].due_on, c[1]))
    answered = sorted((c for c in rows if not c[2].is_open), key=lambda c: -c[1])
    return still_open + answered


@login_required
@require_GET
def company_journeys(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    representative = _representation(request, slug)
    company = representative.company_id
    today = timezone.localdate()
    to_answer = request.GET.get("open") == "1"
    ordered = _by_urgency(clocks.of(companies=[company], today=today))
    listed = [c for c in ordered if c[2].is_open] if to_answer else ordered
    page = Paginator(listed, JOURNEY_PAGE_SIZE).get_page(request.GET.get("page"))
    journeys = (
        Journey.objects.filter(pk__in=[pk for _company, pk, _clock in page])
        .only("id", "goal", "started_on", "published_at")
        .annotate(
            handed_over=Count("handover", filter=Q(handover__company=company)),
            open_flags=Count(
                "flags",
                filter=Q(flags__status=StoryFlag.Status.OPEN, flags__company__isnull=False),
            ),
            story_public=_story_public(),
        )
        .prefetch_related(Prefetch("replies", queryset=_replies_of(company)))
        .in_bulk()
    )
    rows = []
    for _company, pk, clock in page:
        journey = journeys[pk]
        journey.clock, journey.days_left = clock, clock.days_left(today)
        journey.days_over = -journey.days_left if journey.days_left is not None else None
        rows.append(journey)
    context = {
        "representative": representative,
        "company": representative.company,
        "page_obj": page,
        "rows": rows,
        "to_answer": to_answer,
        "total": len(ordered),
        "open_count": sum(c[2].is_open for c in ordered),
        "clock": replyclock,
    }
    template = "journeys/business_company.html"
    return render(request, f"{template}#journeys" if request.htmx else template, context)


def _journey_context(representative, journey, *, reply_form=None, flag_form=None) -> dict:
    existing = list(journey.replies.all())
    slot = replies.reply_slot(journey, existing)
    today, company = timezone.localdate(), representative.company_id
    # None for a journey without a publication day (bulk-loaded): it has no clock.
    clock = next(
        (c for _company, _pk, c in clocks.of(companies=[company], today=today, pk=journey.pk)),
        None,
    )
    days_left = clock.days_left(today) if clock else None
    return {
        "clock": clock,
        "days_left": days_left,
        "days_over": -days_left if days_left is not None else None,
        "asked": journey.asked,
        "pause_max_days": replyclock.PAUSE_MAX_DAYS,
        "representative": representative,
        "company": representative.company,
        "journey": journey,
        "story_public": journey.story_public,
        "replies": existing,
        "slot": slot,
        "reply_form": reply_form or (ReplyForm(final=slot == 2) if slot else None),
        "flag_form": flag_form or CompanyFlagForm(),
        # The address is required: a hand-over to this company has one.
        "handover": Handover(
            **{name: getattr(journey, f"handover_{name}") for name in HANDOVER_FIELDS}
        )
        if journey.handover_email
        else None,
    }


@login_required
@require_GET
def journey_page(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    representative = _representation(request, slug)
    found = _journey_for(representative, pk)
    return render(request, JOURNEY, _journey_context(representative, found))


@login_required
@require_POST
def reply_create(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    representative = _representation(request, slug)
    found = _journey_for(representative, pk)
    slot = replies.reply_slot(found, list(found.replies.all()))
    form = ReplyForm(request.POST, final=slot == 2)
    if form.is_valid():
        try:
            replies.reply_create(
                journey=found,
                author=request.user,
                category=form.cleaned_data["category"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Reply sent. It is published once a moderator approved it.")
            )
            return redirect("business_journey", slug=slug, pk=pk)
    context = _journey_context(representative, found, reply_form=form)
    return render(request, JOURNEY, context, status=400)


@login_required
@require_POST
def flag_create(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    representative = _representation(request, slug)
    found = _journey_for(representative, pk)
    form = CompanyFlagForm(request.POST)
    if form.is_valid():
        try:
            replies.company_flag(
                journey=found,
                representative=representative,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. A moderator will look at this story."))
            return redirect("business_journey", slug=slug, pk=pk)
    context = _journey_context(representative, found, flag_form=form)
    return render(request, JOURNEY, context, status=400)


@login_required
@require_POST
def handover_ask(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    representative = _representation(request, slug)
    found = _journey_for(representative, pk)
    try:
        replies.handover_ask(journey=found, base_url=site_root(request))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _(
                "We asked the reporter whether they want to hand over their contact details. "
                "The reply clock is paused while you wait, for at most %(days)d days."
            )
            % {"days": replyclock.PAUSE_MAX_DAYS},
        )
    return redirect("business_journey", slug=slug, pk=pk)


@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The digest's unsubscribe link: works without logging in. A GET asks (mail scanners open
    links), a POST unsubscribes."""
    representative = replies.representative_for_unsubscribe(token)
    if representative is None:
        raise Http404
    if request.method == "POST":
        replies.digest_unsubscribe(representative=representative)
    context = {"representative": representative, "company": representative.company}
    return render(request, "journeys/digest_unsubscribe.html", context)
