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
- MODERATOR: visitors are sent to log in; consumers and representatives get 403; moderators
  may open it.
- REPRESENTATIVE: visitors are sent to log in; the approved representative of this company may
  open it; everyone else (consumers, moderators, a representative of another company) gets 404.
- SIGNED: whoever holds the signed link may open it, without logging in (a digest's unsubscribe).
- CLAIM_LINK: whoever holds the signed link of a company claim may use it signed out or as the
  claimant (any other signed-in user gets 404): opening it asks (and changes nothing, since mail
  scanners open links), its page's POST confirms the work address.

Every rule is exercised as a visitor, the owner, another consumer, the representative of the
company the objects belong to, a representative of another company, and a moderator.
- "Open it" means the request is not refused: a POST-only URL answers a GET with 405, a form
  with 200, an action with a redirect other than to the log-in page.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from journeys import leaderboards, letters, moderation, replies
from journeys.accounts import verification_token
from journeys.models import Alert, Company, Journey, Reply, Representative

from .factories import CompanyFactory, JourneyFactory, StepFactory, UserFactory

PUBLIC, LINK, ACCOUNT, OWNER, MODERATOR = "public", "link", "account", "owner", "moderator"
REPRESENTATIVE, SIGNED, CLAIM_LINK = "representative", "signed", "claim_link"

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
    "transparency": (PUBLIC, {}),
    "statement_detail": (OWNER, {"pk": "statement"}),
    "statement_appeal": (OWNER, {"pk": "statement"}),
    "moderation_appeal_decide": (MODERATOR, {"pk": "appeal"}),
    "robots_txt": (PUBLIC, {}),
    "healthz": (PUBLIC, {}),
    "api_leaderboard": (PUBLIC, {}),
    "api_company": (PUBLIC, {"slug": "company"}),
    "api_openapi": (PUBLIC, {}),
    "export_leaderboard": (PUBLIC, {}),
    "export_journeys": (PUBLIC, {}),
    "export_replies": (PUBLIC, {}),
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
    "snapshot_datapackage": (PUBLIC, {"pk": "snapshot"}),
    "snapshot_changes": (PUBLIC, {"pk": "snapshot"}),
    "feed_all": (PUBLIC, {}),
    "alert_create": (PUBLIC, {}),
    "embed_snapshot_company": (PUBLIC, {"pk": "snapshot", "slug": "company"}),
    "embed_snapshot_badge": (PUBLIC, {"pk": "snapshot", "slug": "company"}),
    "embed_company_latest": (PUBLIC, {"slug": "company"}),
    "embed_badge_latest": (PUBLIC, {"slug": "company"}),
    "oembed": (PUBLIC, {}),
    "alert_confirm": (PUBLIC, {"token": "alert"}),
    "alert_unsubscribe": (PUBLIC, {"token": "alert"}),
    "feed_sector": (PUBLIC, {"sector": "bank"}),
    "feed_company": (PUBLIC, {"slug": "company"}),
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
    "narrative_propose": (OWNER, {"pk": "journey"}),
    "narrative_accept": (OWNER, {"pk": "journey"}),
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
    "company_claim": (PUBLIC, {"slug": "company"}),
    "business_dashboard": (ACCOUNT, {}),
    "claim_confirm": (CLAIM_LINK, {"token": "claim_token"}),
    "digest_unsubscribe": (SIGNED, {"token": "unsubscribe_token"}),
    "business_company": (REPRESENTATIVE, {"slug": "company"}),
    "business_journey": (REPRESENTATIVE, {"slug": "company", "pk": "published"}),
    "business_reply": (REPRESENTATIVE, {"slug": "company", "pk": "published"}),
    "business_flag": (REPRESENTATIVE, {"slug": "company", "pk": "published"}),
    "business_handover_ask": (REPRESENTATIVE, {"slug": "company", "pk": "published"}),
    "journey_handover": (OWNER, {"pk": "journey"}),
    "journey_handover_withdraw": (OWNER, {"pk": "journey"}),
    "journey_reply": (OWNER, {"pk": "journey"}),
    "moderation_business": (MODERATOR, {}),
    "moderation_claim_approve": (MODERATOR, {"pk": "claim"}),
    "moderation_claim_reject": (MODERATOR, {"pk": "claim"}),
    "moderation_representative_revoke": (MODERATOR, {"pk": "representative"}),
    "moderation_reply_approve": (MODERATOR, {"pk": "reply"}),
    "moderation_reply_reject": (MODERATOR, {"pk": "reply"}),
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


def _representative(company, email, status=Representative.Status.APPROVED):
    user = UserFactory(email=email)
    return Representative.objects.create(
        user=user, company=company, work_email=email, status=status
    )


@pytest.fixture
def world(db, consumer, other_consumer, moderator):
    company = CompanyFactory(name="Toegang BV", slug="toegang-bv", website_domain="toegang.nl")
    elsewhere = CompanyFactory(name="Elders BV", slug="elders-bv", website_domain="elders.nl")
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
        approved=True,
        story="Een verhaal",
        story_redacted="Een verhaal",
        story_consent=True,
    )
    suggestion = CompanyFactory(name="Nieuw BV", status=Company.Status.PENDING)
    newcomer = UserFactory(email="nieuw@example.nl", email_verified_at=None)
    representative = _representative(company, "rep@toegang.nl")
    rival = _representative(elsewhere, "rep@elders.nl")
    claim = _representative(company, "aanvraag@toegang.nl", Representative.Status.PENDING)
    unconfirmed = _representative(company, "nieuw@toegang.nl", Representative.Status.UNCONFIRMED)
    reply = Reply.objects.create(
        journey=published, company=company, category="in_progress", text="We kijken ernaar."
    )
    # The consumer's rejected journey: its statement of reasons, and an appeal of another's.
    rejected = JourneyFactory(
        owner=consumer, company=company, moderation_state=Journey.Moderation.PENDING
    )
    moderation.journey_reject(journey=rejected, moderator=moderator, reason="spam")
    appealed = JourneyFactory(
        owner=other_consumer, company=company, moderation_state=Journey.Moderation.PENDING
    )
    moderation.journey_reject(journey=appealed, moderator=moderator, reason="spam")
    appeal = moderation.appeal_create(statement=appealed.statements.get(), text="Geen spam.")
    snapshot = leaderboards.recompute_full()  # the exports need a published snapshot
    alert = Alert.objects.create(email="volger@example.nl", company=company, token="volg-1")
    objects = {
        "alert": alert.token,
        "snapshot": snapshot.pk,
        "company": company.slug,
        "journey": journey.pk,
        "step": step.pk,
        "letter": letter.pk,
        "pending": pending.pk,
        "published": published.pk,
        "suggestion": suggestion.pk,
        "token": verification_token(newcomer),
        "claim": claim.pk,
        "representative": representative.pk,
        "reply": reply.pk,
        "statement": rejected.statements.get().pk,
        "appeal": appeal.pk,
        "claim_token": replies.claim_token(unconfirmed),
        "unsubscribe_token": replies.unsubscribe_token(representative),
    }
    return {
        "objects": objects,
        "consumer": consumer,
        "other": other_consumer,
        "mod": moderator,
        "rep": representative.user,
        "rival": rival.user,
        "unconfirmed": unconfirmed,
    }


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
    as_rep = _get(client, world["rep"], url)
    as_rival = _get(client, world["rival"], url)
    everyone = (anonymous, as_owner, as_other, as_moderator, as_rep, as_rival)
    if rule in (PUBLIC, SIGNED):
        assert all(map(_opened, everyone))
    elif rule == LINK:
        assert anonymous.status_code == 302
        assert get_user_model().objects.get(email="nieuw@example.nl").email_verified_at
    elif rule == CLAIM_LINK:
        assert _opened(anonymous)
        assert all(r.status_code == 404 for r in everyone[1:])
        world["unconfirmed"].refresh_from_db()
        assert world["unconfirmed"].status == Representative.Status.UNCONFIRMED
        client.logout()
        assert client.post(url).status_code == 302
        world["unconfirmed"].refresh_from_db()
        assert world["unconfirmed"].status == Representative.Status.PENDING
    elif rule == ACCOUNT:
        assert _refused_to_log_in(anonymous)
        assert all(map(_opened, everyone[1:]))
    elif rule == OWNER:
        assert _refused_to_log_in(anonymous)
        assert _opened(as_owner)
        refusal = 405 if as_owner.status_code == 405 else 404
        assert all(r.status_code == refusal for r in (as_other, as_moderator, as_rep, as_rival))
    elif rule == REPRESENTATIVE:
        assert _refused_to_log_in(anonymous)
        assert _opened(as_rep)
        refusal = 405 if as_rep.status_code == 405 else 404
        assert all(r.status_code == refusal for r in (as_owner, as_other, as_moderator, as_rival))
    else:
        assert _refused_to_log_in(anonymous)
        assert all(r.status_code == 403 for r in (as_owner, as_other, as_rep, as_rival))
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


