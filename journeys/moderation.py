"""Moderators' writes and the review facts consumers see.

Every decision appends a `ModerationEvent` (who, when, what, why) through `audit.log_event`; a
journey's state changes through its table in `transitions`. The audit detail never copies
personal data: a redaction is logged by its kind and position, not by the text it hid. Public
figures change through `leaderboards.request_recompute`, called whenever a journey enters or
leaves the approved set.
"""

import datetime
import hashlib
import statistics
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import leaderboards, policy, privacy, softcache, statements, stories, transitions
from .audit import DECISIONS, log_event
from .models import (
    Appeal,
    Company,
    CompanyAlias,
    Handover,
    Journey,
    ModerationEvent,
    Reply,
    Statement,
    StoryFlag,
    normalize_name,
)

Action = ModerationEvent.Action
State = Journey.Moderation

# Grounds a moderator picks from when rejecting or asking for changes (the published policy);
# "other" needs a note.
REASONS = [(ground.code, ground.label) for ground in policy.GROUNDS]
REASON_LABELS = dict(REASONS)

REVIEW_TIME_KEY = "moderation:usual-review-seconds"
REVIEW_TIME_WINDOW = datetime.timedelta(days=90)
REVIEW_TIME_SAMPLE = 500


def _lock(journey: Journey) -> Journey:
    return Journey.objects.select_for_update().select_related("company").get(pk=journey.pk)


def check_reason(reason: str, note: str) -> None:
    if reason not in REASON_LABELS:
        raise ValidationError(_("Choose a reason from the list."), code="reason")
    if reason == "other" and not note.strip():
        raise ValidationError(_("Explain the reason in a few words."), code="note")


def _close_flags(journey: Journey, *, status: str, moderator, note: str = "") -> int:
    """Close the journey's open reports with `status`, audited with their reasons (the
    transparency page counts outcomes by reason), and tell their notifiers."""
    flags = list(StoryFlag.objects.filter(journey=journey, status=StoryFlag.Status.OPEN))
    if not flags:
        return 0
    StoryFlag.objects.filter(pk__in=[f.pk for f in flags]).update(
        status=status, resolved_at=timezone.now()
    )
    upheld = status == StoryFlag.Status.RESOLVED
    log_event(
        action=Action.FLAG_UPHOLD if upheld else Action.FLAG_DISMISS,
        actor=moderator,
        journey=journey,
        note=note,
        detail={"flags": len(flags), "reasons": dict(Counter(f.reason for f in flags))},
    )
    statements.notifiers_tell(flags=flags, upheld=upheld)
    return len(flags)


def _resolve_flags(journey: Journey, moderator) -> int:
    return _close_flags(journey, status=StoryFlag.Status.RESOLVED, moderator=moderator)


# --- Redaction ----------------------------------------------------------------------------------


def story_autoredact(*, journey: Journey) -> Journey:
    """Redact the story automatically; called by `services` when a story is submitted or changes,
    inside their transaction, so a moderator never sees the raw text by default."""
    spans = stories.redact_anew(journey)
    journey.save(update_fields=["story_redacted", "story_redactions"])
    if spans:
        kinds = Counter(s.kind for s in spans)
        log_event(action=Action.AUTO_REDACT, journey=journey, detail={"kinds": dict(kinds)})
    return journey


@transaction.atomic
def story_redact(*, journey: Journey, moderator, phrase: str, note: str = "") -> Journey:
    """Hide every occurrence of `phrase` in the story behind "[weggelakt]"."""
    journey = _lock(journey)
    phrase = phrase.strip()
    if len(phrase) < 2:
        raise ValidationError(_("Type at least two characters to redact."), code="short")
    spans = journey.story_spans()
    added = privacy.manual_spans(journey.story, phrase, existing=spans)
    if not added:
        raise ValidationError(
            _("This text does not occur in the story (outside what is already redacted)."),
            code="not_found",
        )
    stories.set_spans(journey, spans + added)
    journey.save(update_fields=["story_redacted", "story_redactions"])
    flags = _resolve_flags(journey, moderator)
    detail = {"count": len(added), "positions": [[s.start, s.end] for s in added]}
    event = log_event(
        action=Action.REDACT,
        actor=moderator,
        journey=journey,
        reason="personal_data",
        note=note,
        detail={**detail, "flags": flags} if flags else detail,
    )
    statements.statement_issue(event=event, recipient=journey.owner, journey=journey)
    return journey


