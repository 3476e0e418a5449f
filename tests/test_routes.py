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
    "health": {
        "company": {"name": "ZorgZeker", "sector": "health_insurer"},
        "goal": "refund",
        "en": ["Ask the insurer to reconsider", "6 weeks", "SKGZ"],
        "nl": ["Vraag de verzekeraar om heroverweging", "6 weken", "SKGZ"],
        "sources": [routes.SKGZ_TIPS.url, routes.SKGZ_FAQ.url],
        "caveat": False,
    },
    "government": {
        "company": {"name": "Belastingkantoor", "sector": "government"},
        "goal": "question",
        "en": ["A decision? Object within six weeks", "6 weeks after the day your letter is"],
        "nl": ["Een besluit? Maak binnen zes weken bezwaar", "6 weken na de dag"],
        "sources": [routes.AWB_OBJECTION.url, routes.AWB_9_11.url, routes.OMBUDSMAN_PROCEDURE.url],
        "caveat": False,
    },
    "airline": {
        "company": {"name": "AirlineGo", "sector": "travel", "dispute_body": "air_passenger"},
        "goal": "refund",
        "en": ["Claim in writing from the airline", "2 months", "Optional: report the airline"],
        "nl": ["Eis schriftelijk van de luchtvaartmaatschappij", "2 maanden", "ILT"],
        "sources": [routes.ILT_COMPLIANCE.url, routes.REG_261.url, routes.SMALL_CLAIMS.url],
        "caveat": False,
    },
    "travel": {
        "company": {"name": "ZonReizen", "sector": "travel"},
        "goal": "refund",
        "en": ["Write a complaint to the company", "kantonrechter", "€25,000"],
        "nl": ["Schrijf het bedrijf een klacht", "kantonrechter", "€ 25.000"],
        "sources": [routes.KANTONRECHTER.url, routes.SMALL_CLAIMS.url, routes.BW_6_83.url],
        "caveat": True,
    },
    "public_transport": {
        "company": {"name": "SpoorSnel", "sector": "public_transport"},
        "goal": "refund",
        "en": ["Complain to the carrier's customer service", "Klachtenloket Openbaar Vervoer"],
        "nl": ["Klaag bij de klantenservice van de vervoerder", "Klachtenloket Openbaar Vervoer"],
        "sources": [routes.KLACHTENLOKET_OV.url, routes.OV_TWELVE_MONTHS.url],
        "caveat": True,
    },
    "post": {
        "company": {"name": "PakketPost", "sector": "other", "dispute_body": "post"},
        "goal": "delivery_problem",
        "en": ["Were you the recipient? Complain to the sender", "Geschillencommissie Post"],
        "nl": ["Was je de ontvanger? Klaag bij de afzender", "Geschillencommissie Post"],
        "sources": [routes.CONSUWIJZER_POST.url, routes.GC_POST.url],
        "caveat": False,
    },
    "pension": {
        "company": {"name": "PensioenFonds", "sector": "other", "dispute_body": "pension"},
        "goal": "question",
        "en": ["Use the pension fund's own complaint procedure", "Ombudsman Pensioenen"],
        "nl": ["Gebruik de eigen klachtenprocedure van het pensioenfonds", "Ombudsman Pensioenen"],
        "sources": [routes.KIFID_FAQ.url],
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
    # Free advice on every route, and the line that says this is no legal advice.
    for source in (routes.CONSUWIJZER, routes.JURIDISCH_LOKET, routes.LEGAL_INSURANCE):
        assert f'href="{source.url}"' in route
    assert "not legal advice" in route or "geen juridisch advies" in route
    caveat = "We do not know yet" in route or "We weten nog niet" in route
    assert caveat == CASES[case]["caveat"]
    assert reverse("letter_new", args=[journey.pk]) + "?kind=complaint" in route


def test_free_bodies_say_so(consumer_client, journey_at):
    journey = journey_at("bank")
    _sent(journey, "complaint", START, "rejected", TODAY)
    page = _page(consumer_client, journey, "en")
    assert 'Take it to Kifid <span class="badge">free</span>' in page


def test_a_moderator_set_body_wins_over_the_sector(db):
    company = CompanyFactory(sector="travel")
    assert routes.route_for(company).body == "none"
    company.dispute_body = "air_passenger"
    assert routes.route_for(company).body == "air_passenger"
    assert routes.route_for(CompanyFactory(sector="health_insurer")).body == "skgz"


def test_no_sector_sends_an_airline_to_a_geschillencommissie(db):
    """The Luchtvaart committee stopped on 1 January 2012 (GC_LUCHTVAART_STOPPED): travel,
    guessed, goes to the court with a word on both kinds of travel company."""
    route = routes.route_for(CompanyFactory(sector="travel"))
    assert route.body == "none" and not route.confirmed
    assert "for a flight there is no dispute body" in str(route.caveat)
    assert "1 January 2012" in str(routes.ILT_REPORT.explanation)
    assert routes.GC_LUCHTVAART_STOPPED in routes.ILT_REPORT.sources


# Every period in the route table, with the source that names it.
PERIODS = [
    (routes.COMPLAINT_4_WEEKS, "answer", routes.Period(weeks=4), routes.GC_PROCEDURE),
    (routes.GESCHILLENCOMMISSIE, "filing", routes.Period(months=12), routes.GC_CONSUMENTENBOND),
    (routes.KIFID_COMPLAINT, "answer", routes.Period(weeks=8), routes.KIFID_FAQ),
    (routes.KIFID, "filing", routes.Period(months=3), routes.KIFID_CONSUMENTENBOND),
    (routes.HEALTH_COMPLAINT, "answer", routes.Period(weeks=6), routes.SKGZ_TIPS),
    (routes.SKGZ, "filing", routes.Period(months=12), routes.SKGZ_FAQ),
    (routes.GOVERNMENT_COMPLAINT, "answer", routes.Period(weeks=6), routes.AWB_9_11),
    (routes.OMBUDSMAN, "filing", routes.Period(months=12), routes.OMBUDSMAN_RIJKSOVERHEID),
    (routes.AIRLINE_CLAIM, "answer", routes.Period(months=2), routes.ILT_COMPLIANCE),
    (routes.ILT_REPORT, "filing", routes.Period(months=12), routes.ILT_CANCELLATION),
    (routes.AIR_COURT, "filing", routes.Period(months=24), routes.ILT_TWO_YEARS),
    (routes.AIR_COURT, "filing", routes.Period(months=24), routes.BW_8_1835),
    (routes.OV_COMPLAINT, "answer", routes.Period(weeks=4), routes.GC_PROCEDURE),
    (routes.GC_OV, "filing", routes.Period(months=12), routes.OV_TWELVE_MONTHS),
    (routes.POST_COMPLAINT, "answer", routes.Period(weeks=4), routes.GC_PROCEDURE),
    (routes.DEFAULT_NOTICE, "answer", routes.Period(days=14), routes.BW_6_82),
]

# Every amount, and every period said only in words, with the source that names it.
WORDS = [
    (routes.AIRLINE_CLAIM, ("€250, €400 or €600", "art. 7"), routes.REG_261),
    (routes.AIRLINE_CLAIM, ("within seven days", "art. 8"), routes.REG_261),
    (routes.AIRLINE_CLAIM, ("within 7 days", "within 21 days"), routes.EC_LUGGAGE),
    (routes.AIR_COURT, ("two years of the flight",), routes.ILT_TWO_YEARS),
    (routes.AIR_COURT, ("up to €5,000",), routes.SMALL_CLAIMS),
    (routes.COURT, ("up to €25,000", "no lawyer"), routes.KANTONRECHTER),
    (routes.COURT, ("summons", "bailiff"), routes.SUMMONS),
    (routes.COURT, ("court fee",), routes.KANTON_FEE),
    (routes.COURT, ("up to €5,000", "at your own court"), routes.SMALL_CLAIMS),
    (routes.GOVERNMENT_COMPLAINT, ("ten weeks", "by four weeks", "of receiving"), routes.AWB_9_11),
    (routes.OBJECTION_FIRST, ("within six weeks", "art. 6:7 and 6:8"), routes.AWB_OBJECTION),
    (routes.OBJECTION_FIRST, ("does not take matters",), routes.OMBUDSMAN_RIJKSOVERHEID),
    (routes.HEALTH_COMPLAINT, ("within six weeks",), routes.SKGZ_TIPS),
    (routes.SKGZ, ("within a year", "90 days more", "90 days to"), routes.SKGZ_FAQ),
    (routes.KIFID, ("three months", "within a year"), routes.KIFID_CONSUMENTENBOND),
    (routes.ILT_REPORT, ("less than a year ago", "another EU country"), routes.ILT_CANCELLATION),
    (routes.ILT_REPORT, ("recovers no money",), routes.ILT_COMPLIANCE),
    (routes.GESCHILLENCOMMISSIE, ("invoice", "contract", "company's answer"), routes.GC_PROCEDURE),
    (routes.DEFAULT_NOTICE_OPTIONAL, ("does not ask for one",), routes.GC_PROCEDURE),
    (routes.DEFAULT_NOTICE, ("art. 6:83",), routes.BW_6_83),
    (routes.DEFAULT_NOTICE, ("end the contract", "claim damages"), routes.VERZUIM),
    (routes.DEFAULT_NOTICE, ("statutory interest",), routes.BW_6_119),
    (routes.GC_OV, ("12 months",), routes.OV_TWELVE_MONTHS),
    (routes.GC_POSTNL, ("sent it with PostNL",), routes.GC_POST),
    (routes.POST_RECIPIENT, ("complain to the webshop",), routes.CONSUWIJZER_POST),
    (routes.OMBUDSMAN_PENSIOENEN, ("pension fund",), routes.KIFID_FAQ),
]


@pytest.mark.parametrize(("stage", "field", "period", "source"), PERIODS)
def test_every_period_has_its_source(stage, field, period, source):
    assert getattr(stage, field) == period
    assert source in stage.sources


@pytest.mark.parametrize(("stage", "phrases", "source"), WORDS)
def test_every_rule_in_words_has_its_source(stage, phrases, source):
    for phrase in phrases:
        assert phrase in str(stage.explanation), phrase
    assert source in stage.sources


def test_every_stage_of_every_route_cites_a_source():
    stages = [s for _n, route, first in routes.ROUTES.values() for s in (*route, first) if s]
    for stage in [*stages, *routes.ADVICE]:
        assert stage.sources, stage.key
        assert all(s.url.startswith(("http://", "https://")) for s in stage.sources)


def _sent(journey, kind, sent_on, outcome="", outcome_on=None, **extra):
    letter = letters.letter_create(journey=journey, kind=kind, language="en", **extra)
    letter = letters.letter_mark_sent(letter=letter, sent_on=sent_on, channel="letter")
    if outcome:
        letters.letter_record_answer(letter=letter, outcome=outcome, outcome_on=outcome_on)
    return letter


def test_energy_route_waits_four_weeks_then_the_commission_with_an_optional_notice(
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
    place = routes.position(journey, list(journey.letters.all()))
    # The commission is the next step; the notice of default is offered, not required.
    assert place.stage.key == "geschillencommissie"
    assert place.optional.key == "default_notice"
    assert place.filing_by == datetime.date(sent_on.year + 1, sent_on.month, sent_on.day)
    route = _page(consumer_client, journey, "en")
    assert "Take it to De Geschillencommissie" in route
    assert "Optional: a notice of default" in route and "?kind=default_notice" in route
    assert place.filing_by.strftime("%-d %B %Y") in route
    # What the commission asks for, and what only the consumer can add (GC_PROCEDURE).
    assert "Your complaint letter to the company, sent: in this pack" in route
    assert "The invoice: <strong>add it yourself</strong>" in route

    notice = _sent(journey, "default_notice", complaint.answer_due, "rejected", TODAY)
    assert notice.answer_due == complaint.answer_due + datetime.timedelta(days=14)
    place = routes.position(journey, list(journey.letters.all()))
    assert (place.stage.key, place.optional) == ("geschillencommissie", None)


def test_the_court_route_needs_the_notice_and_offers_no_cover_letter(consumer_client, consumer):
    journey = JourneyFactory(owner=consumer, company=CompanyFactory(sector="travel"))
    _sent(journey, "complaint", START, "rejected", START + datetime.timedelta(days=20))
    place = routes.position(journey, list(journey.letters.all()))
    assert place.stage.key == "default_notice" and place.optional is None
    _sent(journey, "default_notice", START + datetime.timedelta(days=21), "silent", TODAY)
    place = routes.position(journey, list(journey.letters.all()))
    assert place.stage.key == "court" and place.stage.letter_kind is None
    page = _page(consumer_client, journey, "en")
    assert "dagvaarding" in page and "?kind=dispute_cover" not in page
    # A court case starts with a summons: no "cover letter to the court" to draft.
    url = reverse("letter_new", args=[journey.pk])
    form = consumer_client.get(url + "?kind=dispute_cover")
    assert 'value="dispute_cover"' not in form.content.decode()
    response = consumer_client.post(url, {"kind": "dispute_cover", "language": "en"})
    assert response.status_code == 400
    assert not journey.letters.filter(kind="dispute_cover").exists()


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
    journey = journey_at("health")
    complaint = _sent(journey, "complaint", START)
    assert complaint.answer_due == START + datetime.timedelta(weeks=6)  # SKGZ_TIPS
    decided = START + datetime.timedelta(days=20)
    letters.letter_record_answer(letter=complaint, outcome="rejected", outcome_on=decided)
    place = routes.position(journey, list(journey.letters.all()))
    assert place.stage.key == "skgz" and routes.SKGZ_FAQ in place.stage.sources
    assert place.filing_by == routes.Period(months=12).after(decided)


def test_government_route_counts_from_receipt_and_goes_to_the_ombudsman(
    consumer_client, journey_at
):
    journey = journey_at("government")
    page = _page(consumer_client, journey, "en")
    # The objection's six weeks come before anything else on the page.
    assert page.index("Object within six weeks") < page.index("Use the body's own complaint")
    letter = letters.letter_create(journey=journey, kind="complaint", language="en")
    received = START + datetime.timedelta(days=4)
    letter = letters.letter_mark_sent(
        letter=letter, sent_on=START, channel="letter", received_on=received
    )
    assert letter.answer_due == received + datetime.timedelta(weeks=6)  # art. 9:11 Awb
    answered = START + datetime.timedelta(days=30)
    letters.letter_record_answer(letter=letter, outcome="rejected", outcome_on=answered)
    place = routes.position(journey, list(journey.letters.all()))
    assert place.stage.key == "ombudsman"
    assert place.filing_by == routes.Period(months=12).after(answered)


def test_airline_deadlines_run_from_the_flight_not_the_journey(consumer_client, journey_at):
    journey = journey_at("airline")
    flight = START + datetime.timedelta(days=5)
    claim = _sent(
        journey, "complaint", START + datetime.timedelta(days=7), flight_on=flight, claim="refund"
    )
    assert claim.answer_due == routes.Period(months=2).after(claim.sent_on)
    letters.letter_record_answer(letter=claim, outcome="silent", outcome_on=TODAY)
    place = routes.position(journey, list(journey.letters.all()))
    # The money at the court within two years; the ILT, optional, within a year.
    assert place.stage.key == "court" and place.stage.letter_kind is None
    assert place.filing_by == routes.Period(months=24).after(flight)
    assert place.optional.key == "ilt" and place.optional.letter_kind is None
    assert place.optional_by == routes.Period(months=12).after(flight)
    assert journey.started_on != flight
    page = _page(consumer_client, journey, "en")
    assert place.filing_by.strftime("%-d %B %Y") in page
    assert place.optional_by.strftime("%-d %B %Y") in page
    assert "recovers no money" in page and "?kind=dispute_cover" not in page
    assert "What a dispute body asks for" not in page  # no dispute body for a flight


def test_public_transport_offers_the_klachtenloket_before_the_committee(journey_at):
    journey = journey_at("public_transport")
    first = START + datetime.timedelta(days=3)
    _sent(journey, "complaint", first, "rejected", START + datetime.timedelta(days=20))
    place = routes.position(journey, list(journey.letters.all()))
    assert (place.stage.key, place.optional.key) == ("geschillencommissie", "klachtenloket")
    assert place.filing_by == routes.Period(months=12).after(first)


def test_post_and_pension_routes(consumer_client, journey_at):
    post = journey_at("post")
    page = _page(consumer_client, post, "en")
    assert page.index("Complain to the sender") < page.index("Write a complaint to the postal")
    pension = journey_at("pension")
    _sent(pension, "complaint", START)
    place = routes.position(pension, list(pension.letters.all()))
    assert place.stage.key == "ombudsman_pensioenen"


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
