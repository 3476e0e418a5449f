"""Letter reminders through a real Celery worker on Redis and a real SMTP conversation (CI's
PostgreSQL pass): on the due day each is sent exactly once, also when the worker is killed
mid-run and another one runs the task again; the logic itself is in tests/test_reminders.py."""

import datetime
import os
import signal

import pytest
from django.utils import timezone

from journeys import letters, tasks
from journeys.models import Letter
from tests.celery_worker import running_worker, wait_for
from tests.smtp_server import SmtpServer

from .factories import CompanyFactory, JourneyFactory, UserFactory

pytestmark = pytest.mark.services

SENT = timezone.localdate()
DUE = SENT + datetime.timedelta(weeks=4)  # an energy company's four weeks: "time frozen" here
LETTERS = 6
HELD = 3  # the worker is killed while waiting for the mail server on the third reminder


def _letters(count: int, sent_on: datetime.date) -> list[Letter]:
    company = CompanyFactory(name=f"Stroom {sent_on}", sector="energy")
    made = []
    for _ in range(count):
        journey = JourneyFactory(owner=UserFactory(), company=company, started_on=sent_on)
        letter = letters.letter_create(journey=journey, kind="complaint", language="nl")
        made.append(letters.letter_mark_sent(letter=letter, sent_on=sent_on, channel="letter"))
    return made


def _worker(tmp_path, server: SmtpServer, name: str):
    env = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(server.port),
    }
    return running_worker(log_path=tmp_path / f"{name}.log", extra_env=env)


def test_each_reminder_is_sent_once_on_the_due_day_across_a_killed_worker(
    transactional_db, tmp_path
):
    due = _letters(LETTERS, SENT)
    tomorrow = _letters(1, SENT + datetime.timedelta(days=1))[0]
    assert {letter.answer_due for letter in due} == {DUE}
    with SmtpServer(hold_connection=HELD) as server:
        with _worker(tmp_path, server, "first") as worker:
            tasks.send_reminders.delay(DUE.isoformat())  # beat, on the due day
            assert server.held.wait(60), (tmp_path / "first.log").read_text()
            assert len(server.messages) == HELD - 1
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        server.release()
        claimed = Letter.objects.filter(reminder_claimed_at__isnull=False).count()
        assert claimed == HELD - 1  # the one it was connecting for was not claimed yet

        with _worker(tmp_path, server, "second"):
            tasks.send_reminders.delay(DUE.isoformat())  # beat's next run, after the restart
            wait_for(
                lambda: Letter.objects.filter(reminder_sent_at__isnull=False).count() == LETTERS,
                seconds=60,
            )
        recipients = sorted(r for message in server.messages for r in message.recipients)
    owners = sorted(letter.journey.owner.email for letter in due)
    assert recipients == owners  # every reminder, none twice
    assert all("ingebrekestelling" in message.data.lower() for message in server.messages)
    tomorrow.refresh_from_db()
    assert tomorrow.reminder_claimed_at is None  # its day has not come
