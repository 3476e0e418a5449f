"""Tell it in your own words: the journey page's narrative box, the proposal page, and adding
only the accepted steps (journeys/views/narrative.py)."""

import datetime
import logging

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.views.debug import SafeExceptionReporterFilter

from journeys import moderation, services
from journeys.models import Journey

from .factories import JourneyFactory, StepFactory

NARRATIVE = (
    "Ik moest eerst een account aanmaken. Daarna heb ik gebeld: drie kwartier in de wacht, "
    "toen werd ik doorverbonden en hing hij op. Mijn boekingsnummer moest ik vier keer invullen."
)
PROPOSED = ["create_account", "hold", "transfer", "disconnected", "repeat_info"]


@pytest.fixture
def journey(consumer, airline):
    start = timezone.localdate() - datetime.timedelta(days=12)
    return JourneyFactory(owner=consumer, company=airline, started_on=start)


def _propose(client, journey, text=NARRATIVE, **headers):
    return client.post(
        reverse("narrative_propose", args=[journey.pk]), {"narrative": text}, **headers
    )


def _answers(response, **changes) -> dict:
    """The proposal form as the page shows it, with `changes` (field -> value, None to untick)."""
    formset = response.context["formset"]
    data = {"narrative": response.context["narrative_form"].cleaned_data["narrative"]}
    data |= {f"step-{key}": value for key, value in formset.management_form.initial.items()}
    for form in formset.forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if name == "accept":
                value = "on"
            if value not in (None, ""):
                data[form.add_prefix(name)] = value
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def _accept(client, journey, data, **headers):
    return client.post(reverse("narrative_accept", args=[journey.pk]), data, **headers)


def test_a_journey_without_steps_opens_on_the_one_story_box(consumer_client, journey):
    page = consumer_client.get(journey.get_absolute_url()).content.decode()
    assert f'action="{reverse("narrative_propose", args=[journey.pk])}"' in page
    # The box comes before the step form, and it is the only free-text box on the page.
    assert page.index("Tell what happened") < page.index("Or add the steps one by one")
    assert page.count("<textarea") == 2  # the story box, and the step form's private note
    assert 'name="story"' not in page


def test_once_there_are_steps_the_story_box_sits_under_the_log(consumer_client, journey):
    services.step_add(journey=journey, **_step_values())
    page = consumer_client.get(journey.get_absolute_url()).content.decode()
    assert page.index('class="step-list"') < page.index("Tell more in your own words")
    assert "Tell what happened" in page  # the box's label stays the same
    assert 'name="story"' not in page  # no story kept: no second box


def _step_values() -> dict:
    return {
        "kind": "hold",
        "channel": "phone",
        "occurred_on": timezone.localdate(),
        "minutes": 5,
        "repeats": 0,
        "note": "",
    }


def test_the_new_journey_form_has_the_same_box_and_no_story_field(consumer_client):
    page = consumer_client.get(reverse("journey_create")).content.decode()
    assert 'name="narrative"' in page and "Tell what happened" in page
    assert 'name="story"' not in page and 'name="story_consent"' not in page


def test_telling_it_on_the_new_journey_form_proposes_its_steps_at_once(
    consumer_client, consumer, airline
):
    response = consumer_client.post(
        reverse("journey_create"),
        {
            "company_name": "AirlineGo",
            "company_id": airline.pk,
            "goal": "refund",
            "started_on": timezone.localdate().isoformat(),
            "status": "unresolved",
            "narrative": NARRATIVE,
        },
    )
    assert response.status_code == 200
    journey = Journey.objects.get(owner=consumer)
    # Told as unresolved, with no closing step in the words: the closing step is proposed too.
    proposed = [form.initial["kind"] for form in response.context["formset"].forms]
    assert proposed == [*PROPOSED, "closed_unresolved"]
    page = response.content.decode()
    assert f'action="{reverse("narrative_accept", args=[journey.pk])}"' in page
    assert "May this text also be your public story?" in page
    assert journey.story == "" and journey.steps.count() == 0  # nothing kept before consent


