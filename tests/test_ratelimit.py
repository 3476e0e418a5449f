"""Rate limits on log-in attempts, sign-up, submissions and story reports, each with a message;
per real client behind the proxy, counted atomically."""

import threading
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from journeys import ratelimit
from journeys.models import Journey, StoryFlag, User

from .factories import JourneyFactory, StepFactory, UserFactory


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


def _wrong_login(client, email, **meta):
    return client.post(reverse("login"), {"username": email, "password": "wrong"}, **meta)


def test_behind_the_proxy_each_visitor_has_a_limit_of_their_own(client, consumer, settings):
    # The attack: ten failed log-ins from one visitor locked out the next visitor too,
    # because every request came from the proxy's address.
    settings.FRICTIONLOG_RATE_LOGIN = "3/15m"
    other = UserFactory(email="second@example.nl")
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for n in range(5):
        _wrong_login(client, f"nobody{n}@example.nl", HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy)
    assert (
        _wrong_login(
            client, "x@example.nl", HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy
        ).status_code
        == 429
    )
    response = client.post(
        reverse("login"),
        {"username": other.email, "password": "correct-horse-battery"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        **proxy,
    )
    assert response.status_code == 302


def test_the_client_is_the_rightmost_address_no_trusted_proxy_added(settings):
    settings.FRICTIONLOG_TRUSTED_PROXIES = ["127.0.0.1/32", "10.0.0.0/8"]
    factory = RequestFactory()

    def seen(peer, forwarded=None):
        meta = {"REMOTE_ADDR": peer}
        if forwarded is not None:
            meta["HTTP_X_FORWARDED_FOR"] = forwarded
        return ratelimit.client_ip(factory.get("/", **meta))

    # A load balancer (10.1.2.3) in front of nginx (127.0.0.1); the visitor forged a first hop.
    assert seen("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.1.2.3") == "203.0.113.9"
    assert seen("127.0.0.1", "203.0.113.9") == "203.0.113.9"
    # Straight from the Internet: the header is the visitor's own word, ignored.
    assert seen("198.51.100.1", "127.0.0.1, 203.0.113.9") == "198.51.100.1"
    # Only proxies in the chain, or junk: the peer.
    assert seen("127.0.0.1", "10.0.0.5") == "127.0.0.1"
    assert seen("127.0.0.1", "") == "127.0.0.1"
    assert seen("127.0.0.1") == "127.0.0.1"
    assert seen("127.0.0.1", "not-an-address") == "not-an-address"


def test_a_forged_forwarded_for_from_an_untrusted_peer_is_ignored(client, consumer, settings):
    settings.FRICTIONLOG_RATE_LOGIN = "3/15m"
    for n in range(3):
        # A new forged address each time, straight to the application from 198.51.100.5.
        _wrong_login(
            client,
            f"nobody{n}@example.nl",
            REMOTE_ADDR="198.51.100.5",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    response = _wrong_login(
        client, "x@example.nl", REMOTE_ADDR="198.51.100.5", HTTP_X_FORWARDED_FOR="192.0.2.200"
    )
    assert response.status_code == 429


def test_the_admin_log_in_is_limited(client, settings, db):
    settings.FRICTIONLOG_RATE_LOGIN = "3/15m"
    staff = UserFactory(email="staff@example.nl", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for _ in range(3):
        response = client.post(url, {"username": staff.email, "password": "wrong"})
        assert response.status_code == 200
    response = client.post(url, {"username": staff.email, "password": "correct-horse-battery"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_are_limited_per_address(client, consumer, settings):
    settings.FRICTIONLOG_RATE_RESET = "3/h"
    url = reverse("password_reset")
    for n in range(3):
        response = client.post(url, {"email": consumer.email}, REMOTE_ADDR=f"10.0.0.{n}")
        assert response.status_code == 302
    response = client.post(url, {"email": consumer.email}, REMOTE_ADDR="10.0.0.99")
    assert response.status_code == 429
    assert "Many password-reset mails were asked for" in response.content.decode()
    assert len(mail.outbox) == 3


def test_a_parallel_burst_cannot_pass_the_limit(settings):
    """Twenty attempts at once, each taking a while in the view: a limit checked before the
    view and counted after it let all twenty through."""
    settings.FRICTIONLOG_RATE_SIGNUP = "3/h"
    entered = []

    @ratelimit.limit("signup", count_if=lambda response: response.status_code == 302)
    def view(request):
        entered.append(1)
        time.sleep(0.3)
        return HttpResponse(status=302)

    statuses = []
    factory = RequestFactory()

    def attempt():
        statuses.append(view(factory.post("/", REMOTE_ADDR="203.0.113.50")).status_code)

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(entered) == 3
    assert sorted(statuses) == [302] * 3 + [429] * 17


def test_a_burst_on_one_account_from_one_address_lets_exactly_the_limit_through(
    settings, monkeypatch
):
    """Twelve failed log-ins at once, all for one account from one address, limit three. Each is
    counted per address and per account; an attempt counted on the account after being refused
    on the address took a place in the account's count that an attempt under both limits needed,
    and only one or two got through."""
    settings.FRICTIONLOG_RATE_LOGIN = "3/h"
    cache.clear()
    parties = 12
    window = ratelimit.rate("login")[1]
    address_key = ratelimit._key("login", "ip:203.0.113.60", window, time.time())
    barrier = threading.Barrier(parties, timeout=10)

    class Pausing:
        """The real cache; each attempt waits after counting the address until all have."""

        def __getattr__(self, name):
            return getattr(cache, name)

        def incr(self, key, delta=1):
            count = cache.incr(key, delta)
            if delta > 0 and key == address_key and count <= parties:
                barrier.wait()
            return count

    monkeypatch.setattr(ratelimit, "cache", Pausing())

    @ratelimit.limit("login", count_if=lambda response: True)
    def view(request):
        return HttpResponse(status=200)

    statuses = []
    factory = RequestFactory()

    def attempt():
        request = factory.post("/", {"username": "victim@example.nl"}, REMOTE_ADDR="203.0.113.60")
        statuses.append(view(request).status_code)

    threads = [threading.Thread(target=attempt) for _ in range(parties)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 3 + [429] * 9
