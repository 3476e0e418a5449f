"""`/healthz`: what a load balancer reads to decide whether to send this process traffic."""

import os
import socket

import pytest
from django.urls import reverse


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_healthy_without_redis_in_development(client, db, settings, django_assert_num_queries):
    settings.REDIS_URL = ""
    with django_assert_num_queries(1):  # the SELECT 1, and nothing else
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "skipped"}
    assert "no-cache" in response["Cache-Control"]


def test_unreachable_redis_makes_it_unhealthy(client, db, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "redis": "error"}


def test_head_works_and_writes_are_refused(client, db, settings):
    settings.REDIS_URL = ""
    assert client.head(reverse("healthz")).status_code == 200
    assert client.post(reverse("healthz")).status_code == 405


def test_production_does_not_redirect_the_plain_http_probe(client, db, settings):
    settings.REDIS_URL = ""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("home")).status_code == 301


@pytest.mark.services
def test_real_redis_and_postgres_are_healthy(client, db, settings):
    settings.REDIS_URL = os.environ["REDIS_URL"]
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "ok"}


@pytest.mark.services
def test_redis_unreachable_on_the_services_pass_is_503(client, db, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/3"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["redis"] == "error"