def test_a_bad_new_journey_keeps_what_was_told(consumer_client, consumer):
    response = consumer_client.post(reverse("journey_create"), {"narrative": NARRATIVE})
    assert response.status_code == 400
    assert NARRATIVE in response.content.decode()
    assert not Journey.objects.filter(owner=consumer).exists()


def test_the_proposal_shows_the_text_redacted_under_the_consent_question(consumer_client, journey):
    text = NARRATIVE + " Mail me op piet@example.nl."
    page = _propose(consumer_client, journey, text).content.decode()
    question = page[page.index("May this text also be your public story?") :]
    assert 'data-kind="email"' in question  # the address hidden in the preview
    assert 'name="story_consent"' in question


def test_with_consent_the_text_is_kept_as_the_story(consumer_client, journey):
    data = _answers(_propose(consumer_client, journey)) | {"story_consent": "on"}
    response = _accept(consumer_client, journey, data, follow=True)
    assert "Your text is kept as your story" in response.content.decode()
    journey.refresh_from_db()
    assert journey.steps.count() == len(PROPOSED)
    assert (journey.story, journey.story_consent) == (NARRATIVE, True)


def test_without_consent_the_steps_are_added_and_no_word_is_kept(consumer_client, journey):
    canary = "KANARIE-ZONDER-INSTEMMING"
    proposal = _propose(consumer_client, journey, f"{canary}. {NARRATIVE}")
    _accept(consumer_client, journey, _answers(proposal))
    journey.refresh_from_db()
    assert journey.steps.count() == len(PROPOSED)
    assert (journey.story, journey.story_consent) == ("", False)
    assert _tables_containing(canary) == []


def test_consent_alone_keeps_the_story_without_steps(consumer_client, journey):
    data = _answers(_propose(consumer_client, journey))
    data = {key: value for key, value in data.items() if not key.endswith("-accept")}
    _accept(consumer_client, journey, data | {"story_consent": "on"})
    journey.refresh_from_db()
    assert journey.steps.count() == 0 and journey.story == NARRATIVE


def test_a_narrative_becomes_proposed_steps_with_their_words_marked(consumer_client, journey):
    response = _propose(consumer_client, journey)
    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert [form.initial["kind"] for form in forms] == PROPOSED
    page = response.content.decode()
    assert '<span class="part-label">2</span>drie kwartier in de wacht</mark>' in page
    assert (
        '<span class="part-label">5</span>boekingsnummer moest ik vier keer invullen</mark>' in page
    )
    # As a new step would: the journey's first day, since it has no steps yet.
    assert all(form["occurred_on"].value() == journey.started_on for form in forms)
    assert forms[1]["minutes"].value() == 45
    assert forms[4]["repeats"].value() == 3
    assert journey.steps.count() == 0  # proposing saves nothing


@pytest.mark.parametrize("status", [Journey.Status.UNRESOLVED, Journey.Status.ABANDONED])
def test_a_journey_that_ended_unsolved_gets_its_closing_step_proposed(
    consumer_client, journey, status
):
    journey.status = status
    journey.save()
    response = _propose(consumer_client, journey)
    forms = response.context["formset"].forms
    assert [form.initial["kind"] for form in forms] == [*PROPOSED, "closed_unresolved"]
    # In writing, with the status as its source instead of words, and unticked: the consumer
    # says whether the case was closed.
    closing = forms[-1].initial
    assert (closing["channel"], closing["spans"], closing["accept"]) == ("email", "", False)
    assert all(form.initial["accept"] for form in forms[:-1])
    page = response.content.decode()
    label = "Unresolved" if status == Journey.Status.UNRESOLVED else "Abandoned"
    assert f"From your journey's status: {label}" in page
    _accept(consumer_client, journey, _answers(response))  # every step ticked
    assert list(journey.steps.values_list("kind", flat=True)) == [*PROPOSED, "closed_unresolved"]
    journey.refresh_from_db()
    assert journey.closed_unresolved


