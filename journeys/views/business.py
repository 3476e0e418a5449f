"""Company representatives: claiming a company, the dashboard of their own companies, replies
and flags; plus the signed links of their mails (claim confirmation, digest unsubscribe).

A representative sees a company's approved journeys as the public does: the redacted story (if
its reporter consented to publishing it) and the steps without dates or private notes, never the
reporter. Contact details appear only where the reporter handed them over for that journey.
Anyone else's company, or a journey not published at this one, is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import ratelimit, replies
from ..models import Company, Handover, Journey, Reply, Representative, Step, StoryFlag
from ..reply_forms import ClaimForm, CompanyFlagForm, ReplyForm
from ..types import HtmxHttpRequest
from . import site_root

JOURNEY_PAGE_SIZE = 50
JOURNEY = "journeys/business_journey.html"


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


@login_required
@require_http_methods(["GET", "POST"])
def company_claim(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    company = get_object_or_404(Company.objects.active(), slug=slug)
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
    context = {"company": company, "form": form}
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
    counts = {
        row["company"]: row
        for row in Journey.objects.approved()
        .filter(company__in=approved)
        .values("company")
        .annotate(
            published=Count("id", distinct=True),
            replied=Count(
                "replies",
                filter=~Q(replies__state=Reply.State.REJECTED)
                & Q(replies__sequence=1, replies__company=F("company")),
                distinct=True,
            ),
        )
    }
    for claim in claims:
        claim.counts = counts.get(claim.company_id, {"published": 0, "replied": 0})
    return render(request, "journeys/business_dashboard.html", {"claims": claims})


@login_required
@require_GET
def company_journeys(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    representative = _representation(request, slug)
    journeys = (
        Journey.objects.approved()
        .filter(company=representative.company_id)
        .only("id", "goal", "started_on", "published_at")
        .annotate(
            handed_over=Count("handover", filter=Q(handover__company=representative.company_id)),
            open_flags=Count(
                "flags",
                filter=Q(flags__status=StoryFlag.Status.OPEN, flags__company__isnull=False),
            ),
            story_public=_story_public(),
        )
        .prefetch_related(Prefetch("replies", queryset=_replies_of(representative.company_id)))
        .order_by("-published_at", "-id")
    )
    page = Paginator(journeys, JOURNEY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "representative": representative,
        "company": representative.company,
        "page_obj": page,
    }
    return render(request, "journeys/business_company.html", context)


def _journey_context(representative, journey, *, reply_form=None, flag_form=None) -> dict:
    existing = list(journey.replies.all())
    slot = replies.reply_slot(journey, existing)
    return {
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
