"""Faults a user must not notice (issue 6), on PostgreSQL with Redis and real Celery workers.

- Redis unreachable (refusing, or hung without answering) while a consumer submits, a moderator
  approves and a consumer erases their account: every request succeeds within seconds, the change
  commits with its recompute request, and once Redis is back a worker publishes the figures.
- A pool process, or the whole worker, SIGKILLed inside a full recompute: the published snapshot
  stays, the task is delivered again (acks late, reject on worker lost), and the snapshot it then
  publishes equals a recompute run directly.
- Two tabs editing one journey at once: steps stay numbered 1..n and no request fails; two
  consumers suggesting one new company at once share one suggestion.
- The database itself refuses corrupt rows (these last tests run on SQLite too).
"""

import datetime
import hashlib
import os
import random
import re
import signal
import socket
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
import redis
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from frictionlog.celery import app
from journeys import leaderboards, opendata, services
from journeys.models import (
    Cell,
    Company,
    Journey,
    RecomputeRequest,
    Snapshot,
    Step,
    User,
    channel_mask,
)
from journeys.scoring import score_journey
from journeys.tasks import recompute_full
from tests import celery_worker as worker
from tests.factories import CompanyFactory, JourneyFactory, StepFactory, UserFactory
from tests.leaderboard_data import build_companies

services_only = pytest.mark.services

# A request that cannot reach Redis may spend a second or two on timeouts, never tens of seconds.
MAX_REQUEST_SECONDS = 4
# Publishing to a hung broker: two attempts of a 2 s socket timeout (frictionlog/settings.py).
MAX_HUNG_PUBLISH_SECONDS = 6
PASSWORD = "correct-horse-battery"  # tests/factories.py
START = timezone.localdate() - datetime.timedelta(days=20)


# --- Helpers ------------------------------------------------------------------------------------


def _messages(response) -> list[str]:
    """The messages the page shows the user (templates/base.html)."""
    return re.findall(r'<p class="message message-\w+"[^>]*>(.*?)</p>', response.content.decode())


def _answered_within(seconds: float, call):
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


def _forget_broker_connections():
    # Celery caches its connection and producer pools; the next use builds them from app.conf.
    # (kombu keeps pools per URL, so the real broker's pool is left open, not closed.)
    app._pool = None
    app.amqp._producer_pool = None


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
            caches = {"default": {**settings.CACHES["default"], "LOCATION": url}}
        real_broker = app.conf.broker_url
        with override_settings(CACHES=caches):
            assert not app.conf.task_always_eager
            if broker:
                app.conf.broker_url = url
                _forget_broker_connections()
            try:
                yield
            finally:
                if broker:
                    app.pool.force_close_all()  # the dead broker's
                    app.conf.broker_url = real_broker
                    _forget_broker_connections()


def _approved(owner, company, *, score=50.0) -> Journey:
    journey = JourneyFactory(
        owner=owner,
        company=company,
        started_on=START,
        moderation_state=Journey.Moderation.APPROVED,
        score=score,
        channel_mask=channel_mask(["phone"]),
    )
    StepFactory(journey=journey, position=1)
    return journey


def _open_requests() -> set[int]:
    return set(
        RecomputeRequest.objects.filter(processed_at__isnull=True).values_list(
            "company_id", flat=True
        )
    )


def _company_cell(snapshot, company) -> Cell | None:
    return Cell.objects.filter(
        snapshot=snapshot, scope=Cell.Scope.COMPANY, company=company, period="12m", channel=""
    ).first()


def _figures(snapshot) -> dict[tuple, tuple]:
    """Every cell of a snapshot by its key, with every published figure."""

    def value(x):
        return round(x, 9) if isinstance(x, float) else x

    return {
        (c.scope, c.company_id, c.sector, c.channel, c.period): tuple(
            value(getattr(c, field)) for field in leaderboards.FIGURE_FIELDS
        )
        for c in Cell.objects.filter(snapshot=snapshot)
    }


def _pg_rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _backend_waiting_on_lock(query_start: str) -> int | None:
    """The PostgreSQL backend (of another process) waiting on a lock in this statement."""
    rows = _pg_rows(
        """SELECT pid FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid()
             AND wait_event_type = 'Lock' AND query LIKE %s""",
        [query_start.replace("%", "%%") + "%"],
    )
    return rows[0][0] if rows else None


def _in_threads(*targets):
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


# --- 1. Redis unreachable -----------------------------------------------------------------------


