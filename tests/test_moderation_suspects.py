"""What the moderator sees that may still be personal: flagged parts with one-click hiding, and
approval of a story with flagged parts only after "I checked the flagged parts"."""

import pytest
from django.urls import reverse
from django.utils import translation

from journeys import moderation, services, stories
from journeys.models import Journey, ModerationEvent

from .factories import CompanyFactory
from .test_moderation_views import submitted

# The recognisers hide the e-mail address and leave two unlisted names after cues that companies
# share ("sprak met", "zei"): those are flagged for the moderator.
STORY = "Ik sprak met Wubbe. Ik mailde wubbe@example.nl en daarna zei Sytske dat het goed kwam."


@pytest.fixture
def flagged(consumer, airline):
    return submitted(owner=consumer, company=airline, story=STORY)


def _tick(journey) -> str:
    """What the "I checked the flagged parts" box sends for the parts the page shows."""
    return moderation.suspects_fingerprint(stories.suspects_to_check(journey))


def _approve(client, journey, data=None, **headers):
    return client.post(reverse("moderation_approve", args=[journey.pk]), data or {}, **headers)


def test_the_review_page_flags_names_the_redaction_left_in(moderator_client, flagged):
    body = moderator_client.get(reverse("moderation_journey", args=[flagged.pk])).content.decode()
    assert '<mark class="part part-suspect" data-kind="name">Wubbe<span' in body
    assert '<mark class="part part-suspect" data-kind="name">Sytske<span' in body
    assert "2 parts may still be personal" in body
    assert body.count('data-action="hide-suspect"') == 2
    assert f'name="r{flagged.pk}-phrase" value="Wubbe"' in body
    assert f'name="suspects_checked" value="{_tick(flagged)}"' in body
    assert "wubbe@example.nl" not in body


def test_a_name_the_redaction_hid_is_not_flagged(moderator_client, consumer, airline):
    journey = submitted(owner=consumer, company=airline, story="Mevrouw Bakker zei nee. " + STORY)
    body = moderator_client.get(reverse("moderation_journey", args=[journey.pk])).content.decode()
    # "mevrouw Bakker" is hidden automatically now: a placeholder, nothing to tick for it.
    assert "Bakker" not in body and "[naam]</mark>" in body
    assert "2 parts may still be personal" in body