@transaction.atomic
def story_unredact(*, journey: Journey, moderator, index: int, note: str = "") -> Journey:
    """Undo one redaction (a false positive): its original text shows again."""
    journey = _lock(journey)
    spans = journey.story_spans()
    if not 0 <= index < len(spans):
        raise ValidationError(_("That redaction no longer exists."), code="gone")
    removed = spans.pop(index)
    stories.set_spans(journey, spans)
    journey.save(update_fields=["story_redacted", "story_redactions"])
    log_event(
        action=Action.UNREDACT,
        actor=moderator,
        journey=journey,
        note=note,
        detail={"kind": removed.kind, "position": [removed.start, removed.end]},
    )
    return journey


# --- What the moderator was shown --------------------------------------------------------------


def suspects_fingerprint(flagged: list[privacy.Suspect]) -> str:
    """Names the flagged parts a moderator was shown, so their tick covers those and no others:
    a story changed after the page was loaded flags parts the moderator has not seen."""
    seen = "|".join(f"{s.start}:{s.end}:{s.kind}:{s.text}" for s in flagged)
    return hashlib.sha256(seen.encode()).hexdigest()[:16]


# --- Decisions ----------------------------------------------------------------------------------


@transaction.atomic
def journey_approve(*, journey: Journey, moderator, suspects_checked: str = "") -> Journey:
    """Publish a journey. A story with parts flagged as maybe personal needs the moderator's
    word that they looked at them: `suspects_checked` is the `suspects_fingerprint` of the parts
    they were shown. One keystroke must not publish a name."""
    journey = transitions.apply(
        transitions.JOURNEY,
        "approve",
        journey,
        actor=moderator,
        before=lambda locked: _approvable(locked, suspects_checked),
    ).row
    leaderboards.request_recompute([journey.company_id])
    return journey


def _approvable(journey: Journey, suspects_checked: str) -> dict | None:
    """Refuse an approval of a journey under a suggested company, or of a story whose flagged
    parts the moderator did not tick as checked; what the audit entry adds."""
    if journey.company.status != Company.Status.ACTIVE:
        raise ValidationError(
            _("Accept or merge the suggested company before approving this journey."),
            code="company",
        )
    flagged = stories.suspects_to_check(journey)
    if flagged and suspects_checked and suspects_checked != suspects_fingerprint(flagged):
        raise ValidationError(
            _("The story changed since this page was loaded. Check the flagged parts again."),
            code="suspects_changed",
        )
    if flagged and not suspects_checked:
        raise ValidationError(
            ngettext(
                "%(n)s flagged part of the story may still be personal. Hide it, or tick "
                "“I checked the flagged parts” and approve again.",
                "%(n)s flagged parts of the story may still be personal. Hide them, or tick "
                "“I checked the flagged parts” and approve again.",
                len(flagged),
            )
            % {"n": len(flagged)},
            code="suspects",
        )
    # How many flagged parts were let through knowingly: a count, never the text.
    return {"suspects_checked": len(flagged)} if flagged else None


def _send_back(*, journey: Journey, moderator, action: str, reason: str, note: str):
    """Reject, or ask for changes (`action`, in the journey's table); the open reports of the
    story are resolved with it and counted in its audit entry."""
    check_reason(reason, note)
    applied = transitions.apply(
        transitions.JOURNEY,
        action,
        journey,
        actor=moderator,
        before=lambda locked: _flags_resolved(locked, moderator),
        reason=reason,
        note=note,
    )
    journey = applied.row
    statements.statement_issue(event=applied.event, recipient=journey.owner, journey=journey)
    if applied.source == State.APPROVED:
        leaderboards.request_recompute([journey.company_id])
    return journey


def _flags_resolved(journey: Journey, moderator) -> dict | None:
    flags = _resolve_flags(journey, moderator)
    return {"flags": flags} if flags else None


