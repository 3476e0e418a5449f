"""WCAG 2.1 A and AA, checked by axe-core (a pinned copy of the npm build in static/vendor/) on
every page a visitor, a consumer, a moderator and a company representative use, in Dutch and English, at desktop width and
at 390 px."""

import json

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

from journeys import leaderboards, letters, moderation, replies, services
from journeys.models import Alert, Company, Journey, Reply, Representative
from tests.browser import launch, sign_in
from tests.leaderboard_data import build_companies

from .factories import JourneyFactory, StepFactory, UserFactory

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

AXE = settings.STATIC_URL + "vendor/axe-core-4.14.1/axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (1280, 390)
LANGUAGES = ("nl", "en")


@pytest.fixture
def cast(transactional_db):
    companies = build_companies(6)
    consumer = UserFactory(email="a11y@example.nl")
    journey = JourneyFactory(
        owner=consumer, company=companies[0], story="Ik sprak met Wubbe.", story_consent=True
    )
    StepFactory(journey=journey, position=1, kind="hold", channel="phone")
    StepFactory(journey=journey, position=2, kind="repeat_info", channel="phone", repeats=2)
    letter = letters.letter_create(journey=journey, kind="complaint", language="nl")
    letters.letter_mark_sent(letter=letter, sent_on=journey.started_on, channel="letter")
    pending = JourneyFactory(owner=UserFactory(), company=companies[1], story="Een verhaal.")
    StepFactory(journey=pending, position=1)
    services.journey_submit(journey=pending, user=pending.owner)
    moderator = UserFactory(email="a11y-mod@example.nl")
    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    # A rejected journey of the consumer: its statement of reasons, appealed (in the queue).
    rejected = JourneyFactory(owner=consumer, company=companies[2], story="Nog een verhaal.")
    StepFactory(journey=rejected, position=1)
    services.journey_submit(journey=rejected, user=consumer)
    moderation.journey_reject(journey=rejected, moderator=moderator, reason="spam", note="Reclame.")
    statement = rejected.statements.get()
    moderation.appeal_create(statement=statement, text="Het is geen reclame.")
    leaderboards.recompute_full()
    # A second snapshot in which one company moved, so the movers page has movers.
    Journey.objects.filter(company=companies[2]).update(score=99)
    snapshot = leaderboards.recompute_full()
    slug = companies[0].slug
    alert = Alert.objects.create(email="a11y-alert@example.nl", sector="bank", token="a11y")
    # The right of reply: a representative of the first company and a published reply there.
    Company.objects.filter(pk=companies[0].pk).update(website_domain="bulk.nl")
    published = Journey.objects.filter(company=companies[0], moderation_state="approved").first()
    representative = Representative.objects.create(
        user=UserFactory(email="a11y-rep@bulk.nl"),
        company=companies[0],
        work_email="a11y-rep@bulk.nl",
        status=Representative.Status.APPROVED,
    )
    Reply.objects.create(
        journey=published, company=companies[0], category="in_progress", text="We kijken ernaar."
    )
    visitor_pages = [
        "/",
        reverse("leaderboard"),
        reverse("company_list"),
        reverse("company_detail", args=[slug]),
        reverse("methodology"),
        reverse("accessibility"),
        reverse("transparency"),
        reverse("snapshot_list"),
        reverse("snapshot_leaderboard", args=[snapshot.pk]),
        reverse("snapshot_company", args=[snapshot.pk, companies[2].slug]),
        reverse("snapshot_changes", args=[snapshot.pk]),
        reverse("embed_snapshot_company", args=[snapshot.pk, companies[2].slug]),
        reverse("alert_confirm", args=[alert.token]),
        reverse("alert_unsubscribe", args=[alert.token]),
        reverse("login"),
        reverse("signup"),
    ]
    # A journey with nothing logged opens on the story box.
    told_nothing = JourneyFactory(owner=consumer, company=companies[2])
    consumer_pages = [
        reverse("journey_list"),
        reverse("journey_create"),
        journey.get_absolute_url(),
        told_nothing.get_absolute_url(),
        reverse("journey_timeline", args=[journey.pk]),
        reverse("journey_handover", args=[journey.pk]),
        reverse("journey_reply", args=[journey.pk]),
        reverse("company_claim", args=[slug]),
        statement.get_absolute_url(),
    ]
    representative_pages = [
        reverse("business_dashboard"),
        reverse("business_company", args=[slug]),
        reverse("business_journey", args=[slug, published.pk]),
        reverse("digest_unsubscribe", args=[replies.unsubscribe_token(representative)]),
        reverse("letter_new", args=[journey.pk]),
        letter.get_absolute_url(),
        reverse("letter_print", args=[journey.pk, letter.pk]),
    ]
    moderator_pages = [
        reverse("moderation_queue"),
        reverse("moderation_journey", args=[pending.pk]),
        reverse("moderation_companies"),
        reverse("moderation_business"),
    ]
    assert Journey.objects.filter(moderation_state="pending").exists()
    return [
        (None, visitor_pages),
        (consumer, consumer_pages),
        (moderator, moderator_pages),
        (representative.user, representative_pages),
    ]


def _violations(page, url: str, *, plant: str = "") -> list:
    page.goto(url)
    if plant:  # the positive control: something axe must find
        page.evaluate(
            "html => document.querySelector('main').insertAdjacentHTML('beforeend', html)", plant
        )
    page.add_script_tag(url=page.url.split("/", 3)[0] + "//" + page.url.split("/")[2] + AXE)
    return page.evaluate(
        """rules => axe.run(document, {runOnly: {type: 'tag', values: rules}}).then(
               result => result.violations.map(v => ({
                   rule: v.id, impact: v.impact,
                   nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
               })))""",
        RULES,
    )


def test_every_page_meets_wcag_21_aa_for_everyone_in_both_languages_and_widths(
    live_server, client, cast
):
    found = {}
    checked = 0
    with playwright.sync_playwright() as p:
        browser = launch(p)
        control = browser.new_page()
        planted = _violations(control, live_server.url + "/", plant='<img src="/x.png">')
        assert [v["rule"] for v in planted] == ["image-alt"], planted
        for user, pages in cast:
            for width in WIDTHS:
                for language in LANGUAGES:
                    context = browser.new_context(
                        viewport={"width": width, "height": 900},
                        extra_http_headers={"Accept-Language": language},
                    )
                    if user is not None:
                        sign_in(context, live_server, client, user)
                    page = context.new_page()
                    for path in pages:
                        violations = _violations(page, live_server.url + path)
                        checked += 1
                        if violations:
                            found[f"{path} {width}px {language}"] = violations
                    context.close()
        browser.close()
    assert checked == 2 * 2 * sum(len(pages) for _user, pages in cast)
    assert found == {}, json.dumps(found, indent=1)
