"""`make prod` (scripts/prod): the production shape (nginx → gunicorn → Django, a Celery worker
and beat) starts, serves, holds its rate limits per real client, backs up and restores, and
stops as one."""

import concurrent.futures
import contextlib
import filecmp
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest
import redis

from frictionlog.celery import app
from journeys import leaderboards

from . import celery_worker
from .factories import CompanyFactory, JourneyFactory, UserFactory

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


@contextlib.contextmanager
def _opendata_nginx_can_read(settings):
    """The snapshots' folder, somewhere nginx's workers (user nobody) may read: pytest's own
    temporary folders are private to their user."""
    folder = Path(tempfile.mkdtemp(prefix="frictionlog-prod-", dir="/tmp"))
    folder.chmod(0o755)
    settings.STORAGES = {
        **settings.STORAGES,
        "opendata": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _published_snapshot():
    """Six reporters' approved journeys at one company, and a snapshot of them with its files."""
    company = CompanyFactory(name="Groot", sector="energy")
    for n in range(6):
        JourneyFactory(company=company, owner=UserFactory(), score=10 * n, approved=True)
    return leaderboards.recompute_full()


@contextlib.contextmanager
def _shape(tmp_path: Path, name: str, *, roles: str, database_url: str, opendata: Path, **extra):
    """scripts/prod on free ports, until it answers /healthz through nginx; stopped (its whole
    process group) on the way out. Yields (process, nginx's base URL, gunicorn's port, log)."""
    port, app_port = _free_port(), _free_port()
    state = tmp_path / name
    state.mkdir()
    # The static files where nginx's workers (user nobody) may read them, wherever the checkout is.
    static = Path(tempfile.mkdtemp(prefix="frictionlog-static-", dir="/tmp"))
    static.chmod(0o755)
    env = _env(
        DATABASE_URL=database_url,
        REDIS_URL=os.environ["REDIS_URL"],
        SECRET_KEY="prod-test-" + "s3cr3t" * 10,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback; TLS ends in front of nginx
        NGINX_LISTEN=f"127.0.0.1:{port}",
        BIND=f"127.0.0.1:{app_port}",
        WEB_CONCURRENCY="2",
        CELERY_CONCURRENCY="1",
        STATE_DIR=str(state),
        FRICTIONLOG_OPENDATA_DIR=str(opendata),
        STATIC_ROOT=str(static),
        PROD_ROLES=roles,
        **extra,
    )
    log = state / "prod.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [SCRIPT], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and process.poll() is None and status != 200:
            with contextlib.suppress(OSError):
                status, _, _ = _get(base + "/healthz")
            time.sleep(0.5)
        assert status == 200, log.read_text()
        yield process, base, app_port, log
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        shutil.rmtree(static, ignore_errors=True)


@pytest.mark.services
def test_make_prod_serves_through_nginx_logs_json_and_stops_everything_on_ctrl_c(
    transactional_db, tmp_path, settings
):
    with (
        _opendata_nginx_can_read(settings) as opendata,
        _shape(
            tmp_path,
            "prod",
            roles="web worker beat",
            database_url=celery_worker.test_database_url(),
            opendata=opendata,
        ) as (process, base, app_port, log),
    ):
        status, headers, body = _get(base + "/healthz")
        assert json.loads(body) == {"database": "ok", "redis": "ok"}
        assert headers["Server"] == "nginx"

        # nginx sets X-Forwarded-Proto itself: a client claiming HTTPS over plain HTTP is not
        # believed. A TLS-terminating proxy speaking to gunicorn is.
        status, headers, page = _get(base + "/leaderboard/", **{"X-Forwarded-Proto": "https"})
        assert status == 200
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "Strict-Transport-Security" not in headers
        app_base = f"http://127.0.0.1:{app_port}"
        _, headers, _ = _get(app_base + "/leaderboard/", **{"X-Forwarded-Proto": "https"})
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")

        # Static files come from nginx, not Django (no request id), compressed, hashed forever.
        stylesheet = re.search(rb'href="(/static/css/[^"]+\.css)"', page).group(1).decode()
        status, headers, _ = _get(base + stylesheet, **{"Accept-Encoding": "gzip"})
        assert status == 200 and "X-Request-ID" not in headers
        assert headers["Content-Encoding"] == "gzip" and "immutable" in headers["Cache-Control"]

        # A download: Django finds the file and hands it to nginx, which sends the bytes.
        snapshot = _published_snapshot()
        stored = opendata / "snapshots" / str(snapshot.pk) / "journeys.csv"
        status, headers, data = _get(base + "/exports/journeys.csv")
        assert status == 200 and data == stored.read_bytes()
        assert headers["ETag"] == f'"{snapshot.files["journeys.csv"]["sha256"]}"'
        assert "X-Accel-Redirect" not in headers
        status, headers, data = _get(app_base + "/exports/journeys.csv")
        assert data == b"" and headers["X-Accel-Redirect"].endswith("/journeys.csv")
        status, headers, data = _get(base + "/exports/journeys.csv", Range="bytes=5-9")
        assert status == 206 and data == stored.read_bytes()[5:10]
        assert _get(base + "/_opendata/snapshots/1/journeys.csv")[0] == 404  # internal only

        # The worker and beat start beside gunicorn; give them the same deadline. The worker is
        # up when it answers on the broker the web uses; beat when it has started its service
        # and written its pid file.
        deadline = time.monotonic() + 90
        worker = None
        celery_worker.fresh_broker_connections()  # an earlier test may have closed the pool
        while time.monotonic() < deadline and process.poll() is None and worker is None:
            worker = _worker_started_by(process)
        assert worker is not None, "the Celery worker never answered:\n" + log.read_text()
        beat_pid = log.parent / "celerybeat.pid"
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
        nginx_pid = int((log.parent / "nginx" / "nginx.pid").read_text())
        # The worker that answered, beat and nginx are this script's: Ctrl-C must stop them too.
        assert worker[1] in children
        assert int(beat_pid.read_text()) in children
        assert nginx_pid in children

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 130
        # Grandchildren (gunicorn's and celery's workers) may take a moment after the script.
        gone_by = time.monotonic() + 15
        while (left := [pid for pid in children if _alive(pid)]) and time.monotonic() < gone_by:
            time.sleep(0.1)
        assert left == [], subprocess.run(["ps", "-f", *map(str, left)], capture_output=True).stdout


class _Visitor:
    """A browser at its own loopback address (127.0.0.x), keeping its cookies."""

    def __init__(self, address: str):
        self.address = address
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form: dict | None = None, **headers):
        connection = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=30, source_address=(self.address, 0)
        )
        headers = {"Host": "127.0.0.1", **headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for value in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return response.status, response.read()
        finally:
            connection.close()

    def post_form(self, port: int, path: str, fields: dict, **headers) -> int:
        """GET the form's page for its CSRF token, then POST the fields."""
        _, page = self.request(port, "GET", path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        fields = {"csrfmiddlewaretoken": token.decode(), **fields}
        return self.request(port, "POST", path, fields, **headers)[0]


@pytest.mark.services
@pytest.mark.real_password_hashing  # the server checks passwords with the production hasher
def test_rate_limits_hold_per_real_client_behind_nginx(transactional_db, tmp_path, settings):
    user = UserFactory(email="right@example.nl")
    UserFactory(email="staff@example.nl", is_staff=True, is_superuser=True)
    with (
        _opendata_nginx_can_read(settings) as opendata,
        _shape(
            tmp_path,
            "web",
            roles="web",
            database_url=celery_worker.test_database_url(),
            opendata=opendata,
            FRICTIONLOG_RATE_LOGIN="3/15m",
            FRICTIONLOG_RATE_RESET="2/h",
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        ) as (_process, base, app_port, _log),
    ):
        port = int(base.rsplit(":", 1)[1])
        redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()  # no counts of earlier runs
        login = "/accounts/login/"

        # Each visitor tries another account: the limit counts per account too.
        def wrong(visitor, target=port, forged="203.0.113.1"):
            fields = {"username": f"nobody-{visitor.address}@example.nl", "password": "wrong"}
            return visitor.post_form(target, login, fields, **{"X-Forwarded-For": forged})

        # One visitor fails three times, each with another forged X-Forwarded-For: nginx
        # overwrites it, so the fourth attempt is refused...
        attacker = _Visitor("127.0.0.2")
        assert [wrong(attacker, forged=f"198.51.100.{n}") for n in range(4)] == [200] * 3 + [429]
        # ... and another visitor behind the same proxy still logs in.
        right = {"username": user.email, "password": "correct-horse-battery"}
        assert _Visitor("127.0.0.3").post_form(port, login, right) == 302

        # Straight to gunicorn from an address that is no trusted proxy: the header is ignored.
        direct = _Visitor("127.0.0.4")
        attempts = [wrong(direct, app_port, forged=f"192.0.2.{n}") for n in range(4)]
        assert attempts == [200] * 3 + [429]

        # A burst of twelve at once from one visitor: three get an answer, the rest a 429.
        burst = _Visitor("127.0.0.5")
        burst.request(port, "GET", login)
        _, page = burst.request(port, "GET", login)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        fields = {"csrfmiddlewaretoken": token, "username": "x@example.nl", "password": "wrong"}
        with concurrent.futures.ThreadPoolExecutor(12) as pool:
            statuses = list(
                pool.map(lambda _: burst.request(port, "POST", login, fields)[0], range(12))
            )
        assert sorted(statuses) == [200] * 3 + [429] * 9

        # The admin's log-in and password-reset mails are limited too.
        admin = _Visitor("127.0.0.6")
        staff = {"username": "staff@example.nl", "password": "wrong"}
        assert [admin.post_form(port, "/admin/login/", staff) for _ in range(4)] == [200] * 3 + [
            429
        ]
        reset = _Visitor("127.0.0.7")
        asked = [
            reset.post_form(port, "/accounts/password-reset/", {"email": user.email})
            for _ in range(3)
        ]
        assert asked == [302, 302, 429]


def _rows(database_url: str, sql: str) -> list[tuple]:
    with psycopg.connect(database_url) as connection:
        return connection.execute(sql).fetchall()


@pytest.mark.services
def test_a_backup_of_a_running_site_restores_into_a_fresh_database_and_storage(
    transactional_db, tmp_path, settings
):
    source_url = celery_worker.test_database_url()
    restored_url = source_url.rsplit("/", 1)[0] + "/" + settings.DATABASES["default"]["NAME"]
    restored_url += "_restored"
    with _opendata_nginx_can_read(settings) as opendata:
        snapshot = _published_snapshot()
        JourneyFactory(story="still a draft")  # not in any snapshot, but a journey all the same
        journeys_sql = "SELECT id, owner_id, company_id, score, moderation_state, story FROM "
        journeys_sql += "journeys_journey ORDER BY id"
        journeys = _rows(source_url, journeys_sql)
        files = ("journeys.csv", "leaderboard.parquet", "snapshot.json")
        with _shape(tmp_path, "live", roles="web", database_url=source_url, opendata=opendata) as (
            _process,
            base,
            _port,
            _log,
        ):
            served = {name: _get(f"{base}/exports/{name}")[2] for name in files}
            backup = tmp_path / "backup"
            env = _env(DATABASE_URL=source_url, FRICTIONLOG_OPENDATA_DIR=str(opendata))
            subprocess.run([ROOT / "scripts" / "backup", backup], env=env, check=True, timeout=120)

        admin_url = source_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as connection:
            name = restored_url.rsplit("/", 1)[1]
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        try:
            with _opendata_nginx_can_read(settings) as fresh:
                env = _env(DATABASE_URL=restored_url, FRICTIONLOG_OPENDATA_DIR=str(fresh))
                subprocess.run(
                    [ROOT / "scripts" / "restore", backup], env=env, check=True, timeout=120
                )
                # Restoring over what is there is refused.
                again = subprocess.run(
                    [ROOT / "scripts" / "restore", backup], env=env, capture_output=True, text=True
                )
                assert again.returncode == 2 and "not empty" in again.stderr

                assert _rows(restored_url, journeys_sql) == journeys
                current = "SELECT id FROM journeys_snapshot WHERE is_current"
                assert _rows(restored_url, current) == [(snapshot.pk,)]
                mine = sorted(p.relative_to(opendata) for p in opendata.rglob("*") if p.is_file())
                theirs = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
                assert mine == theirs and len(mine) == len(snapshot.files)
                assert all(filecmp.cmp(opendata / p, fresh / p, shallow=False) for p in mine)

                redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()  # no cached pointer
                with _shape(
                    tmp_path, "restored", roles="web", database_url=restored_url, opendata=fresh
                ) as (_process, base, _port, _log):
                    assert {name: _get(f"{base}/exports/{name}")[2] for name in files} == served
                    status, _, page = _get(base + "/leaderboard/", **{"Accept-Language": "en"})
                    assert status == 200 and f"Snapshot {snapshot.pk} of".encode() in page
        finally:
            with psycopg.connect(admin_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{restored_url.rsplit("/", 1)[1]}"')


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
