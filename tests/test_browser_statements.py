"""In real Chromium: the moderation queue fits on a screen, and a rejection reaches its author
as a statement of reasons they can appeal, decided by another moderator; axe-core finds
nothing on the way, at 1280 and 390 px."""

import random
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from journeys import moderation
from journeys.models import Appeal, Journey
from tests.browser import launch, sign_in

from .factories import CompanyFactory, UserFactory, submitted_journey

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = settings.STATIC_URL + "vendor/axe-core-4.14.1/axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
STORY = (
    "Ik belde vier keer en moest elke keer mijn boekingsnummer opnieuw geven. De chatbot "
    "stuurde me rond en de medewerker beloofde terug te bellen, wat nooit gebeurde."
)
QUEUE_HEIGHT_LIMIT = 6000
# Stories of the queue's journeys, told apart (no "nearly identical" signal on every item).
WORDS = (
    "ik belde mailde wachtte chatte schreef kreeg nooit antwoord de klantenservice het bedrijf "
    "een medewerker zei beloofde terug te bellen formulier account inloggen pakket factuur "
    "bedrag rekening storing monteur afspraak week maand dagen uur minuten wachtmuziek menu "
    "keuze optie doorverbonden afdeling verkeerde opnieuw nummer klantnummer ordernummer "
    "retour terugbetaling geld contract opzeggen verhuizing internet stroom trein vlucht "
    "koffer boeking annulering vertraging app website storing wachtwoord code sms brief"
)


def _moderator(email):
    user = UserFactory(email=email)
    user.groups.add(Group.objects.get_or_create(name="moderators")[0])
    return user


def _axe(page) -> list:
    origin = "/".join(page.url.split("/", 3)[:3])
    page.add_script_tag(url=origin + AXE)
    return page.evaluate(
        """rules => axe.run(document, {runOnly: {type: 'tag', values: rules}}).then(
               result => result.violations.map(v => v.id + ' ' + v.nodes[0].target.join(' ')))""",
        RULES,
    )


def test_the_queue_of_fifty_fits_in_six_thousand_pixels(live_server, client):
    moderator = _moderator("mod.hoogte@example.nl")
    companies = [CompanyFactory(name=f"Hoogtebank {n}") for n in range(10)]
    words = random.Random(27).choices(WORDS.split(), k=51 * 40)
    for n in range(51):
        story = " ".join(words[n * 40 : (n + 1) * 40]).capitalize() + "."
        submitted_journey(company=companies[n % 10], story=story, minutes_ago=200 - n)
    flagged = submitted_journey(company=companies[0], story=STORY)
    moderation.journey_approve(journey=flagged, moderator=moderator)
    moderation.flag_create(journey=flagged, reporter=None, reason="offensive", note="Grof.")
    with playwright.sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        sign_in(context, live_server, client, moderator)
        page = context.new_page()
        page.goto(live_server.url + reverse("moderation_queue"))
        items = page.locator("#pending-heading ~ [data-queue-item]").count()
        height = page.evaluate("document.documentElement.scrollHeight")
        print(f"moderation queue, 50 items at 1280 px: {height} px tall")
        # The report comes first, above the journeys waiting.
        top = page.evaluate(
            "[...document.querySelectorAll('h2')].map(h => h.id).filter(Boolean).join(' ')"
        )
        violations = _axe(page)
        browser.close()
    assert items == 50
    assert height < QUEUE_HEIGHT_LIMIT
    assert top.index("flagged-heading") < top.index("pending-heading")
    assert violations == []


def _decide_in(browser, live_server, client, user, width: int):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, extra_http_headers={"Accept-Language": "nl"}
    )
    sign_in(context, live_server, client, user)
    return context, context.new_page()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_rejection_reaches_its_author_who_appeals_to_another_moderator(
    live_server, client, width, mailoutbox
):
    first, second = _moderator("mod.een@example.nl"), _moderator("mod.twee@example.nl")
    author = UserFactory(email="schrijver@example.nl", language="nl")
    journey = submitted_journey(
        owner=author, company=CompanyFactory(name="Belbedrijf"), story=STORY
    )
    found = {}
    with playwright.sync_playwright() as p:
        browser = launch(p)

        # The first moderator opens the send-back form from the compact item and rejects.
        context, page = _decide_in(browser, live_server, client, first, width)
        page.goto(live_server.url + reverse("moderation_queue"))
        item = f"#item-{journey.pk}"
        assert page.locator(f"{item} select").count() == 0  # the form comes on demand
        page.click(f"{item} [data-action=send-back]")
        page.wait_for_selector(f"{item} select[name=j{journey.pk}-reason]")
        page.select_option(f"{item} select[name=j{journey.pk}-reason]", "spam")
        page.fill(f"{item} textarea[name=j{journey.pk}-note]", "Dit is een advertentie.")
        page.click(f"{item} [data-action=reject]")
        page.wait_for_selector(f"{item} .message-success")
        context.close()

        # The author's mail holds the statement, in Dutch, with the link to appeal.
        [statement_mail] = [m for m in mail.outbox if m.to == [author.email]]
        assert "Dit is een advertentie." in statement_mail.body
        assert "Spam of reclame" in statement_mail.body and "Bezwaar maken" in statement_mail.body
        path = re.search(r"(/statements/\d+/)", statement_mail.body).group(1)
        context, page = _decide_in(browser, live_server, client, author, width)
        page.goto(live_server.url + path)
        found["statement"] = _axe(page)
        page.fill("textarea[name=text]", "Ik noem het bedrijf alleen; ik verkoop niets.")
        page.click("main form button[type=submit]")
        page.wait_for_selector("[data-appeal-state=open]")
        context.close()

        # The moderator who decided cannot decide the appeal; another one can.
        appeal = Appeal.objects.get()
        context, page = _decide_in(browser, live_server, client, first, width)
        page.goto(live_server.url + reverse("moderation_queue"))
        assert page.locator(f"#appeal-{appeal.pk} [data-action=decide-appeal]").count() == 0
        context.close()
        context, page = _decide_in(browser, live_server, client, second, width)
        page.goto(live_server.url + reverse("moderation_queue"))
        found["queue"] = _axe(page)
        page.check(f"#appeal-{appeal.pk} input[value=granted]")
        page.fill(f"#appeal-note-{appeal.pk}", "Geen reclame, wel een klacht.")
        page.click(f"#appeal-{appeal.pk} [data-action=decide-appeal]")
        page.wait_for_selector(".message-success")
        page.goto(live_server.url + reverse("transparency"))
        found["transparency"] = _axe(page)
        appeals_shown = page.inner_text("[data-figure=appeals]")
        context.close()
        browser.close()

    appeal.refresh_from_db()
    assert (appeal.outcome, appeal.decided_by) == ("granted", second)
    assert Journey.objects.get(pk=journey.pk).moderation_state == Journey.Moderation.PENDING
    assert any(m.subject == "Er is beslist over je bezwaar" for m in mail.outbox)
    assert appeals_shown == "1"
    assert found == {"statement": [], "queue": [], "transparency": []}
