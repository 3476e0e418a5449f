"""The figures `/transparantie/` publishes per calendar quarter, counted from the moderation
audit log (`ModerationEvent`), never typed: decisions by ground, reports by reason and outcome,
the median time to a decision, appeals and how many were granted, and the share of redactions
made automatically."""

import datetime
import re
import statistics
from collections import Counter

from django.db.models import Count, Min
from django.utils import timezone

from . import policy, softcache
from .audit import DECISIONS
from .models import ModerationEvent, StoryFlag

Action = ModerationEvent.Action
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
CACHE_SECONDS = 600


def quarter_of(day: datetime.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(quarter: str) -> tuple[datetime.datetime, datetime.datetime]:
    """The quarter's first moment and the next quarter's, in the site's time zone."""
    year, number = (int(part) for part in QUARTER.match(quarter).groups())
    start = datetime.date(year, 3 * number - 2, 1)
    end = datetime.date(year + (number == 4), 1 if number == 4 else 3 * number + 1, 1)
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time(), zone),
        datetime.datetime.combine(end, datetime.time(), zone),
    )


def quarters() -> list[str]:
    """Every quarter from the first audited event to the current one, newest first."""
    today = timezone.localdate()
    first = ModerationEvent.objects.aggregate(first=Min("created_at"))["first"]
    day = timezone.localtime(first).date() if first else today
    found, current = [], quarter_of(today)
    while True:
        found.append(quarter_of(day))
        if found[-1] == current:
            return found[::-1]
        day = quarter_bounds(found[-1])[1].date()


def figures(quarter: str) -> dict:
    """The quarter's figures (cached ten minutes; a cache that does not answer is skipped)."""
    key = f"transparency:{quarter}"
    answered, cached = softcache.get(key, "read the transparency figures")
    if cached is not None:
        return cached
    value = compute(quarter)
    if answered:
        softcache.set(key, value, CACHE_SECONDS, "cache the transparency figures")
    return value


def compute(quarter: str) -> dict:
    start, end = quarter_bounds(quarter)
    events = ModerationEvent.objects.filter(created_at__gte=start, created_at__lt=end)

    # Decisions that remove, hide or restrict, by ground and kind.
    restricted = Counter()
    for row in (
        events.filter(action__in=ModerationEvent.RESTRICTIONS)
        .values("reason", "action")
        .annotate(n=Count("id"))
    ):
        restricted[(row["reason"], row["action"])] += row["n"]
    kinds = ModerationEvent.RESTRICTIONS
    by_ground = [
        {
            "ground": ground,
            "counts": [
                {"kind": ModerationEvent.Action(kind).label, "n": restricted[(ground.code, kind)]}
                for kind in kinds
            ],
            "total": sum(restricted[(ground.code, kind)] for kind in kinds),
        }
        for ground in policy.GROUNDS
    ]

    # Reports: received by reason; decided, by reason and outcome.
    received = Counter(
        dict(
            events.filter(action=Action.FLAG)
            .values_list("reason")
            .annotate(n=Count("id"))
            .values_list("reason", "n")
        )
    )
    upheld, dismissed = Counter(), Counter()
    for action, detail in events.filter(
        action__in=(Action.FLAG_UPHOLD, Action.FLAG_DISMISS)
    ).values_list("action", "detail"):
        (upheld if action == Action.FLAG_UPHOLD else dismissed).update(detail.get("reasons", {}))
    flags = [
        {
            "reason": reason.label,
            "received": received[reason.value],
            "upheld": upheld[reason.value],
            "dismissed": dismissed[reason.value],
        }
        for reason in StoryFlag.Reason
    ]

    seconds = list(
        events.filter(action__in=DECISIONS, review_seconds__isnull=False).values_list(
            "review_seconds", flat=True
        )
    )
    counted = Counter(
        dict(
            events.filter(action__in=(*DECISIONS, Action.APPEAL, Action.APPEAL_GRANT))
            .values_list("action")
            .annotate(n=Count("id"))
            .values_list("action", "n")
        )
    )
    # An automatic redaction's entry counts its finds by kind; a moderator's, by phrase.
    automatic = sum(
        sum(detail.get("kinds", {}).values())
        for detail in events.filter(action=Action.AUTO_REDACT).values_list("detail", flat=True)
    )
    manual = sum(
        int(detail.get("count", 0))
        for detail in events.filter(action=Action.REDACT).values_list("detail", flat=True)
    )
    return {
        "quarter": quarter,
        "kinds": [ModerationEvent.Action(kind).label for kind in kinds],
        "by_ground": by_ground,
        "restricted_total": sum(row["total"] for row in by_ground),
        "decisions": sum(counted[action] for action in DECISIONS),
        "approved": counted[Action.APPROVE],
        "flags": flags,
        "flags_received": sum(received.values()),
        "median_hours": round(statistics.median(seconds) / 3600, 1) if seconds else None,
        "appeals": counted[Action.APPEAL],
        "appeals_granted": counted[Action.APPEAL_GRANT],
        "redactions_automatic": automatic,
        "redactions_manual": manual,
        "automated_share": automatic / (automatic + manual) if automatic + manual else None,
    }
