"""In real Chromium, the company's right of reply from end to end: a representative claims the
company and confirms on the page the mailed link opens, a moderator approves the claim, the
representative replies "in progress" and then finally, a moderator publishes the reply, and the consumer rates
it 4 and marks the journey resolved; the next snapshot shows the company's reply figures."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from journeys import leaderboards, moderation, services
from journeys.models import Journey, Reply, Representative, StepKind
from tests.browser import launch
from tests.test_browser_accessibility import _violations

from .factories import CompanyFactory, JourneyFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"


def _log_in(browser, live_server, user):
    page = browser.new_context().new_page()
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    return page


def _published_journey(company, consumer, moderator):
    journey = JourneyFactory(
        owner=consumer,
        company=company,
        story="Drie weken geen antwoord op mijn klacht over de meterstand.",
        story_consent=True,
    )
    services.step_add(
        journey=journey, kind="hold", channel="phone", occurred_on=journey.started_on, minutes=30
    )
    services.journey_submit(journey=journey, user=consumer)
    return moderation.journey_approve(journey=journey, moderator=moderator)


def _publish_waiting_reply(page, live_server):
    page.goto(live_server.url + reverse("moderation_business"))
    page.click("[data-action=approve-reply]")
    page.wait_for_selector(".message-success")


def _reply(page, live_server, url, category, text):
    page.goto(live_server.url + url)
    page.check(f"input[name=category][value={category}]")
    page.fill("textarea[name=text]", text)
    page.click("[data-action=reply]")
    page.wait_for_selector(".message-success")


def test_claim_reply_publish_and_the_consumer_judges(live_server, settings):
    playwright = pytest.importorskip("playwright.sync_api")
    settings.FRICTIONLOG_K_MIN = 1
    moderator = UserFactory(email="mod.reply@example.nl")
    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    consumer = UserFactory(email="klant.reply@example.nl")
    employee = UserFactory(email="medewerker.prive@example.nl")
    company = CompanyFactory(name="Stroomnet", slug="stroomnet", website_domain="stroomnet.nl")
    journey = _published_journey(company, consumer, moderator)
    mail.outbox = []

    with playwright.sync_playwright() as p:
        browser = launch(p)
        rep = _log_in(browser, live_server, employee)
        rep.goto(live_server.url + reverse("company_claim", args=[company.slug]))
        rep.fill("input[name=work_email]", "medewerker@stroomnet.nl")
        rep.click("main form button[type=submit]")
        rep.wait_for_selector(".message-success")
        [claim_mail] = mail.outbox
        link = re.search(r"https?://\S+/business/claims/\S+/", claim_mail.body).group(0)
        rep.goto(link)
        rep.click("main form button[type=submit]")  # opening the link only asks
        rep.wait_for_selector(".message-success")
        assert "Waiting for a moderator" in rep.inner_text("main")

        mod = _log_in(browser, live_server, moderator)
        mod.goto(live_server.url + reverse("moderation_business"))
        mod.click("[data-action=approve-claim]")
        mod.wait_for_selector(".message-success")

        rep.goto(live_server.url + reverse("business_dashboard"))
        rep.click(f"text={company.name}")
        rep.click("text=Refund")
        journey_url = reverse("business_journey", args=[company.slug, journey.pk])
        assert rep.url.endswith(journey_url)
        assert "meterstand" in rep.inner_text("[data-story]")
        _reply(rep, live_server, journey_url, "in_progress", "We zoeken uit wat er misging.")
        _publish_waiting_reply(mod, live_server)
        _reply(rep, live_server, journey_url, "closed_monetary", "U krijgt 50 euro terug, excuses.")
        _publish_waiting_reply(mod, live_server)

        public = browser.new_page()
        public.goto(live_server.url + reverse("company_detail", args=[company.slug]))
        replies_shown = public.inner_text(f"#story-{journey.pk}")
        assert "We zoeken uit wat er misging." in replies_shown
        assert "U krijgt 50 euro terug" in replies_shown

        owner = _log_in(browser, live_server, consumer)
        owner.goto(live_server.url + reverse("journey_reply", args=[journey.pk]))
        owner.check("input[name=rating][value='4']")
        owner.check("input[name=resolved][value=yes]")
        owner.click("main form button[type=submit]")
        owner.wait_for_selector("[data-rated]")
        assert "4" in owner.inner_text("[data-rated]")

        # With a second reporter's journey (no reply), the next snapshot publishes the reply
        # figures (K = 1 here, so two reporters are enough): one of the two journeys replied
        # to, on the day it was published; its reporter judged it resolved and rated it 4.
        _published_journey(company, UserFactory(), moderator)  # another reporter's, no reply
        leaderboards.recompute_full()
        public.goto(live_server.url + reverse("company_detail", args=[company.slug]))
        shown = {
            figure: public.inner_text(f"#reply-figures [data-figure={figure}]")
            for figure in (
                "reply_rate",
                "reply_15d_rate",
                "resolved_after_reply_rate",
                "mean_rating",
            )
        }
        assert shown == {
            "reply_rate": "50% (2 reporters)",
            "reply_15d_rate": "50%",
            "resolved_after_reply_rate": "100% (1 reporter judged a reply)",
            "mean_rating": "4.0/5 (1 reporter rated a reply)",
        }
        browser.close()

    representative = Representative.objects.get(user=employee)
    assert representative.status == Representative.Status.APPROVED
    first, final = Reply.objects.filter(journey=journey).order_by("sequence")
    assert (first.category, first.state) == ("in_progress", "published")
    assert (final.category, final.state, final.rating, final.resolved) == (
        "closed_monetary",
        "published",
        4,
        True,
    )
    journey = Journey.objects.get(pk=journey.pk)
    assert journey.status == "resolved"
    assert journey.steps.order_by("position").last().kind == StepKind.REPLY_RESOLVED
    assert journey.moderation_state == "approved"
    # The consumer heard of each published reply.
    assert [m.to for m in mail.outbox[1:]] == [[consumer.email], [consumer.email]]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_representative_answers_the_most_urgent_journey_first(live_server, width):
    """Log in → the dashboard → the company's journeys, still to answer only → the most urgent
    one → reply; every page axe-clean, and at 390 px each row a card of labelled lines."""
    playwright = pytest.importorskip("playwright.sync_api")
    moderator = UserFactory(email="mod.clock@example.nl")
    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    company = CompanyFactory(name="Waternet", slug="waternet", website_domain="waternet.nl")
    employee = UserFactory(email="klantenservice@waternet.nl")
    Representative.objects.create(
        user=employee,
        company=company,
        work_email=employee.email,
        status=Representative.Status.APPROVED,
    )
    journeys = {}
    for days_ago in (3, 40, 20):
        journey = _published_journey(company, UserFactory(), moderator)
        Journey.objects.filter(pk=journey.pk).update(
            published_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
        journeys[days_ago] = journey
    urgent = journeys[40]

    with playwright.sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(
            viewport={"width": width, "height": 900}, extra_http_headers={"Accept-Language": "nl"}
        )
        page = context.new_page()
        page.goto(live_server.url + reverse("login"))
        page.fill("input[name=username]", employee.email)
        page.fill("input[name=password]", PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert page.url == live_server.url + reverse("business_dashboard")
        assert "Je hebt 15 dagen" in page.inner_text("[data-intro]")
        assert _violations(page, page.url) == []

        page.click("main table >> text=Waternet")
        page.wait_for_selector("#journeys")
        assert _violations(page, page.url) == []
        page.check("input[name=open]")  # htmx swaps the list in place and keeps the address
        page.wait_for_url("**/business/waternet/?open=1")
        rows = page.locator("#journeys tbody tr")
        assert rows.count() == 3
        first = rows.first
        assert first.get_attribute("id") == f"journey-{urgent.pk}"
        assert "Ruim te laat" in first.inner_text() and "25 dagen te laat" in first.inner_text()
        label = page.evaluate(
            "el => getComputedStyle(el, '::before').content",
            first.locator("td").first.element_handle(),
        )
        assert ("Reactieklok" in label) == (width == 390)

        first.locator("th a").click()
        page.wait_for_url(f"**{reverse('business_journey', args=[company.slug, urgent.pk])}")
        assert "25 dagen te laat" in page.inner_text("[data-clock]")
        assert _violations(page, page.url) == []
        page.check("input[name=category][value=in_progress]")
        page.fill("textarea[name=text]", "We zoeken uit wat er misging.")
        page.click("[data-action=reply]")
        page.wait_for_selector(".message-success")
        assert "Beantwoord" in page.inner_text("[data-clock]")

        page.goto(live_server.url + reverse("business_company", args=[company.slug]) + "?open=1")
        remaining = page.locator("#journeys tbody tr")
        assert remaining.count() == 2
        assert remaining.first.get_attribute("id") == f"journey-{journeys[20].pk}"

        # The public company page counts the same clock's states, in the same words.
        page.goto(live_server.url + reverse("company_detail", args=[company.slug]))
        assert "Ruim te laat" in page.inner_text("#reply-clock")
        counts = page.locator("[data-clock-count]").all_inner_texts()
        assert counts == ["1", "1", "0"]  # 3 days: awaiting; 20: overdue; 40: answered
        assert _violations(page, page.url) == []
        browser.close()
    assert Reply.objects.get(journey=urgent).category == "in_progress"


def test_the_claim_page_explains_itself_to_a_visitor(live_server):
    playwright = pytest.importorskip("playwright.sync_api")
    company = CompanyFactory(name="Gasnet", slug="gasnet", website_domain="gasnet.nl")
    url = live_server.url + reverse("company_claim", args=[company.slug])
    with playwright.sync_playwright() as p:
        browser = launch(p)
        for width in (1280, 390):
            page = browser.new_page(
                viewport={"width": width, "height": 900},
                extra_http_headers={"Accept-Language": "nl"},
            )
            assert _violations(page, url) == []
            assert "e-mailadres bij gasnet.nl" in page.inner_text("[data-claim-explained]")
            page.click("text=Log in om te claimen")
            page.wait_for_url(lambda address: reverse("login") + "?next=" in address)
        browser.close()
