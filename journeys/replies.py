"""Company right of reply: representatives, their public replies, the consumer's hand-over of
contact details and judgement of a reply, representatives' flags, and the daily digest.

A representative sees a company's approved journeys as the public does. The only personal data
that ever reaches a company is what a consumer hands over for one journey (`Handover`), and it
is gone the moment they withdraw it. Every decision and hand-over is written to the moderation
audit log, without the personal data itself.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import leaderboards, moderation, privacy, services, statements, transitions
from .audit import log_event
from .models import (
    Company,
    Handover,
    HandoverRequest,
    Journey,
    ModerationEvent,
    Reply,
    Representative,
    StoryFlag,
)

Action = ModerationEvent.Action
Category = Reply.Category

_CLAIM_SALT = "frictionlog.company-claim"
_UNSUBSCRIBE_SALT = "frictionlog.digest-unsubscribe"

# What a representative may flag a story for; "harmful or illegal" hides it until decided.
COMPANY_FLAG_REASONS = (
    StoryFlag.Reason.PERSONAL_DATA,
    StoryFlag.Reason.NOT_ABOUT_COMPANY,
    StoryFlag.Reason.HARMFUL,
    StoryFlag.Reason.SPAM,
)
DIGEST_LISTED = 50


def _send(subject, template: str, context: dict, to: str) -> None:
    """A mail in the site's language (Dutch), sent once the transaction commits; `subject` is
    lazily translated."""

    def send() -> None:
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(template, context)
            send_mail(str(subject), body, None, [to])

    transaction.on_commit(send)


# --- Representatives ------------------------------------------------------------------------------


def email_domain_matches(email: str, domain: str) -> bool:
    """Whether the address is at the domain or one of its subdomains ("www." ignored)."""
    domain = domain.strip().lower().removeprefix("www.").strip(".")
    host = email.rpartition("@")[2].strip().lower()
    return bool(domain) and (host == domain or host.endswith("." + domain))


def claim_token(representative: Representative) -> str:
    # The address is part of the payload: the link proves control of exactly that mailbox.
    signer = signing.TimestampSigner(salt=_CLAIM_SALT)
    return signer.sign_object({"id": representative.pk, "email": representative.work_email})


def claim_for_token(token: str) -> Representative | None:
    signer = signing.TimestampSigner(salt=_CLAIM_SALT)
    try:
        data = signer.unsign_object(token, max_age=settings.FRICTIONLOG_CLAIM_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        Representative.objects.select_related("company")
        .filter(pk=data.get("id"), work_email=data.get("email"))
        .first()
    )


@transaction.atomic
def claim_create(*, user, company: Company, work_email: str, base_url: str) -> Representative:
    """Start a claim: a link goes to the work address; a moderator decides once it is used."""
    if not user.is_verified:
        raise ValidationError(_("Confirm your own e-mail address first."), code="unverified")
    if not company.website_domain:
        raise ValidationError(
            _("This company has no known website domain yet, so it cannot be claimed."),
            code="no_domain",
        )
    if not email_domain_matches(work_email, company.website_domain):
        raise ValidationError(
            _("Use an e-mail address at %(domain)s.") % {"domain": company.website_domain},
            code="domain",
        )
    if Representative.objects.filter(
        user=user, company=company, status__in=Representative.LIVE
    ).exists():
        raise ValidationError(_("You already have a claim for this company."), code="exists")
    representative = Representative.objects.create(
        user=user, company=company, work_email=work_email.strip().lower()
    )
    link = base_url + reverse("claim_confirm", args=[claim_token(representative)])
    _send(
        gettext_lazy("Confirm that you speak for your company on frictionlog"),
        "journeys/mail/claim_confirm.txt",
        {"company": company.name, "link": link},
        representative.work_email,
    )
    return representative


@transaction.atomic
def claim_confirm(*, representative: Representative) -> Representative:
    """The claimant opened the link: a moderator decides next. A claim past this step (the link
    opened twice) is left as it is."""
    applied = transitions.apply(
        transitions.CLAIM, "confirm", representative, actor=None, quiet=True
    )
    return representative if applied is None else applied.row


@transaction.atomic
def claim_approve(*, representative: Representative, moderator) -> Representative:
    return transitions.apply(transitions.CLAIM, "approve", representative, actor=moderator).row


@transaction.atomic
def claim_reject(*, representative: Representative, moderator, note: str = "") -> Representative:
    applied = transitions.apply(
        transitions.CLAIM, "reject", representative, actor=moderator, note=note
    )
    return applied.row


@transaction.atomic
def representative_revoke(
    *, representative: Representative, moderator, note: str = ""
) -> Representative:
    applied = transitions.apply(
        transitions.CLAIM, "revoke", representative, actor=moderator, note=note
    )
    return applied.row


# --- Replies --------------------------------------------------------------------------------------


def reply_slot(journey: Journey, replies: list[Reply]) -> int | None:
    """The sequence number a new reply to this journey would take, or None if it may not get
    one: one reply, then one final reply after a published "in progress"."""
    live = [r for r in replies if r.state != Reply.State.REJECTED]
    if not live:
        return 1
    first = min(live, key=lambda r: r.sequence)
    if (
        len(live) == 1
        and first.category == Category.IN_PROGRESS
        and first.state == Reply.State.PUBLISHED
    ):
        return 2
    return None


@transaction.atomic
def reply_create(*, journey: Journey, author, category: str, text: str) -> Reply:
    journey = Journey.objects.select_for_update().get(pk=journey.pk)
    if journey.moderation_state != Journey.Moderation.APPROVED:
        raise ValidationError(_("This journey is not published."), code="not_public")
    sequence = reply_slot(journey, list(journey.replies.all()))
    if sequence is None:
        raise ValidationError(
            _(
                "This journey has its reply already; only an “in progress” reply, once "
                "published, may be followed by a final one."
            ),
            code="replied",
        )
    if sequence == 2 and category == Category.IN_PROGRESS:
        raise ValidationError(_("A final reply cannot be “in progress” again."), code="final")
    text = text.strip()
    if not text and category != Category.NO_REPLY:
        raise ValidationError(_("Write the reply the public will read."), code="text")
    return Reply.objects.create(
        journey=journey,
        company_id=journey.company_id,
        author=author,
        sequence=sequence,
        category=category,
        text=text,
        text_redacted=privacy.redact(text).text if text else "",
    )


def _lock_reply(reply: Reply) -> Reply:
    return (
        Reply.objects.select_for_update()
        .select_related("journey__company", "journey__owner")
        .get(pk=reply.pk)
    )


@transaction.atomic
def reply_approve(*, reply: Reply, moderator, base_url: str) -> Reply:
    """Publish a reply beside the story; the consumer hears of it and may judge it."""
    reply = transitions.apply(
        transitions.REPLY,
        "approve",
        reply,
        actor=moderator,
        before=_journey_published,
        detail={"category": reply.category},
    ).row
    # The company's reply figures change with it.
    leaderboards.request_recompute([reply.company_id])
    journey = reply.journey
    _send(
        gettext_lazy("A company replied to your journey"),
        "journeys/mail/reply_published.txt",
        {
            "company": journey.company.name,
            "category": reply.get_category_display(),
            "link": base_url + reverse("journey_reply", args=[journey.pk]),
        },
        journey.owner.email,
    )
    return reply


def _journey_published(reply: Reply) -> None:
    if reply.journey.moderation_state != Journey.Moderation.APPROVED:
        raise ValidationError(_("This journey is not published."), code="not_public")


@transaction.atomic
def reply_reject(*, reply: Reply, moderator, reason: str, note: str = "") -> Reply:
    """Refuse a reply on a ground of the policy; its author gets the statement of reasons."""
    moderation.check_reason(reason, note)
    applied = transitions.apply(
        transitions.REPLY, "reject", reply, actor=moderator, reason=reason, note=note
    )
    reply = applied.row
    statements.statement_issue(
        event=applied.event, recipient=reply.author, journey=reply.journey, reply=reply
    )
    return reply


@transaction.atomic
def reply_rate(*, reply: Reply, rating: int, resolved: bool) -> Reply:
    """The consumer's judgement: a rating of 1–5 and whether the reply resolved it; the latter
    becomes a step of the journey, so its score follows."""
    reply = _lock_reply(reply)
    if reply.state != Reply.State.PUBLISHED:
        raise ValidationError(_("This reply is not published."), code="state")
    if reply.rated_at is not None:
        raise ValidationError(_("You already rated this reply."), code="rated")
    if not 1 <= rating <= 5:
        raise ValidationError(_("Choose a rating from 1 to 5."), code="rating")
    reply.rating, reply.resolved, reply.rated_at = rating, resolved, timezone.now()
    reply.save(update_fields=["rating", "resolved", "rated_at"])
    services.reply_outcome_add(journey=reply.journey, resolved=resolved)
    return reply


# --- What the consumer hands over ---------------------------------------------------------------


@transaction.atomic
def handover_give(
    *, journey: Journey, name: str, email: str, phone: str, case_reference: str
) -> Handover:
    """Give this journey's company the consumer's contact details (replacing earlier ones)."""
    journey = Journey.objects.select_for_update().select_related("company").get(pk=journey.pk)
    Handover.objects.filter(journey=journey).delete()
    handover = Handover.objects.create(
        journey=journey,
        company=journey.company,
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        case_reference=case_reference.strip(),
    )
    # The company's wait for these details, if it asked, is over.
    HandoverRequest.objects.filter(
        journey=journey, company=journey.company, answered_at__isnull=True
    ).update(answered_at=handover.created_at)
    log_event(action=Action.HANDOVER, journey=journey)
    return handover


@transaction.atomic
def handover_ask(*, journey: Journey, base_url: str) -> HandoverRequest:
    """The company asks the reporter for their contact details, once per journey; its reply
    clock pauses until they hand them over (`replyclock.PAUSE_MAX_DAYS` at most)."""
    journey = (
        Journey.objects.select_for_update().select_related("company", "owner").get(pk=journey.pk)
    )
    if Handover.objects.filter(journey=journey, company=journey.company).exists():
        raise ValidationError(_("The reporter already handed over their details."), code="given")
    if HandoverRequest.objects.filter(journey=journey, company=journey.company).exists():
        raise ValidationError(_("Your company asked for these details already."), code="asked")
    # A request of the company the journey was first filed under gives way.
    HandoverRequest.objects.filter(journey=journey).delete()
    request = HandoverRequest.objects.create(journey=journey, company=journey.company)
    _send(
        gettext_lazy("A company asks for your contact details"),
        "journeys/mail/handover_asked.txt",
        {
            "company": journey.company.name,
            "link": base_url + reverse("journey_handover", args=[journey.pk]),
        },
        journey.owner.email,
    )
    return request


@transaction.atomic
def handover_withdraw(*, journey: Journey) -> bool:
    deleted, _rows = Handover.objects.filter(journey=journey).delete()
    if deleted:
        log_event(action=Action.HANDOVER_WITHDRAW, journey=journey)
    return bool(deleted)


# --- Representatives' flags ---------------------------------------------------------------------


@transaction.atomic
def company_flag(*, journey: Journey, representative: Representative, reason: str, note: str = ""):
    if reason not in COMPANY_FLAG_REASONS:
        raise ValidationError(_("Choose a reason from the list."), code="reason")
    open_here = StoryFlag.objects.filter(
        journey=journey, company=representative.company_id, status=StoryFlag.Status.OPEN
    )
    if open_here.exists():
        raise ValidationError(
            _("Your company already flagged this story; a moderator will decide."), code="open"
        )
    # The company flags, not the person: the flag (and the count on the company page) outlives
    # the representative's account.
    flag = moderation.flag_create(
        journey=journey,
        reporter=None,
        reason=reason,
        note=note,
        company=representative.company,
        notify_email=representative.work_email,
    )
    if reason == StoryFlag.HIDING_REASON:
        # Hidden at once, by rule, before anyone judged it: its author is told so, and may
        # appeal.
        statements.statement_issue(
            event=flag.event, recipient=flag.journey.owner, journey=flag.journey
        )
    return flag


def company_flag_counts(company_id: int) -> dict:
    """How many stories a company flagged, and how many of those flags moderators upheld."""
    return StoryFlag.objects.filter(company=company_id).aggregate(
        made=Count("id"), upheld=Count("id", filter=Q(status=StoryFlag.Status.RESOLVED))
    )


# --- What the public reads -----------------------------------------------------------------------


def public_replies():
    """Published replies beside public stories (`Journey.objects.public_stories`), each the
    answer of the company the journey is about."""
    return Reply.objects.filter(
        state=Reply.State.PUBLISHED,
        company=F("journey__company"),
        journey__in=Journey.objects.public_stories(),
    )


def published_for(company_id: int, story_ids: list[int]) -> list[tuple]:
    """The company's published replies to these of its public stories (as the company page reads
    them, `stories.company_with_stories`), (journey id, sequence, category, text_redacted,
    published_at) in order. The stories' being public is not checked again: the page runs this
    on every view."""
    if not story_ids:
        return []
    return list(
        Reply.objects.filter(
            state=Reply.State.PUBLISHED, company=company_id, journey_id__in=story_ids
        )
        .order_by("journey_id", "sequence")
        .values_list("journey_id", "sequence", "category", "text_redacted", "published_at")
    )


def published_week(moment: datetime.datetime) -> str:
    """An ISO week such as "2026-W48": public dates are never finer than the week."""
    year, week, _day = timezone.localtime(moment).isocalendar()
    return f"{year}-W{week:02d}"


def public_reply_rows(company_id: int | None = None):
    """(company slug, story id, sequence, category, published week, public text) of every
    published reply beside a public story, for the API and the replies export."""
    rows = public_replies()
    if company_id is not None:
        rows = rows.filter(company=company_id)
    columns = ("company__slug", "journey_id", "sequence", "category", "published_at")
    for slug, story, sequence, category, published_at, text in (
        rows.order_by("company__slug", "journey_id", "sequence")
        .values_list(*columns, "text_redacted")
        .iterator(chunk_size=2000)
    ):
        yield slug, story, sequence, category, published_week(published_at), text


# --- The daily digest ---------------------------------------------------------------------------


def unsubscribe_token(representative: Representative) -> str:
    return signing.dumps(representative.pk, salt=_UNSUBSCRIBE_SALT)


def representative_for_unsubscribe(token: str) -> Representative | None:
    try:
        pk = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Representative.objects.select_related("company").filter(pk=pk).first()


def digest_unsubscribe(*, representative: Representative) -> Representative:
    if representative.digest:
        representative.digest = False
        representative.save(update_fields=["digest"])
    return representative


def digest_send(*, now: datetime.datetime | None = None) -> int:
    """Mail each subscribed representative the journeys published at their company since their
    last digest: goal, month and a link to their dashboard, nothing about the reporter. Returns
    the number of mails sent."""
    now = now or timezone.now()
    base_url = settings.FRICTIONLOG_SITE_URL
    sent = 0
    subscribed = Representative.objects.approved().filter(digest=True).select_related("company")
    for representative in subscribed:
        since = representative.digest_sent_until or representative.decided_at or now
        journeys = list(
            Journey.objects.approved()
            .filter(
                company=representative.company_id, published_at__gt=since, published_at__lte=now
            )
            .order_by("published_at", "id")
            .only("id", "goal", "started_on")[: DIGEST_LISTED + 1]
        )
        if journeys:
            company = representative.company
            with translation.override(settings.LANGUAGE_CODE):
                body = render_to_string(
                    "journeys/mail/digest.txt",
                    {
                        "company": company.name,
                        "journeys": journeys[:DIGEST_LISTED],
                        "more": len(journeys) > DIGEST_LISTED,
                        "dashboard": base_url + reverse("business_company", args=[company.slug]),
                        "unsubscribe": base_url
                        + reverse("digest_unsubscribe", args=[unsubscribe_token(representative)]),
                    },
                )
                subject = _("New published journeys at %(company)s") % {"company": company.name}
            send_mail(subject, body, None, [representative.work_email])
            sent += 1
        representative.digest_sent_until = now
        representative.save(update_fields=["digest_sent_until"])
    return sent
