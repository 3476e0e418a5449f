"""Abuse signals shown to moderators: bursts of new accounts, near-duplicate stories, heavy
submitters."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from journeys import abuse

from .factories import CompanyFactory, UserFactory, submitted_journey

pytestmark = pytest.mark.django_db

STORY = (
    "De chatbot stuurde me drie keer rond en daarna werd mijn zaak gesloten zonder dat iemand "
    "mijn vraag over de terugbetaling van mijn ticket had gelezen."
)


def test_burst_of_new_accounts_about_one_company_is_signalled(moderator_client, settings):
    settings.FRICTIONLOG_ABUSE_BURST_ACCOUNTS = 4
    target, calm = CompanyFactory(), CompanyFactory()
    burst = [submitted_journey(UserFactory(), target) for _ in range(4)]
    old_hand = UserFactory(date_joined=timezone.now() - datetime.timedelta(days=400))
    veteran = submitted_journey(old_hand, target)
    quiet = submitted_journey(UserFactory(), calm)
    signals = abuse.signals_for([*burst, veteran, quiet])
    assert [s.code for s in signals[burst[0].pk]] == ["burst"]
    assert veteran.pk not in signals  # an established account is not part of the burst
    assert quiet.pk not in signals
    body = moderator_client.get(reverse("moderation_queue")).content.decode()
    assert "4 new accounts reported this company in the last 48 hours." in body


def test_three_new_accounts_are_not_a_burst(settings):
    settings.FRICTIONLOG_ABUSE_BURST_ACCOUNTS = 4
    target = CompanyFactory()
    journeys = [submitted_journey(UserFactory(), target) for _ in range(3)]
    assert abuse.signals_for(journeys) == {}


def test_an_old_burst_is_not_signalled(settings):
    settings.FRICTIONLOG_ABUSE_BURST_ACCOUNTS = 3
    target = CompanyFactory()
    journeys = [submitted_journey(UserFactory(), target, minutes_ago=72 * 60) for _ in range(3)]
    assert abuse.signals_for(journeys) == {}


def test_near_duplicate_stories_are_signalled_both_ways(moderator_client):
    company = CompanyFactory()
    first = submitted_journey(UserFactory(), company, story=STORY)
    second = submitted_journey(
        UserFactory(), company, story=STORY.replace("drie", "vier") + " Echt!"
    )
    other = submitted_journey(
        UserFactory(), company, story="Het pakket kwam nooit aan en niemand nam op."
    )
    signals = abuse.signals_for([first, second, other])
    assert [s.code for s in signals[first.pk]] == ["duplicate"]
    assert f"#{second.pk}" in signals[first.pk][0].message
    assert f"#{first.pk}" in signals[second.pk][0].message
    assert other.pk not in signals
    body = moderator_client.get(reverse("moderation_queue")).content.decode()
    assert "Story nearly identical to journey" in body


def test_similarity_of_shingles():
    a = abuse.shingles("one two three four five")
    assert abuse.similarity(a, a) == 1.0
    assert abuse.similarity(a, abuse.shingles("six seven eight nine")) == 0.0
    assert abuse.similarity(frozenset(), a) == 0.0


def test_an_account_far_above_the_usual_rate_is_signalled(settings):
    settings.FRICTIONLOG_ABUSE_RATE_MIN = 4
    settings.FRICTIONLOG_ABUSE_BURST_ACCOUNTS = 50
    company = CompanyFactory()
    usual = [submitted_journey(UserFactory(), company) for _ in range(5)]
    busy_owner = UserFactory()
    busy = [submitted_journey(busy_owner, CompanyFactory()) for _ in range(6)]
    signals = abuse.signals_for([*usual, *busy])
    assert [s.code for s in signals[busy[0].pk]] == ["rate"]
    assert "submitted 6 journeys in the last 24 hours" in signals[busy[0].pk][0].message
    assert usual[0].pk not in signals