@transaction.atomic
def journey_reject(*, journey: Journey, moderator, reason: str, note: str = "") -> Journey:
    return _send_back(
        journey=journey, moderator=moderator, action="reject", reason=reason, note=note
    )


@transaction.atomic
def journey_request_changes(*, journey: Journey, moderator, reason: str, note: str) -> Journey:
    if not note.strip():
        raise ValidationError(
            _("Tell the consumer what to change: they will read this on their journey."),
            code="note",
        )
    return _send_back(
        journey=journey, moderator=moderator, action="request_changes", reason=reason, note=note
    )


def journey_changed(
    *, journey: Journey, story_before: str, consent_before: bool, company_before: int
) -> None:
    """Called by `services.journey_update` after a consumer's edit, inside its transaction
    (which already requests the recompute when an approved journey goes back to the queue)."""
    if journey.story != story_before:
        story_autoredact(journey=journey)
    if consent_before and not journey.story_consent:
        log_event(action=Action.CONSENT_WITHDRAW, journey=journey)
    if journey.company_id != company_before:
        # The other company's answer is not this one's: off the journey, so it is neither
        # shown as the new company's nor takes its turn to reply.
        Reply.objects.filter(journey=journey).exclude(company=journey.company_id).delete()
        _handovers_end(Handover.objects.filter(journey=journey), to=journey.company)


def _handovers_end(handovers, *, to: Company, moderator=None) -> int:
    """End hand-overs to a company a journey is no longer about: the consumer gave their details
    to that company's representatives, not to `to`'s. Each is deleted, audited (without the
    details) and the consumer is mailed a link to hand over again."""
    ended = list(handovers.exclude(company=to).select_related("company", "journey__owner"))
    for handover in ended:
        journey = handover.journey
        log_event(
            action=Action.HANDOVER_WITHDRAW,
            actor=moderator,
            journey=journey,
            company=handover.company,
            detail={"company_changed_to": to.pk},
        )
        _handover_ended_notify(journey=journey, left=handover.company.name, now=to.name)
    Handover.objects.filter(pk__in=[h.pk for h in ended]).delete()
    return len(ended)


def _handover_ended_notify(*, journey: Journey, left: str, now: str) -> None:
    link = settings.FRICTIONLOG_SITE_URL + reverse("journey_handover", args=[journey.pk])
    address = journey.owner.email

    def send() -> None:
        with translation.override(settings.LANGUAGE_CODE):
            context = {"left": left, "now": now, "link": link}
            body = render_to_string("journeys/mail/handover_ended.txt", context)
            subject = _("%(company)s no longer sees your contact details") % {"company": left}
            send_mail(subject, body, None, [address])

    transaction.on_commit(send)


@transaction.atomic
def consent_withdraw(*, journey: Journey) -> Journey:
    """The story leaves public pages at once; the journey's figures stay as they are."""
    journey = _lock(journey)
    if not journey.story_consent:
        return journey
    journey.story_consent = False
    journey.save(update_fields=["story_consent"])
    log_event(action=Action.CONSENT_WITHDRAW, journey=journey)
    return journey


# --- Flags --------------------------------------------------------------------------------------


