"""Abuse signals for moderators: hints, never automatic decisions.

- a burst of new accounts submitting about one company in a short time (brigading);
- near-duplicate stories (the same text posted again, by one or several accounts);
- one account submitting far above the usual rate.

Each signal is a few queries for a whole page of the queue, not per journey.
"""

import re
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Journey

# Burst: at least BURST_ACCOUNTS accounts younger than NEW_ACCOUNT_DAYS submitted about one
# company within BURST_HOURS.
NEW_ACCOUNT_DAYS = 7
BURST_HOURS = 48
# Near-duplicates: Jaccard similarity of word 3-shingles over recent stories.
DUPLICATE_SIMILARITY = 0.6
DUPLICATE_LOOKBACK_DAYS = 90
DUPLICATE_SAMPLE = 2000
# Rate: more than RATE_FACTOR times the median submitter's count in a day, and more than
# settings.FRICTIONLOG_ABUSE_RATE_MIN.
RATE_FACTOR = 3

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Signal:
    code: str
    message: str


def shingles(text: str, size: int = 3) -> frozenset[str]:
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def burst_companies(company_ids: Sequence[int], *, now=None) -> dict[int, int]:
    """Companies with a burst of new accounts submitting about them: company id -> accounts."""
    now = now or timezone.now()
    threshold = settings.FRICTIONLOG_ABUSE_BURST_ACCOUNTS
    rows = (
        Journey.objects.filter(
            company_id__in=list(company_ids),
            submitted_at__gte=now - timedelta(hours=BURST_HOURS),
            owner__date_joined__gte=now - timedelta(days=NEW_ACCOUNT_DAYS),
        )
        .values("company_id")
        .annotate(accounts=Count("owner_id", distinct=True))
    )
    return {r["company_id"]: r["accounts"] for r in rows if r["accounts"] >= threshold}


def heavy_submitters(*, now=None) -> dict[int, int]:
    """Accounts that submitted far more than the usual submitter in the last 24 hours."""
    now = now or timezone.now()
    counts = dict(
        Journey.objects.filter(submitted_at__gte=now - timedelta(hours=24))
        .values_list("owner_id")
        .annotate(n=Count("id"))
    )
    if not counts:
        return {}
    usual = statistics.median(counts.values())
    limit = max(settings.FRICTIONLOG_ABUSE_RATE_MIN, RATE_FACTOR * usual)
    return {owner: n for owner, n in counts.items() if n > limit}


def near_duplicates(journeys: Sequence[Journey], *, now=None) -> dict[int, list[int]]:
    """For each journey with a story, the recent journeys whose story is nearly the same."""
    now = now or timezone.now()
    mine = {j.pk: shingles(j.story_redacted) for j in journeys if j.story_redacted}
    mine = {pk: s for pk, s in mine.items() if len(s) >= 3}
    if not mine:
        return {}
    recent = (
        Journey.objects.exclude(story_redacted="")
        .exclude(moderation_state=Journey.Moderation.DRAFT)
        .filter(submitted_at__gte=now - timedelta(days=DUPLICATE_LOOKBACK_DAYS))
        .order_by("-submitted_at")
        .values_list("pk", "story_redacted")[:DUPLICATE_SAMPLE]
    )
    others = [(pk, shingles(text)) for pk, text in recent]
    found: dict[int, list[int]] = defaultdict(list)
    for pk, own in mine.items():
        for other_pk, theirs in others:
            if other_pk != pk and similarity(own, theirs) >= DUPLICATE_SIMILARITY:
                found[pk].append(other_pk)
    return dict(found)


def signals_for(journeys: Sequence[Journey], *, now=None) -> dict[int, list[Signal]]:
    """The signals of each journey on a page of the queue (four queries in all)."""
    now = now or timezone.now()
    journeys = list(journeys)
    if not journeys:
        return {}
    new_since = now - timedelta(days=NEW_ACCOUNT_DAYS)
    bursts = burst_companies({j.company_id for j in journeys}, now=now)
    heavy = heavy_submitters(now=now)
    duplicates = near_duplicates(journeys, now=now)
    young = set(
        Journey.objects.filter(
            pk__in=[j.pk for j in journeys], owner__date_joined__gte=new_since
        ).values_list("pk", flat=True)
    )
    result: dict[int, list[Signal]] = {}
    for journey in journeys:
        signals = []
        if journey.company_id in bursts and journey.pk in young:
            signals.append(
                Signal(
                    "burst",
                    _("%(n)s new accounts reported this company in the last %(hours)s hours.")
                    % {"n": bursts[journey.company_id], "hours": BURST_HOURS},
                )
            )
        if journey.pk in duplicates:
            ids = ", ".join(f"#{pk}" for pk in duplicates[journey.pk][:5])
            signals.append(
                Signal("duplicate", _("Story nearly identical to journey %(ids)s.") % {"ids": ids})
            )
        if journey.owner_id in heavy:
            signals.append(
                Signal(
                    "rate",
                    _("This reporter submitted %(n)s journeys in the last 24 hours.")
                    % {"n": heavy[journey.owner_id]},
                )
            )
        if signals:
            result[journey.pk] = signals
    return result
