"""Letters written from the log: the draft states the journey's facts, the consumer edits it,
records it sent and answered, and downloads it (print, PDF, calendar file, evidence pack)."""

import datetime
import io
import json
import re
import zipfile
import zlib

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from journeys import letters
from journeys.demo import load_scenarios
from journeys.models import Letter

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


def _draft(client, journey, language="en", kind="complaint") -> Letter:
    response = client.post(
        reverse("letter_new", args=[journey.pk]), {"kind": kind, "language": language}
    )
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
        ("en", {"refund": "to refund", "human": "employee", "automatic": "automatically"}),
        ("nl", {"refund": "terug te betalen", "human": "medewerker", "automatic": "automatisch"}),
    ],
)
def test_the_airline_refund_letter_states_the_journeys_facts(
    consumer_client, airline_refund, language, words
):
    body = _draft(consumer_client, airline_refund, language).body
    # The booking number typed four times: the third step, on the web form, 4 entries in all.
    booking = _line(body, _day(3, language), "booking number")
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
    assert str(due.year) in ask and str(due.day) in ask
    # The law in plain words and the blocks around it.
    assert "261/2004" in body
    letter = airline_refund.letters.get()
    assert "AirlineGo" in letter.recipient and "consumer@example.nl" in letter.sender
    assert letter.language == language


def test_the_letter_page_offers_each_variant_and_suggests_the_routes_next(
    consumer_client, airline_refund
):
    page = consumer_client.get(reverse("letter_new", args=[airline_refund.pk]))
    html = page.content.decode()
    assert 'value="complaint" selected' in html
    for kind in Letter.Kind.values:
        assert f'value="{kind}"' in html
    notice = _draft(consumer_client, airline_refund, kind="default_notice")
    assert "6:82" in notice.body and notice.subject.startswith("Notice of default")
    cover = _draft(consumer_client, airline_refund, kind="dispute_cover")
    assert cover.recipient.startswith("Air passenger rights")


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
    assert "Send a notice of default" in page
    assert "?kind=default_notice" in page


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
    assert "Send a notice of default" in text  # the next step if no answer comes
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


def _pdf_text(data: bytes) -> str:
    """The text of an fpdf2 PDF: its content streams inflated."""
    assert data.startswith(b"%PDF-")
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S)
    out = []
    for stream in streams:
        try:
            out.append(zlib.decompress(stream).decode("cp1252", "replace"))
        except zlib.error:
            out.append(stream.decode("cp1252", "replace"))
    return "\n".join(out)


def test_pdf_print_and_evidence_pack(
    consumer_client, airline_refund, django_assert_max_num_queries
):
    complaint = _draft(consumer_client, airline_refund)
    letters.letter_mark_sent(
        letter=complaint, sent_on=START + datetime.timedelta(20), channel="email"
    )
    notice = _draft(consumer_client, airline_refund, kind="default_notice")
    cover = _draft(consumer_client, airline_refund, kind="dispute_cover")
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
    text = _pdf_text(response.content)
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