@pytest.fixture
def outage_cast(transactional_db):
    """Kapotnet, one reporter short of being published, whose fifth is about to submit; and
    Wegwezen, published with five reporters, one of whom is about to erase their account. The
    consumer, the leaver and a moderator each have a browser, signed in."""
    kapotnet, wegwezen = build_companies(2, reporters=4, prefix="Fault")
    for company, name in ((kapotnet, "Kapotnet"), (wegwezen, "Wegwezen")):
        company.name = name
        company.save()
    leaver = UserFactory(email="leaver@example.nl")
    _approved(leaver, wegwezen, score=80.0)
    consumer = UserFactory(email="consumer@example.nl")
    journey = JourneyFactory(owner=consumer, company=kapotnet, started_on=START)
    services.step_add(
        journey=journey, kind="chatbot_loop", channel="chatbot", occurred_on=START, minutes=20
    )
    moderator = UserFactory(email="moderator@example.nl")
    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    leaderboards.recompute_full()
    snapshot = Snapshot.objects.get(is_current=True)
    assert _company_cell(snapshot, kapotnet) is None  # four reporters: under K
    assert _company_cell(snapshot, wegwezen).reporters == 5

    def browser(user):
        client = Client()
        client.force_login(user)
        return client

    return SimpleNamespace(
        kapotnet=kapotnet,
        wegwezen=wegwezen,
        journey=journey,
        leaver=leaver,
        snapshot=snapshot,
        consumer_browser=browser(consumer),
        leaver_browser=browser(leaver),
        moderator_browser=browser(moderator),
    )


def _leaderboard_showing(name: str) -> str:
    """The public leaderboard once it shows this company (processes may hold the current
    snapshot for a moment, pagecache.SNAPSHOT_SECONDS)."""

    def board():
        html = Client().get(reverse("leaderboard")).content.decode()
        return html if name in html else None

    return worker.wait_for(board, seconds=10)


@dataclass(frozen=True)
class _Action:
    """Something a signed-in user does through the web during an outage, the message the page
    then shows (its start), and how to see that the change was committed."""

    who: str  # the cast's browser
    url: Callable[[SimpleNamespace], str]
    data: dict
    message: str
    committed: Callable[[SimpleNamespace], bool]


def _moderation_state(journey: Journey) -> str:
    journey.refresh_from_db()
    return journey.moderation_state


OUTAGE_ACTIONS = (
    _Action(
        "consumer_browser",
        lambda s: reverse("journey_submit", args=[s.journey.pk]),
        {},
        "Thank you. Your journey is waiting for review.",
        lambda s: _moderation_state(s.journey) == Journey.Moderation.PENDING,
    ),
    _Action(
        "moderator_browser",
        lambda s: reverse("moderation_approve", args=[s.journey.pk]),
        {},
        "Approved.",
        lambda s: _moderation_state(s.journey) == Journey.Moderation.APPROVED,
    ),
    _Action(
        "leaver_browser",
        lambda s: reverse("account_delete"),
        {"password": PASSWORD, "confirm": "on"},
        "Your account and all your journeys are deleted",
        lambda s: not User.objects.filter(pk=s.leaver.pk).exists(),
    ),
)


def _carry_on_with_redis_unreachable(s: SimpleNamespace, kind: str, caplog) -> None:
    """Submit, approve and erase through the web while Redis does not answer: each request gets
    its usual answer within seconds, and each change commits with its recompute request."""
    with redis_unreachable(kind):
        for action in OUTAGE_ACTIONS:
            post = partial(getattr(s, action.who).post, action.url(s), action.data, follow=True)
            response = _answered_within(MAX_REQUEST_SECONDS, post)
            assert response.status_code == 200, action.message
            assert any(m.startswith(action.message) for m in _messages(response))
            assert action.committed(s), action.message

        # Committed, with the recompute requests still open; the figures have not moved yet.
        assert _open_requests() == {s.kapotnet.pk, s.wegwezen.pk}
        assert Snapshot.objects.get(is_current=True) == s.snapshot
    assert caplog.text.count("Could not queue a leaderboard recompute") == 2


@services_only
def test_with_redis_down_users_carry_on_and_the_figures_follow_once_it_is_back(
    outage_cast, caplog, tmp_path
):
    s = outage_cast
    _carry_on_with_redis_unreachable(s, "refused", caplog)

    # Redis is back: the scheduled pick-up (beat, every five minutes) runs on a real worker.
    with worker.running_worker(log_path=tmp_path / "worker.log"):
        app.send_task(settings.CELERY_BEAT_SCHEDULE["leaderboards-pick-up-pending"]["task"])
        current = worker.wait_for(
            lambda: Snapshot.objects.filter(is_current=True).exclude(pk=s.snapshot.pk).first()
        )
    assert _open_requests() == set()
    assert _company_cell(current, s.kapotnet).reporters == 5  # the approved journey counts
    assert _company_cell(current, s.wegwezen) is None  # the erased reporter no longer does
    assert "Wegwezen" not in _leaderboard_showing("Kapotnet")


