"""The AirlineGo refund from the columns (journeys/data/scenarios.json), logged by a new user in real
headless Chromium by telling it ("Vertel wat er gebeurde" on the new-journey form), from `/` to
"Submit for review", at 1280 and at 390 px, with every click, filled field and selection counted
per phase."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from journeys.demo import load_scenarios
from journeys.models import Journey
from tests.browser import CountingPage, covered_while_scrolling, launch, screenshot, sign_in
from tests.test_browser_accessibility import AXE, RULES

from .factories import CompanyFactory, JourneyFactory, UserFactory

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

# How a consumer might tell it, in Dutch, from the column's summary.
NARRATIVE = (
    "Mijn vlucht werd geannuleerd en ik wilde mijn geld terug. Eerst moest ik een account "
    "aanmaken, dat kostte tien minuten, en daarna inloggen. Mijn boekingsnummer moest ik vier "
    "keer invullen. Toen ging ik naar de chatbot, daar was ik een kwartier mee bezig. Daarna "
    "kreeg ik een medewerker in de chat, twintig minuten, en die wilde het hele verhaal opnieuw "
    "horen. Vervolgens moest ik documenten uploaden, via een formulier dat precies dezelfde "
    "vragen stelde. Uiteindelijk kreeg ik een mail: automatisch afgewezen, omdat de vlucht "
    "geannuleerd was. Dat klopte niet, ze hadden hem zelf geannuleerd. Ik belde, kwam in een "
    "keuzemenu en een computerstem zei dat ze mijn vragen niet konden beantwoorden. Toen werd de "
    "verbinding verbroken."
)


def _airline_scenario() -> dict:
    return next(s for s in load_scenarios() if s["key"] == "airline-refund-cancelled-flight")


def _axe_violations(page) -> list:
    """WCAG 2.1 A and AA violations on the page as it is now (after an htmx swap)."""
    page.add_script_tag(url=page.url.split("/journeys/")[0] + AXE)
    return page.evaluate(
        """rules => axe.run(document, {runOnly: {type: 'tag', values: rules}}).then(
               result => result.violations.map(v => [v.id, v.nodes.length]))""",
        RULES,
    )


@pytest.fixture
def airline(transactional_db):
    return CompanyFactory(name="AirlineGo", sector="travel")


# The interactions allowed per width (sign-up and confirming the address included).
BUDGETS = {1280: 19, 390: 16}


@pytest.mark.parametrize("width", [1280, 390])
def test_the_airline_refund_told_in_your_own_words(live_server, airline, capsys, width):
    """Tell it first: the new-journey form's one box, the proposals with the consent question
    under them, submit. On a phone nothing covers the log or the proposals and every target a
    thumb touches on the way is 44 × 44 px or more."""
    scenario = _airline_scenario()
    started = timezone.localdate() - datetime.timedelta(days=21)
    phone = width == 390
    with playwright.sync_playwright() as p:
        browser = launch(p)
        viewport = {"width": width, "height": 844 if phone else 900}
        page = browser.new_context(locale="nl-NL", viewport=viewport).new_page()
        act = CountingPage(page)
        page.goto(live_server.url + "/")
        if phone:
            screenshot(page, "home-390")

        act.start("sign up and verify")
        act.click("header a.button[href='/accounts/signup/']")
        act.fill("input[name=email]", "reiziger@example.nl")
        act.fill("input[name=password1]", "geannuleerde-vlucht-2026")
        act.fill("input[name=password2]", "geannuleerde-vlucht-2026")
        act.click("main form button[type=submit]")
        page.wait_for_url(re.compile(r"/journeys/new/$"))
        [message] = mail.outbox
        act.follow_mailed_link(re.search(r"https?://\S+/accounts/verify/\S+/", message.body)[0])

        act.start("journey form, told in words")
        act.fill("input[name=company_name]", "Airl")
        # The one match is chosen without a click.
        page.wait_for_selector(f"#company-results input[value='{airline.pk}']:checked")
        assert not page.is_visible("input[name=suggest_company]")
        assert page.locator("textarea[name=story]").count() == 0  # one story box
        act.select("select[name=goal]", "refund")
        act.fill("input[name=started_on]", started.isoformat())
        act.select("select[name=status]", "unresolved")
        act.fill("#narrative-text", NARRATIVE)
        if phone:
            screenshot(page, "journey-new-390")
        act.click("main form button[type=submit]")
        page.wait_for_selector("#proposal-form")
        kinds = [
            page.locator(f"#id_step-{n}-kind").input_value()
            for n in range(page.locator(".proposal").count())
        ]
        assert _axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if phone:
            screenshot(page, "narrative-proposals-390")
            assert covered_while_scrolling(page, ".proposal") == []

        act.start("check the proposals, consent")
        # The form was the means of the upload, not a step of its own: leave it out.
        extra = kinds.index("fill_form")
        act.click(f"label[for=id_step-{extra}-accept]")
        # The redacted preview is right above the question.
        assert page.is_visible(".story-question .story-preview-text")
        act.click("label[for=id_story_consent]")
        act.click("#proposal-form button[type=submit]")
        page.wait_for_selector(".step-list")
        if phone:
            screenshot(page, "journey-steps-390")
            # The first screen shows the log (the score a one-line summary above it).
            top = page.evaluate("document.querySelector('.step-list').getBoundingClientRect().top")
            assert top < 844, top
            assert (
                page.evaluate("getComputedStyle(document.querySelector('.score-panel')).position")
                == "static"
            )
            assert covered_while_scrolling(page, ".step-list > li") == []
        page.wait_for_function("() => window.htmx !== undefined")

        act.start("submit")
        act.click("#journey-log form[action$='/submit/'] button[type=submit]")
        page.wait_for_selector(".badge-pending")
        assert "In beoordeling — niet opgelost" in page.inner_text(".status-line")
        if phone:
            screenshot(page, "journey-submitted-390")
        browser.close()

    journey = Journey.objects.get(owner__email="reiziger@example.nl")
    steps = list(journey.steps.order_by("position").values("kind", "channel", "occurred_on"))
    assert [(s["kind"], s["channel"]) for s in steps] == [
        (s["kind"], s["channel"]) for s in scenario["steps"]
    ]
    assert {s["occurred_on"] for s in steps} == {started}  # a new step's day, as the form's
    assert journey.company == airline and journey.status == scenario["status"]
    # The text told is the story, kept because the consumer consented under its preview.
    assert journey.story == NARRATIVE and journey.story_consent
    assert journey.moderation_state == Journey.Moderation.PENDING
    with capsys.disabled():
        print(f"\nAirlineGo refund told in words at {width} px, interactions per phase:")
        for phase, count in act.phases.items():
            print(f"  {phase:28} {count:3}")
        print(f"  {'total':28} {act.total:3}")
    if phone:
        assert act.small == []
    assert act.total <= BUDGETS[width], act.phases


def test_without_javascript_the_proposal_is_a_page_of_its_own(live_server, client, airline):
    owner = UserFactory(email="zonderjs@example.nl")
    journey = JourneyFactory(owner=owner, company=airline)
    with playwright.sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(java_script_enabled=False, locale="en-GB")
        sign_in(context, live_server, client, owner)
        page = context.new_page()
        page.goto(live_server.url + journey.get_absolute_url())
        page.fill(
            "#narrative-text", "Twintig minuten in de wacht, toen hing hij op. Opgelost? Nee."
        )
        page.click("#narrative form button[type=submit]")
        page.wait_for_load_state()
        assert page.url.endswith("/narrative/")
        assert page.locator("h1").inner_text() == "Your steps, proposed"
        assert page.locator(".narrative-text mark").count() == 2
        page.click("#proposal-form button[type=submit]")
        page.wait_for_load_state()
        assert page.url == live_server.url + journey.get_absolute_url()
        assert "2 steps added." in page.content()
        browser.close()
    assert list(journey.steps.values_list("kind", "minutes")) == [("hold", 20), ("disconnected", 0)]
