"""The consumer's own data: printable timeline, download, erasure, consent and review status."""

import datetime
import json
import re

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.urls import reverse
from django.utils import timezone

from journeys import letters, moderation, mydata, services
from journeys.models import (
    Journey,
    Letter,
    ModerationEvent,
    RecomputeRequest,
    Step,
    StoryFlag,
    User,
)

from .factories import CompanyFactory, JourneyFactory, ModeratorFactory, StepFactory

PASSWORD = "correct-horse-battery"
STORY = "Mijn boekingsnummer is KL-4471829. Bel me op 06-12345678 of mail naar anna@voorbeeld.nl."


@pytest.fixture
def journey(consumer, airline):
    made = JourneyFactory(
        owner=consumer,
        company=airline,
        story=STORY,
        story_consent=True,
        started_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    StepFactory(
        journey=made,
        position=1,
        kind="hold",
        channel="phone",
        minutes=45,
        note="private: spoke to Ingrid",
    )
    StepFactory(
        journey=made,
        position=2,
        kind="repeat_info",
        channel="email",
        minutes=5,
        repeats=3,
        occurred_on=made.started_on + datetime.timedelta(days=4),
    )
    services.step_add(
        journey=made,
        kind="closed_unresolved",
        channel="email",
        occurred_on=made.started_on + datetime.timedelta(days=6),
        minutes=0,
        repeats=0,
        note="",
    )
    services.journey_submit(journey=made, user=consumer)
    made.refresh_from_db()
    return made


def test_timeline_is_a_print_page_with_steps_totals_and_score(
    consumer_client, journey, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = consumer_client.get(reverse("journey_timeline", args=[journey.pk]))
    body = response.content.decode()
    assert "css/print.css" in body
    assert "AirlineGo" in body
    assert journey.started_on.strftime("%d-%m-%Y") in body
    assert "Wait on hold" in body and "Phone" in body and ">45<" in body
    assert "private: spoke to Ingrid" in body  # their own evidence, notes included
    assert f">{journey.minutes_total}<" in body and ">50<" in body
    assert f"{journey.score:.0f}/100" in body
    assert "7 days" in body


def test_timeline_counts_repetitions_as_the_score_does(consumer_client, consumer, airline):
    made = JourneyFactory(owner=consumer, company=airline)
    # Logged before the form required a count: the step itself is one repetition to the score.
    services.step_add(
        journey=made,
        kind="repeat_info",
        channel="phone",
        occurred_on=made.started_on,
        minutes=3,
        repeats=0,
        note="",
    )
    made.refresh_from_db()
    assert made.repetitions == 1
    body = consumer_client.get(reverse("journey_timeline", args=[made.pk])).content.decode()
    cells = re.findall(r'<td class="num"[^>]*>(\d+)</td>', body)
    assert cells == ["3", "1", "3", "1"]  # the step's minutes and repetitions, then the totals
    assert ">1×<" in body


def test_someone_elses_timeline_is_a_404(client, other_consumer, journey):
    client.force_login(other_consumer)
    assert client.get(reverse("journey_timeline", args=[journey.pk])).status_code == 404


def test_data_download_holds_all_of_my_data(consumer_client, consumer, journey):
    approved = moderation.journey_approve(journey=journey, moderator=ModeratorFactory())
    other = JourneyFactory(story="A public tale", story_consent=True)
    other.story_redacted = "A public tale"
    other.moderation_state = "approved"
    other.save()
    moderation.flag_create(journey=other, reporter=consumer, reason="false", note="made up")
    response = consumer_client.get(reverse("data_download"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == consumer.email
    (mine,) = data["journeys"]
    assert mine["story"] == STORY and mine["story_consent"] is True
    assert "[e-mail]" in mine["story_redacted"]
    assert mine["moderation_state"] == "approved"
    assert mine["company"]["name"] == "AirlineGo"
    assert [s["kind"] for s in mine["steps"]] == ["hold", "repeat_info", "closed_unresolved"]
    assert mine["steps"][0]["note"] == "private: spoke to Ingrid"
    assert [e["action"] for e in mine["review_history"]] == ["auto_redact", "approve"]
    assert data["story_reports"] == [
        {
            "journey": other.pk,
            "reason": "false",
            "note": "made up",
            "status": "open",
            "created_at": data["story_reports"][0]["created_at"],
        }
    ]
    assert approved.score == pytest.approx(mine["score"])


def test_data_download_needs_log_in(client, db):
    response = client.get(reverse("data_download"))
    assert response.status_code == 302


def _all_text_in_database() -> str:
    """Every text-like value of every row of every table, to prove something is gone."""
    chunks = []
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(
                f, models.CharField | models.TextField | models.JSONField | models.EmailField
            )
        ]
        if fields:
            for row in model._base_manager.values_list(*fields):
                chunks.append(repr(row))
    for session in Session.objects.all():
        chunks.append(repr(session.get_decoded()))
    return "\n".join(chunks)


def test_erasure_leaves_no_personal_data_and_requests_recompute(
    client, consumer, journey, moderator
):
    approved = moderation.journey_approve(journey=journey, moderator=moderator)
    moderation.story_redact(
        journey=approved, moderator=moderator, phrase="Mijn", note="about KL-4471829"
    )
    other = JourneyFactory(story_consent=True, moderation_state="approved", story_redacted="ok")
    moderation.flag_create(journey=other, reporter=consumer, reason="spam", note="anna wrote this")
    suggestion = CompanyFactory(status="pending", suggested_by=consumer, name="Suggested BV")
    client.force_login(consumer)
    other_client_session = Session.objects.count()
    assert other_client_session >= 1
    RecomputeRequest.objects.all().delete()
    events_before = ModerationEvent.objects.count()

    response = client.post(
        reverse("account_delete"), {"password": PASSWORD, "confirm": "on"}, follow=True
    )

    assert "Your account and all your journeys are deleted" in response.content.decode()
    assert not User.objects.filter(pk=consumer.pk).exists()
    assert not Journey.objects.filter(pk=journey.pk).exists()
    assert not Step.objects.filter(journey_id=journey.pk).exists()
    assert not StoryFlag.objects.filter(note="anna wrote this").exists()
    assert not Session.objects.filter(session_key=client.session.session_key).exists()
    everything = _all_text_in_database()
    for secret in (
        consumer.email,
        "KL-4471829",
        "06-12345678",
        "anna@voorbeeld.nl",
        "Ingrid",
        "anna wrote this",
        "Mijn boekingsnummer",
    ):
        assert secret not in everything, secret
    # The audit log keeps what moderators did, not whom it was about.
    assert ModerationEvent.objects.count() == events_before
    assert not ModerationEvent.objects.filter(journey_id=journey.pk).exists()
    assert ModerationEvent.objects.filter(action="approve", company=journey.company).exists()
    assert RecomputeRequest.objects.filter(company=journey.company).exists()
    suggestion.refresh_from_db()
    assert suggestion.suggested_by is None


def test_erasure_needs_the_password_and_the_checkbox(consumer_client, consumer, journey):
    response = consumer_client.post(
        reverse("account_delete"), {"password": "wrong", "confirm": "on"}
    )
    assert response.status_code == 400
    assert "This password is not correct." in response.content.decode()
    response = consumer_client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 400
    assert User.objects.filter(pk=consumer.pk).exists()
    assert Journey.objects.filter(pk=journey.pk).exists()


def test_withdrawing_consent_removes_the_story_from_the_company_page_at_once(
    consumer_client, client, journey
):
    approved = moderation.journey_approve(journey=journey, moderator=ModeratorFactory())
    page = reverse("company_detail", args=[approved.company.slug])
    assert "[boekingsnummer]" in client.get(page).content.decode() or "[e-mail]" in (
        client.get(page).content.decode()
    )
    response = consumer_client.post(reverse("consent_withdraw", args=[journey.pk]), follow=True)
    assert "no longer shown publicly" in response.content.decode()
    journey.refresh_from_db()
    assert journey.story_consent is False and journey.moderation_state == "approved"
    assert approved.story_redacted[:20] not in client.get(page).content.decode()
    assert ModerationEvent.objects.filter(journey=journey, action="consent_withdraw").exists()


def test_withdrawing_consent_leaves_the_figures_alone_and_queues_no_recompute(
    consumer_client, client, journey
):
    approved = moderation.journey_approve(journey=journey, moderator=ModeratorFactory())
    page = reverse("company_detail", args=[approved.company.slug])
    assert approved.story_redacted[:20] in client.get(page).content.decode()
    requests_before = RecomputeRequest.objects.count()
    consumer_client.post(reverse("consent_withdraw", args=[journey.pk]))
    # The story leaves the page without a recompute: the journey still counts in the figures.
    assert approved.story_redacted[:20] not in client.get(page).content.decode()
    assert RecomputeRequest.objects.count() == requests_before


def test_story_without_consent_never_appears_on_the_company_page(client, consumer, airline):
    made = JourneyFactory(owner=consumer, company=airline, story="Unconsented tale of woe")
    StepFactory(journey=made, position=1)
    services.journey_submit(journey=made, user=consumer)
    moderation.journey_approve(journey=made, moderator=ModeratorFactory())
    body = client.get(reverse("company_detail", args=[airline.slug])).content.decode()
    assert "Unconsented tale of woe" not in body


def test_journey_page_shows_review_status_with_constant_queries(
    consumer_client, journey, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        body = consumer_client.get(journey.get_absolute_url()).content.decode()
    assert "Waiting for review since" in body
    assert "3 parts of your story are hidden from the public" in body
    assert "[telefoonnummer]" in body
    assert reverse("journey_timeline", args=[journey.pk]) in body
    assert reverse("data_download") in body


def test_journey_page_shows_the_review_history_only_once_there_is_one(
    consumer_client, consumer, airline, journey
):
    draft = JourneyFactory(owner=consumer, company=airline)
    body = consumer_client.get(draft.get_absolute_url()).content.decode()
    assert "Review history" not in body
    moderation.journey_request_changes(
        journey=journey, moderator=ModeratorFactory(), reason="implausible", note="Hold of 900 min?"
    )
    body = consumer_client.get(journey.get_absolute_url()).content.decode()
    assert "Review history" in body and "Changes requested" in body
    assert "Steps, dates or minutes do not add up" in body and "Hold of 900 min?" in body


def test_usual_review_time_is_shown_once_there_are_decisions(consumer_client, journey, airline):
    earlier = JourneyFactory(company=airline)
    StepFactory(journey=earlier, position=1)
    services.journey_submit(journey=earlier, user=earlier.owner)
    Journey.objects.filter(pk=earlier.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(hours=30)
    )
    moderation.journey_approve(journey=earlier, moderator=ModeratorFactory())
    body = consumer_client.get(journey.get_absolute_url()).content.decode()
    assert "A review usually takes 30 hours." in body


def test_journey_list_links_to_download_and_delete(consumer_client, journey):
    body = consumer_client.get(reverse("journey_list")).content.decode()
    assert reverse("data_download") in body and reverse("account_delete") in body


def test_deleting_a_journey_keeps_its_audit_entries_without_the_link(consumer, journey):
    moderation.journey_approve(journey=journey, moderator=ModeratorFactory())
    services.journey_delete(journey=Journey.objects.get(pk=journey.pk))
    events = ModerationEvent.objects.filter(action__in=["auto_redact", "approve"])
    assert events.count() == 2
    assert set(events.values_list("journey_id", flat=True)) == {None}


def test_an_erased_moderator_leaves_their_decisions_in_the_log_anonymously(journey):
    moderator = ModeratorFactory(password="x")
    moderation.journey_approve(journey=journey, moderator=moderator)
    mydata.account_erase(user=moderator)
    event = ModerationEvent.objects.get(action="approve")
    assert event.actor_id is None and event.journey_id == journey.pk


def _letter_with_details(journey):
    letter = letters.letter_create(journey=journey, kind="complaint", language="nl")
    letters.letter_update(
        letter=letter,
        sender="Anna Briefschrijver\nKerkstraat 12\n1012 AB Amsterdam",
        body=letter.body + "\nMijn rekening NL91ABNA0417164300.",
    )
    return letters.letter_mark_sent(letter=letter, sent_on=journey.started_on, channel="letter")


def test_data_download_holds_my_letters(consumer_client, journey):
    _letter_with_details(journey)
    data = json.loads(consumer_client.get(reverse("data_download")).content)
    (letter,) = data["journeys"][0]["letters"]
    assert letter["kind"] == "complaint" and letter["language"] == "nl"
    assert letter["sender"].startswith("Anna Briefschrijver")
    assert "NL91ABNA0417164300" in letter["body"]
    assert letter["sent_on"] == journey.started_on.isoformat()
    assert letter["answer_due"] == (journey.started_on + datetime.timedelta(weeks=4)).isoformat()


def test_erasure_deletes_the_letters(client, consumer, journey):
    letter = _letter_with_details(journey)
    client.force_login(consumer)
    client.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "on"})
    assert not Letter.objects.filter(pk=letter.pk).exists()
    everything = _all_text_in_database()
    for secret in ("Anna Briefschrijver", "Kerkstraat 12", "NL91ABNA0417164300"):
        assert secret not in everything, secret


def test_data_download_holds_my_statements_of_reasons_and_appeals(
    consumer_client, consumer, journey, moderator
):
    moderation.journey_reject(journey=journey, moderator=moderator, reason="spam", note="Reclame.")
    moderation.appeal_create(statement=journey.statements.get(), text="Het is geen reclame.")
    data = json.loads(consumer_client.get(reverse("data_download")).content)
    [statement] = data["statements_of_reasons"]
    assert (statement["decision"], statement["ground"], statement["journey"]) == (
        "reject",
        "spam",
        journey.pk,
    )
    assert statement["appeal"]["text"] == "Het is geen reclame."
    assert statement["appeal"]["outcome"] == ""


def test_erasure_deletes_my_statements_and_appeals_and_keeps_the_log(
    client, consumer, journey, moderator
):
    moderation.journey_reject(journey=journey, moderator=moderator, reason="spam")
    moderation.appeal_create(statement=journey.statements.get(), text="Onterecht.")
    mydata.account_erase(user=consumer)
    assert not apps.get_model("journeys", "Statement").objects.exists()
    assert not apps.get_model("journeys", "Appeal").objects.exists()
    assert ModerationEvent.objects.filter(action="reject", journey=None).count() == 1