@services_only
def test_with_redis_hung_users_carry_on_within_seconds(outage_cast, caplog):
    """Redis accepts connections but never answers (frozen, or a failover left the connections
    half-open): only the app's socket timeouts stand between a request and a hang."""
    _carry_on_with_redis_unreachable(outage_cast, "hung", caplog)


@services_only
def test_a_hung_broker_holds_an_approval_seconds_not_forever(outage_cast, caplog):
    """The cache answers but the broker hangs: publishing gives up within the socket timeouts,
    and the debounce key is released, so the next approval queues at once once Redis is back."""
    s = outage_cast
    services.journey_submit(journey=s.journey, user=s.journey.owner)
    with redis_unreachable("hung", cache=False):
        response = _answered_within(
            MAX_HUNG_PUBLISH_SECONDS,
            lambda: s.moderator_browser.post(
                reverse("moderation_approve", args=[s.journey.pk]), follow=True
            ),
        )
    assert response.status_code == 200
    assert "Approved." in _messages(response)
    assert "Could not queue a leaderboard recompute" in caplog.text
    assert _open_requests() == {s.kapotnet.pk}
    assert cache.get(leaderboards.DEBOUNCE_KEY) is None


# --- 2. A worker killed in the middle of a recompute ---------------------------------------------


@pytest.fixture
def stale_figures(transactional_db):
    """A published snapshot, and since then a company that reached K reporters: the next full
    recompute publishes different figures."""
    build_companies(4, prefix="Kill")
    newcomer = CompanyFactory(name="Nieuwkomer", sector="energy")
    for n in range(5):
        _approved(UserFactory(email=f"new{n}@example.nl"), newcomer, score=20.0 + n)
    before = Snapshot.objects.get(is_current=True)
    return before, _figures(before), newcomer


def _hold_the_current_snapshot_row() -> psycopg.Connection:
    """Another session holds the published snapshot's row (until its rollback), so a recompute
    writes all its cells and then waits, inside its transaction, where it would unpublish it."""
    holder = psycopg.connect(worker.test_database_url())
    holder.execute("SELECT id FROM journeys_snapshot WHERE is_current FOR UPDATE")
    return holder


def _recompute_waiting_to_publish() -> int:
    """The session of a recompute that has written its cells and waits to publish them."""
    backend = worker.wait_for(
        lambda: _backend_waiting_on_lock('UPDATE "journeys_snapshot" SET "is_current"')
    )
    # Provably inside its transaction, with the new cells written (and uncommitted).
    assert _pg_rows(
        """SELECT 1 FROM pg_locks WHERE pid = %s AND granted
           AND relation = 'journeys_cell'::regclass AND mode = 'RowExclusiveLock'""",
        [backend],
    )
    return backend


