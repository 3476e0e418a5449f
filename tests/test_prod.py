"""`make prod` (scripts/prod): the production shape starts, serves, and stops as one."""

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from frictionlog.celery import app

from . import celery_worker

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "prod"


def _env(**extra) -> dict:
    skip = {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "LOG_FORMAT"}
    env = {
        k: v for k, v in os.environ.items() if k not in skip and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(PY=str(ROOT / ".venv" / "bin" / "python"), **extra)
    return env


def test_refuses_to_start_without_its_settings():
    result = subprocess.run([SCRIPT], env=_env(), capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "set DATABASE_URL REDIS_URL SECRET_KEY ALLOWED_HOSTS" in result.stderr


def test_refuses_sqlite_in_production():
    env = _env(
        DATABASE_URL="sqlite:///x.db", REDIS_URL="redis://x", SECRET_KEY="k", ALLOWED_HOSTS="x"
    )
    result = subprocess.run([SCRIPT], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "must be a PostgreSQL URL" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (loopback)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _worker_started_by(script: subprocess.Popen) -> tuple[str, int] | None:
    """The name and pid of the Celery worker `script` started (scripts/prod names it
    worker-<host>-<its pid>@<host>), once it answers a ping on the broker."""
    for reply in app.control.ping(timeout=1):
        for name in reply:
            if name.startswith("worker-") and f"-{script.pid}@" in name:
                stats = app.control.inspect(destination=[name], timeout=5).stats() or {}
                return (name, stats[name]["pid"]) if name in stats else None
    return None


@pytest.mark.services
def test_make_prod_serves_healthz_logs_json_and_stops_everything_on_ctrl_c(
    transactional_db, tmp_path
):
    port = _free_port()
    env = _env(
        DATABASE_URL=celery_worker.test_database_url(),
        REDIS_URL=os.environ["REDIS_URL"],
        SECRET_KEY="prod-test-" + "s3cr3t" * 10,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback; a proxy would redirect
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        CELERY_CONCURRENCY="1",
        STATE_DIR=str(tmp_path),
    )
    log = tmp_path / "prod.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [SCRIPT], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                status, _, body = _get(base + "/healthz")
            except OSError:
                time.sleep(0.5)
                continue
            if status == 200:
                break
            time.sleep(0.5)
        assert status == 200, log.read_text()
        assert json.loads(body) == {"database": "ok", "redis": "ok"}

        # As the TLS-terminating proxy forwards it.
        status, headers, _ = _get(base + "/leaderboard/", **{"X-Forwarded-Proto": "https"})
        assert status == 200
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")

        # The worker and beat start beside gunicorn; give them the same deadline. The worker is
        # up when it answers on the broker the web uses; beat when it has started its service
        # and written its pid file.
        worker = None
        while time.monotonic() < deadline and process.poll() is None and worker is None:
            worker = _worker_started_by(process)
        assert worker is not None, "the Celery worker never answered:\n" + log.read_text()
        beat_pid = tmp_path / "celerybeat.pid"
        while time.monotonic() < deadline and not (
            "beat: Starting" in log.read_text() and beat_pid.exists()
        ):
            time.sleep(0.5)
        output = log.read_text()
        assert "beat: Starting" in output
        access = [
            json.loads(line)
            for line in output.splitlines()
            if line.startswith("{") and '"frictionlog.access"' in line
        ]
        assert any(line["path"] == "/leaderboard/" and line["status"] == 200 for line in access)

        children = [
            int(pid)
            for pid in subprocess.run(
                ["pgrep", "-g", str(process.pid)], capture_output=True, text=True
            ).stdout.split()
        ]
        # The worker that answered and beat are this script's, so Ctrl-C must stop them too.
        assert worker[1] in children
        assert int(beat_pid.read_text()) in children

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 130
        # Grandchildren (gunicorn's and celery's workers) may take a moment after the script.
        gone_by = time.monotonic() + 15
        while (left := [pid for pid in children if _alive(pid)]) and time.monotonic() < gone_by:
            time.sleep(0.1)
        assert left == [], subprocess.run(["ps", "-f", *map(str, left)], capture_output=True).stdout
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# Every module of ours, not only settings.py: a read anywhere is a variable operators must know of.
MODULES = sorted([*(ROOT / "frictionlog").rglob("*.py"), *(ROOT / "journeys").rglob("*.py")])
ENV_READ = re.compile(
    r"(?:\benv_\w+\(|os\.environ\.get\(|os\.getenv\(|os\.environ\[)\s*\"([A-Z][A-Z0-9_]*)\""
)
# frictionlog's own settings, however they are read (`settings.FRICTIONLOG_K_MIN`, `getattr`).
OWN_SETTING = re.compile(r"\bFRICTIONLOG_[A-Z0-9_]*[A-Z0-9]\b")


def test_env_example_lists_every_variable_the_code_and_the_script_read():
    sources = {path.relative_to(ROOT).as_posix(): path.read_text() for path in MODULES}
    read = {name for text in sources.values() for name in ENV_READ.findall(text)}
    read |= set(re.findall(r"\$\{([A-Z_]+):-", SCRIPT.read_text())) - {"PY"}
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert len(read) > 25
    assert read - listed == set()
    # A setting of ours that no environment variable sets would keep its default in production
    # whatever the operator wrote (abuse.py read FRICTIONLOG_ABUSE_RATE_MIN that way).
    unset = {
        (name, path)
        for path, text in sources.items()
        for name in OWN_SETTING.findall(text)
        if name not in read
    }
    assert unset == set()
