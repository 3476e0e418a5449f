"""Security headers, no inline script anywhere, cookie flags, password hashing, oversized requests.

`check --deploy` in production mode is tested in test_settings.py, Argon2 on sign-up in
test_accounts.py; this file covers what a browser or an attacker sees on the wire.
"""

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from frictionlog.middleware import CONTENT_SECURITY_POLICY
from journeys import letters, services
from journeys.models import Journey, Step

from .factories import JourneyFactory, StepFactory
from .leaderboard_data import build_companies

ROOT = Path(__file__).resolve().parent.parent


class InlineCode(HTMLParser):
    """Collects everything a strict CSP would block: inline <script>/<style>, event-handler
    attributes, style attributes and javascript: links."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and names.get("type") == "application/ld+json":
            # A data block (schema.org JSON-LD): browsers never run it, so the policy allows it.
            self._in = "data"
            return
        if tag == "script" and not names.get("src"):
            self.problems.append("inline <script>")
        if tag == "script" and names.get("src", "").startswith(("http:", "https:", "//")):
            self.problems.append(f"foreign script {names['src']}")
        if tag == "style":
            self.problems.append("inline <style>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: URL on <{tag}>")
            if name.startswith("hx-on"):
                self.problems.append(f"{name} (htmx evaluates it as script)")
        self._in = tag

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "script" and data.strip():
            self.problems.append("script body")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.problems


@pytest.fixture
def world(consumer, moderator):
    """A consumer's journey with steps and a story, a pending journey for the moderators, and
    published figures for the public pages."""
    companies = build_companies(2, prefix="Sec")
    journey = JourneyFactory(
        owner=consumer, company=companies[0], story="It took weeks.", story_consent=True
    )
    step = StepFactory(journey=journey, position=1, note="private")
    StepFactory(journey=journey, position=2, kind="transfer")
    services.journey_submit(journey=journey, user=consumer)
    letter = letters.letter_create(journey=journey, kind="complaint", language="nl")
    letters.letter_mark_sent(letter=letter, sent_on=journey.started_on, channel="letter")
    return {"journey": journey, "step": step, "company": companies[0], "letter": letter}


def _pages(world) -> list[tuple[str, str]]:
    j, s, c = world["journey"], world["step"], world["company"]
    public = [
        reverse("home"),
        reverse("leaderboard"),
        reverse("company_list"),
        reverse("company_detail", args=[c.slug]),
        reverse("methodology"),
        reverse("login"),
        reverse("signup"),
        reverse("password_reset"),
    ]
    mine = [
        reverse("journey_list"),
        reverse("journey_create"),
        reverse("journey_detail", args=[j.pk]),
        reverse("journey_edit", args=[j.pk]),
        reverse("step_edit", args=[j.pk, s.pk]),
        reverse("journey_delete", args=[j.pk]),
        reverse("journey_timeline", args=[j.pk]),
        reverse("account_delete"),
        reverse("letter_new", args=[j.pk]),
        world["letter"].get_absolute_url(),
        reverse("letter_print", args=[j.pk, world["letter"].pk]),
    ]
    moderation = [
        reverse("moderation_queue"),
        reverse("moderation_journey", args=[j.pk]),
        reverse("moderation_companies"),
    ]
    return (
        [("visitor", url) for url in public]
        + [("consumer", url) for url in mine]
        + [("moderator", url) for url in moderation]
    )


def test_every_page_carries_the_policy_and_has_no_inline_code(client, world, consumer, moderator):
    who = {"consumer": consumer, "moderator": moderator}
    checked = 0
    for role, url in _pages(world):
        client.logout()
        if role in who:
            client.force_login(who[role])
        response = client.get(url)
        assert response.status_code == 200, (role, url)
        assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, url
        assert inline_code(response.content.decode()) == [], url
        checked += 1
    assert checked == 22


def test_htmx_partials_have_no_inline_code(consumer_client, world, htmx):
    journey = world["journey"]
    responses = [
        consumer_client.get(reverse("journey_detail", args=[journey.pk]), **htmx),
        consumer_client.get(
            reverse("step_form_fields", args=[journey.pk]), {"kind": "hold"}, **htmx
        ),
        consumer_client.get(reverse("leaderboard"), {"sector": "bank"}, **htmx),
    ]
    for response in responses:
        assert response.status_code == 200
        assert inline_code(response.content.decode()) == []


def test_no_template_contains_inline_script_or_handlers():
    templates = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("journeys/templates/**/*.html")]
    assert len(templates) > 20
    for path in templates:
        assert inline_code(path.read_text()) == [], path


def test_policy_forbids_inline_script_framing_and_foreign_origins(client, db):
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in policy


def test_errors_and_api_answers_carry_the_policy_too(client, db):
    assert "Content-Security-Policy" in client.get("/no-such-page/")
    assert "Content-Security-Policy" in client.get(reverse("api_openapi"))


def test_other_protective_headers(client, db):
    response = client.get(reverse("home"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_session_and_csrf_cookies_are_secure_and_http_only(client, consumer, settings):
    # What PRODUCTION=1 sets (test_production_cookie_settings proves it does).
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    client.get(reverse("login"))
    response = client.post(
        reverse("login"), {"username": "consumer@example.nl", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    for name in ("sessionid", "csrftoken"):
        cookie = client.cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name


PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "csrf_httponly": settings.CSRF_COOKIE_HTTPONLY,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "first_hasher": settings.PASSWORD_HASHERS[0],
    "debug": settings.DEBUG,
    "log_format": settings.LOG_FORMAT,
    "redirect_exempt": settings.SECURE_REDIRECT_EXEMPT,
}))
"""