def _pool_processes(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def _assert_still_published(before, published) -> None:
    assert Snapshot.objects.get(is_current=True) == before
    assert _figures(before) == published
    assert not Cell.objects.exclude(snapshot=before).exists()
    # Its files too, byte for byte.
    for name, facts in before.files.items():
        with opendata.storage().open(opendata.file_name(before.pk, name)) as f:
            assert hashlib.sha256(f.read()).hexdigest() == facts["sha256"], name


def _unacked_deliveries() -> list[tuple[bytes, float]]:
    client = redis.Redis.from_url(settings.REDIS_URL)
    try:
        return client.zrange("unacked_index", 0, -1, withscores=True)
    finally:
        client.close()


def _assert_redone_like_a_direct_recompute(before, published, newcomer) -> None:
    after = Snapshot.objects.get(is_current=True)
    assert after != before and after.kind == Snapshot.Kind.SCHEDULED
    redone = _figures(after)
    assert redone != published
    assert _company_cell(after, newcomer).reporters == 5
    direct = leaderboards.recompute_full()
    assert _figures(direct) == redone
    assert _unacked_deliveries() == []


@services_only
def test_a_pool_process_killed_mid_recompute_is_replaced_and_the_task_run_again(
    stale_figures, tmp_path
):
    """The kernel's OOM killer takes the pool process doing the recompute: the worker puts the
    task back (acks late, reject on worker lost) and a fresh pool process runs it."""
    before, published, newcomer = stale_figures
    holder = _hold_the_current_snapshot_row()
    try:
        with worker.running_worker(log_path=tmp_path / "worker.log", pool="prefork") as process:
            recompute_full.delay()
            _recompute_waiting_to_publish()
            [pool_process] = _pool_processes(process.pid)
            os.kill(pool_process, signal.SIGKILL)
            # Delivered again: the new attempt waits for the recompute lock, which the killed
            # attempt's orphaned session holds until it finds its client gone.
            worker.wait_for(lambda: _backend_waiting_on_lock("SELECT pg_advisory_lock("))
            _assert_still_published(before, published)
            holder.rollback()
            worker.wait_for(
                lambda: Snapshot.objects.filter(is_current=True).exclude(pk=before.pk).exists()
            )
    finally:
        holder.close()
    _assert_redone_like_a_direct_recompute(before, published, newcomer)


@services_only
def test_a_worker_killed_mid_recompute_leaves_the_published_snapshot_and_another_redoes_it(
    stale_figures, tmp_path
):
    """The machine running the worker dies: the whole process tree is SIGKILLed. The message,
    acknowledged late, stays Redis's, and a new worker takes it after the visibility timeout."""
    before, published, newcomer = stale_figures
    holder = _hold_the_current_snapshot_row()
    try:
        with worker.running_worker(log_path=tmp_path / "killed.log", pool="prefork") as process:
            recompute_full.delay()
            backend = _recompute_waiting_to_publish()
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        _assert_still_published(before, published)
        holder.rollback()
        # The orphaned session gets the row, finds its client gone, and rolls back.
        worker.wait_for(
            lambda: not _pg_rows("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [backend])
        )
    finally:
        holder.close()
    _assert_still_published(before, published)
    published_ids = Snapshot.objects.filter(published_at__isnull=False).values_list("pk", flat=True)
    assert list(published_ids) == [before.pk]

    deliveries = _unacked_deliveries()
    assert len(deliveries) == 1, "the task was acknowledged before it ran: it is lost"
    [(_tag, delivered_at)] = deliveries
    # The visibility timeout, an hour in production, is a second for this worker.
    worker.wait_for(lambda: time.time() - delivered_at > 1.5, interval=0.1)
    with worker.running_worker(
        log_path=tmp_path / "restarted.log",
        extra_env={"CELERY_VISIBILITY_TIMEOUT": "1"},
        pool="prefork",
    ):
        worker.wait_for(
            lambda: Snapshot.objects.filter(is_current=True).exclude(pk=before.pk).exists()
        )
    _assert_redone_like_a_direct_recompute(before, published, newcomer)


# --- 3. Two tabs, one journey ---------------------------------------------------------------------


def _step_form():
    return {
        "kind": "hold",
        "channel": "phone",
        "occurred_on": START.isoformat(),
        "minutes": "3",
        "repeats": "",
        "note": "",
    }


@services_only
def test_tabs_adding_moving_and_deleting_steps_at_once_keep_them_numbered_1_to_n(
    transactional_db,
):
    consumer = UserFactory()
    journey = JourneyFactory(owner=consumer, started_on=START)
    for kind in ("phone_menu", "hold", "transfer", "hold", "human", "repeat_info", "hold", "hold"):
        services.step_add(
            journey=journey, kind=kind, channel="phone", occurred_on=START, minutes=3, repeats=0
        )
    initial = list(journey.steps.values_list("pk", flat=True))
    tabs = []
    for _ in range(6):
        tab = Client(raise_request_exception=False)
        tab.force_login(consumer)
        tabs.append(tab)

    def work(tab, seed):
        rng = random.Random(seed)
        done = []
        for _ in range(8):
            action = rng.choice(["add", "up", "down", "delete", "up", "down"])
            if action == "add":
                url = reverse("step_add", args=[journey.pk])
                response = tab.post(url, _step_form())
                done.append((action, None, response.status_code))
                continue
            step = rng.choice(initial)
            if action == "delete":
                url = reverse("step_delete", args=[journey.pk, step])
                response = tab.post(url)
            else:
                url = reverse("step_move", args=[journey.pk, step])
                response = tab.post(url, {"direction": action})
            done.append((action, step, response.status_code))
        return done

    results = _in_threads(*(lambda tab=tab, n=n: work(tab, n) for n, tab in enumerate(tabs)))
    requests = [request for result in results for request in result]
    assert all(not isinstance(result, BaseException) for result in results), results
    # Every answer is the normal one: done (a redirect), or the step was already deleted (404).
    assert {status for _a, _s, status in requests} <= {302, 404}
    assert all(status == 302 for action, _s, status in requests if action == "add")

    steps = list(journey.steps.order_by("position"))
    assert [step.position for step in steps] == list(range(1, len(steps) + 1))
    deleted = {pk for action, pk, _status in requests if action == "delete"}
    added = [step for step in steps if step.pk not in initial]
    assert len(added) == sum(action == "add" for action, _s, _status in requests)
    assert {step.pk for step in steps if step.pk in initial} == set(initial) - deleted
    # The score the consumer sees is the score of the steps as they ended up.
    journey.refresh_from_db()
    assert journey.score == score_journey(steps, journey.status).value
    assert journey.step_count == len(steps)


def _steps_of(journey) -> list[tuple[int, str]]:
    return list(journey.steps.order_by("position").values_list("position", "kind"))


def test_deleting_a_step_numbers_the_rest_1_to_n(db):
    journey = JourneyFactory(started_on=START)
    for kind in ("phone_menu", "hold", "transfer", "human"):
        services.step_add(journey=journey, kind=kind, channel="phone", occurred_on=START)
    services.step_delete(step=journey.steps.get(kind="hold"))
    assert _steps_of(journey) == [(1, "phone_menu"), (2, "transfer"), (3, "human")]
    services.step_delete(step=journey.steps.get(kind="phone_menu"))
    services.step_add(journey=journey, kind="resolved", channel="phone", occurred_on=START)
    assert _steps_of(journey) == [(1, "transfer"), (2, "human"), (3, "resolved")]


def test_a_stale_tab_acting_on_a_deleted_step_changes_nothing(db):
    journey = JourneyFactory(started_on=START)
    for kind in ("phone_menu", "hold", "human"):
        services.step_add(journey=journey, kind=kind, channel="phone", occurred_on=START)
    stale = journey.steps.get(kind="hold")  # as the other tab still shows it
    services.step_delete(step=journey.steps.get(kind="hold"))
    services.step_move(step=stale, direction="up")
    services.step_update(step=stale, minutes=30)
    services.step_delete(step=stale)
    assert _steps_of(journey) == [(1, "phone_menu"), (2, "human")]


@services_only
def test_two_consumers_suggesting_the_same_new_company_at_once_share_one_suggestion(
    transactional_db,
):
    first_user, second_user = UserFactory(), UserFactory()
    inserted, release = threading.Event(), threading.Event()

    def first():
        # The first suggestion is written but not yet committed when the second arrives.
        with transaction.atomic():
            company = services.company_suggest(
                name="Klantloos B.V.", sector="webshop", user=first_user
            )
            inserted.set()
            assert release.wait(timeout=20)
        return company

    def second():
        assert inserted.wait(timeout=20)
        return services.company_suggest(name="  klantlóós b.v. ", sector="other", user=second_user)

    def referee():
        # Release the first once the second, having found nothing, waits on its uncommitted row.
        try:
            worker.wait_for(lambda: _backend_waiting_on_lock('INSERT INTO "journeys_company"'))
        finally:
            release.set()

    a, b, refereed = _in_threads(first, second, referee)
    assert not isinstance(refereed, BaseException), refereed
    assert isinstance(a, Company) and isinstance(b, Company), (a, b)
    assert a.pk == b.pk
    assert Company.objects.filter(search_name="klantloos b.v.").count() == 1


# --- 4. The database refuses corrupt rows (both passes) -------------------------------------------


def test_two_steps_cannot_share_a_position(db):
    journey = JourneyFactory()
    StepFactory(journey=journey, position=1)
    second = StepFactory(journey=journey, position=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        StepFactory(journey=journey, position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.filter(pk=second.pk).update(position=1)


def test_a_step_cannot_take_negative_minutes(db):
    step = StepFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.filter(pk=step.pk).update(minutes=-1)
    step.refresh_from_db()
    assert step.minutes == 10


def test_one_live_company_or_suggestion_per_normalised_name(db):
    pending = Company.objects.create(name="Bol.com", sector="webshop", status="pending")
    with pytest.raises(IntegrityError), transaction.atomic():
        Company.objects.create(name="  BÔL.com ", slug="bol-2", sector="webshop", status="pending")
    # A rejected suggestion no longer holds the name.
    Company.objects.filter(pk=pending.pk).update(status=Company.Status.REJECTED)
    Company.objects.create(name="bol.com", slug="bol-3", sector="webshop", status="pending")
