"""E-mail alerts for a followed company or sector: double opt-in, one-click unsubscribe, a daily
digest at most, each snapshot exactly once even when the worker restarts."""

import datetime
import re

import pytest
from django.core import mail

from journeys import alerts, leaderboards
from journeys.models import Alert, Journey
from journeys.tasks import send_alert_digests
from tests.leaderboard_data import build_companies

SITE = "https://frictionlog.example"


@pytest.fixture
def board(db, settings):
    settings.FRICTIONLOG_SITE_URL = SITE
    return build_companies(4)


def _link(message, name: str) -> str:
    return re.search(rf"{SITE}(/alerts/[^/\s]+/{name}/)", message.body).group(1)


def _follow(client, company) -> Alert:
    response = client.post("/alerts/", {"email": "Redactie@Krant.nl", "company": company.slug})
    assert response.status_code == 200
    assert "Check your mailbox" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["redactie@krant.nl"] and company.name in message.subject
    confirm = _link(message, "confirm")
    # Opening the link (a mail scanner does) confirms nothing; the button does.
    assert "Confirm the alert" in client.get(confirm).content.decode()
    assert Alert.objects.get().confirmed_at is None
    assert client.post(confirm).status_code == 200
    mail.outbox.clear()
    return Alert.objects.get()


def _change(company, score: int) -> None:
    Journey.objects.filter(company=company).update(score=score)
    leaderboards.recompute_full()


def test_double_opt_in_then_one_digest_per_changed_snapshot_exactly_once(client, board):
    today = datetime.date(2026, 12, 7)
    # Unconfirmed: nothing is sent, however the figures move.
    client.post("/alerts/", {"email": "redactie@krant.nl", "company": board[0].slug})
    mail.outbox.clear()
    _change(board[0], 90)
    assert alerts.send_digests(today) == 0 and mail.outbox == []
    Alert.objects.all().delete()
    alert = _follow(client, board[0])
    assert alert.confirmed_at is not None
    # Nothing changed since confirming: nothing to send.
    assert alerts.send_digests(today) == 0
    _change(board[0], 10)
    changed = leaderboards.recompute_full()  # a snapshot that changes nothing is not news
    assert send_alert_digests.apply(args=[today.isoformat()]).get() == 1
    (digest,) = mail.outbox
    assert board[0].name in digest.subject
    assert f"/snapshots/{changed.pk - 1}/companies/{board[0].slug}/" in digest.body
    assert f"/snapshots/{changed.pk}/" not in digest.body
    # RFC 8058 one-click unsubscribe headers.
    assert digest.extra_headers["List-Unsubscribe"] == f"<{SITE}{_link(digest, 'unsubscribe')}>"
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # A restarted worker, or beat running the task again, sends nothing twice.
    assert alerts.send_digests(today) == 0 and alerts.send_digests(today) == 0
    assert len(mail.outbox) == 1
    # At most one digest a day: a change later today waits for tomorrow, then comes once.
    _change(board[0], 60)
    assert alerts.send_digests(today) == 0
    assert alerts.send_digests(today + datetime.timedelta(days=1)) == 1
    assert alerts.send_digests(today + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 2


def test_a_claimed_digest_is_not_sent_again_after_a_crash(client, board):
    """The worker claims, then dies before sending: the next run does not send it again."""
    today = datetime.date(2026, 12, 7)
    alert = _follow(client, board[1])
    _change(board[1], 95)
    current = leaderboards.figures.current_snapshot()
    assert alerts._claim(alert, current.pk, today)  # the claim committed, then the crash
    assert alerts.send_digests(today) == 0
    assert alerts.send_digests(today + datetime.timedelta(days=1)) == 0
    assert mail.outbox == []


def test_a_sector_alert_and_one_click_unsubscribe(client, board):
    sector = board[2].sector
    client.post("/alerts/", {"email": "desk@omroep.nl", "sector": sector})
    client.post(_link(mail.outbox[0], "confirm"))
    mail.outbox.clear()
    _change(board[2], 97)
    assert alerts.send_digests(datetime.date(2026, 12, 7)) == 1
    unsubscribe = _link(mail.outbox[0], "unsubscribe")
    assert f"?sector={sector}" in mail.outbox[0].body
    # The mail client's one-click POST carries no CSRF token.
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and not Alert.objects.exists()


def test_bad_input_gets_a_clear_error_and_stores_nothing(client, board):
    response = client.post("/alerts/", {"email": "geen-adres", "company": board[0].slug})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    response = client.post("/alerts/", {"email": "a@b.nl"})
    assert "Choose a company or a sector to follow." in response.content.decode()
    response = client.post("/alerts/", {"email": "a@b.nl", "company": "nobody"})
    assert "This company has no public page." in response.content.decode()
    assert not Alert.objects.exists() and mail.outbox == []
    assert client.get("/alerts/unknown/confirm/").status_code == 404


def test_the_company_page_and_the_leaderboard_offer_the_alert(client, board):
    page = client.get(f"/companies/{board[0].slug}/").content.decode()
    assert f'<input type="hidden" name="company" value="{board[0].slug}">' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert '<select id="alert-sector" name="sector"' in client.get("/leaderboard/").content.decode()
