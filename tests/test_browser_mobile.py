"""The leaderboard, a company page and a journey page on a phone (390 × 844): nothing scrolls
sideways, every figure shown in a table carries its column's name, and a step card is the step,
not its buttons. With FRICTIONLOG_SCREENSHOTS set to a folder, each page is saved there whole."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from journeys import leaderboards
from tests.browser import THUMB, launch, screenshot, sign_in
from tests.consumer_pages import consumer_pages, log_steps
from tests.leaderboard_data import build_companies

from .factories import JourneyFactory, UserFactory

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

# Every table cell on screen: does it show a label of its own (`data-label`, drawn before it),
# or is it a row's heading? The bare numbers a stacked table would otherwise show.
UNLABELLED_CELLS = """() => [...document.querySelectorAll('main table td')]
    .filter(cell => cell.checkVisibility())
    .filter(cell => {
        const before = getComputedStyle(cell, '::before').content;
        return !before || before === 'none' || before === 'normal' || before === '""';
    })
    .map(cell => cell.closest('table').querySelector('caption, th')?.innerText + ': ' +
                 cell.innerText)"""


@pytest.fixture
def pages(transactional_db):
    companies = build_companies(6)
    consumer = UserFactory(email="mobiel@example.nl")
    journey = JourneyFactory(owner=consumer, company=companies[0], goal="refund")
    log_steps(
        journey,
        (
            ("create_account", "web_form", 10, 0),
            ("repeat_info", "web_form", 5, 3),
            ("chatbot_loop", "chatbot", 15, 0),
            ("escalated", "letter", 0, 0),
        ),
    )
    leaderboards.recompute_full()
    return consumer, {
        "leaderboard": reverse("leaderboard"),
        "company": reverse("company_detail", args=[companies[0].slug]),
        "journey": journey.get_absolute_url(),
    }


def test_public_and_journey_pages_fit_a_phone_with_every_figure_labelled(
    live_server, client, pages
):
    consumer, urls = pages
    shots = os.environ.get("FRICTIONLOG_SCREENSHOTS")
    with playwright.sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(viewport=PHONE, locale="nl-NL")
        sign_in(context, live_server, client, consumer)
        page = context.new_page()
        for name, path in urls.items():
            page.goto(live_server.url + path)
            # The tables folded away under "Figures as a table" count too.
            page.evaluate("document.querySelectorAll('main details').forEach(d => d.open = true)")
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=f"{shots}/{name}-390.png", full_page=True)
            width = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
            wide = page.evaluate(
                """() => [...document.querySelectorAll('main *')]
                .filter(e => e.getBoundingClientRect().right > innerWidth)
                .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id)"""
            )
            assert width[0] <= width[1], (name, width, wide)
            assert page.evaluate(UNLABELLED_CELLS) == [], name
        assert page.locator("main table td").count() == 0  # the journey page has no table
        # A step card is mostly the step: its buttons sit beside the text only if they leave
        # it two thirds of the card, or else go underneath.
        cards = page.evaluate(
            """() => [...document.querySelectorAll('.step-list > li')].map(card => [
                card.querySelector('.step-main').getBoundingClientRect().width,
                card.getBoundingClientRect().width])"""
        )
        assert len(cards) == 4
        for main, card in cards:
            assert main >= card * 2 / 3, cards
        browser.close()


# The buttons and links a thumb presses in a page's main part (links inside running text are
# exempt, as WCAG 2.5.5 has them).
THUMB_TARGETS = """min => [...document.querySelectorAll(
        'main .button, main button, main .icon-button, main .quick-channels a, main summary')]
    .filter(e => e.checkVisibility())
    .map(e => [e.innerText.trim().slice(0, 40) || e.getAttribute('aria-label') || e.className,
               e.getBoundingClientRect()])
    .filter(([, box]) => box.width < min || box.height < min)
    .map(([name, box]) => name + ' ' + Math.round(box.width) + '×' + Math.round(box.height))"""


def test_every_consumer_page_on_a_phone(live_server, client, transactional_db):
    """Each page a consumer uses at 390 px: saved to screenshots/ for a person to look through,
    no sideways scrolling, every table cell labelled, every thumb target 44 × 44 px, and a
    journey page showing the story box (nothing logged yet) or the log in its first screen."""
    consumer, urls = consumer_pages()
    problems = {}
    with playwright.sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(viewport=PHONE, locale="nl-NL")
        sign_in(context, live_server, client, consumer)
        page = context.new_page()
        for name, path in urls.items():
            response = page.goto(live_server.url + path)
            assert response.status == 200, name
            screenshot(page, f"{name}-390")
            width = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
            found = {
                "sideways": width if width[0] > width[1] else None,
                "unlabelled": page.evaluate(UNLABELLED_CELLS),
                "small targets": page.evaluate(THUMB_TARGETS, THUMB),
            }
            found = {what: value for what, value in found.items() if value}
            if found:
                problems[name] = found
            if name == "journey-empty":
                box = page.evaluate(
                    "document.querySelector('#narrative-text').getBoundingClientRect().top"
                )
                assert box < PHONE["height"], box
            if name == "journey":
                top = page.evaluate(
                    "document.querySelector('.step-list').getBoundingClientRect().top"
                )
                assert top < PHONE["height"], top
        browser.close()
    assert problems == {}
