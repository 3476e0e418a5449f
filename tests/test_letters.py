"""Letters written from the log: the draft states the journey's facts, the consumer edits it,
records it sent and answered, and downloads it (print, PDF, calendar file, evidence pack)."""

import datetime
import io
import json
import re
import zipfile

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation
from pypdf import PdfReader

from journeys import letters, reminders, routes
from journeys.demo import load_scenarios
from journeys.models import NOTE_MAX_LENGTH, Letter

from .factories import CompanyFactory, JourneyFactory, StepFactory

TODAY = timezone.localdate()
START = TODAY - datetime.timedelta(days=40)


def _scenario(key: str) -> dict:
    return next(s for s in load_scenarios() if s["key"] == key)


@pytest.fixture
def airline_refund(consumer):
    """The AirlineGo refund journey of the columns (journeys/data/scenarios.json), one step a day."""
    scenario = _scenario("airline-refund-cancelled-flight")
    company = CompanyFactory(
        name=scenario["company"], sector=scenario["sector"], dispute_body="air_passenger"
    )
    journey = JourneyFactory(
        owner=consumer,
        company=company,
        goal=scenario["goal"],
        status=scenario["status"],
        started_on=START,
    )
    for position, step in enumerate(scenario["steps"], start=1):
        StepFactory(
            journey=journey,
            position=position,
            kind=step["kind"],
            channel=step["channel"],
            minutes=step.get("minutes", 0),
            repeats=step.get("repeats", 0),
            note=step.get("note", ""),
            occurred_on=START + datetime.timedelta(days=position - 1),
        )
    return journey


FLIGHT = START + datetime.timedelta(days=2)


def _draft(client, journey, language="en", kind="complaint", claim="refund") -> Letter:
    data = {"kind": kind, "language": language}
    if journey.company.dispute_body == "air_passenger":
        data |= {"flight_on": FLIGHT.isoformat(), "claim": claim}
    response = client.post(reverse("letter_new", args=[journey.pk]), data)
    assert response.status_code == 302
    letter = journey.letters.latest("pk")
    assert response["Location"] == letter.get_absolute_url()
    return letter


def _line(body: str, *needles: str) -> str:
    found = [line for line in body.splitlines() if all(n in line for n in needles)]
    assert len(found) == 1, (needles, found)
    return found[0]


def _day(n: int, language: str) -> str:
    with translation.override(language):
        return formats.date_format(START + datetime.timedelta(days=n - 1), "j F Y")


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            {
                "refund": "to refund",
                "human": "employee",
                "automatic": "automatically",
                "flight": "my flight of",
                "seven": "within seven days",
            },
        ),
        (
            "nl",
            {
                "refund": "terug te betalen",
                "human": "medewerker",
                "automatic": "automatisch",
                "flight": "mijn vlucht van",
                "seven": "binnen zeven dagen",
            },
        ),
    ],
)
def test_the_airline_refund_letter_states_the_journeys_facts(
    consumer_client, airline_refund, language, words
):
    body = _draft(consumer_client, airline_refund, language).body
    # The booking number typed four times: the third step, on the web form, 4 entries in all.
    booking = _line(body, _day(3, language), "booking number typed")
    assert re.search(r"\b4\b", booking) and re.search(r"\b3\b", booking)
    # The chatbot, on its day and channel.
    assert _line(body, _day(4, language), "(Chatbot)")
    # The whole story again to a person: the repetition in the live chat after reaching one.
    human = _line(body, _day(5, language), words["human"])
    again = _line(body, _day(6, language), "the whole story again")
    assert body.index(again) > body.index(human)
    assert words["human"] in again and re.search(r"\b2\b", again)
    # The automated rejection, dated, with what it decided.
    rejection = _line(body, "request refused because the trip was cancelled")
    assert words["automatic"] in rejection
    # What is asked for: the refund, with a deadline two months from now (the airline's term).
    ask = _line(body, words["refund"])
    due = letters.routes.Period(months=2).after(TODAY)
    with translation.override(language):
        assert formats.date_format(due, "j F Y") in ask
    # The flight, its date, and the law in plain words: the seven days of art. 8.
    assert _line(body, _day(3, language), words["flight"])
    assert "261/2004" in _line(body, words["seven"])
    letter = airline_refund.letters.get()
    assert "AirlineGo" in letter.recipient and "consumer@example.nl" in letter.sender
    assert letter.language == language


