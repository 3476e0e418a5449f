import pytest
from django.conf import settings

from frictionlog.celery import app
from journeys import leaderboards, tasks
from journeys.models import Journey, RecomputeRequest, Snapshot
from journeys.services import journey_update
from tests.leaderboard_data import build_companies


def test_celery_settings_take_effect():
    assert app.conf.task_acks_late is True
    schedule = app.conf.beat_schedule
    assert schedule["leaderboards-full-recompute"]["task"] == tasks.recompute_full.name
    assert schedule["leaderboards-pick-up-pending"]["task"] == tasks.recompute_pending.name
    assert schedule == settings.CELERY_BEAT_SCHEDULE
    assert tasks.recompute_full.name in app.tasks


def test_tasks_have_time_limits_and_retry_with_backoff():
    for task in (tasks.recompute_full, tasks.recompute_pending):
        assert 0 < task.soft_time_limit < task.time_limit
        assert task.retry_backoff and task.max_retries >= 3
    assert tasks.recompute_pending.time_limit <= settings.CELERY_TASK_TIME_LIMIT


def test_full_task_publishes_a_snapshot(db):
    build_companies(3)
    pk = tasks.recompute_full.apply().get()
    assert Snapshot.objects.get(is_current=True).pk == pk


def test_pending_task_without_requests_is_a_no_op(db):
    build_companies(3)
    before = Snapshot.objects.get(is_current=True)
    assert tasks.recompute_pending.apply().get() is None
    assert Snapshot.objects.get(is_current=True) == before


def test_correcting_an_approved_journey_requests_a_recompute(
    db, django_capture_on_commit_callbacks
):
    companies = build_companies(2)
    journey = Journey.objects.filter(company=companies[0]).first()
    with django_capture_on_commit_callbacks() as callbacks:
        journey_update(journey=journey, goal="repair")
    assert len(callbacks) == 1  # one recompute queued once the correction commits
    tasks.recompute_pending.apply()
    current = Snapshot.objects.get(is_current=True)
    assert current.kind == "changes"
    # The journey is pending again, so its company drops under K and out of the figures.
    assert not current.cells.filter(company=companies[0]).exists()
    assert current.cells.filter(company=companies[1]).exists()
    assert not RecomputeRequest.objects.filter(processed_at__isnull=True).exists()


def _fresh_broker_connections():
    # Celery caches its connection and producer pools; the next use builds them from app.conf.
    app.pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


def test_broker_down_keeps_the_request_and_does_not_raise(
    db, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    companies = build_companies(1)
    # A real broker nobody listens on: publishing fails after Celery's own retries.
    monkeypatch.setattr(app.conf, "task_always_eager", False)
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(app.conf, "broker_transport_options", {"max_retries": 0})
    monkeypatch.setattr(app.conf, "task_publish_retry", False)
    _fresh_broker_connections()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            leaderboards.request_recompute([companies[0].pk])
    finally:
        _fresh_broker_connections()
    assert "Could not queue a leaderboard recompute" in caplog.text
    assert RecomputeRequest.objects.filter(processed_at__isnull=True).count() == 1
    # The next run picks it up.
    assert leaderboards.recompute_pending() is not None
    assert not RecomputeRequest.objects.filter(processed_at__isnull=True).exists()


@pytest.mark.parametrize("ids", [[], [None]])
def test_request_with_no_company_does_nothing(db, ids):
    leaderboards.request_recompute(ids)
    assert not RecomputeRequest.objects.exists()
