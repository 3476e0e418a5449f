"""A pool process, or the whole worker, SIGKILLed inside a full recompute: the published snapshot
stays, the task is delivered again (acks late, reject on worker lost), and the snapshot it then
publishes equals a recompute run directly. PostgreSQL with Redis and real Celery workers."""

import hashlib
import os
import signal
import time
from pathlib import Path

import psycopg
import pytest
import redis
from django.conf import settings

from journeys import leaderboards, opendata
from journeys.models import Cell, Snapshot, channel_mask
from journeys.tasks import recompute_full
from tests import celery_worker as worker
from tests.factories import CompanyFactory, UserFactory, approved_journey
from tests.faults import (
    backend_waiting_on_lock,
    company_cell,
    figures_of,
    pg_rows,
    services_only,
)
from tests.leaderboard_data import build_companies


@pytest.fixture
def stale_figures(transactional_db):
    """A published snapshot, and since then a company that reached K reporters: the next full
    recompute publishes different figures."""
    build_companies(4, prefix="Kill")
    newcomer = CompanyFactory(name="Nieuwkomer", sector="energy")
    for n in range(5):
        approved_journey(
            newcomer,
            UserFactory(email=f"new{n}@example.nl"),
            20.0 + n,
            days_ago=20,
            channel_mask=channel_mask(["phone"]),
        )
    before = Snapshot.objects.get(is_current=True)
    return before, figures_of(before), newcomer


def _hold_the_current_snapshot_row() -> psycopg.Connection:
    """Another session holds the published snapshot's row (until its rollback), so a recompute
    writes all its cells and then waits, inside its transaction, where it would unpublish it."""
    holder = psycopg.connect(worker.test_database_url())
    holder.execute("SELECT id FROM journeys_snapshot WHERE is_current FOR UPDATE")
    return holder


def _recompute_waiting_to_publish() -> int:
    """The session of a recompute that has written its cells and waits to publish them."""
    backend = worker.wait_for(
        lambda: backend_waiting_on_lock('UPDATE "journeys_snapshot" SET "is_current"')
    )
    # Provably inside its transaction, with the new cells written (and uncommitted).
    assert pg_rows(
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
    assert figures_of(before) == published
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
    redone = figures_of(after)
    assert redone != published
    assert company_cell(after, newcomer).reporters == 5
    direct = leaderboards.recompute_full()
    assert figures_of(direct) == redone
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
            worker.wait_for(lambda: backend_waiting_on_lock("SELECT pg_advisory_lock("))
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
            lambda: not pg_rows("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [backend])
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