@transaction.atomic
def flag_create(
    *,
    journey: Journey,
    reporter,
    reason: str,
    note: str = "",
    company: Company | None = None,
    notify_email: str = "",
) -> StoryFlag:
    """A report of a published story; `company` when a representative makes it for theirs.
    The notifier (a signed-in reporter, or whoever left `notify_email`) gets a confirmation now
    and the decision later, in the language they reported in."""
    journey = Journey.objects.select_related("company").get(pk=journey.pk)
    if not stories.is_public(journey):
        raise ValidationError(_("This story is not published."), code="not_public")
    if reason not in StoryFlag.Reason.values:
        raise ValidationError(_("Choose a reason from the list."), code="reason")
    signed_in = reporter is not None and reporter.is_authenticated
    flag = StoryFlag.objects.create(
        journey=journey,
        reporter=reporter if signed_in else None,
        reason=reason,
        note=note.strip(),
        company=company,
        notify_email=notify_email.strip() or (reporter.email if signed_in else ""),
        notify_language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    flag.event = log_event(
        action=Action.FLAG, journey=journey, reason=reason, detail={"flag": flag.pk}
    )
    statements.notifier_confirm(flag)
    return flag


@transaction.atomic
def flags_dismiss(*, journey: Journey, moderator, note: str = "") -> int:
    return _close_flags(journey, status=StoryFlag.Status.DISMISSED, moderator=moderator, note=note)


# --- Appeals ------------------------------------------------------------------------------------


def appeal_deadline(statement: Statement) -> datetime.datetime:
    return statement.event.created_at + datetime.timedelta(days=round(policy.APPEAL_MONTHS * 30.5))


def _appeal_journey(statement: Statement) -> Journey | None:
    """The journey an appeal's audit entries name: none for a company's reply, whose appeal is
    the company's business, not the consumer's."""
    if statement.event.action == Action.REPLY_REJECT:
        return None
    return statement.journey


@transaction.atomic
def appeal_create(*, statement: Statement, text: str) -> Appeal:
    """The author's one appeal against the decision a statement explains."""
    statement = (
        Statement.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=statement.pk)
    )
    if Appeal.objects.filter(statement=statement).exists():
        raise ValidationError(_("You already appealed this decision."), code="appealed")
    if timezone.now() > appeal_deadline(statement):
        raise ValidationError(_("The time to appeal this decision has passed."), code="late")
    text = text.strip()
    if not text:
        raise ValidationError(_("Say why you think the decision is wrong."), code="text")
    appeal = Appeal.objects.create(
        statement=statement, text=text, decided_against_id=statement.event.actor_id
    )
    log_event(
        action=Action.APPEAL,
        journey=_appeal_journey(statement),
        company=statement.reply.company if statement.reply_id else None,
        reason=statement.ground,
        detail={"appeal": appeal.pk, "decision": statement.event_id},
    )
    return appeal


def _reverse(statement: Statement, moderator) -> None:
    """Undo what the appealed decision did, where what it did is still there."""
    action = statement.event.action
    if action in (Action.REJECT, Action.REQUEST_CHANGES) and statement.journey_id:
        # Back in the queue: approval is a decision of its own, with its own checks.
        undo = "undo_reject" if action == Action.REJECT else "undo_request_changes"
        transitions.apply(transitions.JOURNEY, undo, statement.journey, actor=moderator, quiet=True)
    elif action == Action.REDACT and statement.journey_id:
        journey = _lock(statement.journey)
        hidden = {tuple(p) for p in statement.event.detail.get("positions", [])}
        kept = [s for s in journey.story_spans() if (s.start, s.end) not in hidden]
        stories.set_spans(journey, kept)
        journey.save(update_fields=["story_redacted", "story_redactions"])
    elif action == Action.FLAG and statement.journey_id:
        # The story hidden on a company's report shows again: the report is dismissed.
        StoryFlag.objects.filter(
            journey=statement.journey_id,
            status=StoryFlag.Status.OPEN,
            reason=StoryFlag.Reason.HARMFUL,
            company__isnull=False,
        ).update(status=StoryFlag.Status.DISMISSED, resolved_at=timezone.now())
    elif action == Action.REPLY_REJECT and statement.reply_id:
        transitions.apply(
            transitions.REPLY,
            "undo_reject",
            statement.reply,
            actor=moderator,
            quiet=True,
            before=_reply_slot_free,
        )


def _reply_slot_free(reply: Reply) -> None:
    taken = Reply.objects.filter(journey=reply.journey_id, sequence=reply.sequence).exclude(
        state=Reply.State.REJECTED
    )
    if taken.exists():
        raise transitions.Refused(_("Another reply has taken this one's place."), code="taken")


