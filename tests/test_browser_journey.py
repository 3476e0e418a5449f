"""The journey log in real headless Chromium: steps added, moved and deleted without a reload."""

import datetime

import pytest
from django.utils import timezone

from journeys import services
from tests.browser import launch, sign_in

from .factories import CompanyFactory, JourneyFactory, UserFactory

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

MINUTES_TO_HUMAN = "dl.drivers div:has(dt:text-is('Minutes to a human')) dd"


@pytest.fixture
def journey(transactional_db):
    owner = UserFactory(email="browser@example.nl")
    company = CompanyFactory(name="AirlineGo", sector="travel")
    start = timezone.localdate() - datetime.timedelta(days=10)
    return JourneyFactory(owner=owner, company=company, started_on=start)


def _browser_context(p, live_server, client, user, *, javascript=True):
    browser = launch(p)
    context = browser.new_context(java_script_enabled=javascript, locale="en-GB")
    sign_in(context, live_server, client, user)
    return browser, context.new_page()


def _score(page) -> int:
    return int(page.locator("#score-value").inner_text())


def _pick_kind(page, kind, help_text, *, minutes: bool, repeats: bool):
    """Choose a kind; its one-line help and only the fields that fit it swap in."""
    page.select_option("#add-kind", kind)
    page.wait_for_function(
        "text => (document.querySelector('#add-kind-help') || {}).innerText?.includes(text)",
        arg=help_text,
    )
    for field, wanted in (("#add-minutes", minutes), ("#add-repeats", repeats)):
        page.wait_for_selector(field, state="attached" if wanted else "detached")


def _rerendered(page, act):
    """Do `act`, then wait for the server's fresh log (the marked log node disappears) and for
    htmx to wire it up: it processes swapped-in content when it settles, 20 ms after the swap,
    and a kind chosen before that would send no request."""
    page.evaluate(
        """() => {
            document.querySelector('#journey-log').dataset.stale = '1';
            window.__logSettled = false;
            document.body.addEventListener('htmx:afterSettle', (event) => {
                if (event.target.id === 'journey-log') window.__logSettled = true;
            });
        }"""
    )
    act()
    page.wait_for_selector("#journey-log[data-stale]", state="detached")
    page.wait_for_function("() => window.__logSettled === true")


def _submit_and_wait_for_rerender(page):
    _rerendered(page, lambda: page.click("#add-step-form button[type=submit]"))


def _not_reloaded(page) -> bool:
    return page.evaluate("window.__marker") == 1


def test_steps_change_the_score_without_a_reload(live_server, client, journey):
    with playwright.sync_playwright() as p:
        browser, page = _browser_context(p, live_server, client, journey.owner)
        page.goto(live_server.url + journey.get_absolute_url())
        page.wait_for_function("() => window.htmx !== undefined")
        page.evaluate("window.__marker = 1")
        # A draft without steps has no score yet.
        assert "No score yet" in page.inner_text("#journey-log")
        assert page.locator("#score-value").count() == 0
        scores = [0]

        _pick_kind(page, "hold", "You waited on hold.", minutes=True, repeats=False)
        page.fill("#add-minutes", "30")
        page.select_option("#add-channel", "phone")
        _submit_and_wait_for_rerender(page)
        scores.append(_score(page))
        assert _not_reloaded(page)

        _pick_kind(page, "repeat_info", "already given", minutes=True, repeats=True)
        page.fill("#add-minutes", "5")
        page.fill("#add-repeats", "3")
        page.select_option("#add-channel", "phone")
        _submit_and_wait_for_rerender(page)
        scores.append(_score(page))
        assert _not_reloaded(page)

        # A moment, not time spent: neither minutes nor repeats are asked for.
        _pick_kind(page, "contradiction", "contradicted", minutes=False, repeats=False)
        _pick_kind(page, "human", "You reached a person.", minutes=True, repeats=False)
        page.fill("#add-minutes", "10")
        page.select_option("#add-channel", "phone")
        _submit_and_wait_for_rerender(page)
        scores.append(_score(page))
        assert _not_reloaded(page)

        assert scores == sorted(set(scores)), scores  # rose after every step
        assert page.locator(".step-list > li").count() == 3
        assert page.locator(MINUTES_TO_HUMAN).inner_text() == "35"

        # Moving the human up re-renders the score panel: the score (order-blind in version 1)
        # stays, the minutes it took to reach a human drop from 35 to the hold's 30.
        _rerendered(page, lambda: page.click("button[aria-label='Move step 3 up']"))
        assert (
            page.locator(".step-list > li:nth-child(2) .step-title")
            .inner_text()
            .endswith("Reached a human")
        )
        assert page.locator(MINUTES_TO_HUMAN).inner_text() == "30"
        assert _score(page) == scores[-1]
        assert _not_reloaded(page)

        # Deleting the repeated information (now step 3) lowers the score.
        page.click("button[aria-label='Delete step 3']")
        # A function, not an expression string: the page's CSP forbids eval.
        page.wait_for_function(
            "before => Number(document.querySelector('#score-value').innerText) < before",
            arg=scores[-1],
        )
        assert page.locator(".step-list > li").count() == 2
        shown = _score(page)
        assert shown < scores[-1]
        assert _not_reloaded(page)
        browser.close()
    journey.refresh_from_db()
    assert list(journey.steps.values_list("kind", flat=True)) == ["hold", "human"]
    assert journey.minutes_to_human == 30
    assert abs(journey.score - shown) <= 0.5  # the page shows the stored score, rounded


