"""In real Chromium: a moderator approves one journey and rejects another with a reason, and the
page never reloads."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from journeys import services
from journeys.models import Journey, ModerationEvent

from .factories import CompanyFactory, JourneyFactory, StepFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pending(company):
    journey = JourneyFactory(company=company, story="Ik wachtte drie weken op antwoord.")
    StepFactory(journey=journey, position=1)
    services.journey_submit(journey=journey, user=journey.owner)
    return journey


def test_moderator_approves_and_rejects_without_a_reload(live_server, page):
    moderator = UserFactory(email="mod.browser@example.nl")
    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    company = CompanyFactory(name="Browserbank")
    first, second = _pending(company), _pending(company)

    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", moderator.email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("main form button[type=submit]")
    page.wait_for_url("**" + reverse("moderation_queue"))
    page.goto(live_server.url + reverse("moderation_queue"))
    page.wait_for_selector("[data-queue-item]")
    # A marker on window survives only if the page is never reloaded.
    page.evaluate("window.__noReload = true")

    page.click(f"#item-{first.pk} [data-action=approve]")
    page.wait_for_selector(f"#item-{first.pk} .message-success")

    item = f"#item-{second.pk}"
    page.click(f"{item} [data-action=send-back]")  # the form comes on demand
    page.select_option(f"{item} select[name=j{second.pk}-reason]", "not_customer_service")
    page.fill(f"{item} textarea[name=j{second.pk}-note]", "Dit gaat over een buurman.")
    page.click(f"{item} [data-action=reject]")
    page.wait_for_selector(f"{item} .message-success")

    assert page.evaluate("window.__noReload") is True
    assert "Approved." in page.inner_text(f"#item-{first.pk}")
    assert "Rejected." in page.inner_text(item)

    assert Journey.objects.get(pk=first.pk).moderation_state == "approved"
    assert Journey.objects.get(pk=second.pk).moderation_state == "rejected"
    event = ModerationEvent.objects.get(journey=second, action="reject")
    assert (event.reason, event.note) == ("not_customer_service", "Dit gaat over een buurman.")


def test_moderator_works_the_queue_from_the_keyboard(live_server, page):
    moderator = UserFactory(email="mod.keys@example.nl")
    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    company = CompanyFactory(name="Toetsenbank")
    first, second = _pending(company), _pending(company)

    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", moderator.email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + reverse("moderation_queue"))
    page.goto(live_server.url + reverse("moderation_queue"), wait_until="load")
    page.wait_for_selector("[data-queue-item]")
    page.keyboard.press("j")  # to the first journey
    page.keyboard.press("j")  # and on to the second
    assert page.evaluate("document.activeElement.closest('[data-queue-item]').id") == (
        f"item-{second.pk}"
    )
    page.keyboard.press("a")
    page.wait_for_selector(f"#item-{second.pk} .message-success")
    # Focus lands on the result, so a screen reader announces it.
    page.wait_for_function("() => document.activeElement.hasAttribute('data-item-status')")
    # r opens the first journey's send-back form and lands on its reason list.
    page.keyboard.press("k")
    page.keyboard.press("r")
    page.wait_for_function(
        "name => document.activeElement.name === name", arg=f"j{first.pk}-reason"
    )

    assert Journey.objects.get(pk=second.pk).moderation_state == "approved"
    assert Journey.objects.get(pk=first.pk).moderation_state == "pending"
