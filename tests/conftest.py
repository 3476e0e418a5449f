import os

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client

from journeys import pagecache

from .factories import CompanyFactory, UserFactory
from .open_data import history  # noqa: F401 (a fixture for the open-data tests)


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    # Tests read English strings unless they ask for Dutch; the product's default stays Dutch.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fast_password_hashing(request, settings):
    # Argon2, the production hasher, costs tens of milliseconds a user; tests make hundreds.
    # Tests of password hashing itself are marked `real_password_hashing` and keep it.
    if "real_password_hashing" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _opendata_in_a_temporary_folder(settings, tmp_path):
    # Each test's snapshots write their files apart; nothing lands in the work tree.
    settings.STORAGES = {
        **settings.STORAGES,
        "opendata": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "opendata")},
        },
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached figures are keyed by snapshot id, and ids repeat once a test's rows roll back.
    cache.clear()
    pagecache.clear_local()


@pytest.fixture
def consumer(db):
    return UserFactory(email="consumer@example.nl")


@pytest.fixture
def other_consumer(db):
    return UserFactory(email="other@example.nl")


@pytest.fixture
def unverified_consumer(db):
    return UserFactory(email="new@example.nl", email_verified_at=None)


@pytest.fixture
def moderator(db):
    user = UserFactory(email="moderator@example.nl")
    group, _ = Group.objects.get_or_create(name="moderators")
    user.groups.add(group)
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def visitor():
    """A browser of its own with no account, beside the test's `client`."""
    return Client()


@pytest.fixture
def consumer_client(client, consumer):
    client.force_login(consumer)
    return client


@pytest.fixture
def airline(db):
    return CompanyFactory(name="AirlineGo", sector="travel")


@pytest.fixture
def htmx():
    """Headers that make a test-client request look like htmx's."""
    return {"HTTP_HX_REQUEST": "true"}


def _services_configured() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres") and bool(
        os.environ.get("REDIS_URL")
    )


def pytest_collection_modifyitems(config, items):
    """Tests marked `services` need PostgreSQL, Redis and a real Celery worker: they run in
    `make test-services` (CI's second pass), where skipping them would be an error."""
    if _services_configured():
        return
    if os.environ.get("FRICTIONLOG_REQUIRE_SERVICES"):
        raise pytest.UsageError(
            "FRICTIONLOG_REQUIRE_SERVICES is set but DATABASE_URL/REDIS_URL are not"
        )
    skip = pytest.mark.skip(reason="needs PostgreSQL and Redis: run `make test-services`")
    for item in items:
        if "services" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def page():
    """A fresh page in Debian's Chromium through Playwright, for the browser tests."""
    from tests.browser import launch

    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        yield browser.new_page()
        browser.close()
