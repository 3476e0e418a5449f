"""Celery tasks: thin wrappers that call `leaderboards`, `replies` (the representatives' digest)
and `reminders`. The recomputes are idempotent: a run with nothing to do publishes nothing, and a
run killed half way rolls back and leaves the current snapshot; a reminder is claimed in the
database before it is sent."""

import datetime

from celery import shared_task
from django.db import DatabaseError

from . import alerts, leaderboards, reminders, replies


@shared_task(
    name="journeys.recompute_pending",
    autoretry_for=(DatabaseError,),
    retry_backoff=5,
    retry_backoff_max=120,
    max_retries=5,
    soft_time_limit=540,
    time_limit=600,
)
def recompute_pending() -> int | None:
    leaderboards.release_debounce()
    snapshot = leaderboards.recompute_pending()
    return snapshot.pk if snapshot else None


@shared_task(
    name="journeys.recompute_full",
    autoretry_for=(DatabaseError,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=3,
    soft_time_limit=540,
    time_limit=600,
)
def recompute_full() -> int:
    return leaderboards.recompute_full().pk


@shared_task(
    name="journeys.send_digests",
    autoretry_for=(DatabaseError,),
    retry_backoff=60,
    retry_backoff_max=900,
    max_retries=3,
    soft_time_limit=540,
    time_limit=600,
)
def send_digests() -> int:
    return replies.digest_send()


@shared_task(
    name="journeys.send_reminders",
    autoretry_for=(DatabaseError,),
    retry_backoff=30,
    max_retries=3,
)
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
