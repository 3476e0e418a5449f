"""In real Chromium: a consumer sees their story as the public will read it before submitting, the
e-mail address hidden and the name flagged; the moderator sees the name flagged too, one keystroke
does not publish it, and one click hides it."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journeys.models import Journey, ModerationEvent
from tests.browser import launch, sign_in

from .factories import CompanyFactory, JourneyFactory, StepFactory, UserFactory

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

# The e-mail address is hidden automatically; "Wubbe" is a name the recognisers leave readable (not
# on the first-name list, after a cue companies share), so it is flagged: "check this".
FIRST = "Ik belde drie keer."
STORY = "Ik sprak met Wubbe. Ik mailde wubbe@example.nl drie keer en niemand antwoordde."
NAME_FLAGGED = (
    "() => [...document.querySelectorAll('{scope} mark.part-suspect')].some(m =>"
    " m.dataset.kind === 'name' && m.textContent.includes('Wubbe')"
    " && m.querySelector('.part-label').textContent.includes('may be a name'))"
)


@pytest.fixture
def journey(transactional_db):
    owner = UserFactory(email="preview@example.nl")
    company = CompanyFactory(name="Voorbeeldbank", sector="bank")
    start = timezone.localdate() - datetime.timedelta(days=10)
    # Told in the one box and kept with consent; the story section edits that text.
    journey = JourneyFactory(
        owner=owner, company=company, started_on=start, story=FIRST, story_consent=True
    )
    StepFactory(journey=journey, position=1)
    return journey


def _page(browser, live_server, user, *, javascript=True, problems=None):
    context = browser.new_context(java_script_enabled=javascript, locale="en-GB")
    sign_in(context, live_server, Client(), user)
    page = context.new_page()
    if problems is not None:
        # The swaps and the marks must live with the strict Content-Security-Policy.
        page.on(
            "console",
            lambda msg: (
                problems.append(msg.text) if "Content Security Policy" in msg.text else None
            ),
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
    return page


def _after_swap(page, target_id, act):
    """Do `act`, then wait until htmx has swapped and settled the element with this id."""
    page.evaluate(
        """(id) => {
            window.__settled = false;
            document.body.addEventListener('htmx:afterSettle', (event) => {
                if (event.target.id === id) window.__settled = true;
            });
        }""",
        target_id,
    )
    act()
    page.wait_for_function("() => window.__settled === true")


def _preview_marks(page):
    hidden = page.locator("#story-preview .story-preview-text mark.part-hidden")
    return hidden.all_inner_texts()


def test_consumer_previews_and_submits_and_the_moderator_sees_the_name_marked(live_server, journey):
    moderator = UserFactory(email="mod.preview@example.nl")
    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    problems: list[str] = []
    with playwright.sync_playwright() as p:
        browser = launch(p)
        page = _page(browser, live_server, journey.owner, problems=problems)
        page.goto(live_server.url + journey.get_absolute_url())
        page.wait_for_function("() => window.htmx !== undefined")
        assert FIRST in page.inner_text("#story-preview")

        # Typing refreshes the preview (htmx), before anything is saved.
        _after_swap(page, "story-preview", lambda: page.fill("#id_story", STORY))
        preview = page.inner_text("#story-preview")
        assert "wubbe@example.nl" not in preview
        assert any("[e-mail]" in mark for mark in _preview_marks(page))
        assert page.evaluate(NAME_FLAGGED.format(scope="#story-preview"))
        assert "recognition is not perfect" in preview
        assert Journey.objects.get(pk=journey.pk).story == FIRST

        page.check("#id_story_consent")
        page.click(".story-form button:text-is('Save story')")
        page.wait_for_selector("#messages .message-success")
        assert page.evaluate(NAME_FLAGGED.format(scope="#story-preview"))
        assert any("[e-mail]" in mark for mark in _preview_marks(page))

        page.click("#journey-log button:text-is('Submit for review')")
        page.wait_for_selector("text=Thank you. Your journey is waiting for review.")

        # The moderator sees the same name marked; one keystroke does not approve it.
        mod = _page(browser, live_server, moderator, problems=problems)
        mod.goto(live_server.url + reverse("moderation_queue"))
        item = f"#item-{journey.pk}"
        mod.wait_for_selector(item)
        assert mod.evaluate(NAME_FLAGGED.format(scope=f"{item} blockquote.story"))
        assert "[e-mail]" in mod.inner_text(f"{item} blockquote.story")
        mod.focus(f"{item} h3 a")
        mod.keyboard.press("a")
        # Flagged, not hidden: the keystroke lands on the tick instead of approving.
        assert mod.locator(f"{item} [data-suspects-check]").count() == 1
        mod.wait_for_function("() => document.activeElement.hasAttribute('data-suspects-check')")
        assert Journey.objects.get(pk=journey.pk).moderation_state == "pending"
        # Without the tick the server refuses too (as without JavaScript).
        _after_swap(mod, f"item-{journey.pk}", lambda: mod.click(f"{item} [data-action=approve]"))
        assert "may still be personal" in mod.inner_text(f"{item} .message-error")
        assert Journey.objects.get(pk=journey.pk).moderation_state == "pending"
        # One click hides the name; nothing is left to tick.
        _after_swap(
            mod,
            f"item-{journey.pk}",
            lambda: mod.click(f"{item} .suspects li:has-text('Wubbe') button"),
        )
        assert "Redacted." in mod.inner_text(f"{item} .message-success")
        assert "Wubbe" not in mod.inner_text(f"{item} blockquote.story")
        assert "[weggelakt]" in mod.inner_text(f"{item} blockquote.story")
        assert mod.locator(f"{item} [data-suspects-check]").count() == 0
        _after_swap(mod, f"item-{journey.pk}", lambda: mod.click(f"{item} [data-action=approve]"))
        assert "Approved." in mod.inner_text(f"{item} .message-success")
        browser.close()

    assert problems == []
    journey.refresh_from_db()
    assert journey.moderation_state == "approved"
    assert "Wubbe" not in journey.story_redacted
    assert "wubbe@example.nl" not in journey.story_redacted
    assert ModerationEvent.objects.filter(journey=journey, action="approve").count() == 1


def test_without_javascript_the_preview_button_shows_the_typed_story(live_server, journey):
    with playwright.sync_playwright() as p:
        browser = launch(p)
        page = _page(browser, live_server, journey.owner, javascript=False)
        page.goto(live_server.url + journey.get_absolute_url())
        page.fill("#id_story", STORY)
        page.click(".story-form button:text-is('Preview without saving')")
        page.wait_for_selector("text=Preview of the text above: not saved yet.")
        assert any("[e-mail]" in mark for mark in _preview_marks(page))
        assert page.evaluate(NAME_FLAGGED.format(scope="#story-preview"))
        assert page.input_value("#id_story") == STORY
        browser.close()
    assert Journey.objects.get(pk=journey.pk).story == FIRST
