"""The reminder on the day a company's answer to a letter is due, with the route's next step.

Each reminder goes out once (`mailonce`): a worker killed between its claim and the mail
server's answer leaves that one reminder claimed and unsent (`reminder_sent_at` stays empty);
the journey page still shows the date.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import mailonce, routes
from .models import Letter


def due(today: datetime.date):
    """Sent letters still waiting for an answer whose day has come, reminder not yet claimed."""
    return (
        Letter.objects.filter(
            sent_on__isnull=False,
            answer_due__lte=today,
            outcome=Letter.Outcome.WAITING,
            reminder_claimed_at__isnull=True,
            journey__owner__is_active=True,
        )
        .select_related("journey__company", "journey__owner")
        .order_by("answer_due", "pk")
    )


def _claim(letter: Letter) -> bool:
    return bool(
        Letter.objects.filter(pk=letter.pk, reminder_claimed_at__isnull=True).update(
            reminder_claimed_at=timezone.now()
        )
    )


def message(letter: Letter) -> EmailMessage:
    journey = letter.journey
    place = routes.position_if_unanswered(journey, list(journey.letters.all()), letter)
    with translation.override(letter.language):
        body = render_to_string(
            "journeys/mail/reminder.txt",
            {
                "letter": letter,
                "journey": journey,
                "next": place.stage,
                "filing_by": place.filing_by,
                "optional": place.optional,
                "optional_by": place.optional_by,
                "link": settings.FRICTIONLOG_SITE_URL + journey.get_absolute_url() + "#route",
            },
        )
        subject = _("Today the answer from %(company)s is due") % {"company": journey.company.name}
    return EmailMessage(subject, body, None, [journey.owner.email])


def send_due(today: datetime.date | None = None) -> int:
    """Send every reminder due on or before `today` (the site's date when not given) that no
    run has claimed yet (`mailonce`); returns how many this run sent."""
    return mailonce.send(
        due(today or timezone.localdate()),
        claim=_claim,
        message=message,
        sent=lambda letter: Letter.objects.filter(pk=letter.pk).update(
            reminder_sent_at=timezone.now()
        ),
    )