def test_no_closing_step_is_proposed_when_one_is_told_or_logged_or_the_journey_is_open(
    consumer_client, journey
):
    told = NARRATIVE + " Uiteindelijk stapte ik naar de Geschillencommissie."
    journey.status = Journey.Status.ABANDONED
    journey.save()
    kinds = [f.initial["kind"] for f in _propose(consumer_client, journey, told).context["formset"]]
    assert kinds == [*PROPOSED, "escalated"]
    StepFactory(journey=journey, kind="closed_unresolved", channel="email", minutes=0)
    kinds = [f.initial["kind"] for f in _propose(consumer_client, journey).context["formset"]]
    assert kinds == PROPOSED
    journey.steps.all().delete()
    journey.status = Journey.Status.OPEN
    journey.save()
    kinds = [f.initial["kind"] for f in _propose(consumer_client, journey).context["formset"]]
    assert kinds == PROPOSED


def test_only_the_accepted_steps_are_added_as_edited_in_order(consumer_client, journey):
    proposal = _propose(consumer_client, journey)
    data = _answers(proposal, **{"step-2-accept": None, "step-1-minutes": "50"})
    response = _accept(consumer_client, journey, data)
    assert response.status_code == 302
    assert response["Location"] == journey.get_absolute_url()
    journey.refresh_from_db()
    steps = list(journey.steps.values_list("kind", "channel", "minutes", "repeats", "position"))
    assert steps == [
        ("create_account", "web_form", 0, 0, 1),
        ("hold", "phone", 50, 0, 2),
        ("disconnected", "phone", 0, 0, 3),
        ("repeat_info", "web_form", 0, 3, 4),
    ]
    assert journey.step_count == 4 and journey.score > 0
    page = consumer_client.get(journey.get_absolute_url()).content.decode()
    assert "4 steps added." in page


def test_new_steps_start_on_the_last_steps_day(consumer_client, journey):
    later = journey.started_on + datetime.timedelta(days=3)
    services.step_add(
        journey=journey, kind="hold", channel="phone", occurred_on=later, minutes=5, repeats=0
    )
    proposal = _propose(consumer_client, journey, "Daarna hing hij op.")
    assert proposal.context["formset"].forms[0]["occurred_on"].value() == later
    _accept(consumer_client, journey, _answers(proposal))
    assert list(journey.steps.values_list("kind", "occurred_on")) == [
        ("hold", later),
        ("disconnected", later),
    ]


def test_htmx_swaps_the_proposal_in_and_reloads_the_journey_after_adding(
    consumer_client, journey, htmx
):
    proposal = _propose(consumer_client, journey, **htmx)
    page = proposal.content.decode()
    assert "<html" not in page
    assert page.lstrip().startswith('<section class="card narrative" id="narrative"')
    response = _accept(consumer_client, journey, _answers(proposal), **htmx)
    assert response["HX-Redirect"] == journey.get_absolute_url()
    assert journey.steps.count() == len(PROPOSED)


