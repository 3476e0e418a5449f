"""The reminder on the day a company's answer is due: sent that day with the route's next step,
once, and never for a letter answered, still a draft or whose reminder another run claimed.
(The same through a real Celery worker, killed mid-run: tests/test_reminder_worker.py.)"""

import datetime

import pytest
from django.core import mail
from django.utils import formats, timezone, translation

from journeys import letters, reminders, routes, tasks
from journeys.models import Letter

from .factories import CompanyFactory, JourneyFactory, StepFactory

TODAY = timezone.localdate()
SENT = TODAY - datetime.timedelta(days=30)


@pytest.fixture
def sent_letter(consumer):
    company = CompanyFactory(name="StroomSlim", sector="energy")
    journey = JourneyFactory(owner=consumer, company=company, started_on=SENT)
    StepFactory(journey=journey, position=1)
    letter = letters.letter_create(journey=journey, kind="complaint", language="nl")
    return letters.letter_mark_sent(letter=letter, sent_on=SENT, channel="letter")


def test_nothing_before_the_due_day_one_mail_on_it_and_none_after(sent_letter):
    due = sent_letter.answer_due
    assert due == SENT + datetime.timedelta(weeks=4)
    assert reminders.send_due(due - datetime.timedelta(days=1)) == 0
    assert mail.outbox == []
    assert reminders.send_due(due) == 1
    assert reminders.send_due(due) == 0
    assert reminders.send_due(due + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["consumer@example.nl"]
    assert message.subject == "Vandaag moet het antwoord van StroomSlim er zijn"
    # The next step if no answer came: the commission, with its deadline and its sources.
    assert "De Geschillencommissie" in message.body
    assert routes.GC_PROCEDURE.url in message.body
    filing = routes.Period(months=12).after(SENT)
    with translation.override("nl"):
        assert formats.date_format(filing, "j F Y") in message.body
    # The letter names the day the reminder comes: one date.
    with translation.override("nl"):
        assert f"uiterlijk {formats.date_format(due, 'j F Y')}" in sent_letter.body
    assert sent_letter.journey.get_absolute_url() + "#route" in message.body
    sent_letter.refresh_from_db()
    assert sent_letter.reminder_claimed_at and sent_letter.reminder_sent_at


def test_a_missed_day_is_sent_late_rather_than_never(sent_letter):
    assert reminders.send_due(sent_letter.answer_due + datetime.timedelta(days=3)) == 1


def test_answered_drafts_and_claimed_letters_get_no_reminder(sent_letter, consumer):
    due = sent_letter.answer_due
    draft = letters.letter_create(journey=sent_letter.journey, kind="complaint", language="en")
    letters.letter_record_answer(letter=sent_letter, outcome="rejected", outcome_on=SENT)
    assert reminders.send_due(due) == 0
    letters.letter_record_answer(letter=sent_letter, outcome="", outcome_on=None)
    # Claimed by a run that died before sending: at most once, so not sent again.
    Letter.objects.filter(pk=sent_letter.pk).update(reminder_claimed_at=timezone.now())
    assert reminders.send_due(due) == 0
    assert mail.outbox == [] and draft.reminder_claimed_at is None


def test_recording_it_sent_again_sets_a_new_reminder(sent_letter):
    reminders.send_due(sent_letter.answer_due)
    later = SENT + datetime.timedelta(days=5)
    letter = letters.letter_mark_sent(letter=sent_letter, sent_on=later, channel="email")
    assert letter.answer_due == later + datetime.timedelta(weeks=4)
    assert reminders.send_due(letter.answer_due) == 1
    assert len(mail.outbox) == 2


def test_a_mail_server_that_is_down_loses_no_reminder(sent_letter, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    with pytest.raises(OSError):
        reminders.send_due(sent_letter.answer_due)
    sent_letter.refresh_from_db()
    assert sent_letter.reminder_claimed_at is None  # the connection failed before the claim
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders.send_due(sent_letter.answer_due) == 1


def test_the_task_takes_the_day_beat_runs_it_on(sent_letter):
    """Run in this process (a worker on Redis: tests/test_reminder_worker.py). Beat gives no
    day: the site's date, which is before the due date."""
    letter = letters.letter_mark_sent(letter=sent_letter, sent_on=TODAY, channel="letter")
    assert tasks.send_reminders() == 0
    assert tasks.send_reminders(letter.answer_due.isoformat()) == 1
    assert len(mail.outbox) == 1


def test_an_english_letter_gets_an_english_reminder(consumer):
    company = CompanyFactory(name="SpaarWijs Bank", sector="bank")
    journey = JourneyFactory(owner=consumer, company=company, started_on=SENT)
    letter = letters.letter_create(journey=journey, kind="complaint", language="en")
    letter = letters.letter_mark_sent(letter=letter, sent_on=SENT, channel="email")
    assert letter.answer_due == SENT + datetime.timedelta(weeks=8)
    reminders.send_due(letter.answer_due)
    message = mail.outbox[0]
    assert message.subject == "Today the answer from SpaarWijs Bank is due"
    assert "Take it to Kifid" in message.body
    assert "https://www.kifid.nl/veelgestelde-vragen/" in message.body
