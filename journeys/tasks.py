"""Celery tasks: thin wrappers that call `leaderboards`, `replies` (the representatives' digest)
and `reminders`. The recomputes are idempotent: a run with nothing to do publishes nothing, and a
run killed half way rolls back and leaves the current snapshot; a reminder is claimed in the
database before it is sent."""

import datetime

from celery import shared_task
from django.db import DatabaseError

from . import alerts, answered_elsewhere, leaderboards, reminders, replies


def _task(name: str, *, backoff: int, backoff_max: int = 600, retries: int = 3):
    """A task retried with growing pauses when the database fails it, within the time limits."""
    return shared_task(
        name=name,
        autoretry_for=(DatabaseError,),
        retry_backoff=backoff,
        retry_backoff_max=backoff_max,
        max_retries=retries,
        soft_time_limit=540,
        time_limit=600,
    )


@_task(leaderboards.RECOMPUTE_PENDING_TASK, backoff=5, backoff_max=120, retries=5)
def recompute_pending() -> int | None:
    snapshot = leaderboards.run_pending()
    return snapshot.pk if snapshot else None


@_task("journeys.recompute_full", backoff=30)
def recompute_full() -> int:
    return leaderboards.recompute_full().pk


@_task("journeys.send_digests", backoff=60, backoff_max=900)
def send_digests() -> int:
    return replies.digest_send()


@_task("journeys.ask_answered_elsewhere", backoff=60, backoff_max=900)
def ask_answered_elsewhere() -> int:
    return answered_elsewhere.send_due()


@_task("journeys.send_reminders", backoff=30)
def send_reminders(today: str | None = None) -> int:
    """Beat runs it without `today` (the site's date); a date in ISO form runs it as of that day."""
    return reminders.send_due(datetime.date.fromisoformat(today) if today else None)


@shared_task(
    name="journeys.send_alert_digests",
    autoretry_for=(DatabaseError,),
    retry_backoff=30,
    max_retries=3,
    time_limit=600,
)
def send_alert_digests(today: str | None = None) -> int:
    """Beat runs it each morning; a date in ISO form runs it as of that day."""
    return alerts.send_digests(datetime.date.fromisoformat(today) if today else None)