def test_the_letter_page_offers_the_routes_variants_and_suggests_its_next(
    consumer_client, airline_refund
):
    page = consumer_client.get(reverse("letter_new", args=[airline_refund.pk]))
    html = page.content.decode()
    assert 'value="complaint" selected' in html
    # An airline's money is decided by the court: no cover letter for a dispute body.
    assert 'value="default_notice"' in html and 'value="dispute_cover"' not in html
    assert 'name="flight_on"' in html and 'value="baggage_delayed"' in html
    notice = _draft(consumer_client, airline_refund, kind="default_notice")
    assert "6:82" in notice.body and notice.subject.startswith("Notice of default")
    # Without the flight's date there is no letter, and a clear error.
    response = consumer_client.post(
        reverse("letter_new", args=[airline_refund.pk]), {"kind": "complaint", "language": "en"}
    )
    assert response.status_code == 400 and "This field is required." in response.content.decode()


def test_editing_saves_and_bad_input_keeps_the_typed_text(consumer_client, airline_refund):
    letter = _draft(consumer_client, airline_refund)
    url = letter.get_absolute_url()
    data = {
        "sender": "Piet Klant\nDorpsstraat 1",
        "recipient": letter.recipient,
        "subject": "Refund of booking AB123",
        "body": letter.body.replace("[amount]", "EUR 412"),
    }
    assert consumer_client.post(url, data).status_code == 302
    letter.refresh_from_db()
    assert letter.subject == "Refund of booking AB123" and "EUR 412" in letter.body
    bad = {**data, "subject": "", "body": "My new text that must not be lost"}
    response = consumer_client.post(url, bad)
    assert response.status_code == 400
    assert "My new text that must not be lost" in response.content.decode()
    assert "This field is required." in response.content.decode()
    letter.refresh_from_db()
    assert letter.subject == "Refund of booking AB123"