def _production_settings() -> dict:
    skip = {"DATABASE_URL", "REDIS_URL", "DEBUG", "LOG_FORMAT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update(
        PRODUCTION="1",
        SECRET_KEY="p" * 30 + "-prod-" + "q8" * 15,
        ALLOWED_HOSTS="example.org",
        DJANGO_SETTINGS_MODULE="frictionlog.settings",
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_cookie_settings():
    s = _production_settings()
    assert s["session_secure"] and s["session_httponly"]
    assert s["csrf_secure"] and s["csrf_httponly"]
    assert s["hsts"] >= 31_536_000
    assert s["ssl_redirect"] is True
    assert s["first_hasher"] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert s["debug"] is False
    assert s["log_format"] == "json"
    assert s["redirect_exempt"] == [r"^healthz$"]  # the load balancer's plain-HTTP probe


def test_a_one_megabyte_post_is_refused_with_a_clear_page_and_saves_nothing(
    consumer_client, consumer
):
    journey = JourneyFactory(owner=consumer)
    response = consumer_client.post(
        reverse("step_add", args=[journey.pk]),
        {
            "kind": "hold",
            "channel": "phone",
            "occurred_on": journey.started_on.isoformat(),
            "minutes": "5",
            "note": "x" * 1024 * 1024,
        },
    )
    assert response.status_code == 400
    assert "Request refused" in response.content.decode()
    assert "nothing was saved" in response.content.decode()
    assert not Step.objects.filter(journey=journey).exists()


def test_a_one_megabyte_urlencoded_body_is_refused_too(consumer_client, consumer):
    journey = JourneyFactory(owner=consumer)
    response = consumer_client.post(
        reverse("journey_edit", args=[journey.pk]),
        "story=" + "y" * 1024 * 1024,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    journey.refresh_from_db()
    assert journey.story == ""


def test_thousands_of_fields_are_refused(consumer_client, consumer):
    journey = JourneyFactory(owner=consumer)
    fields = {f"f{n}": "1" for n in range(1000)}
    response = consumer_client.post(reverse("journey_edit", args=[journey.pk]), fields)
    assert response.status_code == 400
    assert Journey.objects.get(pk=journey.pk).updated_at == journey.updated_at


def test_a_normal_long_story_still_fits(consumer_client, consumer):
    # The limit must not bite a legitimate form: the longest field is the 10,000-character story.
    journey = JourneyFactory(owner=consumer)
    response = consumer_client.post(
        reverse("journey_story", args=[journey.pk]), {"story": "é" * 10_000}
    )
    assert response.status_code == 302
    journey.refresh_from_db()
    assert len(journey.story) == 10_000


def test_json_ld_is_the_only_script_without_src_that_passes():
    assert inline_code('<script type="application/ld+json">{"a": 1}</script>') == []
    assert inline_code('<script type="text/javascript">alert(1)</script>') != []
