"""The next step per sector and goal: the journey page names the right body, its deadlines and
its sources, in Dutch and English, and the route moves on with the letters' answers."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from journeys import letters, routes
from journeys.models import Letter

from .factories import CompanyFactory, JourneyFactory, StepFactory

TODAY = timezone.localdate()
START = TODAY - datetime.timedelta(days=120)

# sector, dispute body set by a moderator, goal -> what the page must say before any letter.
CASES = {
    "energy": {
        "company": {"name": "StroomSlim", "sector": "energy"},
        "goal": "billing_error",
        "en": ["Write a complaint to the company", "4 weeks", "De Geschillencommissie"],
        "nl": ["Schrijf het bedrijf een klacht", "4 weken", "De Geschillencommissie"],
        "sources": [routes.GC_PROCEDURE.url, routes.GC_CONSUMENTENBOND.url, routes.BW_6_82.url],
        "caveat": True,
    },
    "bank": {
        "company": {"name": "SpaarWijs Bank", "sector": "bank"},
        "goal": "account_blocked",
        "en": ["Complain through the company's own complaint procedure", "8 weeks", "Kifid"],
        "nl": ["Klaag via de eigen klachtenprocedure van het bedrijf", "8 weken", "Kifid"],
        "sources": [routes.KIFID_FAQ.url, routes.KIFID_CONSUMENTENBOND.url],
        "caveat": False,
    },
    "government": {
        "company": {"name": "Belastingkantoor", "sector": "government"},
        "goal": "question",
        "en": ["Use the body's own complaint procedure", "6 weeks", "Nationale ombudsman"],
        "nl": ["Gebruik de eigen klachtenprocedure van de instantie", "6 weken", "ombudsman"],
        "sources": [routes.AWB_9_11.url, routes.OMBUDSMAN_RIJKSOVERHEID.url],
        "caveat": False,
    },
    "airline": {
        "company": {"name": "AirlineGo", "sector": "travel", "dispute_body": "air_passenger"},
        "goal": "refund",
        "en": ["Claim in writing from the airline", "2 months", "ILT"],
        "nl": ["Eis schriftelijk van de luchtvaartmaatschappij", "2 maanden", "ILT"],
        "sources": [routes.ILT_COMPLIANCE.url, routes.ILT_CANCELLATION.url, routes.BW_6_82.url],
        "caveat": False,
    },
}


@pytest.fixture
def journey_at(consumer):
    def make(case: str):
        spec = CASES[case]
        company = CompanyFactory(**spec["company"])
        journey = JourneyFactory(
            owner=consumer, company=company, goal=spec["goal"], started_on=START
        )
        StepFactory(journey=journey, position=1, kind="human", channel="phone")
        return journey

    return make


def _page(client, journey, language: str) -> str:
    response = client.get(journey.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_the_journey_page_names_the_next_step_its_deadline_and_sources(
    consumer_client, journey_at, settings, case, language
):
    settings.LANGUAGE_CODE = language
    journey = journey_at(case)
    body = _page(consumer_client, journey, language)
    route = body[body.index('id="route"') :]
    for phrase in CASES[case][language]:
        assert phrase in route, phrase
    for url in CASES[case]["sources"]:
        assert f'href="{url}"' in route, url
    assert routes.CONSUWIJZER.url in route  # free advice on every route
    caveat = "Geschillencommissie" in route and ("affiliated" in route or "aangesloten" in route)
    assert caveat == CASES[case]["caveat"]
    assert reverse("letter_new", args=[journey.pk]) + "?kind=complaint" in route


def test_free_bodies_say_so(consumer_client, journey_at):
    journey = journey_at("bank")
    _sent(journey, "complaint", START, "rejected", TODAY)
    page = _page(consumer_client, journey, "en")
    assert 'Take it to Kifid <span class="badge">free</span>' in page


def test_a_moderator_set_body_wins_over_the_sector(db):
    company = CompanyFactory(sector="travel")
    assert routes.route_for(company).body == "geschillencommissie"
    company.dispute_body = "air_passenger"
    assert routes.route_for(company).body == "air_passenger"
    assert routes.route_for(CompanyFactory(sector="health_insurer")).body == "skgz"


def _sent(journey, kind, sent_on, outcome="", outcome_on=None):
    letter = letters.letter_create(journey=journey, kind=kind, language="en")
    letter = letters.letter_mark_sent(letter=letter, sent_on=sent_on, channel="letter")
    if outcome:
        letters.letter_record_answer(letter=letter, outcome=outcome, outcome_on=outcome_on)
    return letter


def test_energy_route_waits_four_weeks_then_notice_of_default_then_the_commission(
    consumer_client, journey_at
):
    journey = journey_at("energy")
    sent_on = START + datetime.timedelta(days=10)
    complaint = _sent(journey, "complaint", sent_on)
    assert complaint.answer_due == sent_on + datetime.timedelta(weeks=4)
    route = _page(consumer_client, journey, "en")
    assert complaint.answer_due.strftime("%-d %B %Y") in route
    assert "The answer from StroomSlim was due on" in route  # its day has passed
    assert reverse("letter_calendar", args=[journey.pk, complaint.pk]) in route

    letters.letter_record_answer(
        letter=complaint, outcome=Letter.Outcome.SILENT, outcome_on=complaint.answer_due
    )
    route = _page(consumer_client, journey, "en")
    assert "Send a notice of default" in route and "14 days" in route
    assert "?kind=default_notice" in route

    notice = _sent(journey, "default_notice", complaint.answer_due, "rejected", TODAY)
    assert notice.answer_due == complaint.answer_due + datetime.timedelta(days=14)
    place = routes.position(journey, list(journey.letters.all()))
    assert place.stage.key == "geschillencommissie"
    # Within a year of the written complaint to the company.
    assert place.filing_by == datetime.date(sent_on.year + 1, sent_on.month, sent_on.day)
    route = _page(consumer_client, journey, "en")
    assert "Take it to De Geschillencommissie" in route
    assert place.filing_by.strftime("%-d %B %Y") in route


def test_kifid_filing_is_three_months_after_rejection_or_a_year_after_the_first_complaint(
    journey_at,
):
    journey = journey_at("bank")
    first = START
    complaint = _sent(journey, "complaint", first)
    assert complaint.answer_due == first + datetime.timedelta(weeks=8)
    # Rejected late: three months from the rejection is the later date.
    late = first + datetime.timedelta(days=300)
    letters.letter_record_answer(letter=complaint, outcome="rejected", outcome_on=late)
    place = routes.position(journey, list(journey.letters.all()))
    assert place.stage.key == "kifid"
    assert place.filing_by == routes.Period(months=3).after(late)
    # Rejected early: a year from the first complaint is the later date.
    letters.letter_record_answer(
        letter=complaint, outcome="rejected", outcome_on=first + datetime.timedelta(days=20)
    )
    place = routes.position(journey, list(journey.letters.all()))
    assert place.filing_by == routes.Period(months=12).after(first)


def test_health_insurer_route_goes_to_the_skgz_within_a_year_of_the_decision(journey_at):
    journey = journey_at("government")
    journey.company.sector = "health_insurer"
    journey.company.save()
    complaint = _sent(journey, "complaint", START)
    assert complaint.answer_due == START + datetime.timedelta(weeks=4)
    decided = START + datetime.timedelta(days=20)
    letters.letter_record_answer(letter=complaint, outcome="rejected", outcome_on=decided)
    place = routes.position(journey, list(journey.letters.all()))
    assert place.stage.key == "skgz" and routes.SKGZ_FAQ in place.stage.sources
    assert place.filing_by == routes.Period(months=12).after(decided)
    assert "SKGZ" in letters.draft(journey, [], [], kind="complaint", language="en").body


def test_government_route_goes_to_the_ombudsman_within_a_year_of_the_answer(journey_at):
    journey = journey_at("government")
    complaint = _sent(journey, "complaint", START)
    assert complaint.answer_due == START + datetime.timedelta(weeks=6)
    answered = START + datetime.timedelta(days=30)
    letters.letter_record_answer(letter=complaint, outcome="rejected", outcome_on=answered)
    place = routes.position(journey, list(journey.letters.all()))
    assert place.stage.key == "ombudsman"
    assert place.filing_by == routes.Period(months=12).after(answered)


def test_airline_route_reports_to_the_ilt_within_a_year_of_the_flight(journey_at):
    journey = journey_at("airline")
    complaint = _sent(journey, "complaint", START + datetime.timedelta(days=1))
    assert complaint.answer_due == routes.Period(months=2).after(complaint.sent_on)
    letters.letter_record_answer(letter=complaint, outcome="silent", outcome_on=TODAY)
    _sent(journey, "default_notice", TODAY, "rejected", TODAY)
    place = routes.position(journey, list(journey.letters.all()))
    assert place.stage.key == "ilt"
    assert place.filing_by == routes.Period(months=12).after(journey.started_on)


def test_a_solved_complaint_ends_the_route(consumer_client, journey_at):
    journey = journey_at("bank")
    _sent(journey, "complaint", START, "resolved", TODAY)
    assert routes.position(journey, list(journey.letters.all())).done
    assert "The company solved it" in _page(consumer_client, journey, "en")


def test_a_case_filed_with_the_dispute_body_waits_for_its_decision(consumer_client, journey_at):
    journey = journey_at("bank")
    _sent(journey, "complaint", START, "rejected", START + datetime.timedelta(days=30))
    cover = _sent(journey, "dispute_cover", START + datetime.timedelta(days=40))
    assert cover.answer_due is None  # Kifid keeps its own timetable: no reminder
    place = routes.position(journey, list(journey.letters.all()))
    assert (place.stage, place.filed) == (None, cover)
    page = _page(consumer_client, journey, "en")
    assert "You took your case to Kifid" in page
    assert "?kind=dispute_cover" not in page
    letters.letter_record_answer(letter=cover, outcome="resolved", outcome_on=TODAY)
    assert routes.position(journey, list(journey.letters.all())).done


@pytest.mark.parametrize("body", [b for b in routes.ROUTES])
def test_the_journey_page_answers_for_every_letter_kind_on_every_route(
    consumer_client, consumer, body
):
    """A letter kind outside the route (reachable by ?kind=) still leaves a page that works."""
    company = CompanyFactory(name="Elk", sector="other", dispute_body=body)
    for kind in Letter.Kind.values:
        journey = JourneyFactory(owner=consumer, company=company, started_on=START)
        StepFactory(journey=journey, position=1, kind="human", channel="phone")
        letter = letters.letter_create(journey=journey, kind=kind, language="nl")
        letters.letter_mark_sent(letter=letter, sent_on=START, channel="letter")
        page = _page(consumer_client, journey, "nl")
        assert 'id="route"' in page, (body, kind)
