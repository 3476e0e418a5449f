"""Structured logs: JSON lines with the request id, and one access line per request."""

import io
import json
import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import signing
from django.urls import reverse

from frictionlog.logging import JsonFormatter, RequestIdFilter

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def json_log():
    """The production log pipeline (filter + JSON formatter) on the root logger, into a buffer;
    yields a function returning the parsed lines so far."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def _access(lines):
    return [line for line in lines if line["logger"] == "frictionlog.access"]


def test_every_request_writes_one_json_access_line(client, db, json_log):
    response = client.get(reverse("methodology"))
    (line,) = _access(json_log())
    assert line["level"] == "INFO"
    assert line["method"] == "GET"
    assert line["path"] == "/methodology/"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert line["time"].endswith("+00:00")


def test_the_load_balancers_request_id_is_kept_and_echoed(client, db, json_log):
    response = client.get(reverse("home"), HTTP_X_REQUEST_ID="lb-0123456789abcdef")
    assert response["X-Request-ID"] == "lb-0123456789abcdef"
    assert _access(json_log())[0]["request_id"] == "lb-0123456789abcdef"


def test_a_forged_request_id_is_replaced(client, db, json_log):
    response = client.get(reverse("home"), HTTP_X_REQUEST_ID='x" injected\n{"level": "ERROR"}')
    assert len(response["X-Request-ID"]) == 32
    assert "injected" not in json.dumps(json_log())


def test_lines_logged_during_a_request_carry_its_id(client, db, settings, json_log):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    response = client.get(reverse("healthz"))  # logs a warning: Redis does not answer
    warning = next(line for line in json_log() if line["logger"] == "journeys.views.health")
    assert warning["level"] == "WARNING"
    assert warning["request_id"] == response["X-Request-ID"]
    assert "ConnectionError" in warning["exception"]


def test_the_access_line_names_the_user_but_never_the_email(consumer_client, consumer, json_log):
    consumer_client.get(reverse("journey_list"))
    line = _access(json_log())[0]
    assert line["user_id"] == consumer.pk
    assert "consumer@example.nl" not in json.dumps(json_log())


def test_verification_tokens_never_reach_the_log(client, unverified_consumer, json_log):
    token = signing.dumps({"user": unverified_consumer.pk}, salt="anything")
    client.get(reverse("verify_email", args=[token]))
    line = _access(json_log())[0]
    assert token not in json.dumps(json_log())
    assert line["path"] == "/accounts/verify/<str:token>/"


def test_lines_outside_a_request_have_no_id(json_log):
    logging.getLogger("journeys.test").warning("plain %s", "text", extra={"company_id": 7})
    (line,) = json_log()
    assert line["message"] == "plain text"
    assert line["request_id"] is None
    assert line["company_id"] == 7


def _log_format(**env) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("LOG_FORMAT", "PRODUCTION")}
    clean.update(env, DJANGO_SETTINGS_MODULE="frictionlog.settings")
    code = "import django; from django.conf import settings; django.setup(); print(settings.LOG_FORMAT)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    return result.stdout.strip() or result.stderr


def test_log_format_is_text_in_development_json_on_request():
    assert _log_format() == "text"
    assert _log_format(LOG_FORMAT="json") == "json"
    assert "LOG_FORMAT must be 'json' or 'text'" in _log_format(LOG_FORMAT="xml")
