"""Helpers of the fault tests (`test_faults_*.py`): Redis made unreachable or hung, rows and
cells read back, requests run in threads at once."""

import datetime
import re
import socket
import threading
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from frictionlog.celery import app
from journeys import leaderboards
from journeys.models import (
    Cell,
    RecomputeRequest,
)
from tests.celery_worker import fresh_broker_connections

services_only = pytest.mark.services

# A request that cannot reach Redis may spend a second or two on timeouts, never tens of seconds.
MAX_REQUEST_SECONDS = 4
# Publishing to a hung broker: two attempts of a 2 s socket timeout (frictionlog/settings.py).
MAX_HUNG_PUBLISH_SECONDS = 6
PASSWORD = "correct-horse-battery"  # tests/factories.py
START = timezone.localdate() - datetime.timedelta(days=20)


def messages_of(response) -> list[str]:
    """The messages the page shows the user (templates/base.html)."""
    return re.findall(r'<p class="message message-\w+"[^>]*>(.*?)</p>', response.content.decode())


def answered_within(seconds: float, call):
    """What call() returns, run in a thread (with its own database connection) so that a request
    hanging on Redis fails the test after `seconds` instead of hanging the test run."""
    outcome = {}

    def run():
        try:
            outcome["result"] = call()
        except BaseException as error:
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=seconds)
    assert not thread.is_alive(), f"no answer within {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


@contextmanager
def _redis_that_does_not_answer(kind: str):
    """A Redis URL nobody answers on. "refused": a bound port with no listener, as when Redis
    is stopped. "hung": a port that accepts connections and never replies, as when Redis is
    frozen or a connection went half-open in a failover (no refusal to fail fast on)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    if kind == "hung":
        sock.listen(128)
    try:
        yield f"redis://127.0.0.1:{sock.getsockname()[1]}/0"
    finally:
        sock.close()


@contextmanager
def redis_unreachable(kind: str, *, cache: bool = True, broker: bool = True):
    """This process's cache and/or Celery broker point at a Redis that does not answer, with
    the app's own timeouts; the shared Redis server itself is left alone."""
    with _redis_that_does_not_answer(kind) as url:
        caches = settings.CACHES
        if cache:
            caches = {**settings.CACHES, "default": {**settings.CACHES["default"], "LOCATION": url}}
        real_broker = app.conf.broker_url
        with override_settings(CACHES=caches):
            assert not app.conf.task_always_eager
            if broker:
                app.conf.broker_url = url
                fresh_broker_connections()
            try:
                yield
            finally:
                if broker:
                    app.pool.force_close_all()  # the dead broker's
                    app.conf.broker_url = real_broker
                    fresh_broker_connections()


def open_requests() -> set[int]:
    return set(
        RecomputeRequest.objects.filter(processed_at__isnull=True).values_list(
            "company_id", flat=True
        )
    )


def company_cell(snapshot, company) -> Cell | None:
    return Cell.objects.filter(
        snapshot=snapshot, scope=Cell.Scope.COMPANY, company=company, period="12m", channel=""
    ).first()


def figures_of(snapshot) -> dict[tuple, tuple]:
    """Every cell of a snapshot by its key, with every published figure."""

    def value(x):
        return round(x, 9) if isinstance(x, float) else x

    return {
        (c.scope, c.company_id, c.sector, c.channel, c.period): tuple(
            value(getattr(c, field)) for field in leaderboards.FIGURE_FIELDS
        )
        for c in Cell.objects.filter(snapshot=snapshot)
    }


def pg_rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def backend_waiting_on_lock(query_start: str) -> int | None:
    """The PostgreSQL backend (of another process) waiting on a lock in this statement."""
    rows = pg_rows(
        """SELECT pid FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid()
             AND wait_event_type = 'Lock' AND query LIKE %s""",
        [query_start.replace("%", "%%") + "%"],
    )
    return rows[0][0] if rows else None


def in_threads(*targets):
    """Run each callable in its own thread (so with its own database connection), all released
    at once; returns what each returned or raised."""
    results: list = [None] * len(targets)
    start = threading.Barrier(len(targets))

    def run(i, target):
        try:
            start.wait(timeout=10)
            results[i] = target()
        except BaseException as error:  # reported to the test, not lost in the thread
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a request hung"
    return results