@transaction.atomic
def appeal_decide(*, appeal: Appeal, moderator, granted: bool, note: str = "") -> Appeal:
    """Decide an appeal: never by the moderator who took the decision. Granted, the decision is
    reversed; either way the author hears it in their language."""
    appeal = (
        # Only the appeal's row is locked: PostgreSQL cannot lock the nullable side of a join.
        Appeal.objects.select_for_update(of=("self",))
        .select_related("statement__event", "statement__recipient", "statement__reply")
        .get(pk=appeal.pk)
    )
    if appeal.outcome:
        raise ValidationError(_("This appeal has been decided already."), code="decided")
    if appeal.decided_against_id == moderator.pk:
        raise ValidationError(
            _("You took this decision: another moderator decides the appeal."), code="own"
        )
    statement = appeal.statement
    if granted:
        _reverse(statement, moderator)
    appeal.outcome = Appeal.Outcome.GRANTED if granted else Appeal.Outcome.DENIED
    appeal.decided_by, appeal.decided_at, appeal.note = moderator, timezone.now(), note.strip()
    appeal.save(update_fields=["outcome", "decided_by", "decided_at", "note"])
    log_event(
        action=Action.APPEAL_GRANT if granted else Action.APPEAL_DENY,
        actor=moderator,
        journey=_appeal_journey(statement),
        company=statement.reply.company if statement.reply_id else None,
        reason=statement.ground,
        note=note,
        detail={"appeal": appeal.pk, "decision": statement.event_id},
    )
    context = {**statements.statement_context(statement), "appeal": appeal}
    recipient = statement.recipient
    transaction.on_commit(
        lambda: statements.mail_in(
            statement.language,
            gettext_lazy("Your appeal was decided"),
            "journeys/mail/appeal_decided.txt",
            context,
            recipient.email,
        )
    )
    return appeal


# --- Companies ----------------------------------------------------------------------------------


def _lock_company(company: Company) -> Company:
    return Company.objects.select_for_update().get(pk=company.pk)


@transaction.atomic
def company_accept(*, company: Company, moderator) -> Company:
    company = _lock_company(company)
    if company.status != Company.Status.PENDING:
        raise ValidationError(_("This company is not a pending suggestion."), code="state")
    company.status = Company.Status.ACTIVE
    company.save(update_fields=["status"])
    log_event(action=Action.COMPANY_ACCEPT, actor=moderator, company=company)
    return company


@transaction.atomic
def company_set_dispute_body(*, company: Company, dispute_body: str, moderator) -> Company:
    """Record which dispute body the company is affiliated with (the consumers' route)."""
    company = _lock_company(company)
    before = company.dispute_body
    company.dispute_body = dispute_body
    company.save(update_fields=["dispute_body"])
    detail = {"from": before, "to": dispute_body}
    log_event(action=Action.COMPANY_DISPUTE_BODY, actor=moderator, company=company, detail=detail)
    return company


@transaction.atomic
def company_reject(*, company: Company, moderator, note: str = "") -> Company:
    """A rejected suggestion; journeys that named it go back to their owners to pick another."""
    company = _lock_company(company)
    if company.status != Company.Status.PENDING:
        raise ValidationError(_("This company is not a pending suggestion."), code="state")
    company.status = Company.Status.REJECTED
    company.save(update_fields=["status"])
    log_event(action=Action.COMPANY_REJECT, actor=moderator, company=company, note=note)
    waiting = Journey.objects.filter(company=company, moderation_state=State.PENDING)
    for journey in waiting:
        journey_request_changes(
            journey=journey,
            moderator=moderator,
            reason="wrong_company",
            note=_("We could not add this company. Pick an existing company, then submit again."),
        )
    return company