def test_the_plain_form_works_without_javascript(live_server, client, journey):
    services.step_add(
        journey=journey,
        kind="hold",
        channel="phone",
        occurred_on=journey.started_on,
        minutes=10,
        repeats=0,
        note="",
    )
    with playwright.sync_playwright() as p:
        browser, page = _browser_context(p, live_server, client, journey.owner, javascript=False)
        page.goto(live_server.url + journey.get_absolute_url())
        before = _score(page)
        # Without JavaScript nothing swaps, so every optional field is there from the start.
        assert page.locator("#add-minutes").count() == 1
        assert page.locator("#add-repeats").count() == 1
        page.select_option("#add-kind", "transfer")
        page.select_option("#add-channel", "phone")
        page.fill("#add-minutes", "4")
        page.click("#add-step-form button[type=submit]")
        page.wait_for_load_state()
        assert page.url == live_server.url + journey.get_absolute_url()
        assert "Step added." in page.content()
        assert page.locator(".step-list > li").count() == 2
        assert (
            page.locator(".step-list > li:nth-child(2) .step-title")
            .inner_text()
            .endswith("Transferred")
        )
        assert _score(page) > before
        browser.close()
    assert list(journey.steps.values_list("kind", "minutes")) == [("hold", 10), ("transfer", 4)]


def test_the_hold_timer_survives_a_reload_and_records_the_minutes_it_measured(
    live_server, client, journey
):
    with playwright.sync_playwright() as p:
        browser, page = _browser_context(p, live_server, client, journey.owner)
        page.goto(live_server.url + journey.get_absolute_url())
        page.click("[data-timer-action=start]")
        page.wait_for_selector("[data-timer-running]:not([hidden])")
        page.reload()
        # Still running after the reload; pretend it was started six and a half minutes ago.
        page.wait_for_selector("[data-timer-running]:not([hidden])")
        page.evaluate(
            f"localStorage.setItem('frictionlog:timer:{journey.pk}', String(Date.now() - 390000))"
        )
        page.wait_for_function(
            "() => document.querySelector('[data-timer-elapsed]').innerText.startsWith('6:')"
        )
        page.click("[data-timer-action=stop]")
        page.wait_for_selector("#journey-log .step-list li")
        browser.close()
    step = journey.steps.get()
    assert (step.kind, step.minutes) == ("hold", 7)


def test_without_javascript_the_timer_stays_out_of_the_way(live_server, client, journey):
    with playwright.sync_playwright() as p:
        browser, page = _browser_context(p, live_server, client, journey.owner, javascript=False)
        page.goto(live_server.url + journey.get_absolute_url())
        assert not page.is_visible("[data-timer]")
        assert page.is_visible("#add-step-form")
        browser.close()


def test_one_click_steps_work_without_javascript(live_server, client, journey):
    with playwright.sync_playwright() as p:
        browser, page = _browser_context(p, live_server, client, journey.owner, javascript=False)
        page.goto(live_server.url + journey.get_absolute_url())
        # Another channel is a link: the page comes back with that channel's buttons.
        page.click("#quick-channel-web_form")
        page.wait_for_selector("#quick-channel-web_form[aria-current]")
        page.click("#quick-create_account")
        page.wait_for_selector(".step-list > li")
        assert "Step added." in page.content()
        page.fill("#quick-repeats", "3")
        page.click("#quick-repeat_info")
        page.wait_for_selector(".step-list > li:nth-child(2)")
        assert (
            page.locator(".step-list > li:nth-child(2) .step-meta")
            .inner_text()
            .endswith("repeated 3 times")
        )
        browser.close()
    assert list(journey.steps.values_list("kind", "channel", "occurred_on", "repeats")) == [
        ("create_account", "web_form", journey.started_on, 0),
        ("repeat_info", "web_form", journey.started_on, 3),
    ]


def test_keyboard_only_logging_keeps_the_focus_where_the_next_step_starts(
    live_server, client, journey
):
    with playwright.sync_playwright() as p:
        browser, page = _browser_context(p, live_server, client, journey.owner)
        page.goto(live_server.url + journey.get_absolute_url())
        page.wait_for_function("() => window.htmx !== undefined")
        page.focus("#quick-phone_menu")
        _rerendered(page, lambda: page.keyboard.press("Enter"))
        assert page.evaluate("document.activeElement.id") == "quick-phone_menu"
        # Tab to the hold button, Enter: a hold; Enter again on "Same again": another.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "quick-hold"
        _rerendered(page, lambda: page.keyboard.press("Enter"))
        page.focus("#same-again")
        _rerendered(page, lambda: page.keyboard.press("Enter"))
        assert page.evaluate("document.activeElement.id") == "same-again"
        browser.close()
    assert list(journey.steps.values_list("kind", flat=True)) == ["phone_menu", "hold", "hold"]
