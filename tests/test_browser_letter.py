"""From the log to a kept deadline, in real headless Chromium: log a step, write the complaint
letter from the log, edit it, record it sent, download the calendar file, and on the due day
the reminder is in the outbox."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from journeys import tasks
from journeys.models import Letter
from tests.test_browser_journey import _browser_context, _pick_kind, _submit_and_wait_for_rerender

from .factories import CompanyFactory, JourneyFactory, StepFactory, UserFactory

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()


@pytest.fixture
def journey(transactional_db):
    owner = UserFactory(email="brief@example.nl")
    company = CompanyFactory(name="StroomSlim", sector="energy")
    start = TODAY - datetime.timedelta(days=10)
    made = JourneyFactory(owner=owner, company=company, goal="billing_error", started_on=start)
    StepFactory(journey=made, position=1, kind="chatbot", channel="chatbot", minutes=15)
    return made


def test_log_letter_sent_calendar_and_reminder(live_server, client, journey, tmp_path):
    with playwright.sync_playwright() as p:
        browser, page = _browser_context(p, live_server, client, journey.owner)
        page.goto(live_server.url + journey.get_absolute_url())
        page.wait_for_function("() => window.htmx !== undefined")

        # Log: the company's system decided.
        _pick_kind(page, "automated_decision", "the system", minutes=False, repeats=False)
        page.select_option("#add-channel", "email")
        _submit_and_wait_for_rerender(page)

        # The next step, with its deadline and source, and the letter drafted from the log.
        route = page.locator("#route")
        assert "Write a complaint to the company" in route.inner_text()
        assert "4 weeks" in route.inner_text()
        page.click("#route >> text=Write a complaint letter")
        page.click("button:has-text('Draft the letter')")
        page.wait_for_selector("text=Your letter is drafted from your log.")
        body = page.input_value("#id_body")
        assert "(Chatbot)" in body and "automatically" in body
        page.fill("#id_sender", "Bea Briefschrijver\nDorpsstraat 1\n1234 AB Ergens")
        page.click("button:has-text('Save the letter')")
        page.wait_for_selector("text=Letter saved.")

        # Mark it sent: the answer's date, and the calendar file.
        page.fill("#id_sent_on", TODAY.isoformat())
        page.click("button:has-text('I sent this letter')")
        page.wait_for_selector("text=Recorded as sent.")
        due = TODAY + datetime.timedelta(weeks=4)
        assert due.strftime("%-d %B %Y") in page.inner_text("body")
        with page.expect_download() as download:
            page.click("text=Answer date in your calendar (.ics)")
        path = tmp_path / "answer.ics"
        download.value.save_as(path)
        ics = path.read_bytes()
        assert ics.startswith(b"BEGIN:VCALENDAR\r\n")
        assert f"DTSTART;VALUE=DATE:{due:%Y%m%d}\r\n".encode() in ics
        browser.close()

    letter = Letter.objects.get(journey=journey)
    assert letter.sender.startswith("Bea Briefschrijver")
    assert due.strftime("%-d %B %Y") in letter.body  # the letter and the reminder: one date
    assert journey.steps.filter(kind="escalated", occurred_on=TODAY).exists()
    # Beat on the day before and on the due day.
    assert tasks.send_reminders((due - datetime.timedelta(days=1)).isoformat()) == 0
    assert tasks.send_reminders(due.isoformat()) == 1
    (message,) = mail.outbox
    assert message.to == ["brief@example.nl"]
    assert "StroomSlim" in message.subject
    assert "Take it to De Geschillencommissie" in message.body
    assert due.strftime("%-d %B %Y") in message.body