@transaction.atomic
def company_merge(*, source: Company, target: Company, moderator) -> Company:
    """Fold a duplicate into the real company: its journeys move over, its name and aliases
    become aliases of the target, and its page redirects there."""
    if source.pk == target.pk:
        raise ValidationError(_("Choose two different companies."), code="same")
    source, target = _lock_company(source), _lock_company(target)
    if source.status == Company.Status.MERGED or target.status != Company.Status.ACTIVE:
        raise ValidationError(
            _("Merge into an active company, from one that is not merged already."),
            code="state",
        )
    moved = Journey.objects.filter(company=source).update(company=target)
    # One company all along: its replies stand under the name that remains; hand-overs were
    # given to the people who spoke for the other name, so they end.
    Reply.objects.filter(company=source, journey__company=target).update(company=target)
    _handovers_end(Handover.objects.filter(company=source), to=target, moderator=moderator)
    CompanyAlias.objects.filter(company=source).update(company=target)
    taken = set(CompanyAlias.objects.values_list("search_name", flat=True))
    if normalize_name(source.name) not in taken | {target.search_name}:
        CompanyAlias.objects.create(company=target, name=source.name)
    source.status = Company.Status.MERGED
    source.merged_into = target
    source.save(update_fields=["status", "merged_into"])
    log_event(
        action=Action.COMPANY_MERGE,
        actor=moderator,
        company=target,
        detail={"from": source.pk, "from_name": source.name, "journeys": moved},
    )
    leaderboards.request_recompute([source.pk, target.pk])
    return target


def merged_target(slug: str) -> Company | None:
    """The company a merged company's old URL should lead to (following chains of merges)."""
    company = Company.objects.filter(slug=slug, status=Company.Status.MERGED).first()
    seen = set()
    while company is not None and company.status == Company.Status.MERGED:
        if company.pk in seen or company.merged_into_id is None:
            return None
        seen.add(company.pk)
        company = company.merged_into
    return company


# --- What the consumer sees about their review --------------------------------------------------


def usual_review_seconds() -> int | None:
    """Median time from submission to decision over the last 90 days, cached for ten minutes.
    With Redis down it is computed afresh each time: the journey page must not fail on it."""
    answered, cached = softcache.get(REVIEW_TIME_KEY, "read the usual review time")
    if cached is not None:
        return cached or None
    since = timezone.now() - REVIEW_TIME_WINDOW
    seconds = list(
        ModerationEvent.objects.filter(
            action__in=DECISIONS, created_at__gte=since, review_seconds__isnull=False
        )
        .order_by("-created_at")
        .values_list("review_seconds", flat=True)[:REVIEW_TIME_SAMPLE]
    )
    value = int(statistics.median(seconds)) if seconds else 0
    if answered:  # a hung cache is not waited on twice in one request
        softcache.set(REVIEW_TIME_KEY, value, 600, "cache the usual review time")
    return value or None


def describe_duration(seconds: int) -> str:
    hours = max(1, round(seconds / 3600))
    if hours < 48:
        return ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours}
    days = round(hours / 24)
    return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}


def decision_notify(*, journey: Journey, base_url: str) -> None:
    """Tell the owner their journey was approved, once that is committed, in their language.
    A decision that restricts a journey sends its statement of reasons instead (`statements`)."""
    if journey.moderation_state != State.APPROVED:
        return
    link = base_url + journey.get_absolute_url()
    owner = journey.owner

    def send() -> None:
        statements.mail_in(
            owner.language,
            gettext_lazy("Your journey was approved"),
            "journeys/mail/decision.txt",
            {"journey": journey, "link": link},
            owner.email,
        )

    transaction.on_commit(send)


def review_status(journey: Journey) -> dict:
    """Where the journey stands in review and what moderators changed and why, never who.
    Two queries at most: the journey's events (none when it was read knowing it has none), and
    the cached usual review time."""
    events = [
        {
            "when": event.created_at,
            "action": event.action,
            "label": event.get_action_display(),
            "reason": REASON_LABELS.get(event.reason, ""),
            "note": event.note if event.action in (*DECISIONS, Action.REDACT) else "",
        }
        for event in (
            journey.moderation_events.for_owner().only("created_at", "action", "reason", "note")
            if getattr(journey, "has_owner_events", True)
            else ()
        )
    ]
    latest_request = next(
        (e for e in reversed(events) if e["action"] == Action.REQUEST_CHANGES), None
    )
    usual = usual_review_seconds() if journey.in_review else None
    return {
        "state": journey.moderation_state,
        "submitted_at": journey.submitted_at,
        "usual_review": describe_duration(usual) if usual else "",
        "events": events,
        "changes_requested": latest_request
        if journey.moderation_state == State.CHANGES_REQUESTED
        else None,
    }
