"""The Content-Security-Policy in real Chromium: pages and their htmx swaps raise no violation."""

import datetime

import pytest
from django.utils import timezone

from tests.browser import launch, sign_in

from .factories import JourneyFactory, UserFactory
from .leaderboard_data import build_companies

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser


def _watch(page) -> list[str]:
    """Console errors and CSP violation reports of the page, as they come."""
    problems: list[str] = []

    def console(msg):
        # A failed load is reported below with its URL (the browser's own /favicon.ico is no
        # page's fault); everything else the console calls an error is a problem.
        if "Content Security Policy" in msg.text or (
            msg.type == "error" and not msg.text.startswith("Failed to load resource")
        ):
            problems.append(msg.text)

    def response(resp):
        if resp.status >= 400 and not resp.url.endswith("/favicon.ico"):
            problems.append(f"{resp.status} {resp.url}")

    page.on("console", console)
    page.on("response", response)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_journey_page_and_public_pages_raise_no_csp_violation(
    live_server, client, transactional_db
):
    companies = build_companies(2, prefix="Csp")
    owner = UserFactory(email="csp@example.nl")
    journey = JourneyFactory(
        owner=owner,
        company=companies[0],
        started_on=timezone.localdate() - datetime.timedelta(days=5),
    )
    with playwright.sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(locale="en-GB")
        sign_in(context, live_server, client, owner)
        page = context.new_page()
        problems = _watch(page)

        # The journey page: htmx loads, swaps the kind's fields in and adds a step.
        response = page.goto(live_server.url + journey.get_absolute_url())
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_function("() => window.htmx !== undefined")
        # Typing before the kind's fields have been swapped in would be typing into fields that
        # are about to be replaced: wait until htmx has settled them.
        page.evaluate(
            """() => {
                window.__fieldsSettled = false;
                document.body.addEventListener('htmx:afterSettle', (event) => {
                    if (event.target.id === 'add-step-extras') window.__fieldsSettled = true;
                });
            }"""
        )
        page.select_option("#add-kind", "hold")
        page.wait_for_function("() => window.__fieldsSettled === true")
        page.fill("#add-minutes", "12")
        page.select_option("#add-channel", "phone")
        page.click("#add-step-form button[type=submit]")
        page.wait_for_selector(".step-list > li")

        # Public pages: the leaderboard's htmx filter and a company page with its charts.
        page.goto(live_server.url + "/leaderboard/")
        page.wait_for_function("() => window.htmx !== undefined")
        page.goto(live_server.url + companies[0].get_absolute_url())
        page.wait_for_load_state("networkidle")
        browser.close()

    assert problems == []
    assert journey.steps.get().minutes == 12  # htmx really posted, under the policy


def test_an_injected_inline_script_is_blocked(live_server, transactional_db):
    """The policy is live: script the page did not load from our origin does not run."""
    with playwright.sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        problems = _watch(page)
        page.goto(live_server.url + "/")
        page.evaluate(
            """() => {
                const s = document.createElement('script');
                s.textContent = 'window.__ran = true';
                document.body.appendChild(s);
            }"""
        )
        ran = page.evaluate("() => window.__ran === true")
        browser.close()
    assert ran is False
    assert any("Content Security Policy" in text for text in problems)