def test_recording_the_letter_sent_adds_a_step_and_the_answer_date(consumer_client, airline_refund):
    letter = _draft(consumer_client, airline_refund)
    steps = airline_refund.steps.count()
    url = reverse("letter_sent", args=[airline_refund.pk, letter.pk])
    future = {"sent_on": (TODAY + datetime.timedelta(days=1)).isoformat(), "channel": "letter"}
    response = consumer_client.post(url, future)
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    sent_on = TODAY - datetime.timedelta(days=3)
    response = consumer_client.post(url, {"sent_on": sent_on.isoformat(), "channel": "letter"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.sent_on == sent_on
    assert letter.answer_due == letters.routes.Period(months=2).after(sent_on)
    step = airline_refund.steps.order_by("position").last()
    assert airline_refund.steps.count() == steps + 1
    assert (step.kind, step.channel, step.occurred_on) == ("escalated", "letter", sent_on)
    assert letter.sent_step == step
    # Sending it again on another day moves the same step, not a second one.
    consumer_client.post(url, {"sent_on": TODAY.isoformat(), "channel": "email"})
    assert airline_refund.steps.count() == steps + 1
    page = consumer_client.get(airline_refund.get_absolute_url()).content.decode()
    due = letters.routes.Period(months=2).after(TODAY)
    assert f"Waiting for AirlineGo: its answer is due on {due:%-d %B %Y}." in page
    assert reverse("letter_calendar", args=[airline_refund.pk, letter.pk]) in page


def test_recording_the_answer_moves_the_route_on(consumer_client, airline_refund):
    letter = _draft(consumer_client, airline_refund)
    answer_url = reverse("letter_answer", args=[airline_refund.pk, letter.pk])
    data = {"outcome": "silent", "outcome_on": TODAY.isoformat()}
    assert consumer_client.post(answer_url, data).status_code == 302
    assert Letter.objects.get(pk=letter.pk).outcome == ""  # not sent yet: nothing to answer
    letters.letter_mark_sent(letter=letter, sent_on=START, channel="email")
    too_early = {"outcome": "rejected", "outcome_on": (START - datetime.timedelta(1)).isoformat()}
    assert consumer_client.post(answer_url, too_early).status_code == 400
    response = consumer_client.post(answer_url, data)
    assert response["Location"].endswith("#route")
    page = consumer_client.get(airline_refund.get_absolute_url()).content.decode()
    assert "Claim your money at the court" in page
    assert "Optional: report the airline to the ILT" in page


def test_the_calendar_file_is_valid_icalendar(consumer_client, consumer):
    company = CompanyFactory(name="Bakker, Zonen; en Co", sector="energy")
    journey = JourneyFactory(owner=consumer, company=company, started_on=START)
    letter = letters.letter_create(journey=journey, kind="complaint", language="en")
    url = reverse("letter_calendar", args=[journey.pk, letter.pk])
    assert consumer_client.get(url).status_code == 302  # not sent: nothing to put in a calendar
    letters.letter_mark_sent(letter=letter, sent_on=TODAY, channel="letter")
    letter.refresh_from_db()
    response = consumer_client.get(url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    raw = response.content
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    text = raw.decode().replace("\r\n ", "")  # unfolded
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert f"DTSTART;VALUE=DATE:{letter.answer_due:%Y%m%d}\r\n" in text
    assert "SUMMARY:Answer due from Bakker\\, Zonen\\; en Co\r\n" in text
    assert "Take it to De Geschillencommissie" in text  # the next step if no answer comes
    assert text.count("BEGIN:VEVENT") == 1 and text.endswith("END:VCALENDAR\r\n")


def test_a_lone_carriage_return_in_the_subject_cannot_break_the_calendar_file(
    consumer_client, consumer
):
    journey = JourneyFactory(owner=consumer, started_on=START)
    letter = letters.letter_create(journey=journey, kind="complaint", language="en")
    letter.subject = "Refund\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:forged"
    letter.save(update_fields=["subject"])
    letters.letter_mark_sent(letter=letter, sent_on=TODAY, channel="letter")
    raw = consumer_client.get(reverse("letter_calendar", args=[journey.pk, letter.pk])).content
    # Every line break is CRLF: a bare CR (which many readers take for a line end) is in no line.
    assert b"\r" not in raw.replace(b"\r\n", b"")
    text = raw.decode().replace("\r\n ", "")
    lines = text.split("\r\n")
    assert lines.count("BEGIN:VEVENT") == 1 and "SUMMARY:forged" not in lines
    assert "Refund\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:forged" in text


def _pdf_pages(data: bytes) -> list[str]:
    """Each page's text as a PDF reader extracts it (pypdf maps the embedded font's glyph ids
    back to characters through the font's ToUnicode table), whitespace made single."""
    assert data.startswith(b"%PDF-")
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def _pdf_text(data: bytes) -> str:
    return " ".join(_pdf_pages(data))


def test_pdf_print_and_evidence_pack(
    consumer_client, airline_refund, django_assert_max_num_queries
):
    complaint = _draft(consumer_client, airline_refund)
    letters.letter_mark_sent(
        letter=complaint, sent_on=START + datetime.timedelta(20), channel="email"
    )
    notice = _draft(consumer_client, airline_refund, kind="default_notice")
    cover = letters.letter_create(journey=airline_refund, kind="dispute_cover", language="en")
    pk = airline_refund.pk

    with django_assert_max_num_queries(8):
        page = consumer_client.get(reverse("letter_print", args=[pk, complaint.pk]))
    html = page.content.decode()
    assert complaint.subject in html and "Complaint timeline: AirlineGo" in html

    response = consumer_client.get(reverse("letter_pdf", args=[pk, complaint.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    text = _pdf_text(response.content)
    assert "AirlineGo" in text and "booking number typed four times" in text
    # A Dutch letter has its annex in Dutch, whatever the page's language.
    dutch = _draft(consumer_client, airline_refund, language="nl")
    html = consumer_client.get(reverse("letter_print", args=[pk, dutch.pk])).content.decode()
    assert "Tijdlijn van de klacht: AirlineGo" in html and "Back to the letter" in html
    response = consumer_client.get(reverse("letter_pdf", args=[pk, dutch.pk]))
    assert "Tijdlijn van de klacht: AirlineGo" in _pdf_text(response.content)
    dutch.delete()

    with django_assert_max_num_queries(8):
        response = consumer_client.get(reverse("evidence_pdf", args=[pk]))
    pages = _pdf_pages(response.content)
    text = " ".join(pages)
    # First what a dispute body asks for, and what the consumer must still add.
    assert "What a dispute body asks for" in pages[0]
    assert "Your complaint letter to the company, sent: in this pack" in pages[0]
    assert "The invoice: add it yourself" in pages[0]
    # The dispute body's order: the cover letter, the letters to the company, the timeline.
    order = [text.index(s) for s in ("Dispute with", "Complaint:", "Notice of default:")]
    assert order == sorted(order)
    assert text.index("Notice of default:") < text.index("Complaint timeline")

    response = consumer_client.get(reverse("evidence_zip", args=[pk]))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == [
        f"01-dispute_cover-{cover.pk}.pdf",
        f"02-complaint-{complaint.pk}.pdf",
        f"03-default_notice-{notice.pk}.pdf",
        "04-timeline.pdf",
        "05-journey.json",
    ]
    data = json.loads(archive.read("05-journey.json"))
    assert data["company"] == "AirlineGo" and data["repetitions"] == 5
    assert [x["kind"] for x in data["letters"]] == ["complaint", "default_notice", "dispute_cover"]


# Dutch, Polish and Turkish names, every character outside Windows-1252 among them.
NAMES = ("Zoë van der Ĳssel-Bakkeröd", "Łucja Wiśniewska-Żółć", "Şükrü Öztürk Iğdır İpekçi")


def test_a_letters_pdf_prints_every_character_of_dutch_polish_and_turkish_names(
    consumer_client, consumer
):
    company = CompanyFactory(name="Łódź Ğıda Ağ", sector="energy")
    journey = JourneyFactory(owner=consumer, company=company, started_on=START)
    StepFactory(journey=journey, position=1, kind="human", channel="phone", note=NAMES[2])
    letter = letters.letter_create(journey=journey, kind="complaint", language="nl")
    body = letter.body.replace("[uw naam]", NAMES[0]).replace("[plaats]", "Kraków")
    letters.letter_update(letter=letter, sender="\n".join(NAMES), body=body)
    response = consumer_client.get(reverse("letter_pdf", args=[journey.pk, letter.pk]))
    text = _pdf_text(response.content)
    for name in (*NAMES, "Łódź Ğıda Ağ", "Kraków"):
        assert name in text, name
    assert b"/FontFile2" in response.content  # the shipped TrueType font, embedded


# What a careless or hostile consumer may type: one word too long for any line, the notes at
# their longest, direction overrides and control characters. NUL never reaches the store (the
# forms strip it, `forms.storable_text`, and PostgreSQL refuses it), so it is not planted here.
HOSTILE = {
    "long_word": "A" * 10_000,
    "long_note": "woord " * 400,
    "rtl": "\u202eevil\u202c \u200f\u061c naam",
    "control": "naam\x01met\x02nul\x1b",
}


def test_documents_with_hostile_text_are_drawn_and_keep_every_word(consumer_client, consumer):
    journey = JourneyFactory(owner=consumer, started_on=START)
    for position, text in enumerate(HOSTILE.values(), start=1):
        StepFactory(journey=journey, position=position, note=text[:NOTE_MAX_LENGTH])
    letter = letters.letter_create(journey=journey, kind="complaint", language="nl")
    letters.letter_update(
        letter=letter,
        sender=HOSTILE["long_word"][:600] + HOSTILE["rtl"],
        subject=HOSTILE["control"] * 10,
        body=letter.body.rstrip() + "\n\n" + "\n\n".join(HOSTILE.values()),
    )
    urls = [
        reverse("letter_pdf", args=[journey.pk, letter.pk]),
        reverse("evidence_pdf", args=[journey.pk]),
        reverse("evidence_zip", args=[journey.pk]),
    ]
    responses = [consumer_client.get(url) for url in urls]
    assert [response.status_code for response in responses] == [200, 200, 200]
    # The longest note is in the annex whole, not cut to fit a table cell.
    annex = "".join(_pdf_text(responses[0].content).split())
    assert "woord" * 333 in annex


def test_the_signature_stays_with_the_last_paragraph(consumer_client, airline_refund):
    letter = _draft(consumer_client, airline_refund)
    drafted = letter.body
    url = reverse("letter_pdf", args=[airline_refund.pk, letter.pk])
    # Bodies of every length that puts the page break near the closing (on the old PDF the
    # signature went alone onto the second page for 50 to 58 added lines).
    for lines in range(40, 62):
        filler = "\n".join(f"Line {n} of what happened." for n in range(lines))
        body = drafted.replace("Dear Sir or Madam,", "Dear Sir or Madam,\n" + filler)
        letters.letter_update(letter=letter, body=body)
        pages = _pdf_pages(consumer_client.get(url).content)
        signed = next(page for page in pages if "Yours faithfully" in page)
        assert "[your name]" in signed and "I ask you to refund" in signed, lines


def test_pages_run_a_constant_number_of_queries(
    consumer_client, airline_refund, django_assert_max_num_queries
):
    for _ in range(5):
        letter = _draft(consumer_client, airline_refund)
    with django_assert_max_num_queries(7):
        page = consumer_client.get(letter.get_absolute_url())
    assert page.status_code == 200
    with django_assert_max_num_queries(8):
        page = consumer_client.get(reverse("letter_new", args=[airline_refund.pk]))
    assert page.status_code == 200
    with django_assert_max_num_queries(7):
        page = consumer_client.get(airline_refund.get_absolute_url())
    assert page.content.decode().count(f'href="/journeys/{airline_refund.pk}/letters/') >= 5


def test_deleting_a_letter(consumer_client, airline_refund):
    letter = _draft(consumer_client, airline_refund)
    response = consumer_client.post(reverse("letter_delete", args=[airline_refund.pk, letter.pk]))
    assert response["Location"].endswith("#route")
    assert not airline_refund.letters.exists()


def test_letters_are_only_their_owners(client, other_consumer, airline_refund):
    letter = letters.letter_create(journey=airline_refund, kind="complaint", language="nl")
    client.force_login(other_consumer)
    for name in ("letter_edit", "letter_print", "letter_pdf", "letter_calendar"):
        assert client.get(reverse(name, args=[airline_refund.pk, letter.pk])).status_code == 404
    # The right letter under the wrong journey is no way in either.
    own = JourneyFactory(owner=other_consumer)
    assert client.get(reverse("letter_edit", args=[own.pk, letter.pk])).status_code == 404


# Per route and goal: who the letter is to, what it asks, and what follows if nothing happens.
# (company, goal, the words that name what follows in a complaint, in en and nl)
LETTER_CASES = {
    "energy, affiliated": (
        {"sector": "energy", "dispute_body": "geschillencommissie"},
        "billing_error",
        ("De Geschillencommissie", "De Geschillencommissie"),
    ),
    "webshop, guessed": (
        {"sector": "webshop"},
        "delivery_problem",
        ("a dispute body or the court", "een geschilleninstantie of de rechter"),
    ),
    "bank, Kifid set": (
        {"sector": "bank", "dispute_body": "kifid"},
        "account_blocked",
        ("Kifid", "Kifid"),
    ),
    "health insurer": (
        {"sector": "health_insurer"},
        "refund",
        ("a dispute body or the court", "een geschilleninstantie of de rechter"),
    ),
    "government": (
        {"sector": "government"},
        "question",
        ("within six weeks of receiving it", "binnen zes weken na ontvangst"),
    ),
    "travel, the court": (
        {"sector": "travel"},
        "refund",
        ("may take the matter to the court", "voorleggen aan de rechter"),
    ),
    "telecom, contract": (
        {"sector": "telecom", "dispute_body": "geschillencommissie"},
        "cancel_contract",
        ("De Geschillencommissie", "De Geschillencommissie"),
    ),
    "public transport": (
        {"sector": "public_transport", "dispute_body": "public_transport"},
        "repair",
        ("Geschillencommissie Openbaar Vervoer", "Geschillencommissie Openbaar Vervoer"),
    ),
}
WORDS = {
    "en": {
        "written": "I hereby make a written complaint",
        "concerns": "It concerns [what you bought",
        "since": "Since",
        "by": "no later than",
        "notice": "With this letter I give you notice of default",
        "term": "I give you a last term to do so: no later than",
        "default": "you are in default from the day after",
        "damages": "claim damages and statutory interest",
        "rule": "I ask you to rule that",
        "judge": "to give your judgement",
        "account": "to my account",
    },
    "nl": {
        "written": "Hierbij dien ik een schriftelijke klacht in",
        "concerns": "Het gaat om [wat je kocht",
        "since": "Sinds",
        "by": "uiterlijk",
        "notice": "Met deze brief stel ik u in gebreke",
        "term": "Ik geef u daarvoor een laatste termijn: uiterlijk",
        "default": "bent u vanaf de dag daarna in verzuim",
        "damages": "schadevergoeding en wettelijke rente vorderen",
        "rule": "Ik verzoek u te bepalen dat",
        "judge": "uw oordeel te geven",
        "account": "op mijn rekening",
    },
}


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("case", sorted(LETTER_CASES))
def test_each_letter_says_who_what_when_what_went_wrong_what_is_asked_by_when_and_next(
    consumer, case, language
):
    spec, goal, follows = LETTER_CASES[case]
    company = CompanyFactory(name="Bedrijf BV", **spec)
    journey = JourneyFactory(owner=consumer, company=company, goal=goal, started_on=START)
    StepFactory(journey=journey, position=1, kind="broken_promise", channel="phone")
    route = routes.route_for(company)
    words = WORDS[language]
    with translation.override(language):
        goal_label = journey.get_goal_display().lower()
        started = formats.date_format(START, "j F Y")
        step_line = f"- {started} ({journey.steps.get().get_channel_display()}):"
        due = routes.answer_due(route, "complaint", TODAY)
        ask = letters.ASKS[goal]()

    complaint = letters.letter_create(journey=journey, kind="complaint", language=language)
    body = complaint.body
    assert "Bedrijf BV" in complaint.recipient and consumer.email in complaint.sender  # who
    assert words["written"] in body and goal_label in body and words["concerns"] in body  # what
    assert f"{words['since']} {started}" in body  # when
    assert step_line in body  # what went wrong, from the log
    assert ask in body  # what is demanded
    if not route.stages[0].from_receipt:  # by when (the Awb's six weeks run from receipt)
        with translation.override(language):
            assert f"{words['by']} {formats.date_format(due, 'j F Y')}" in body
    assert follows[0 if language == "en" else 1] in body  # what follows
    if not route.confirmed:  # a body only guessed from the sector is never named
        assert "Geschillencommissie" not in body and "SKGZ" not in body

    notice = letters.letter_create(journey=journey, kind="default_notice", language=language)
    with translation.override(language):
        term = formats.date_format(TODAY + datetime.timedelta(days=14), "j F Y")
    assert words["notice"] in notice.body and ask in notice.body
    assert f"{words['term']} {term}" in notice.body  # a term to perform, not to answer
    assert words["default"] in notice.body and words["damages"] in notice.body
    assert step_line in notice.body

    if route.has_body:
        cover = letters.letter_create(journey=journey, kind="dispute_cover", language=language)
        assert cover.recipient.startswith(str(route.name))
        # The body rules (an ombudsman judges); the company pays: nothing asks the body to
        # pay into an account.
        asked = words["judge"] if route.body == "ombudsman" else words["rule"]
        assert asked in cover.body and "Bedrijf BV" in cover.body
        assert words["account"] not in cover.body
        assert step_line in cover.body


CLAIMS = [
    ("refund", "you must refund my ticket within seven days", "refund the full price"),
    ("compensation", "€250, €400 or €600", "pay me the compensation"),
    ("baggage_damaged", "within seven days of getting it back", "pay for the damage"),
    ("baggage_delayed", "within 21 days of its delivery", "the costs the delay caused"),
]


@pytest.mark.parametrize(("claim", "rule", "ask"), CLAIMS)
def test_each_air_passenger_claim_has_its_own_letter(consumer, claim, rule, ask):
    airline = CompanyFactory(name="AirlineGo", sector="travel", dispute_body="air_passenger")
    journey = JourneyFactory(owner=consumer, company=airline, started_on=START)
    letter = letters.letter_create(
        journey=journey, kind="complaint", language="en", flight_on=FLIGHT, claim=claim
    )
    flight = formats.date_format(FLIGHT, "j F Y")
    assert f"flight of {flight}" in letter.body
    assert rule in letter.body and ask in letter.body
    assert "within two months" in letter.body and "before the court" in letter.body
    for other, other_rule, other_ask in CLAIMS:
        if other != claim:
            assert other_rule not in letter.body and other_ask not in letter.body


def test_the_letter_and_its_reminder_name_one_date(consumer_client, consumer):
    company = CompanyFactory(name="StroomSlim", sector="energy")
    journey = JourneyFactory(owner=consumer, company=company, started_on=START)
    StepFactory(journey=journey, position=1)
    letter = letters.letter_create(journey=journey, kind="complaint", language="nl")
    url = reverse("letter_sent", args=[journey.pk, letter.pk])

    def dates(day):
        with translation.override("nl"):
            return (
                formats.date_format(day, "j F Y"),
                formats.date_format(day + datetime.timedelta(weeks=4), "j F Y"),
            )

    drafted, drafted_due = dates(TODAY)
    assert letter.body.splitlines()[0].endswith(drafted) and f"uiterlijk {drafted_due}" in (
        letter.body
    )
    # Recorded sent ten days before today, then corrected to today: the letter follows.
    for day in (TODAY - datetime.timedelta(days=10), TODAY):
        response = consumer_client.post(url, {"sent_on": day.isoformat(), "channel": "letter"})
        assert response.status_code == 302
        letter.refresh_from_db()
        dated, due = dates(day)
        assert letter.answer_due == day + datetime.timedelta(weeks=4)
        assert letter.body.splitlines()[0].endswith(dated)
        assert f"uiterlijk {due}" in letter.body
    assert f"uiterlijk {dates(TODAY - datetime.timedelta(days=10))[1]}" not in letter.body
    assert reminders.send_due(letter.answer_due) == 1
    assert dates(TODAY)[1] in mail.outbox[0].body


# Every period and amount a letter states, the route stage whose sources name it, and the
# company it is drafted for.
LETTER_PERIODS = [
    (
        {"dispute_body": "air_passenger"},
        "refund",
        "within seven days",
        routes.AIRLINE_CLAIM,
        routes.REG_261,
    ),
    (
        {"dispute_body": "air_passenger"},
        "compensation",
        "€250, €400 or €600",
        routes.AIRLINE_CLAIM,
        routes.REG_261,
    ),
    (
        {"dispute_body": "air_passenger"},
        "baggage_delayed",
        "within 21 days",
        routes.AIRLINE_CLAIM,
        routes.EC_LUGGAGE,
    ),
    (
        {"dispute_body": "air_passenger"},
        "refund",
        "within two months",
        routes.AIRLINE_CLAIM,
        routes.ILT_COMPLIANCE,
    ),
    ({"dispute_body": "kifid"}, "", "within eight weeks", routes.KIFID_COMPLAINT, routes.KIFID_FAQ),
    (
        {"sector": "government"},
        "",
        "within six weeks of receiving",
        routes.GOVERNMENT_COMPLAINT,
        routes.AWB_9_11,
    ),
]


@pytest.mark.parametrize(("company", "claim", "phrase", "stage", "source"), LETTER_PERIODS)
def test_every_period_in_a_letter_has_its_source(consumer, company, claim, phrase, stage, source):
    journey = JourneyFactory(owner=consumer, company=CompanyFactory(**company))
    extra = {"flight_on": FLIGHT, "claim": claim} if claim else {}
    letter = letters.letter_create(journey=journey, kind="complaint", language="en", **extra)
    assert phrase in letter.body
    assert routes.route_for(journey.company).stages[0] == stage and source in stage.sources
    # The notice's term to perform is the route table's, on every route.
    notice = letters.letter_create(journey=journey, kind="default_notice", language="en", **extra)
    term = formats.date_format(routes.NOTICE_TERM.after(TODAY), "j F Y")
    assert (
        f"no later than {term}" in notice.body and routes.BW_6_82 in routes.DEFAULT_NOTICE.sources
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_journey_and_letter_pages_cost_the_same_queries_however_many_steps_and_letters(
    consumer_client, airline_refund
):
    """Sent letters, with answers due and outcomes, and more steps: not one query more."""
    first = _draft(consumer_client, airline_refund)
    letters.letter_mark_sent(letter=first, sent_on=START, channel="letter")
    urls = [
        airline_refund.get_absolute_url(),
        first.get_absolute_url(),
        reverse("letter_new", args=[airline_refund.pk]),
        reverse("letter_print", args=[airline_refund.pk, first.pk]),
    ]
    few = [_queries(consumer_client, url) for url in urls]
    for position in range(airline_refund.steps.count() + 1, 31):
        StepFactory(journey=airline_refund, position=position, note="Nog een keer gebeld.")
    for kind in ("complaint", "default_notice", "complaint", "default_notice"):
        letter = _draft(consumer_client, airline_refund, kind=kind)
        letters.letter_mark_sent(letter=letter, sent_on=START, channel="email")
    many = [_queries(consumer_client, url) for url in urls]
    assert many == few