def test_a_representative_of_another_company_changes_nothing_here(client, world):
    """Everything of this company is a 404 to a rival's representative (405 for GET-only pages),
    writes included: no reply, no flag lands on this company's journey."""
    objects = world["objects"]
    client.force_login(world["rival"])
    for name, (rule, kwargs) in ACCESS.items():
        if rule == REPRESENTATIVE:
            data = {"category": "closed_explanation", "text": "Niet van ons.", "reason": "harmful"}
            response = client.post(_url(name, kwargs, objects), data)
            assert response.status_code in (404, 405), name
    published = Journey.objects.get(pk=objects["published"])
    assert published.replies.count() == 1  # only the world's own pending reply
    assert not published.flags.exists()


def test_a_strangers_step_or_letter_under_ones_own_journey_is_a_404(client, world):
    """The owner's journey id with another user's step or letter id: the pair must belong
    together, so every URL taking both refuses, GET and POST, and nothing changes."""
    objects = world["objects"]
    strange = JourneyFactory(owner=world["other"])
    step = StepFactory(journey=strange, position=1, minutes=7)
    letter = letters.letter_create(journey=strange, kind="complaint", language="nl")
    mixed = objects | {"step": step.pk, "letter": letter.pk}
    client.force_login(world["consumer"])
    for name, (rule, kwargs) in ACCESS.items():
        if rule == OWNER and ("step_pk" in kwargs or "letter_pk" in kwargs):
            url = _url(name, kwargs, mixed)
            assert client.get(url).status_code in (404, 405), name
            response = client.post(url, {"direction": "up", "minutes": "1"})
            assert response.status_code in (404, 405), name
    step.refresh_from_db()
    assert (step.journey_id, step.minutes) == (strange.pk, 7)
    letter.refresh_from_db()
    assert letter.journey_id == strange.pk and letter.sent_on is None
