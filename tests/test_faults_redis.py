"""Redis unreachable (refusing, or hung without answering) while a consumer submits, a moderator
approves and a consumer erases their account: every request succeeds within seconds, the change
commits with its recompute request, and once Redis is back a worker publishes the figures.
PostgreSQL with Redis and real Celery workers."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from frictionlog.celery import app
from journeys import leaderboards, services
from journeys.models import Journey, Snapshot, User, channel_mask
from tests import celery_worker as worker
from tests.factories import JourneyFactory, UserFactory, approved_journey
from tests.faults import (
    MAX_HUNG_PUBLISH_SECONDS,
    MAX_REQUEST_SECONDS,
    PASSWORD,
    START,
    answered_within,
    company_cell,
    messages_of,
    open_requests,
    redis_unreachable,
    services_only,
)
from tests.leaderboard_data import build_companies


@pytest.fixture
def outage_cast(transactional_db):
    """Kapotnet, one reporter short of being published, whose fifth is about to submit; and
    Wegwezen, published with five reporters, one of whom is about to erase their account. The
    consumer, the leaver and a moderator each have a browser, signed in."""
    kapotnet, wegwezen = build_companies(2, reporters=4, prefix="Fault")
    for company, name in ((kapotnet, "Kapotnet"), (wegwezen, "Wegwezen")):
        company.name = name
        company.save()
    leaver = UserFactory(email="leaver@example.nl")
    approved_journey(wegwezen, leaver, 80.0, days_ago=20, channel_mask=channel_mask(["phone"]))
    consumer = UserFactory(email="consumer@example.nl")
    journey = JourneyFactory(owner=consumer, company=kapotnet, started_on=START)
    services.step_add(
        journey=journey, kind="chatbot_loop", channel="chatbot", occurred_on=START, minutes=20
    )
    moderator = UserFactory(email="moderator@example.nl")
    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    leaderboards.recompute_full()
    snapshot = Snapshot.objects.get(is_current=True)
    assert company_cell(snapshot, kapotnet) is None  # four reporters: under K
    assert company_cell(snapshot, wegwezen).reporters == 5

    def browser(user):
        client = Client()
        client.force_login(user)
        return client

    return SimpleNamespace(
        kapotnet=kapotnet,
        wegwezen=wegwezen,
        journey=journey,
        leaver=leaver,
        snapshot=snapshot,
        consumer_browser=browser(consumer),
        leaver_browser=browser(leaver),
        moderator_browser=browser(moderator),
    )


def _leaderboard_showing(name: str) -> str:
    """The public leaderboard once it shows this company (processes may hold the current
    snapshot for a moment, pagecache.SNAPSHOT_SECONDS)."""

    def board():
        html = Client().get(reverse("leaderboard")).content.decode()
        return html if name in html else None

    return worker.wait_for(board, seconds=10)


@dataclass(frozen=True)
class _Action:
    """Something a signed-in user does through the web during an outage, the message the page
    then shows (its start), and how to see that the change was committed."""

    who: str  # the cast's browser
    url: Callable[[SimpleNamespace], str]
    data: dict
    message: str
    committed: Callable[[SimpleNamespace], bool]


def _moderation_state(journey: Journey) -> str:
    journey.refresh_from_db()
    return journey.moderation_state


OUTAGE_ACTIONS = (
    _Action(
        "consumer_browser",
        lambda s: reverse("journey_submit", args=[s.journey.pk]),
        {},
        "Thank you. Your journey is waiting for review.",
        lambda s: _moderation_state(s.journey) == Journey.Moderation.PENDING,
    ),
    _Action(
        "moderator_browser",
        lambda s: reverse("moderation_approve", args=[s.journey.pk]),
        {},
        "Approved.",
        lambda s: _moderation_state(s.journey) == Journey.Moderation.APPROVED,
    ),
    _Action(
        "leaver_browser",
        lambda s: reverse("account_delete"),
        {"password": PASSWORD, "confirm": "on"},
        "Your account and all your journeys are deleted",
        lambda s: not User.objects.filter(pk=s.leaver.pk).exists(),
    ),
)


def _carry_on_with_redis_unreachable(s: SimpleNamespace, kind: str, caplog) -> None:
    """Submit, approve and erase through the web while Redis does not answer: each request gets
    its usual answer within seconds, and each change commits with its recompute request."""
    with redis_unreachable(kind):
        for action in OUTAGE_ACTIONS:
            post = partial(getattr(s, action.who).post, action.url(s), action.data, follow=True)
            response = answered_within(MAX_REQUEST_SECONDS, post)
            assert response.status_code == 200, action.message
            assert any(m.startswith(action.message) for m in messages_of(response))
            assert action.committed(s), action.message

        # Committed, with the recompute requests still open; the figures have not moved yet.
        assert open_requests() == {s.kapotnet.pk, s.wegwezen.pk}
        assert Snapshot.objects.get(is_current=True) == s.snapshot
    assert caplog.text.count("Could not queue a leaderboard recompute") == 2


@services_only
def test_with_redis_down_users_carry_on_and_the_figures_follow_once_it_is_back(
    outage_cast, caplog, tmp_path
):
    s = outage_cast
    _carry_on_with_redis_unreachable(s, "refused", caplog)

    # Redis is back: the scheduled pick-up (beat, every five minutes) runs on a real worker.
    with worker.running_worker(log_path=tmp_path / "worker.log"):
        app.send_task(settings.CELERY_BEAT_SCHEDULE["leaderboards-pick-up-pending"]["task"])
        current = worker.wait_for(
            lambda: Snapshot.objects.filter(is_current=True).exclude(pk=s.snapshot.pk).first()
        )
    assert open_requests() == set()
    assert company_cell(current, s.kapotnet).reporters == 5  # the approved journey counts
    assert company_cell(current, s.wegwezen) is None  # the erased reporter no longer does
    assert "Wegwezen" not in _leaderboard_showing("Kapotnet")


@services_only
def test_with_redis_hung_users_carry_on_within_seconds(outage_cast, caplog):
    """Redis accepts connections but never answers (frozen, or a failover left the connections
    half-open): only the app's socket timeouts stand between a request and a hang."""
    _carry_on_with_redis_unreachable(outage_cast, "hung", caplog)


@services_only
def test_a_hung_broker_holds_an_approval_seconds_not_forever(outage_cast, caplog):
    """The cache answers but the broker hangs: publishing gives up within the socket timeouts,
    and the debounce key is released, so the next approval queues at once once Redis is back."""
    s = outage_cast
    services.journey_submit(journey=s.journey, user=s.journey.owner)
    with redis_unreachable("hung", cache=False):
        response = answered_within(
            MAX_HUNG_PUBLISH_SECONDS,
            lambda: s.moderator_browser.post(
                reverse("moderation_approve", args=[s.journey.pk]), follow=True
            ),
        )
    assert response.status_code == 200
    assert "Approved." in messages_of(response)
    assert "Could not queue a leaderboard recompute" in caplog.text
    assert open_requests() == {s.kapotnet.pk}
    assert cache.get(leaderboards.DEBOUNCE_KEY) is None
