"""The moderation audit log's one writer: every decision, state change and hand-over appends a
`ModerationEvent` (who, when, what, why) through `log_event`. The detail never copies personal
data: a redaction is logged by its kind and position, a claim by its id, not by what they hid."""

from django.utils import timezone

from .models import Company, Journey, ModerationEvent

Action = ModerationEvent.Action

# A moderator's decision on a submitted journey: its time from submission is what "the usual
# review time" is made of.
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
