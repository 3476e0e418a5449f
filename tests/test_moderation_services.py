"""How consumers' edits meet moderation: automatic redaction on submit and on every story change,
consent withdrawal in the edit form, and the usual review time."""

import pytest

from journeys import moderation, services
from journeys.models import ModerationEvent

from .factories import JourneyFactory, StepFactory, UserFactory

STORY = "Mail me at someone@example.nl about it."


@pytest.fixture
def journey(consumer, airline):
    made = JourneyFactory(owner=consumer, company=airline, story=STORY, story_consent=True)
    StepFactory(journey=made, position=1)
    return made


def test_submitting_redacts_the_story_before_any_moderator_sees_it(journey, consumer):
    assert journey.story_redacted == ""
    submitted = services.journey_submit(journey=journey, user=consumer)
    assert "someone@example.nl" not in submitted.story_redacted
    assert "[e-mail]" in submitted.story_redacted
    assert submitted.story_redactions[0]["kind"] == "email"
    event = ModerationEvent.objects.get(journey=journey, action="auto_redact")
    assert event.detail == {"kinds": {"email": 1}} and event.actor is None


def test_changing_the_story_redacts_it_again_and_keeps_unchanged_stories(journey, consumer):
    services.journey_submit(journey=journey, user=consumer)
    changed = services.journey_update(journey=journey, story="Now call 06-12345678 instead.")
    assert "12345678" not in changed.story_redacted
    assert ModerationEvent.objects.filter(action="auto_redact").count() == 2
    services.journey_update(journey=changed, goal="cancel_contract")
    assert ModerationEvent.objects.filter(action="auto_redact").count() == 2


def test_unticking_consent_in_the_edit_form_is_logged(journey, consumer):
    services.journey_submit(journey=journey, user=consumer)
    services.journey_update(journey=journey, story_consent=False)
    assert ModerationEvent.objects.filter(journey=journey, action="consent_withdraw").exists()


def test_a_moderators_redaction_survives_edits_that_do_not_touch_the_story(journey, consumer):
    services.journey_submit(journey=journey, user=consumer)
    moderation.story_redact(journey=journey, moderator=UserFactory(), phrase="about it")
    kept = services.journey_update(journey=journey, status="resolved")
    assert kept.story_redacted.endswith("[weggelakt].")


def test_usual_review_time_is_the_median_of_recent_decisions(db):
    assert moderation.usual_review_seconds() is None
    assert moderation.describe_duration(3 * 3600) == "3 hours"
    assert moderation.describe_duration(5 * 86400) == "5 days"
