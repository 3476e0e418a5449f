"""Settings come from the environment; these run a fresh interpreter so each sees only its env."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, django
from django.conf import settings
django.setup()
from frictionlog.celery import app
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "cache": settings.CACHES["default"]["BACKEND"],
    "eager": app.conf.task_always_eager,
    "broker": app.conf.broker_url,
    "debug": settings.DEBUG,
    "secure_cookies": settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "acks_late": app.conf.task_acks_late,
    "time_limit": app.conf.task_time_limit,
    "abuse_rate_min": settings.FRICTIONLOG_ABUSE_RATE_MIN,
}))
"""


def _settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in _VARS}
    clean.update(env, DJANGO_SETTINGS_MODULE="frictionlog.settings")
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    if result.returncode != 0:
        return result.stderr
    return json.loads(result.stdout)


_VARS = {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "PRODUCTION"}
_VARS |= {"FRICTIONLOG_ABUSE_RATE_MIN"}


def test_no_environment_means_sqlite_eager_celery_and_local_cache():
    s = _settings()
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["db_name"].endswith("db.sqlite3")
    assert s["cache"].endswith("LocMemCache")
    assert s["eager"] is True
    assert s["debug"] is False


def test_database_and_redis_urls_switch_to_postgres_and_redis():
    s = _settings(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/frictionlog",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert s["engine"] == "django.db.backends.postgresql"
    assert s["db_name"] == "frictionlog"
    assert s["cache"].endswith("RedisCache")
    assert s["eager"] is False
    assert s["broker"] == "redis://127.0.0.1:6379/3"


def test_celery_reliability_settings_take_effect():
    s = _settings()
    assert s["acks_late"] is True
    assert s["time_limit"] == 600


def test_the_abuse_rate_signal_threshold_comes_from_the_environment():
    assert _settings()["abuse_rate_min"] == 5
    assert _settings(FRICTIONLOG_ABUSE_RATE_MIN="12")["abuse_rate_min"] == 12
    assert "FRICTIONLOG_ABUSE_RATE_MIN must be at least 1" in _settings(
        FRICTIONLOG_ABUSE_RATE_MIN="0"
    )


def test_production_requires_a_secret_key():
    assert "SECRET_KEY must be set" in _settings(PRODUCTION="1")


def test_production_turns_on_secure_cookies():
    s = _settings(PRODUCTION="1", SECRET_KEY="x" * 60, ALLOWED_HOSTS="frictionlog.nl")
    assert s["secure_cookies"] is True
    assert s["allowed_hosts"] == ["frictionlog.nl"]


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_malformed_boolean_is_refused_by_name(value):
    assert "DEBUG must be a boolean" in _settings(DEBUG=value)


def test_debug_and_production_together_are_refused():
    assert "DEBUG cannot be on in production" in _settings(
        PRODUCTION="1", DEBUG="1", SECRET_KEY="x" * 60
    )


def test_check_deploy_is_clean_in_production_mode():
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never does.
    skip = {*_VARS, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update(PRODUCTION="1", SECRET_KEY="k" * 20 + "-production-secret-" + "z9" * 20)
    env.update(ALLOWED_HOSTS="frictionlog.nl", DJANGO_SETTINGS_MODULE="frictionlog.settings")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
