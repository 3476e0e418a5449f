"""E-mail alerts for a followed company or sector: double opt-in, one-click unsubscribe, at most
one digest a day listing every kept snapshot that changed the followed figures since the last.

A digest is claimed before it is sent, by one UPDATE that only succeeds while the alert still
covers the snapshot this run read and no digest went out today, committed on its own: a worker
killed and restarted, beat running the task twice, or two workers at once never send one
snapshot twice. The price (as for the letters' reminders) is at-most-once: a worker killed
between its claim and the mail server's answer loses that digest. The mail connection is opened
before the claim, so a mail server that is down loses nothing.
"""

import datetime
import logging
import secrets

from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import citation, figures
from .models import Alert, Company

log = logging.getLogger(__name__)


def subject_of(alert: Alert) -> str:
    return alert.company.name if alert.company_id else alert.get_sector_display()


def _link(name: str, alert: Alert) -> str:
    return citation.absolute(reverse(name, args=[alert.token]))


def alert_subscribe(
    *, email: str, company: Company | None = None, sector: str = "", language: str
) -> Alert:
    """An unconfirmed alert (or the one this address already asked for) and the mail asking to
    confirm it. Nothing is sent to the address but that mail until it is confirmed."""
    alert, _created = Alert.objects.get_or_create(
        email=email.strip().lower(),
        company=company,
        sector="" if company else sector,
        defaults={"language": language, "token": secrets.token_urlsafe(32)},
    )
    if alert.confirmed_at is None:
        with translation.override(alert.language):
            body = render_to_string(
                "journeys/mail/alert_confirm.txt",
                {"subject": subject_of(alert), "link": _link("alert_confirm", alert)},
            )
            title = _("Confirm your frictionlog alert for %(subject)s") % {
                "subject": subject_of(alert)
            }
        EmailMessage(title, body, None, [alert.email]).send()
    return alert


def alert_confirm(*, alert: Alert) -> Alert:
    """Confirmed from now on: digests cover the snapshots after the current one."""
    if alert.confirmed_at is None:
        current = figures.current_snapshot()
        alert.confirmed_at = timezone.now()
        alert.covered_snapshot_id = current.pk if current else 0
        alert.save(update_fields=["confirmed_at", "covered_snapshot_id"])
    return alert


def alert_unsubscribe(*, alert: Alert) -> None:
    alert.delete()


def _claim(alert: Alert, newest: int, today: datetime.date) -> bool:
    return bool(
        Alert.objects.filter(pk=alert.pk, covered_snapshot_id=alert.covered_snapshot_id)
        .exclude(sent_on=today)
        .update(covered_snapshot_id=newest, sent_on=today)
    )


def digest(alert: Alert, changed: list) -> EmailMessage:
    unsubscribe = _link("alert_unsubscribe", alert)
    with translation.override(alert.language):
        lines = []
        for snapshot, cell in reversed(changed):
            if alert.company_id:
                path = reverse("snapshot_company", args=[snapshot.pk, alert.company.slug])
            else:
                path = (
                    reverse("snapshot_leaderboard", args=[snapshot.pk]) + f"?sector={alert.sector}"
                )
            lines.append({"snapshot": snapshot, "cell": cell, "url": citation.absolute(path)})
        body = render_to_string(
            "journeys/mail/alert_digest.txt",
            {"subject": subject_of(alert), "lines": lines, "unsubscribe": unsubscribe},
        )
        title = _("frictionlog: the figures of %(subject)s changed") % {
            "subject": subject_of(alert)
        }
    message = EmailMessage(title, body, None, [alert.email])
    # RFC 8058: one click in the mail client unsubscribes, with a POST to this address.
    message.extra_headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return message


def send_digests(today: datetime.date | None = None) -> int:
    """One digest per confirmed alert whose figures changed in a kept snapshot it has not
    covered, unless one went out today; returns how many this run sent."""
    today = today or timezone.localdate()
    current = figures.current_snapshot()
    if current is None:
        return 0
    sent = 0
    due = (
        Alert.objects.filter(confirmed_at__isnull=False, covered_snapshot_id__lt=current.pk)
        .exclude(sent_on=today)
        .select_related("company")
        .order_by("pk")
    )
    for alert in due:
        changed = [
            (snapshot, cell)
            for snapshot, cell in figures.scope_changes(company=alert.company, sector=alert.sector)
            if snapshot.pk > alert.covered_snapshot_id
        ]
        if not changed:
            # Nothing new for this scope: cover the snapshots silently (no mail, no day used).
            Alert.objects.filter(pk=alert.pk, covered_snapshot_id=alert.covered_snapshot_id).update(
                covered_snapshot_id=current.pk
            )
            continue
        connection = get_connection()
        connection.open()  # before the claim: a mail server that is down loses nothing
        try:
            if not _claim(alert, current.pk, today):
                continue  # another run has it
            connection.send_messages([digest(alert, changed)])
        finally:
            connection.close()
        log.info("alert digest sent", extra={"alert": alert.pk})
        sent += 1
    return sent