def test_a_bad_step_is_shown_again_with_its_words_and_nothing_is_added(consumer_client, journey):
    proposal = _propose(consumer_client, journey)
    before_start = (journey.started_on - datetime.timedelta(days=1)).isoformat()
    data = _answers(proposal, **{"step-1-occurred_on": before_start, "step-1-minutes": "-5"})
    response = _accept(consumer_client, journey, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This step cannot come before the journey started" in page
    assert "Minutes must be between 0 and 10,000." in page
    assert "drie kwartier in de wacht</mark>" in page  # the words are still there
    assert response.context["formset"].forms[1]["minutes"].value() == "-5"  # as typed
    assert journey.steps.count() == 0


@pytest.mark.parametrize("spans", ["²-5", "0-١٢", "5-2", "-1-3", "x", "0-99999999999999999999"])
def test_tampered_word_offsets_are_ignored_when_a_bad_step_is_shown_again(
    consumer_client, journey, spans
):
    data = _answers(_propose(consumer_client, journey))
    response = _accept(
        consumer_client, journey, data | {"step-0-minutes": "-5", "step-0-spans": spans}
    )
    assert response.status_code == 400
    assert journey.steps.count() == 0


def test_a_bad_step_that_is_left_out_does_not_hold_up_the_others(consumer_client, journey):
    proposal = _propose(consumer_client, journey)
    data = _answers(proposal, **{"step-1-minutes": "-5", "step-1-accept": None})
    assert _accept(consumer_client, journey, data).status_code == 302
    assert "hold" not in journey.steps.values_list("kind", flat=True)
    assert journey.steps.count() == len(PROPOSED) - 1


def test_an_empty_narrative_gets_a_clear_error(consumer_client, journey):
    response = _propose(consumer_client, journey, "   ")
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_a_narrative_without_steps_says_so_and_keeps_the_text(consumer_client, journey):
    response = _propose(consumer_client, journey, "Mooi weer vandaag.")
    assert response.status_code == 200
    page = response.content.decode()
    assert "We found no steps in what you wrote." in page
    assert ">Mooi weer vandaag.</textarea>" in page


def test_a_narrative_longer_than_allowed_is_refused(consumer_client, journey):
    response = _propose(consumer_client, journey, "in de wacht " * 500)
    assert response.status_code == 400
    assert "Ensure this value has at most 5000 characters" in response.content.decode()


def test_leaving_out_every_step_adds_nothing_and_stores_no_word_of_the_narrative(
    consumer_client, journey
):
    canary = "KANARIE-VERHAAL-6612"
    text = f"{canary}: ik hing 40 minuten in de wacht en toen werd ik doorverbonden."
    proposal = _propose(consumer_client, journey, text)
    assert canary in proposal.content.decode()  # shown back to its writer, and only there
    data = _answers(proposal)
    data = {key: value for key, value in data.items() if not key.endswith("-accept")}
    response = _accept(consumer_client, journey, data, follow=True)
    assert "You left out every step: nothing was added." in response.content.decode()
    assert journey.steps.count() == 0
    assert _tables_containing(canary) == []


def _tables_containing(needle: str) -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            if any(needle in str(value) for row in cursor.fetchall() for value in row):
                found.append(table)
    # Session data is encoded: read it decoded.
    if any(needle in str(session.get_decoded()) for session in Session.objects.all()):
        found.append("session data")
    return found


def test_without_consent_no_word_is_kept_anywhere_on_any_path(
    consumer_client, consumer, airline, journey, caplog
):
    """Told on the new-journey form and never accepted, steps added without consent, and a bad
    step shown again: the words are in no table, session, cache entry or log line."""
    canary = "KANARIE-ZONDER-TOESTEMMING-3391"
    text = f"{canary} 06-12345678. Ik hing 40 minuten in de wacht en toen werd ik doorverbonden."
    caplog.set_level(logging.DEBUG)
    new_journey = {
        "company_name": "AirlineGo",
        "company_id": airline.pk,
        "goal": "refund",
        "started_on": timezone.localdate().isoformat(),
        "status": "unresolved",
        "narrative": text,
    }
    assert consumer_client.post(reverse("journey_create"), new_journey).status_code == 200
    data = _answers(_propose(consumer_client, journey, text))
    assert _accept(consumer_client, journey, data | {"step-0-minutes": "-5"}).status_code == 400
    assert _accept(consumer_client, journey, data, follow=True).status_code == 200
    assert journey.steps.count() == 2
    assert _tables_containing(canary) == []
    cached = [value for alias in settings.CACHES for value in _cached_values(alias)]
    assert [value for value in cached if canary.encode() in value] == []
    logged = [
        record.name
        for record in caplog.records
        if canary in record.getMessage() or canary in repr(record.__dict__)
    ]
    assert logged == []


def _cached_values(alias: str) -> list[bytes]:
    """Every value a cache holds (pickled): a local-memory cache's, or the app's keys in Redis."""
    backend = caches[alias]
    store = getattr(backend, "_cache", None)
    if isinstance(store, dict):
        return list(store.values())
    if hasattr(store, "get_client"):
        client = store.get_client(None)
        values = (client.get(key) for key in client.scan_iter(match=backend.make_key("*")))
        return [value for value in values if value is not None]
    return []


def test_a_consented_narrative_on_a_published_journey_is_never_public_unredacted(
    consumer_client, consumer, moderator, journey
):
    StepFactory(journey=journey, position=1)
    services.journey_submit(journey=journey, user=consumer)
    moderation.journey_approve(journey=journey, moderator=moderator)
    text = f"{NARRATIVE} Bel Jan de Vries op 06-12345678 of mail jan@voorbeeld.nl."
    data = _answers(_propose(consumer_client, journey, text)) | {"story_consent": "on"}
    _accept(consumer_client, journey, data)
    journey.refresh_from_db()
    assert journey.story == text
    for leak in ("06-12345678", "jan@voorbeeld.nl"):
        assert leak not in journey.story_redacted
    # The new text waits for a moderator before anyone reads it.
    assert journey.moderation_state == Journey.Moderation.PENDING
    assert not Journey.objects.public_stories().filter(pk=journey.pk).exists()
    company_page = consumer_client.get(journey.company.get_absolute_url()).content.decode()
    assert "doorverbonden" not in company_page


def test_an_error_report_of_either_request_would_hide_the_narrative(consumer_client, journey):
    proposal = _propose(consumer_client, journey)
    accepted = _accept(consumer_client, journey, _answers(proposal))
    for response in (proposal, accepted):
        shown = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
        assert shown["narrative"] == SafeExceptionReporterFilter.cleansed_substitute


def test_another_users_journey_is_a_404_and_gets_no_steps(client, other_consumer, journey):
    client.force_login(other_consumer)
    assert _propose(client, journey).status_code == 404
    data = {"step-TOTAL_FORMS": "1", "step-INITIAL_FORMS": "1", "step-0-accept": "on"}
    data |= {"step-0-kind": "hold", "step-0-channel": "phone"}
    data |= {"step-0-occurred_on": journey.started_on.isoformat()}
    assert _accept(client, journey, data).status_code == 404
    assert journey.steps.count() == 0


def test_a_submitted_journey_goes_back_to_review_with_the_added_steps(consumer_client, journey):
    services.step_add(
        journey=journey, kind="hold", channel="phone", occurred_on=journey.started_on, minutes=5
    )
    services.journey_submit(journey=journey, user=journey.owner)
    Journey.objects.filter(pk=journey.pk).update(moderation_state="changes_requested")
    proposal = _propose(consumer_client, journey, "Toen hing hij op.")
    _accept(consumer_client, journey, _answers(proposal))
    journey.refresh_from_db()
    assert journey.moderation_state == "pending"
    assert journey.step_count == 2


def test_the_proposal_page_is_in_dutch(consumer_client, journey):
    response = _propose(consumer_client, journey, HTTP_ACCEPT_LANGUAGE="nl")
    page = response.content.decode()
    assert "Vertel het in je eigen woorden" in page
    assert "In de wacht" in page  # the kind's Dutch label


def test_proposing_runs_a_constant_number_of_queries(
    consumer_client, journey, django_assert_max_num_queries
):
    long_story = " ".join([NARRATIVE] * 6)
    with django_assert_max_num_queries(5):
        response = _propose(consumer_client, journey, long_story)
    assert len(response.context["formset"].forms) == 30  # the most one narrative proposes


def test_adding_costs_a_fixed_number_of_queries_per_step(
    consumer_client, journey, django_assert_max_num_queries
):
    proposal = _propose(consumer_client, journey)
    # Session, user (with their role, for the menu), the journey, the last step's day; then, per step,
    # `services.step_add`: its savepoint, the journey's lock, the next position, the insert,
    # the steps to score and the journey's new score.
    with django_assert_max_num_queries(5 + 8 * len(PROPOSED)):
        _accept(consumer_client, journey, _answers(proposal))
    assert journey.steps.count() == len(PROPOSED)
