"""The question a consumer is asked once when a company has not responded to their published
journey after ASK_AFTER_DAYS: did it answer them elsewhere (by phone, by mail)? A "yes" counts as
the company's first response on the reply clock (`clocks.py`), from the day it was given.

Each question goes out once (`mailonce`: claimed by one UPDATE before it is sent). The consumer
can answer on the journey's reply page at any time, asked or not.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import clocks, leaderboards, mailonce
from .models import Journey

# One day before the first response is due (replyclock.DUE_DAYS).
ASK_AFTER_DAYS = 14


def can_answer(journey: Journey) -> bool:
    """Whether the question applies: a published journey its company has not responded to."""
    if journey.published_at is None or journey.moderation_state != Journey.Moderation.APPROVED:
        return False
    return Journey.objects.filter(pk=journey.pk).exclude(clocks.responded()).exists()


def due(now: datetime.datetime):
    """Published journeys without a response for ASK_AFTER_DAYS, not yet asked nor answered."""
    return (
        Journey.objects.approved()
        .filter(
            published_at__lte=now - datetime.timedelta(days=ASK_AFTER_DAYS),
            elsewhere_asked_at__isnull=True,
            answered_elsewhere__isnull=True,
            owner__is_active=True,
        )
        .exclude(owner__email="")
        .exclude(clocks.responded())
        .select_related("company", "owner")
        .order_by("published_at", "pk")
    )


def _claim(journey: Journey) -> bool:
    return bool(
        Journey.objects.filter(pk=journey.pk, elsewhere_asked_at__isnull=True).update(
            elsewhere_asked_at=timezone.now()
        )
    )


def message(journey: Journey) -> EmailMessage:
    with translation.override(journey.owner.language or settings.LANGUAGE_CODE):
        body = render_to_string(
            "journeys/mail/answered_elsewhere.txt",
            {
                "journey": journey,
                "days": ASK_AFTER_DAYS,
                "link": settings.FRICTIONLOG_SITE_URL
                + reverse("journey_reply", args=[journey.pk])
                + "#elsewhere",
            },
        )
        subject = _("Did %(company)s answer you elsewhere?") % {"company": journey.company.name}
    return EmailMessage(subject, body, None, [journey.owner.email])


def send_due(now: datetime.datetime | None = None) -> int:
    """Ask every consumer whose question is due and unclaimed; returns how many this run asked."""
    return mailonce.send(due(now or timezone.now()), claim=_claim, message=message)


def record(*, journey: Journey, answered: bool, today: datetime.date) -> None:
    """The consumer's answer. A "yes" keeps the day it was first given; a "no" withdraws it."""
    journey.answered_elsewhere = answered
    if not answered:
        journey.answered_elsewhere_on = None
    elif journey.answered_elsewhere_on is None:
        journey.answered_elsewhere_on = today
    journey.save(update_fields=["answered_elsewhere", "answered_elsewhere_on"])
    leaderboards.request_recompute([journey.company_id])
