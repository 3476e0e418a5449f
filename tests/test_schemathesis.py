"""The open-data API against its own OpenAPI document: schemathesis generates requests from
/api/v1/openapi.json (valid and invalid), and no answer may be a server error or break the
document's promises."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from frictionlog.wsgi import application
from tests.leaderboard_data import build_companies

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def published(db):
    # The WSGI app is called directly, so keep it from closing the test's database connection
    # at the end of each request, as Django's own test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield build_companies(3)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_its_openapi_promises(case):
    case.call_and_validate()
