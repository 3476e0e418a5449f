"""What logging costs a new user, counted in real headless Chromium: from `/`, anonymous, to the
AirlineGo refund journey of the columns (scenarios.json) submitted for review, in Dutch. Every
click, every field typed into, every choice from a list and every link followed from an e-mail
counts as one interaction; the test takes the fastest path the pages offer and keeps the total
at 34 or fewer."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from journeys.demo import SCENARIOS
from journeys.models import Journey, User
from tests.browser import CountingPage, launch

from .factories import CompanyFactory

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

BUDGET = 34
AIRLINE = "airline-refund-cancelled-flight"


def _swapped(page, target: str, click, selector: str):
    """Click `selector` and wait until htmx swapped in the server's fresh `target` and wired it up (a
    button pressed before htmx processed it would send a plain post instead)."""
    page.evaluate(
        """target => {
            document.querySelector(target).dataset.stale = '1';
            window.__settled = false;
            document.body.addEventListener('htmx:afterSettle', () => { window.__settled = true; },
                                           {once: true});
        }""",
        target,
    )
    click(selector)
    page.wait_for_selector(f"{target}[data-stale]", state="detached")
    page.wait_for_function("() => window.__settled === true")


@pytest.fixture
def airline(transactional_db):
    return CompanyFactory(name="AirlineGo", sector="travel")


def test_a_new_user_logs_the_airline_refund_in_34_interactions_or_fewer(
    live_server, airline, capsys
):
    _company, goal, status, steps = SCENARIOS[AIRLINE]
    started = timezone.localdate() - datetime.timedelta(days=21)
    with playwright.sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        user = CountingPage(page)
        page.goto(live_server.url + "/")

        user.start("sign-up + verify")
        user.click("main a:text-is('Begin met vastleggen')")
        user.fill("#id_email", "reiziger@example.nl")
        user.fill("#id_password1", "geannuleerd-en-nooit-terugbetaald")
        user.fill("#id_password2", "geannuleerd-en-nooit-terugbetaald")
        user.click("main button[type=submit]")
        page.wait_for_url("**/journeys/new/")
        link = re.search(r"https?://\S+/accounts/verify/\S+/", mail.outbox[-1].body).group(0)
        user.follow_mailed_link(link)
        assert "bevestigd" in page.inner_text("#messages")

        user.start("journey form")
        assert page.url.endswith("/journeys/new/")
        user.fill("#id_company_name", "Airl")
        # The one match is chosen: the "suggest it" box and the sector have nothing left to ask.
        page.wait_for_selector(".picker-option:has-text('AirlineGo') input:checked")
        assert not page.is_visible("#id_suggest_company")
        user.select("#id_goal", goal)
        user.fill("#id_started_on", started.isoformat())
        user.select("#id_status", status)
        # Step by step: the story box is left empty, and the journey page opens on it.
        user.click("main form.form button[type=submit]")
        page.wait_for_selector("#quick-steps")
        assert page.is_visible("#narrative-text")
        page.wait_for_function("() => window.htmx !== undefined")

        user.start("steps")
        for number, (kind, channel, _minutes, repeats) in enumerate(steps, start=1):
            current = page.get_attribute("#quick-steps [aria-current]", "id")
            if current != f"quick-channel-{channel}":
                _swapped(page, "#quick-steps", user.click, f"#quick-channel-{channel}")
            if repeats > 1:
                user.fill("#quick-repeats", str(repeats))
            _swapped(page, "#journey-log", user.click, f"#quick-{kind}")
            assert page.locator(".step-list > li").count() == number
            # The focus stays on the button just pressed, ready for the next step by keyboard.
            assert page.evaluate("document.activeElement.id") == f"quick-{kind}"

        user.start("submit")
        user.click("button:text-is('Indienen ter controle')")
        page.wait_for_selector(".progress-line li[aria-current]:text-is('In beoordeling')")
        browser.close()

    counts = dict(user.phases)
    total = sum(counts.values())
    with capsys.disabled():
        print(f"\ninteractions from / to submitted: {counts}, total {total}")
    journey = Journey.objects.get(owner=User.objects.get(email="reiziger@example.nl"))
    assert journey.owner.is_verified
    assert (journey.company, journey.goal, journey.status) == (airline, goal, status)
    assert (journey.story, journey.story_consent) == ("", False)
    assert journey.moderation_state == Journey.Moderation.PENDING
    logged = list(journey.steps.order_by("position").values_list("kind", "channel", "repeats"))
    assert logged == [(kind, channel, repeats) for kind, channel, _m, repeats in steps]
    assert set(journey.steps.values_list("occurred_on", flat=True)) == {started}
    assert total <= BUDGET, counts
