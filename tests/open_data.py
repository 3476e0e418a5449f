"""A varied history of approved journeys for the open-data tests (re-derivation, release),
and reading a download's text."""

import datetime
import random

import pytest
from django.utils import timezone

from journeys import leaderboards, moderation, mydata, replies, services
from journeys.models import Channel, Journey, Reply, channel_mask

from .factories import CompanyFactory, JourneyFactory, ModeratorFactory, StepFactory, UserFactory

K = 3


def content(response) -> str:
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


@pytest.fixture
def history(db, settings):
    """Six companies in two sectors, twenty-four reporters, a year and a half of journeys over
    four channels; approvals through moderation, then a withdrawal and an erasure."""
    settings.FRICTIONLOG_K_MIN = K
    rng = random.Random(18)
    today = timezone.localdate()
    moderator = ModeratorFactory()
    reporters = [UserFactory() for _ in range(24)]
    companies = [
        CompanyFactory(name=f"Bedrijf {n}", sector=("telecom", "energy")[n % 2]) for n in range(6)
    ]
    approved = []
    for company in companies:
        for owner in rng.sample(reporters, rng.randint(8, 16)):
            for _ in range(rng.choice([1, 1, 2, 3])):
                channels = rng.sample(Channel.values[:4], rng.randint(1, 3))
                reached = rng.random() < 0.6
                journey = JourneyFactory(
                    company=company,
                    owner=owner,
                    started_on=today - datetime.timedelta(days=rng.randint(0, 540)),
                    score=round(rng.uniform(0, 100), 1),
                    channel_mask=channel_mask(channels),
                    repetitions=rng.randint(0, 5),
                    loops=rng.choice([0, 0, 1, 2]),
                    transfers=rng.choice([0, 1, 2]),
                    hold_minutes=rng.choice([0, 10, 30, 60]),
                    reached_human=reached,
                    minutes_to_human=rng.randint(1, 90) if reached else None,
                    closed_unresolved=rng.random() < 0.3,
                    moderation_state=Journey.Moderation.PENDING,
                )
                StepFactory(journey=journey, position=1, channel=channels[0])
                moderation.journey_approve(journey=journey, moderator=moderator)
                approved.append(journey)
    # Company replies to most journeys, published through moderation some days after
    # the journey, and judged by the reporter or not.
    for journey in approved:
        if rng.random() < 0.8:
            _reply(journey, rng, moderator)
    # A withdrawal: the consumer corrects an approved journey, which goes back to review.
    services.journey_update(journey=approved[0], goal="repair")
    # An erasure: every journey of one reporter leaves the next snapshot.
    mydata.account_erase(user=reporters[1])
    return leaderboards.recompute_full()


def _reply(journey, rng, moderator) -> None:
    """A reply (an "in progress" one may get its final reply), published 0–30 days after the
    journey, each judged by its reporter most of the time."""
    journey.refresh_from_db(fields=["published_at"])
    category = rng.choice(Reply.Category.values)
    made = [replies.reply_create(journey=journey, author=None, category=category, text="Antwoord")]
    replies.reply_approve(reply=made[0], moderator=moderator, base_url="")
    if category == Reply.Category.IN_PROGRESS and rng.random() < 0.5:
        final = replies.reply_create(
            journey=journey, author=None, category="closed_explanation", text="Opgelost"
        )
        made.append(replies.reply_approve(reply=final, moderator=moderator, base_url=""))
    after = datetime.timedelta(days=rng.randint(0, 30))
    for reply in made:
        Reply.objects.filter(pk=reply.pk).update(
            created_at=journey.published_at + after, published_at=journey.published_at + after
        )
        if rng.random() < 0.7:
            replies.reply_rate(reply=reply, rating=rng.randint(1, 5), resolved=rng.random() < 0.5)
