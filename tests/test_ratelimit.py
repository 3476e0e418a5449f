"""Rate limits on log-in attempts, sign-up, submissions and story reports, each with a message."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from journeys import ratelimit
from journeys.models import Journey, StoryFlag, User

from .factories import JourneyFactory, StepFactory


@pytest.mark.parametrize(
    ("text", "parsed"), [("5/h", (5, 3600)), ("10/15m", (10, 900)), (" 3 / 2d ", (3, 172800))]
)
def test_rates_are_read_as_count_per_period(text, parsed):
    assert ratelimit.parse_rate(text) == parsed


def test_a_malformed_rate_setting_is_refused(settings):
    settings.FRICTIONLOG_RATE_LOGIN = "lots"
    with pytest.raises(ImproperlyConfigured):
        ratelimit.rate("login")


def test_failed_log_ins_are_throttled_with_a_clear_message(client, consumer, settings):
    settings.FRICTIONLOG_RATE_LOGIN = "3/15m"
    url = reverse("login")
    for _ in range(3):
        response = client.post(url, {"username": consumer.email, "password": "wrong"})
        assert response.status_code == 200
    response = client.post(url, {"username": consumer.email, "password": "correct-horse-battery"})
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session


def test_successful_log_ins_do_not_count(client, consumer, settings):
    settings.FRICTIONLOG_RATE_LOGIN = "2/15m"
    for _ in range(4):
        response = client.post(
            reverse("login"), {"username": consumer.email, "password": "correct-horse-battery"}
        )
        assert response.status_code == 302
        client.logout()


def test_log_in_limit_also_holds_per_account_across_addresses(client, consumer, settings):
    settings.FRICTIONLOG_RATE_LOGIN = "2/15m"
    for n in range(2):
        client.post(
            reverse("login"),
            {"username": consumer.email, "password": "wrong"},
            REMOTE_ADDR=f"10.0.0.{n}",
        )
    response = client.post(
        reverse("login"), {"username": consumer.email, "password": "wrong"}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 429


def test_sign_up_is_limited_per_address(client, settings, db):
    settings.FRICTIONLOG_RATE_SIGNUP = "2/h"
    for n in range(2):
        response = client.post(
            reverse("signup"),
            {
                "email": f"new{n}@example.nl",
                "password1": "a-long-pass-99",
                "password2": "a-long-pass-99",
            },
        )
        assert response.status_code == 302
        client.logout()
    response = client.post(
        reverse("signup"),
        {"email": "new9@example.nl", "password1": "a-long-pass-99", "password2": "a-long-pass-99"},
    )
    assert response.status_code == 429
    assert "Too many accounts were created from your network" in response.content.decode()
    assert not User.objects.filter(email="new9@example.nl").exists()


def test_submissions_are_limited_per_account(consumer_client, consumer, settings, htmx):
    settings.FRICTIONLOG_RATE_SUBMIT = "2/d"
    journeys = [JourneyFactory(owner=consumer) for _ in range(3)]
    for journey in journeys:
        StepFactory(journey=journey, position=1)
    for journey in journeys[:2]:
        consumer_client.post(reverse("journey_submit", args=[journey.pk]))
    response = consumer_client.post(reverse("journey_submit", args=[journeys[2].pk]), **htmx)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#messages"
    assert "You submitted many journeys in a short time" in response.content.decode()
    assert Journey.objects.get(pk=journeys[2].pk).moderation_state == "draft"
    response = consumer_client.post(reverse("journey_submit", args=[journeys[2].pk]))
    assert response.status_code == 429


def test_story_reports_are_limited(client, settings, db):
    settings.FRICTIONLOG_RATE_FLAG = "2/h"
    journey = JourneyFactory(story_consent=True, story="tale", story_redacted="tale")
    Journey.objects.filter(pk=journey.pk).update(moderation_state="approved")
    url = reverse("story_report", args=[journey.pk])
    for _ in range(2):
        assert client.post(url, {"reason": "spam"}).status_code == 302
    response = client.post(url, {"reason": "spam"})
    assert response.status_code == 429
    assert "You reported many stories in a short time" in response.content.decode()
    assert StoryFlag.objects.count() == 2


def test_a_story_report_lands_in_the_queue(client, moderator, settings):
    journey = JourneyFactory(story_consent=True, story="tale", story_redacted="tale of woe")
    Journey.objects.filter(pk=journey.pk).update(moderation_state="approved")
    response = client.get(reverse("story_report", args=[journey.pk]))
    assert "tale of woe" in response.content.decode()
    client.post(reverse("story_report", args=[journey.pk]), {"reason": "offensive", "note": "rude"})
    client.force_login(moderator)
    body = client.get(reverse("moderation_queue"), {"flag": "any"}).content.decode()
    assert f"item-{journey.pk}" in body and "rude" in body


def test_unpublished_stories_cannot_be_reported(client, db):
    journey = JourneyFactory(story_consent=False, story="tale", story_redacted="tale")
    Journey.objects.filter(pk=journey.pk).update(moderation_state="approved")
    assert client.get(reverse("story_report", args=[journey.pk])).status_code == 404