def test_hide_this_redacts_every_occurrence_with_an_audit_entry(
    moderator_client, moderator, consumer, airline, htmx
):
    journey = submitted(owner=consumer, company=airline, story=STORY + " Wubbe belde terug.")
    response = moderator_client.post(
        reverse("moderation_redact", args=[journey.pk]),
        {f"r{journey.pk}-phrase": "Wubbe"},
        **htmx,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Redacted." in body and "1 part may still be personal" in body
    journey.refresh_from_db()
    assert "Wubbe" not in journey.story_redacted
    assert journey.story_redacted.count("[weggelakt]") == 2
    assert journey.story_redacted.count("[e-mail]") == 1
    event = ModerationEvent.objects.get(journey=journey, action="redact")
    assert event.actor == moderator and event.detail["count"] == 2
    assert "Wubbe" not in str(event.detail)
    assert [s.text for s in stories.suspects_to_check(journey)] == ["Sytske"]


def test_a_story_with_flagged_parts_is_not_approved_without_the_tick(
    moderator_client, flagged, htmx
):
    response = _approve(moderator_client, flagged, **htmx)
    assert response.status_code == 200
    body = response.content.decode()
    assert "2 flagged parts of the story may still be personal" in body
    assert 'role="alert"' in body
    flagged.refresh_from_db()
    assert flagged.moderation_state == "pending"
    assert not ModerationEvent.objects.filter(journey=flagged, action="approve").exists()


def test_without_javascript_the_refusal_comes_back_as_a_message(moderator_client, flagged):
    page = reverse("moderation_journey", args=[flagged.pk])
    response = _approve(moderator_client, flagged, {"next": page}, follow=True)
    assert response.redirect_chain[-1][0] == page
    assert "may still be personal" in response.content.decode()
    flagged.refresh_from_db()
    assert flagged.moderation_state == "pending"


def test_with_the_tick_it_is_approved_and_the_log_counts_what_was_let_through(
    moderator_client, moderator, flagged, htmx
):
    response = _approve(moderator_client, flagged, {"suspects_checked": _tick(flagged)}, **htmx)
    assert "Approved." in response.content.decode()
    flagged.refresh_from_db()
    assert flagged.moderation_state == "approved"
    event = ModerationEvent.objects.get(journey=flagged, action="approve")
    assert event.actor == moderator and event.detail == {"suspects_checked": 2}


def test_the_tick_covers_only_the_parts_the_moderator_was_shown(
    moderator_client, consumer, flagged, htmx
):
    seen = _tick(flagged)
    # The consumer changes the story while the moderator has the page open: a new name.
    services.journey_update(journey=flagged, story=STORY + " Volgens Hessel belde niemand.")
    response = _approve(moderator_client, flagged, {"suspects_checked": seen}, **htmx)
    body = response.content.decode()
    assert "The story changed since this page was loaded" in body
    assert "Hessel<span" in body  # the fresh item shows the new flag
    flagged.refresh_from_db()
    assert flagged.moderation_state == "pending"
    _approve(moderator_client, flagged, {"suspects_checked": _tick(flagged)}, **htmx)
    flagged.refresh_from_db()
    assert flagged.moderation_state == "approved"


def test_once_every_flagged_part_is_hidden_no_tick_is_needed(
    moderator_client, moderator, flagged, htmx
):
    for phrase in ("Wubbe", "Sytske"):
        moderation.story_redact(journey=flagged, moderator=moderator, phrase=phrase)
    body = moderator_client.get(reverse("moderation_journey", args=[flagged.pk])).content.decode()
    assert "suspects_checked" not in body and "part-suspect" not in body
    _approve(moderator_client, flagged, **htmx)
    flagged.refresh_from_db()
    assert flagged.moderation_state == "approved"
    assert ModerationEvent.objects.get(journey=flagged, action="approve").detail == {}


def test_a_story_without_consent_is_never_published_so_needs_no_tick(
    moderator_client, consumer, airline, htmx
):
    journey = submitted(owner=consumer, company=airline, story=STORY, consent=False)
    body = moderator_client.get(reverse("moderation_journey", args=[journey.pk])).content.decode()
    assert "part-suspect" in body  # still shown, for what it is worth
    assert "suspects_checked" not in body
    _approve(moderator_client, journey, **htmx)
    journey.refresh_from_db()
    assert journey.moderation_state == "approved"


def test_a_story_without_flagged_parts_approves_with_one_click(
    moderator_client, consumer, airline, htmx
):
    journey = submitted(owner=consumer, company=airline)
    body = moderator_client.get(reverse("moderation_journey", args=[journey.pk])).content.decode()
    assert "suspects_checked" not in body
    _approve(moderator_client, journey, **htmx)
    journey.refresh_from_db()
    assert journey.moderation_state == "approved"


def test_the_refusal_is_translated(moderator_client, flagged, htmx, settings):
    settings.LANGUAGE_CODE = "nl"
    with translation.override("nl"):
        body = _approve(moderator_client, flagged, **htmx).content.decode()
    assert "2 gemarkeerde delen van het verhaal kunnen nog persoonlijk zijn" in body
    assert "Ik heb de gemarkeerde delen gecontroleerd" in body
    assert "mogelijk een naam" in body and ">Verbergen<" in body


def test_the_service_refuses_too(flagged, moderator):
    with pytest.raises(Exception, match="may still be personal"):
        moderation.journey_approve(journey=flagged, moderator=moderator)
    with pytest.raises(Exception, match="story changed"):
        moderation.journey_approve(journey=flagged, moderator=moderator, suspects_checked="1")
    moderation.journey_approve(
        journey=flagged, moderator=moderator, suspects_checked=_tick(flagged)
    )
    assert Journey.objects.get(pk=flagged.pk).moderation_state == "approved"


def test_a_name_in_the_story_is_escaped_in_the_hide_form(moderator_client, consumer, airline):
    journey = submitted(owner=consumer, company=airline, story='Volgens O\'Neill zei ze "nee".')
    body = moderator_client.get(reverse("moderation_journey", args=[journey.pk])).content.decode()
    assert 'value="O&#x27;Neill"' in body
    assert "&quot;nee&quot;" in body


def test_queue_with_flagged_stories_runs_a_constant_number_of_queries(
    moderator_client, airline, django_assert_max_num_queries
):
    for _ in range(3):
        submitted(company=airline, story=STORY)
    with django_assert_max_num_queries(20) as few:
        moderator_client.get(reverse("moderation_queue"))
    for _ in range(12):
        submitted(company=CompanyFactory(), story=STORY)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = moderator_client.get(reverse("moderation_queue")).content.decode()
    assert body.count('name="suspects_checked"') == 15
