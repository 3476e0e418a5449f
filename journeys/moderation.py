"""Moderators' writes and the review facts consumers see.

Every decision appends a `ModerationEvent` (who, when, what, why). The audit detail never copies
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
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import leaderboards, privacy, softcache
from .models import Company, CompanyAlias, Journey, ModerationEvent, StoryFlag, normalize_name

Action = ModerationEvent.Action
State = Journey.Moderation

# Reasons a moderator picks from when rejecting or asking for changes; "other" needs a note.
REASONS = [
    ("personal_data", gettext_lazy("Contains personal details we cannot remove")),
    ("offensive", gettext_lazy("Offensive or defamatory language")),
    ("not_customer_service", gettext_lazy("Not about a customer-service experience")),
    ("implausible", gettext_lazy("Steps, dates or minutes do not add up")),
    ("duplicate", gettext_lazy("Duplicate of another journey")),
    ("wrong_company", gettext_lazy("Wrong or unknown company")),
    ("spam", gettext_lazy("Spam or advertising")),
    ("other", gettext_lazy("Other reason (explained below)")),
]
REASON_LABELS = dict(REASONS)

REVIEW_TIME_KEY = "moderation:usual-review-seconds"
REVIEW_TIME_WINDOW = datetime.timedelta(days=90)
REVIEW_TIME_SAMPLE = 500
DECISIONS = (Action.APPROVE, Action.REJECT, Action.REQUEST_CHANGES)


def log_event(
    *,
    action: str,
    actor=None,
    journey: Journey | None = None,
    company: Company | None = None,
    reason: str = "",
    note: str = "",
    detail: dict | None = None,
) -> ModerationEvent:
    review_seconds = None
    if action in DECISIONS and journey is not None and journey.submitted_at:
        review_seconds = max(0, int((timezone.now() - journey.submitted_at).total_seconds()))
    return ModerationEvent.objects.create(
        action=action,
        actor=actor,
        journey=journey,
        company=company or (journey.company if journey is not None else None),
        reason=reason,
        note=note.strip(),
        detail=detail or {},
        review_seconds=review_seconds,
    )


def _lock(journey: Journey) -> Journey:
    return Journey.objects.select_for_update().select_related("company").get(pk=journey.pk)


def _check_reason(reason: str, note: str) -> None:
    if reason not in REASON_LABELS:
        raise ValidationError(_("Choose a reason from the list."), code="reason")
    if reason == "other" and not note.strip():
        raise ValidationError(_("Explain the reason in a few words."), code="note")


def _resolve_flags(journey: Journey) -> int:
    return StoryFlag.objects.filter(journey=journey, status=StoryFlag.Status.OPEN).update(
        status=StoryFlag.Status.RESOLVED, resolved_at=timezone.now()
    )


# --- Redaction ----------------------------------------------------------------------------------


def _set_spans(journey: Journey, spans: list[privacy.Span]) -> None:
    spans = sorted(spans, key=lambda s: (s.start, s.end))
    journey.story_redactions = [privacy.span_to_json(s) for s in spans]
    journey.story_redacted = privacy.apply_redactions(journey.story, spans)


def story_autoredact(*, journey: Journey) -> Journey:
    """Redact the story automatically; called by `services` when a story is submitted or changes,
    inside their transaction, so a moderator never sees the raw text by default."""
    result = privacy.redact(journey.story)
    journey.story_redacted = result.text
    journey.story_redactions = [privacy.span_to_json(s) for s in result.spans]
    journey.save(update_fields=["story_redacted", "story_redactions"])
    if result.spans:
        kinds = Counter(s.kind for s in result.spans)
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
    _set_spans(journey, spans + added)
    journey.save(update_fields=["story_redacted", "story_redactions"])
    _resolve_flags(journey)
    log_event(
        action=Action.REDACT,
        actor=moderator,
        journey=journey,
        note=note,
        detail={"count": len(added), "positions": [[s.start, s.end] for s in added]},
    )
    return journey


@transaction.atomic
def story_unredact(*, journey: Journey, moderator, index: int, note: str = "") -> Journey:
    """Undo one redaction (a false positive): its original text shows again."""
    journey = _lock(journey)
    spans = journey.story_spans()
    if not 0 <= index < len(spans):
        raise ValidationError(_("That redaction no longer exists."), code="gone")
    removed = spans.pop(index)
    _set_spans(journey, spans)
    journey.save(update_fields=["story_redacted", "story_redactions"])
    log_event(
        action=Action.UNREDACT,
        actor=moderator,
        journey=journey,
        note=note,
        detail={"kind": removed.kind, "position": [removed.start, removed.end]},
    )
    return journey


# --- What the public would read, and what may still be personal in it --------------------------

SUSPECT_LABELS = {
    privacy.SUSPECT_NAME: gettext_lazy("may be a name"),
    privacy.SUSPECT_CARD: gettext_lazy("may be a card number"),
    privacy.SUSPECT_BSN: gettext_lazy("may be a citizen service number (BSN)"),
    privacy.SUSPECT_ADDRESS: gettext_lazy("may be an address"),
    privacy.SUSPECT_REFERENCE: gettext_lazy("may be a reference number"),
}


def published_spans(journey: Journey) -> list[privacy.Span]:
    """The redactions the public text is made of: the stored ones (moderators' changes included)
    while they still make the stored text, else what automatic redaction makes of the story now
    (a draft whose story was typed when the journey was created has none stored yet)."""
    spans = journey.story_spans()
    if journey.story_redacted:
        try:
            if privacy.apply_redactions(journey.story, spans) == journey.story_redacted:
                return spans
        except ValueError:
            pass
    return list(privacy.redact(journey.story).spans)


def _piece(segment: privacy.Segment) -> dict:
    found = segment.span or segment.suspect
    return {
        "text": segment.text,
        "hidden": segment.span is not None,
        "suspect": segment.suspect is not None,
        "kind": found.kind if found else "",
        "label": SUSPECT_LABELS.get(found.kind, "") if segment.suspect else "",
    }


def story_preview(*, story: str, spans: list[privacy.Span] | None = None) -> dict:
    """The story exactly as it would be published, in pieces a page can highlight: hidden parts
    with their placeholder, and parts left readable that may be personal, with why."""
    if spans is None:
        spans = list(privacy.redact(story).spans)
    flagged = privacy.suspects(story, spans)
    return {
        "segments": [_piece(s) for s in privacy.preview_segments(story, spans, flagged)],
        "suspects": [
            {"text": s.text, "kind": s.kind, "label": SUSPECT_LABELS.get(s.kind, "")}
            for s in flagged
        ],
    }


def suspects_to_check(journey: Journey) -> list[privacy.Suspect]:
    """What may still be personal in a story that approval would publish."""
    if not (journey.story_consent and journey.story):
        return []
    return privacy.suspects(journey.story, published_spans(journey))


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
    journey = _lock(journey)
    if not journey.in_review:
        raise ValidationError(_("This journey is not waiting for review."), code="state")
    if journey.company.status != Company.Status.ACTIVE:
        raise ValidationError(
            _("Accept or merge the suggested company before approving this journey."),
            code="company",
        )
    flagged = suspects_to_check(journey)
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
    journey.moderation_state = State.APPROVED
    journey.published_at = journey.published_at or timezone.now()
    journey.save(update_fields=["moderation_state", "published_at"])
    # How many flagged parts were let through knowingly: a count, never the text.
    detail = {"suspects_checked": len(flagged)} if flagged else None
    log_event(action=Action.APPROVE, actor=moderator, journey=journey, detail=detail)
    leaderboards.request_recompute([journey.company_id])
    return journey


def _send_back(*, journey: Journey, moderator, state: str, action: str, reason: str, note: str):
    _check_reason(reason, note)
    journey = _lock(journey)
    if journey.moderation_state not in (State.PENDING, State.APPROVED):
        raise ValidationError(_("This journey is not waiting for review."), code="state")
    was_public = journey.is_published
    journey.moderation_state = state
    journey.save(update_fields=["moderation_state"])
    _resolve_flags(journey)
    log_event(action=action, actor=moderator, journey=journey, reason=reason, note=note)
    if was_public:
        leaderboards.request_recompute([journey.company_id])
    return journey


@transaction.atomic
def journey_reject(*, journey: Journey, moderator, reason: str, note: str = "") -> Journey:
    return _send_back(
        journey=journey,
        moderator=moderator,
        state=State.REJECTED,
        action=Action.REJECT,
        reason=reason,
        note=note,
    )


@transaction.atomic
def journey_request_changes(*, journey: Journey, moderator, reason: str, note: str) -> Journey:
    if not note.strip():
        raise ValidationError(
            _("Tell the consumer what to change: they will read this on their journey."),
            code="note",
        )
    return _send_back(
        journey=journey,
        moderator=moderator,
        state=State.CHANGES_REQUESTED,
        action=Action.REQUEST_CHANGES,
        reason=reason,
        note=note,
    )


def journey_changed(*, journey: Journey, story_before: str, consent_before: bool) -> None:
    """Called by `services.journey_update` after a consumer's edit, inside its transaction
    (which already requests the recompute when an approved journey goes back to the queue)."""
    if journey.story != story_before:
        story_autoredact(journey=journey)
    if consent_before and not journey.story_consent:
        log_event(action=Action.CONSENT_WITHDRAW, journey=journey)


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
    *, journey: Journey, reporter, reason: str, note: str = "", company: Company | None = None
) -> StoryFlag:
    """A report of a published story; `company` when a representative makes it for theirs."""
    journey = Journey.objects.select_related("company").get(pk=journey.pk)
    if not journey.has_public_story:
        raise ValidationError(_("This story is not published."), code="not_public")
    if reason not in StoryFlag.Reason.values:
        raise ValidationError(_("Choose a reason from the list."), code="reason")
    flag = StoryFlag.objects.create(
        journey=journey,
        reporter=reporter if reporter is not None and reporter.is_authenticated else None,
        reason=reason,
        note=note.strip(),
        company=company,
    )
    log_event(action=Action.FLAG, journey=journey, reason=reason, detail={"flag": flag.pk})
    return flag


@transaction.atomic
def flags_dismiss(*, journey: Journey, moderator, note: str = "") -> int:
    count = StoryFlag.objects.filter(journey=journey, status=StoryFlag.Status.OPEN).update(
        status=StoryFlag.Status.DISMISSED, resolved_at=timezone.now()
    )
    if count:
        log_event(
            action=Action.FLAG_DISMISS,
            actor=moderator,
            journey=journey,
            note=note,
            detail={"flags": count},
        )
    return count


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
    """Tell the owner what a moderator decided, once the decision is committed. In the site's
    language (Dutch): the owner's own is not known here. The reason and note are the ones the
    owner sees on the journey page; the moderator is not named."""
    latest = journey.moderation_events.for_owner().order_by("-created_at", "-id").first()
    reason = REASON_LABELS.get(latest.reason, "") if latest else ""
    note = latest.note if latest and latest.action in DECISIONS else ""
    link = base_url + journey.get_absolute_url()

    def send() -> None:
        with translation.override(settings.LANGUAGE_CODE):
            subjects = {
                State.APPROVED: _("Your journey was approved"),
                State.CHANGES_REQUESTED: _("Your journey needs a change"),
                State.REJECTED: _("Your journey was not accepted"),
            }
            body = render_to_string(
                "journeys/mail/decision.txt",
                {"journey": journey, "reason": reason, "note": note, "link": link},
            )
            send_mail(str(subjects[journey.moderation_state]), body, None, [journey.owner.email])

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
        "redactions": [
            {"original": s.original, "placeholder": privacy.placeholder_for(s.kind)}
            for s in journey.story_spans()
        ],
        "story_public": journey.has_public_story,
    }
