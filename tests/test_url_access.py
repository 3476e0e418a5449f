"""Every URL pattern has an access rule here, and each rule is exercised as every role.

A new URL without an entry in ACCESS fails `test_every_url_pattern_has_an_access_rule`, naming it.

Rules:
- PUBLIC: anyone may open it (no log-in redirect, no 403, no 404).
- LINK: whoever holds the signed link may use it (it verifies the address, then sends the
  visitor to log in).
- ACCOUNT: visitors are sent to log in; any signed-in user may open it.
- OWNER: visitors are sent to log in; another consumer, and a moderator, get 404 (the object
  does not exist for them), or 405 where the URL takes only POST and answers every GET so; the
  owner may open it.
- MODERATOR: visitors are sent to log in; consumers get 403; moderators may open it.
- "Open it" means the request is not refused: a POST-only URL answers a GET with 405, a form
  with 200, an action with a redirect other than to the log-in page.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from journeys import leaderboards, letters
from journeys.accounts import verification_token
from journeys.models import Company, Journey

from .factories import CompanyFactory, JourneyFactory, StepFactory, UserFactory

PUBLIC, LINK, ACCOUNT, OWNER, MODERATOR = "public", "link", "account", "owner", "moderator"

# URL name -> (rule, the URL's keyword arguments from the objects the test creates).
ACCESS = {
    "set_language": (PUBLIC, {}),
    "home": (PUBLIC, {}),
    "company_search": (PUBLIC, {}),
    "leaderboard": (PUBLIC, {}),
    "company_list": (PUBLIC, {}),
    "company_detail": (PUBLIC, {"slug": "company"}),
    "methodology": (PUBLIC, {}),
    "accessibility": (PUBLIC, {}),
    "robots_txt": (PUBLIC, {}),
    "healthz": (PUBLIC, {}),
    "api_leaderboard": (PUBLIC, {}),
    "api_company": (PUBLIC, {"slug": "company"}),
    "api_openapi": (PUBLIC, {}),
    "export_leaderboard": (PUBLIC, {}),
    "export_journeys": (PUBLIC, {}),
    "export_file": (PUBLIC, {"name": "journeys.parquet"}),
    "api_snapshots": (PUBLIC, {}),
    "api_snapshot": (PUBLIC, {"pk": "snapshot"}),
    "api_snapshot_leaderboard": (PUBLIC, {"pk": "snapshot"}),
    "api_snapshot_company": (PUBLIC, {"pk": "snapshot", "slug": "company"}),
    "api_snapshot_file": (PUBLIC, {"pk": "snapshot", "name": "snapshot.json"}),
    "snapshot_list": (PUBLIC, {}),
    "snapshot_leaderboard": (PUBLIC, {"pk": "snapshot"}),
    "snapshot_company": (PUBLIC, {"pk": "snapshot", "slug": "company"}),
    "snapshot_file": (PUBLIC, {"pk": "snapshot", "name": "leaderboard.csv.gz"}),
    "signup": (PUBLIC, {}),
    "verify_email": (LINK, {"token": "token"}),
    "resend_verification": (ACCOUNT, {}),
    "login": (PUBLIC, {}),
    "logout": (PUBLIC, {}),
    "password_reset": (PUBLIC, {}),
    "password_reset_done": (PUBLIC, {}),
    "password_reset_confirm": (PUBLIC, {"uidb64": "x", "token": "y"}),
    "password_reset_complete": (PUBLIC, {}),
    "story_report": (PUBLIC, {"pk": "published"}),
    "journey_list": (ACCOUNT, {}),
    "journey_create": (ACCOUNT, {}),
    "data_download": (ACCOUNT, {}),
    "account_delete": (ACCOUNT, {}),
    "journey_detail": (OWNER, {"pk": "journey"}),
    "journey_edit": (OWNER, {"pk": "journey"}),
    "journey_delete": (OWNER, {"pk": "journey"}),
    "journey_submit": (OWNER, {"pk": "journey"}),
    "journey_story": (OWNER, {"pk": "journey"}),
    "journey_story_preview": (OWNER, {"pk": "journey"}),
    "step_add": (OWNER, {"pk": "journey"}),
    "step_form_fields": (OWNER, {"pk": "journey"}),
    "step_edit": (OWNER, {"pk": "journey", "step_pk": "step"}),
    "step_delete": (OWNER, {"pk": "journey", "step_pk": "step"}),
    "step_move": (OWNER, {"pk": "journey", "step_pk": "step"}),
    "step_again": (OWNER, {"pk": "journey", "step_pk": "step"}),
    "journey_timeline": (OWNER, {"pk": "journey"}),
    "consent_withdraw": (OWNER, {"pk": "journey"}),
    "letter_new": (OWNER, {"pk": "journey"}),
    "letter_edit": (OWNER, {"pk": "journey", "letter_pk": "letter"}),
    "letter_delete": (OWNER, {"pk": "journey", "letter_pk": "letter"}),
    "letter_sent": (OWNER, {"pk": "journey", "letter_pk": "letter"}),
    "letter_answer": (OWNER, {"pk": "journey", "letter_pk": "letter"}),
    "letter_print": (OWNER, {"pk": "journey", "letter_pk": "letter"}),
    "letter_pdf": (OWNER, {"pk": "journey", "letter_pk": "letter"}),
    "letter_calendar": (OWNER, {"pk": "journey", "letter_pk": "letter"}),
    "evidence_pdf": (OWNER, {"pk": "journey"}),
    "evidence_zip": (OWNER, {"pk": "journey"}),
    "moderation_queue": (MODERATOR, {}),
    "moderation_journey": (MODERATOR, {"pk": "pending"}),
    "moderation_approve": (MODERATOR, {"pk": "pending"}),
    "moderation_reject": (MODERATOR, {"pk": "pending"}),
    "moderation_request_changes": (MODERATOR, {"pk": "pending"}),
    "moderation_redact": (MODERATOR, {"pk": "pending"}),
    "moderation_unredact": (MODERATOR, {"pk": "pending", "index": 0}),
    "moderation_flags_dismiss": (MODERATOR, {"pk": "pending"}),
    "moderation_companies": (MODERATOR, {}),
    "moderation_company_accept": (MODERATOR, {"pk": "suggestion"}),
    "moderation_company_reject": (MODERATOR, {"pk": "suggestion"}),
    "moderation_company_merge": (MODERATOR, {}),
    "moderation_company_dispute_body": (MODERATOR, {}),
}

# Django's admin guards itself (staff only) and is not part of the product's URL design.
NOT_OURS = ("admin/",)


def _patterns(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(NOT_OURS):
            continue
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.name


def test_every_url_pattern_has_an_access_rule():
    seen = list(_patterns())
    unnamed = [route for route, name in seen if not name]
    missing = [f"{name} ({route})" for route, name in seen if name and name not in ACCESS]
    assert unnamed == []
    assert missing == [], "add an access rule and let the tests below exercise it"
    assert set(ACCESS) == {name for _route, name in seen}


@pytest.fixture
def world(db, consumer, other_consumer, moderator):
    company = CompanyFactory(name="Toegang BV", slug="toegang-bv")
    journey = JourneyFactory(owner=consumer, company=company, story_consent=True)
    step = StepFactory(journey=journey, position=1)
    letter = letters.letter_mark_sent(
        letter=letters.letter_create(journey=journey, kind="complaint", language="nl"),
        sent_on=journey.started_on,
        channel="letter",
    )
    pending = JourneyFactory(
        owner=other_consumer, company=company, moderation_state=Journey.Moderation.PENDING
    )
    published = JourneyFactory(
        owner=other_consumer,
        company=company,
        moderation_state=Journey.Moderation.APPROVED,
        story="Een verhaal",
        story_redacted="Een verhaal",
        story_consent=True,
    )
    suggestion = CompanyFactory(name="Nieuw BV", status=Company.Status.PENDING)
    newcomer = UserFactory(email="nieuw@example.nl", email_verified_at=None)
    snapshot = leaderboards.recompute_full()  # the exports need a published snapshot
    objects = {
        "snapshot": snapshot.pk,
        "company": company.slug,
        "journey": journey.pk,
        "step": step.pk,
        "letter": letter.pk,
        "pending": pending.pk,
        "published": published.pk,
        "suggestion": suggestion.pk,
        "token": verification_token(newcomer),
    }
    return {"objects": objects, "consumer": consumer, "other": other_consumer, "mod": moderator}


def _url(name, kwargs, objects):
    return reverse(name, kwargs={k: objects.get(v, v) for k, v in kwargs.items()})


def _refused_to_log_in(response):
    return response.status_code == 302 and reverse("login") in response["Location"]


def _opened(response):
    return response.status_code not in (403, 404) and not _refused_to_log_in(response)


def _get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_each_url_lets_in_exactly_who_its_rule_says(client, world, name):
    rule, kwargs = ACCESS[name]
    url = _url(name, kwargs, world["objects"])
    anonymous = _get(client, None, url)
    as_owner = _get(client, world["consumer"], url)
    as_other = _get(client, world["other"], url)
    as_moderator = _get(client, world["mod"], url)
    if rule == PUBLIC:
        assert all(map(_opened, (anonymous, as_owner, as_other, as_moderator)))
    elif rule == LINK:
        assert anonymous.status_code == 302
        assert get_user_model().objects.get(email="nieuw@example.nl").email_verified_at
    elif rule == ACCOUNT:
        assert _refused_to_log_in(anonymous)
        assert all(map(_opened, (as_owner, as_other, as_moderator)))
    elif rule == OWNER:
        assert _refused_to_log_in(anonymous)
        assert _opened(as_owner)
        refusal = 405 if as_owner.status_code == 405 else 404
        assert as_other.status_code == refusal
        assert as_moderator.status_code == refusal
    else:
        assert _refused_to_log_in(anonymous)
        assert as_owner.status_code == 403
        assert as_other.status_code == 403
        assert _opened(as_moderator)


def test_another_consumers_post_changes_nothing(client, world):
    """Object-level checks hold for writes too: a stranger's POSTs are 404s (405 for GET-only
    pages) and the journey and its step are untouched."""
    objects = world["objects"]
    client.force_login(world["other"])
    for name, (rule, kwargs) in ACCESS.items():
        if rule == OWNER:
            response = client.post(_url(name, kwargs, objects), {"direction": "up"})
            assert response.status_code in (404, 405), name
    journey = Journey.objects.get(pk=objects["journey"])
    assert journey.steps.count() == 2  # the step and the letter's "sent" step
    assert journey.letters.get().sent_on == journey.started_on
    assert journey.moderation_state == Journey.Moderation.DRAFT
    assert get_user_model().objects.filter(pk=world["consumer"].pk).exists()
