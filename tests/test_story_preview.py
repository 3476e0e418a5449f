"""The story preview on the journey page: the story as the public would read it, hidden parts and
parts to check highlighted, edited there (saved, or previewed without saving)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from journeys import moderation, services, stories
from journeys.models import STORY_MAX_LENGTH, Journey, ModerationEvent

from .factories import JourneyFactory, StepFactory, UserFactory

# The e-mail address is hidden automatically; "Wubbe" (unlisted, after a cue companies share) is
# left readable and flagged.
STORY = "Ik sprak met Wubbe. Ik mailde wubbe@example.nl drie keer en niemand antwoordde."
PREVIEW = re.compile(r'<div id="story-preview".*?</div>', re.S)


def _preview(body: str) -> str:
    """The preview block alone: the textarea below it holds the raw story, on purpose."""
    return PREVIEW.search(body).group()


@pytest.fixture
def journey(consumer, airline):
    journey = JourneyFactory(owner=consumer, company=airline, story=STORY, story_consent=True)
    StepFactory(journey=journey, position=1)
    return journey


def test_the_journey_page_shows_the_story_as_the_public_would_read_it(consumer_client, journey):
    body = consumer_client.get(journey.get_absolute_url()).content.decode()
    preview = _preview(body)
    assert "wubbe@example.nl" not in preview
    assert (
        '<mark class="part part-hidden" data-kind="email"><span class="part-label">hidden</span>'
        "[e-mail]</mark>"
    ) in preview
    assert (
        '<mark class="part part-suspect" data-kind="name">Wubbe'
        '<span class="part-label">check this: may be a name</span></mark>'
    ) in preview
    assert "recognition is not perfect" in preview
    assert "1 part of your story may still be personal" in preview
    # The submit button says so too, and leads to the preview.
    assert 'href="#story">Check how the public will read your story before you submit.' in body


def test_the_preview_text_is_exactly_the_text_that_would_be_published(consumer_client, journey):
    preview = _preview(consumer_client.get(journey.get_absolute_url()).content.decode())
    text = re.search(r'<p class="story-preview-text">(.*?)</p>', preview, re.S).group(1)
    text = re.sub(r'<span class="part-label">.*?</span>', "", text)
    text = re.sub(r"<[^>]+>", "", text)
    moderation.story_autoredact(journey=journey)
    assert text == journey.story_redacted


def test_the_consent_text_promises_only_what_holds(consumer_client, journey):
    body = consumer_client.get(journey.get_absolute_url()).content.decode()
    assert "without personal details" not in body
    assert "hidden automatically, but not perfectly: I check the preview myself" in body
    # Where a told text becomes the story: the question under the proposed steps.
    proposal = consumer_client.post(
        reverse("narrative_propose", args=[journey.pk]), {"narrative": STORY}
    ).content.decode()
    assert "without personal details" not in proposal
    assert "that recognition is not perfect" in proposal


def test_without_consent_the_preview_says_nobody_else_will_read_it(consumer_client, journey):
    Journey.objects.filter(pk=journey.pk).update(story_consent=False)
    body = consumer_client.get(journey.get_absolute_url()).content.decode()
    assert "only you and the moderators will read it" in _preview(body)


def test_a_journey_without_a_story_invites_one_in_the_one_box(consumer_client, journey):
    Journey.objects.filter(pk=journey.pk).update(story="")
    body = consumer_client.get(journey.get_absolute_url()).content.decode()
    assert 'id="story-preview"' not in body and 'name="story"' not in body
    assert "Tell what happened" in body
    assert "Check how the public will read" not in body


def test_the_preview_keeps_a_moderators_redaction(consumer_client, consumer, journey, moderator):
    services.journey_submit(journey=journey, user=consumer)
    moderation.story_redact(journey=journey, moderator=moderator, phrase="Wubbe")
    preview = _preview(consumer_client.get(journey.get_absolute_url()).content.decode())
    assert "Wubbe" not in preview
    assert '<span class="part-label">hidden</span>[weggelakt]</mark>' in preview
    assert "check this" not in preview.replace('"part-label">check this</span>', "")


def test_htmx_preview_of_typed_text_saves_nothing(consumer_client, journey, htmx):
    url = reverse("journey_story_preview", args=[journey.pk])
    typed = {
        "story": "Mevrouw Bakker beloofde terug te bellen, zei Hessel. Bel 0612345678.",
        "story_consent": "on",
    }
    response = consumer_client.post(url, typed, **htmx)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="story-preview"')
    # A title-cued name is hidden automatically; an unlisted one after "zei" is flagged.
    assert "Bakker" not in body and "[naam]</mark>" in body
    assert "Hessel<span" in body and "may be a name" in body
    assert "[telefoonnummer]</mark>" in body and "0612345678" not in body
    assert "not saved yet" in body
    journey.refresh_from_db()
    assert journey.story == STORY


def test_plain_preview_shows_the_page_with_the_typed_text_kept(consumer_client, journey):
    url = reverse("journey_story_preview", args=[journey.pk])
    typed = "Volgens Durk kwam het goed, zei meneer de Vries."
    response = consumer_client.post(url, {"story": typed})
    assert response.status_code == 200
    body = response.content.decode()
    assert f">{typed}</textarea>" in body
    assert "Durk<span" in _preview(body)
    assert "de Vries" not in _preview(body) and "[naam]</mark>" in _preview(body)
    # Consent unticked in the form: the preview says so, though the journey still has it.
    assert "only you and the moderators will read it" in _preview(body)
    journey.refresh_from_db()
    assert (journey.story, journey.story_consent) == (STORY, True)


def test_saving_the_story_redacts_it_and_comes_back_to_the_preview(consumer_client, journey):
    url = reverse("journey_story", args=[journey.pk])
    new = "Ik ben Jan Jansen, ik sprak met Wubbe. Bel me op 0612345678."
    response = consumer_client.post(url, {"story": new, "story_consent": "on"})
    assert response.status_code == 302
    assert response["Location"] == journey.get_absolute_url() + "#story"
    journey.refresh_from_db()
    assert journey.story == new and journey.story_consent is True
    assert (
        journey.story_redacted == "Ik ben [naam], ik sprak met Wubbe. Bel me op [telefoonnummer]."
    )
    assert journey.moderation_state == "draft"
    body = consumer_client.get(response["Location"]).content.decode()
    assert "Story saved." in body
    assert "[telefoonnummer]</mark>" in _preview(body)
    assert "Wubbe<span" in _preview(body)


def test_saving_with_htmx_redirects_the_page(consumer_client, journey, htmx):
    url = reverse("journey_story", args=[journey.pk])
    response = consumer_client.post(url, {"story": "Korter verhaal."}, **htmx)
    assert response.status_code == 200
    assert response["HX-Redirect"] == journey.get_absolute_url() + "#story"
    journey.refresh_from_db()
    assert (journey.story, journey.story_consent) == ("Korter verhaal.", False)


def test_saving_an_unchanged_story_leaves_an_approved_journey_published(
    consumer_client, consumer, journey, moderator
):
    services.journey_submit(journey=journey, user=consumer)
    flagged = stories.suspects_to_check(journey)
    moderation.journey_approve(
        journey=journey,
        moderator=moderator,
        suspects_checked=moderation.suspects_fingerprint(flagged),
    )
    url = reverse("journey_story", args=[journey.pk])
    consumer_client.post(url, {"story": STORY, "story_consent": "on"})
    journey.refresh_from_db()
    assert journey.moderation_state == "approved"
    consumer_client.post(url, {"story": STORY + " Nog steeds niet.", "story_consent": "on"})
    journey.refresh_from_db()
    assert journey.moderation_state == "pending"


def test_withdrawing_consent_from_the_preview_is_logged(consumer_client, consumer, journey):
    services.journey_submit(journey=journey, user=consumer)
    consumer_client.post(reverse("journey_story", args=[journey.pk]), {"story": STORY})
    journey.refresh_from_db()
    assert journey.story_consent is False
    assert ModerationEvent.objects.filter(journey=journey, action="consent_withdraw").exists()


def test_a_story_too_long_is_refused_and_the_typed_text_is_kept(consumer_client, journey, htmx):
    url = reverse("journey_story", args=[journey.pk])
    typed = "x" * (STORY_MAX_LENGTH + 1)
    response = consumer_client.post(url, {"story": typed, "story_consent": "on"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ensure this value has at most 10000 characters" in body
    assert typed in body  # nothing lost: the text is back in the field
    assert consumer_client.post(url, {"story": typed}, **htmx).status_code == 200
    preview = consumer_client.post(
        reverse("journey_story_preview", args=[journey.pk]), {"story": typed}
    )
    assert preview.status_code == 400
    journey.refresh_from_db()
    assert journey.story == STORY


def test_errors_are_translated_to_dutch(consumer_client, journey, settings):
    settings.LANGUAGE_CODE = "nl"
    with translation.override("nl"):
        url = reverse("journey_story", args=[journey.pk])
        body = consumer_client.post(url, {"story": "x" * (STORY_MAX_LENGTH + 1)}).content.decode()
        assert "Zorg dat deze waarde niet meer dan 10000 tekens bevat" in body
        page = consumer_client.get(journey.get_absolute_url()).content.decode()
    assert "controleer: mogelijk een naam" in page
    assert ">verborgen</span>[e-mail]" in page
    assert "die herkenning is niet perfect" in page


def test_user_text_in_the_preview_is_escaped(consumer_client, journey, htmx):
    url = reverse("journey_story_preview", args=[journey.pk])
    typed = "<script>alert(1)</script> mevrouw <b>Bakker</b> en volgens Durk<img src=x>"
    body = consumer_client.post(url, {"story": typed}, **htmx).content.decode()
    assert "<script>" not in body and "<img" not in body and "<b>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "Durk<span" in body


def test_another_consumers_story_is_a_404(client, journey, other_consumer, htmx):
    client.force_login(other_consumer)
    for name in ("journey_story", "journey_story_preview"):
        url = reverse(name, args=[journey.pk])
        assert client.post(url, {"story": "Overgenomen."}).status_code == 404
        assert client.post(url, {"story": "Overgenomen."}, **htmx).status_code == 404
    journey.refresh_from_db()
    assert journey.story == STORY


def test_visitors_are_sent_to_log_in(client, journey):
    response = client.post(reverse("journey_story", args=[journey.pk]), {"story": "x"})
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_preview_endpoints_take_only_posts(consumer_client, journey):
    for name in ("journey_story", "journey_story_preview"):
        assert consumer_client.get(reverse(name, args=[journey.pk])).status_code == 405


def test_the_journey_page_with_a_story_runs_a_constant_number_of_queries(
    consumer_client, journey, django_assert_max_num_queries
):
    # Seven: one of them the letters, for the next step.
    with django_assert_max_num_queries(7):
        consumer_client.get(journey.get_absolute_url())
    Journey.objects.filter(pk=journey.pk).update(story=(STORY + " ") * 100)
    with django_assert_max_num_queries(7):
        body = consumer_client.get(journey.get_absolute_url()).content.decode()
    assert _preview(body).count("part-suspect") == 100 + 1  # plus the legend's example


def test_the_live_preview_runs_few_queries(
    consumer_client, journey, htmx, django_assert_max_num_queries
):
    url = reverse("journey_story_preview", args=[journey.pk])
    with django_assert_max_num_queries(6):
        consumer_client.post(url, {"story": (STORY + " ") * 100}, **htmx)


def test_the_owner_only_sees_their_own_preview(client, journey, airline):
    stranger = UserFactory()
    other = JourneyFactory(owner=stranger, company=airline, story="Mevrouw Geheim belde.")
    client.force_login(stranger)
    body = client.get(other.get_absolute_url()).content.decode()
    assert "Geheim" in body and "Wubbe" not in body


@pytest.mark.django_db
def test_any_typed_story_is_previewed_or_refused_and_never_breaks_the_journey(
    client, consumer, airline
):
    """Whatever arrives (markup, NUL bytes, control characters, very long text), the preview
    answers without a 5xx and saves nothing; a save stores exactly the text, or refuses it."""
    journey = JourneyFactory(owner=consumer, company=airline, story=STORY, story_consent=True)
    client.force_login(consumer)
    text = st.one_of(
        st.text(max_size=200),
        st.text(alphabet="\x00\x01\n\r\t<>&\"'Ik ben Jan 4111 ", max_size=200),
        st.sampled_from(["", "x" * (STORY_MAX_LENGTH + 1), "mevrouw " * 1250, "1 " * 5000]),
    )

    @hypothesis_settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(story=text, consent=st.booleans(), htmx=st.booleans())
    def check(story, consent, htmx):
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        data = {"story": story, **({"story_consent": "on"} if consent else {})}
        before = Journey.objects.get(pk=journey.pk)
        preview = client.post(reverse("journey_story_preview", args=[journey.pk]), data, **headers)
        assert preview.status_code < 500
        after = Journey.objects.get(pk=journey.pk)
        assert (after.story, after.story_consent) == (before.story, before.story_consent)
        saved = client.post(reverse("journey_story", args=[journey.pk]), data, **headers)
        assert saved.status_code < 500
        after = Journey.objects.get(pk=journey.pk)
        if saved.status_code == 302 or saved.has_header("HX-Redirect"):
            assert after.story == story.strip() and after.story_consent is consent
        else:
            assert (after.story, after.story_consent) == (before.story, before.story_consent)

    check()


def test_saving_the_story_of_a_rejected_journey_resubmits_only_with_submits_guards(client, airline):
    """Saving the story sends a turned-down journey back to review, like Submit: not for an
    unverified address (the story is saved all the same)."""
    owner = UserFactory(email_verified_at=None)
    journey = JourneyFactory(
        owner=owner,
        company=airline,
        story=STORY,
        story_consent=True,
        moderation_state=Journey.Moderation.CHANGES_REQUESTED,
    )
    StepFactory(journey=journey, position=1)
    client.force_login(owner)
    response = client.post(
        reverse("journey_story", args=[journey.pk]),
        {"story": "Een nieuw verhaal zonder namen.", "story_consent": "on"},
        follow=True,
    )
    journey.refresh_from_db()
    assert journey.story == "Een nieuw verhaal zonder namen."
    assert journey.moderation_state == Journey.Moderation.CHANGES_REQUESTED
    assert "has not gone back for review" in response.content.decode()


def test_a_step_post_redacts_the_story_only_where_its_log_shows_it(
    consumer_client, journey, htmx, monkeypatch
):
    """The step log an htmx step post sends back points to the preview when the story is to be
    published; without consent it says nothing of the story, and redacts nothing to say it."""
    from journeys import privacy

    redactions = []
    real = privacy.redact
    monkeypatch.setattr(privacy, "redact", lambda text: redactions.append(text) or real(text))
    url = reverse("step_add", args=[journey.pk])
    step = {"kind": "hold", "channel": "phone", "occurred_on": journey.started_on, "minutes": 5}
    body = consumer_client.post(url, step, **htmx).content.decode()
    assert "1 part of your story may still be personal." in body
    assert 'href="#story">Check how the public will read' in body
    assert redactions == [STORY]

    Journey.objects.filter(pk=journey.pk).update(story_consent=False)
    redactions.clear()
    body = consumer_client.post(url, step, **htmx).content.decode()
    assert "Check how the public will read" not in body and "may still be personal" not in body
    assert redactions == []


def test_a_story_typed_with_the_journey_is_redacted_once_not_on_every_view(
    consumer_client, airline, htmx, monkeypatch
):
    """A story told on the new-journey form and kept with consent is kept redacted, as one
    edited later is: its preview then comes from what is stored, and viewing the journey
    redacts nothing."""
    from journeys import privacy

    response = consumer_client.post(
        reverse("journey_create"),
        {
            "company_name": airline.name,
            "company_id": airline.pk,
            "goal": "refund",
            "started_on": "2026-10-01",
            "status": "open",
            "narrative": STORY,
        },
    )
    assert response.status_code == 200
    journey = Journey.objects.get(company=airline)
    consumer_client.post(
        reverse("narrative_accept", args=[journey.pk]),
        {"narrative": STORY, "story_consent": "on", "step-TOTAL_FORMS": 0, "step-INITIAL_FORMS": 0},
    )
    journey = Journey.objects.get(story=STORY)
    assert "wubbe@example.nl" not in journey.story_redacted and "[e-mail]" in journey.story_redacted

    redactions = []
    real = privacy.redact
    monkeypatch.setattr(privacy, "redact", lambda text: redactions.append(text) or real(text))
    preview = _preview(consumer_client.get(journey.get_absolute_url()).content.decode())
    assert "[e-mail]</mark>" in preview and "wubbe@example.nl" not in preview
    assert redactions == []
