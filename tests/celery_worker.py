"""A real Celery worker for tests marked `services`: a subprocess on the test database and the
same Redis, so tasks go through the real broker. Reusable (e.g. to SIGKILL a worker mid-task).

    from tests.celery_worker import celery_worker  # noqa: F401  (the fixture)
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from kombu import pools

from frictionlog.celery import app

ROOT = Path(__file__).resolve().parent.parent
READY_SECONDS = 30


def fresh_broker_connections() -> None:
    """Forget every broker connection and producer pool this process holds (Celery's and
    kombu's, per URL), so the next use connects afresh to the broker `app.conf` names. Earlier
    tests may have left a pool closed (a broker made unreachable and restored); reusing it fails
    with "Acquire on closed pool"."""
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


def test_database_url() -> str:
    """The URL of the database this test run uses (pytest-django's test_… database)."""
    s = connection.settings_dict
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    host = f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{s['NAME']}"


@contextmanager
def running_worker(
    *, log_path: Path, extra_env: dict | None = None, pool: str = "solo"
) -> Iterator[subprocess.Popen]:
    """A worker in its own process group. `pool="prefork"` runs tasks in one child process, as
    production does (acknowledgement and worker-lost handling differ from the solo pool)."""
    env = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        # The worker writes snapshot files where this test reads them.
        "FRICTIONLOG_OPENDATA_DIR": settings.STORAGES["opendata"]["OPTIONS"]["location"],
        **(extra_env or {}),
    }
    hostname = f"test-{os.getpid()}-{time.monotonic_ns()}@localhost"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "frictionlog",
                "worker",
                f"--pool={pool}",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname={hostname}",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        fresh_broker_connections()
        deadline = time.monotonic() + READY_SECONDS
        while not app.control.ping(destination=[hostname], timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Celery worker did not start:\n" + log_path.read_text())
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def celery_worker(transactional_db, tmp_path):
    with running_worker(log_path=tmp_path / "worker.log") as process:
        yield process


def wait_for(predicate, *, seconds: float = 30, interval: float = 0.25):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {seconds} s")
