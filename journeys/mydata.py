"""The consumer's own data: everything we hold about them as JSON, and erasure of all of it."""

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from . import leaderboards
from .models import Journey, ModerationEvent, Reply, Step, StoryFlag
from .scoring import DRIVER_FIELDS

EXPORT_VERSION = 1
JOURNEY_FIELDS = (
    "id",
    "goal",
    "started_on",
    "status",
    "story",
    "story_consent",
    "story_redacted",
    "story_redactions",
    "moderation_state",
    "submitted_at",
    "score",
    "score_version",
    *DRIVER_FIELDS,
    "created_at",
    "updated_at",
)
STEP_FIELDS = ("position", "kind", "channel", "occurred_on", "minutes", "repeats", "note")
LETTER_FIELDS = (
    "kind",
    "language",
    "sender",
    "recipient",
    "subject",
    "body",
    "flight_on",
    "claim",
    "created_at",
    "updated_at",
    "sent_on",
    "received_on",
    "answer_due",
    "outcome",
    "outcome_on",
    "reminder_sent_at",
)


def account_export(*, user) -> dict:
    """All of a user's data, for "download my data" (GDPR art. 15 and 20). Moderators' identities
    are not the user's data and are left out; what they did and why is in."""
    journeys = list(
        Journey.objects.filter(owner=user)
        .select_related("company", "handover")
        .prefetch_related("steps", "moderation_events", "replies", "letters")
        .order_by("started_on", "id")
    )
    return {
        "format": "frictionlog-export",
        "version": EXPORT_VERSION,
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "date_joined": user.date_joined,
            "email_verified_at": user.email_verified_at,
            "last_login": user.last_login,
            "is_moderator": user.is_moderator,
        },
        "journeys": [
            {
                **{field: getattr(journey, field) for field in JOURNEY_FIELDS},
                "company": {"name": journey.company.name, "slug": journey.company.slug},
                "steps": [
                    {field: getattr(step, field) for field in STEP_FIELDS}
                    for step in journey.steps.all()
                ],
                "letters": [
                    {field: getattr(letter, field) for field in LETTER_FIELDS}
                    for letter in journey.letters.all()
                ],
                "review_history": [
                    {
                        "at": event.created_at,
                        "action": event.action,
                        "reason": event.reason,
                        "note": event.note,
                    }
                    for event in journey.moderation_events.all()
                    if event.action in ModerationEvent.OWNER_VISIBLE
                ],
                "handed_over_to_company": _handover(journey),
                "company_replies": [
                    {
                        "category": reply.category,
                        "text": reply.text_redacted,
                        "published_at": reply.published_at,
                        "my_rating": reply.rating,
                        "resolved_after_reply": reply.resolved,
                    }
                    for reply in journey.replies.all()
                    if reply.state == Reply.State.PUBLISHED
                ],
            }
            for journey in journeys
        ],
        "company_claims": [
            {
                "company": claim.company.name,
                "work_email": claim.work_email,
                "status": claim.status,
                "created_at": claim.created_at,
            }
            for claim in user.representations.select_related("company").order_by("created_at")
        ],
        "story_reports": [
            {
                "journey": flag.journey_id,
                "reason": flag.reason,
                "note": flag.note,
                "status": flag.status,
                "created_at": flag.created_at,
            }
            for flag in StoryFlag.objects.filter(reporter=user).order_by("created_at")
        ],
        "statements_of_reasons": [
            {
                "decision": statement.event.action,
                "ground": statement.ground,
                "journey": statement.journey_id,
                "sent_at": statement.sent_at,
                "appeal": _appeal(statement),
            }
            for statement in user.statements.select_related("event", "appeal").order_by(
                "created_at", "id"
            )
        ],
        "suggested_companies": [
            {"name": company.name, "status": company.status, "created_at": company.created_at}
            for company in user.suggested_companies.order_by("created_at")
        ],
    }


def _appeal(statement) -> dict | None:
    appeal = getattr(statement, "appeal", None)
    if appeal is None:
        return None
    fields = ("text", "created_at", "outcome", "decided_at", "note")
    return {field: getattr(appeal, field) for field in fields}


def _handover(journey: Journey) -> dict | None:
    handover = getattr(journey, "handover", None)
    if handover is None:
        return None
    fields = ("name", "email", "phone", "case_reference", "created_at")
    return {field: getattr(handover, field) for field in fields}


def _delete_sessions(user) -> int:
    # Sessions are not linked to users in the database; a scan of the live ones finds theirs.
    gone = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            gone += 1
    return gone


@transaction.atomic
def account_erase(*, user) -> set[int]:
    """Delete the account and everything that is theirs; returns the companies whose public
    figures change (recomputed after commit).

    The audit log keeps what moderators did, at which company and when, but no longer points to
    the erased journeys, and moderators' notes to the consumer (which may quote the story) are
    blanked: the one sanctioned exception to the log being append-only.
    """
    journeys = Journey.objects.filter(owner=user)
    companies = set(
        journeys.filter(moderation_state=Journey.Moderation.APPROVED).values_list(
            "company_id", flat=True
        )
    )
    ModerationEvent._base_manager.filter(journey__owner=user).update(
        journey=None, note="", detail={}
    )
    Step.objects.filter(journey__owner=user).delete()
    _delete_sessions(user)
    user.delete()  # journeys (their letters, flags), the user's reports, admin log entries cascade
    leaderboards.request_recompute(companies)
    return companies
