"""The AirlineGo refund from the columns (journeys/data/scenarios.json), logged by a new user in real
headless Chromium through "Tell it in your own words", from `/` to "Submit for review", with every
click, filled field and selection counted per phase."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from journeys.demo import load_scenarios
from journeys.models import Journey
from tests.browser import CountingPage, launch, sign_in
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
STORY = "Vlucht geannuleerd, geld terugvragen kostte een account, een chatbot en een afwijzing."


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


def test_the_airline_refund_told_in_your_own_words(live_server, airline, capsys):
    scenario = _airline_scenario()
    started = timezone.localdate() - datetime.timedelta(days=21)
    with playwright.sync_playwright() as p:
        browser = launch(p)
        page = browser.new_context(locale="nl-NL").new_page()
        act = CountingPage(page)
        page.goto(live_server.url + "/")

        act.start("sign up and verify")
        act.click("header a.button[href='/accounts/signup/']")
        act.fill("input[name=email]", "reiziger@example.nl")
        act.fill("input[name=password1]", "geannuleerde-vlucht-2026")
        act.fill("input[name=password2]", "geannuleerde-vlucht-2026")
        act.click("main form button[type=submit]")
        page.wait_for_url(re.compile(r"/journeys/new/$"))
        [message] = mail.outbox
        act.follow_mailed_link(re.search(r"https?://\S+/accounts/verify/\S+/", message.body)[0])

        act.start("journey form")
        act.fill("input[name=company_name]", "Airl")
        act.click(f"#company-results input[value='{airline.pk}']")
        act.select("select[name=goal]", "refund")
        act.fill("input[name=started_on]", started.isoformat())
        # The outcome, a short story and the consent, on the same form.
        act.select("select[name=status]", "unresolved")
        act.fill("textarea[name=story]", STORY)
        act.click("input[name=story_consent]")
        act.click("main form button[type=submit]")
        page.wait_for_url(re.compile(r"/journeys/\d+/$"))
        page.wait_for_function("() => window.htmx !== undefined")

        act.start("tell it in your own words")
        act.fill("#narrative-text", NARRATIVE)
        act.click("#narrative form button[type=submit]")
        page.wait_for_selector("#proposal-form")  # swapped in by htmx, no reload
        kinds = [
            page.locator(f"#id_step-{n}-kind").input_value()
            for n in range(page.locator(".proposal").count())
        ]

        assert _axe_violations(page) == []
        page.set_viewport_size({"width": 390, "height": 844})
        assert _axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

        act.start("check the proposals")
        # The form was the means of the upload, not a step of its own: leave it out.
        extra = kinds.index("fill_form")
        act.click(f"#id_step-{extra}-accept")
        act.click("#proposal-form button[type=submit]")
        page.wait_for_selector(".step-list")

        act.start("submit")
        act.click("#journey-log form[action$='/submit/'] button[type=submit]")
        page.wait_for_selector(".badge-pending")
        browser.close()

    journey = Journey.objects.get(owner__email="reiziger@example.nl")
    steps = list(journey.steps.order_by("position").values("kind", "channel", "occurred_on"))
    assert [(s["kind"], s["channel"]) for s in steps] == [
        (s["kind"], s["channel"]) for s in scenario["steps"]
    ]
    assert {s["occurred_on"] for s in steps} == {started}  # a new step's day, as the form's
    assert journey.company == airline and journey.status == scenario["status"]
    assert journey.story == STORY and journey.story_consent
    assert journey.moderation_state == Journey.Moderation.PENDING
    with capsys.disabled():
        print("\nAirlineGo refund through 'Tell it in your own words', interactions per phase:")
        for phase, count in act.phases.items():
            print(f"  {phase:28} {count:3}")
        print(f"  {'total':28} {act.total:3}")
    assert act.total <= 25


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
