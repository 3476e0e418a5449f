"""The reply clock in figures and the 14-day question: days to the first response and to the
final reply per journey (pauses left out), their medians per company in the snapshot's cells
and files (under K: only the count), and the consumer asked once whether the company answered
elsewhere, whose "yes" counts as a first response."""

import csv
import datetime
import io
import re

import pytest
from django.core import mail
from django.utils import timezone

from journeys import answered_elsewhere, clocks, leaderboards, opendata
from journeys.models import Cell, HandoverRequest, Journey, Reply

from .factories import CompanyFactory, UserFactory, approved_journey

START = timezone.make_aware(datetime.datetime(2026, 10, 2, 12, 0))  # a Friday


def _published(journey, at=START):
    Journey.objects.filter(pk=journey.pk).update(published_at=at)
    journey.refresh_from_db()
    return journey


def _reply(journey, days, category="closed_explanation", state=Reply.State.PUBLISHED):
    at = journey.published_at + datetime.timedelta(days=days)
    return Reply.objects.create(
        journey=journey,
        company=journey.company,
        category=category,
        text="Antwoord",
        text_redacted="Antwoord",
        state=state,
        created_at=at,
        published_at=at if state == Reply.State.PUBLISHED else None,
        sequence=Reply.objects.filter(journey=journey).count() + 1,
    )


def _days(*journeys):
    ids = [journey.pk for journey in journeys]
    found = {pk: (first, final) for pk, first, final in clocks.response_days(Journey.objects.all())}
    return [found.get(pk) for pk in ids]


@pytest.fixture
def company(db):
    return CompanyFactory(name="Traagbank", sector="bank")


def test_days_to_each_response_follow_the_reply_clock(company):
    quick = _published(approved_journey(company, UserFactory()))
    _reply(quick, 4)
    staged = _published(approved_journey(company, UserFactory()))
    _reply(staged, 3, category="in_progress")
    _reply(staged, 20, category="closed_monetary")
    paused = _published(approved_journey(company, UserFactory()))
    # The company waited five days for the hand-over before answering on day 10.
    HandoverRequest.objects.create(
        journey=paused,
        company=company,
        asked_at=START + datetime.timedelta(days=1),
        answered_at=START + datetime.timedelta(days=6),
    )
    _reply(paused, 10)
    rejected = _published(approved_journey(company, UserFactory()))
    _reply(rejected, 2, state=Reply.State.REJECTED)
    silent = _published(approved_journey(company, UserFactory()))
    assert _days(quick, staged, paused, rejected, silent) == [
        (4, 4),
        (3, 20),
        (5, 5),
        None,
        None,
    ]


def test_a_consumers_yes_counts_as_the_first_response_not_as_a_final_reply(company):
    journey = _published(approved_journey(company, UserFactory()))
    answered_elsewhere.record(
        journey=journey, answered=True, today=timezone.localdate(START) + datetime.timedelta(16)
    )
    assert _days(journey) == [(16, None)]
    (clock,) = [c for _company, _pk, c in clocks.of(companies=[company.pk], today=START.date())]
    assert clock.state == "awaiting"  # on the day of publication the "yes" was still to come
    later = timezone.localdate(START) + datetime.timedelta(40)
    (clock,) = [c for _company, _pk, c in clocks.of(companies=[company.pk], today=later)]
    assert (clock.state, clock.days) == ("answered", 16)
    assert clocks.counts(company=company.pk, today=later)["long_overdue"] == 0
    # A "no" withdraws it.
    answered_elsewhere.record(journey=journey, answered=False, today=later)
    assert _days(journey) == [None]


def _company_cell(snapshot, company):
    return Cell.objects.get(
        snapshot=snapshot, scope="company", company=company, period="12m", channel=""
    )


def test_medians_are_published_per_company_from_k_voices_with_a_response(company, settings):
    settings.FRICTIONLOG_K_MIN = 3
    journeys = [_published(approved_journey(company, UserFactory())) for _ in range(5)]
    for journey, days in zip(journeys, (2, 6, 30), strict=False):
        _reply(journey, days)
    _reply(journeys[0], 1, category="in_progress")  # earlier than its final reply on day 2
    snapshot = leaderboards.recompute_full()
    cell = _company_cell(snapshot, company)
    # First responses on days 1, 6 and 30; final replies on 2, 6 and 30.
    assert (cell.first_response_reporters, cell.median_days_to_first_response) == (3, 6)
    assert (cell.final_reply_reporters, cell.median_days_to_final_reply) == (3, 6)
    # Only companies carry them.
    sector = Cell.objects.get(snapshot=snapshot, scope="sector", period="12m")
    assert (sector.median_days_to_first_response, sector.first_response_reporters) == (None, None)
    # In the files: per journey, and per company cell.
    with opendata.storage().open(opendata.file_name(snapshot.pk, "journeys.csv")) as f:
        rows = list(csv.DictReader(io.TextIOWrapper(f, encoding="utf-8")))
    assert sorted(r["days_to_first_response"] for r in rows) == ["", "", "1", "30", "6"]
    with opendata.storage().open(opendata.file_name(snapshot.pk, "leaderboard.csv")) as f:
        board = list(csv.DictReader(io.TextIOWrapper(f, encoding="utf-8")))
    row = next(r for r in board if r["scope"] == "company" and r["period"] == "12m")
    assert (row["median_days_to_first_response"], row["final_reply_reporters"]) == ("6.0", "3")


def test_under_k_voices_with_a_response_only_the_count_is_published(company, settings, client):
    settings.FRICTIONLOG_K_MIN = 3
    journeys = [_published(approved_journey(company, UserFactory())) for _ in range(4)]
    _reply(journeys[0], 3)
    _reply(journeys[1], 5, category="in_progress")
    snapshot = leaderboards.recompute_full()
    cell = _company_cell(snapshot, company)
    assert (cell.first_response_reporters, cell.median_days_to_first_response) == (2, None)
    assert (cell.final_reply_reporters, cell.median_days_to_final_reply) == (1, None)
    api = client.get(f"/api/v1/companies/{company.slug}").json()["figures"]
    main = next(f for f in api if f["period"] == "12m" and f["channel"] is None)
    assert (main["first_response_reporters"], main["median_days_to_first_response"]) == (2, None)
    page = client.get(f"/companies/{company.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Too few reporters: 2 had a response, at least 3 are needed." in page


def test_the_company_page_shows_the_medians_in_dutch(company, settings, client):
    settings.FRICTIONLOG_K_MIN = 3
    journeys = [_published(approved_journey(company, UserFactory())) for _ in range(3)]
    for journey, days in zip(journeys, (2, 5, 9), strict=True):
        _reply(journey, days)
    leaderboards.recompute_full()
    page = client.get(f"/companies/{company.slug}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Dagen tot een eerste reactie (mediaan)" in page
    assert "5 dagen" in page


# --- The 14-day question ------------------------------------------------------------------------


def test_the_question_is_mailed_once_in_the_consumers_language(company):
    now = timezone.now()
    owner = UserFactory(language="en")
    due = _published(approved_journey(company, owner), at=now - datetime.timedelta(days=15))
    answered = _published(approved_journey(company, UserFactory()), at=due.published_at)
    _reply(answered, 3, state=Reply.State.PENDING)  # sent, waiting for a moderator: a response
    _published(approved_journey(company, UserFactory()), at=now - datetime.timedelta(days=13))
    assert answered_elsewhere.send_due(now) == 1
    assert answered_elsewhere.send_due(now) == 0  # a second run, or a restarted worker
    (message,) = mail.outbox
    assert message.to == [owner.email]
    assert message.subject == "Did Traagbank answer you elsewhere?"
    assert f"/journeys/{due.pk}/reply/#elsewhere" in message.body


def test_the_consumer_answers_on_the_reply_page_and_the_figures_move(company, client):
    owner = UserFactory()
    journey = _published(approved_journey(company, owner))
    client.force_login(owner)
    url = f"/journeys/{journey.pk}/reply/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
    assert "Heeft het bedrijf je ergens anders geantwoord?" in page.content.decode()
    refused = client.post(url, {"form": "elsewhere", "answered": "maybe"})
    assert refused.status_code == 400
    assert Journey.objects.get(pk=journey.pk).answered_elsewhere is None
    assert client.post(url, {"form": "elsewhere", "answered": "yes"}).status_code == 302
    journey.refresh_from_db()
    assert (journey.answered_elsewhere, journey.answered_elsewhere_on) == (
        True,
        timezone.localdate(),
    )
    assert leaderboards.RecomputeRequest.objects.filter(company=company).exists()
    # The page shows what they said, their answer ticked.
    again = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You told us on" in again
    assert re.search(r'value="yes"[^>]*checked', again)


def test_another_consumer_cannot_answer_for_the_journey(company, client):
    journey = _published(approved_journey(company, UserFactory()))
    client.force_login(UserFactory())
    response = client.post(
        f"/journeys/{journey.pk}/reply/", {"form": "elsewhere", "answered": "yes"}
    )
    assert response.status_code == 404
    assert Journey.objects.get(pk=journey.pk).answered_elsewhere is None


def test_once_the_company_responded_there_is_no_question(company, client):
    owner = UserFactory()
    journey = _published(approved_journey(company, owner))
    _reply(journey, 2)
    client.force_login(owner)
    url = f"/journeys/{journey.pk}/reply/"
    assert 'id="elsewhere"' not in client.get(url).content.decode()
    client.post(url, {"form": "elsewhere", "answered": "yes"})
    assert Journey.objects.get(pk=journey.pk).answered_elsewhere is None


def test_the_company_pages_counts_are_the_dashboards_clocks_counted(company):
    """`clocks.counts` (plain SQL, on every view of the company page) against `clocks.of` (the
    dashboard's clocks), on journeys published over two months, around a change of summer time,
    some answered, one answered elsewhere, two paused by a hand-over request."""
    now = timezone.now()
    for n in range(40):
        journey = _published(
            approved_journey(company, UserFactory()),
            at=now - datetime.timedelta(days=n * 1.5, hours=n % 5),
        )
        if n % 4 == 0 and n >= 8:  # a reply is never dated after today
            _reply(journey, 1 + n % 9)
        if n % 7 == 0:
            _reply(journey, 2, state=Reply.State.REJECTED)
        if n in (5, 9):
            HandoverRequest.objects.create(
                journey=journey, company=company, asked_at=now - datetime.timedelta(days=n)
            )
        if n == 13:
            answered_elsewhere.record(journey=journey, answered=True, today=timezone.localdate())
    for today in (timezone.localdate(), timezone.localdate() + datetime.timedelta(days=20)):
        tally = dict.fromkeys(("awaiting", "overdue", "long_overdue"), 0)
        for _company, _pk, clock in clocks.of(companies=[company.pk], today=today):
            if clock.is_open:
                tally[{"paused": "awaiting"}.get(str(clock.state), str(clock.state))] += 1
        assert clocks.counts(company=company.pk, today=today) == tally
        assert sum(tally.values()) > 10 and tally["long_overdue"] > 0


def test_the_api_gives_the_live_clock_like_the_company_page(company, client):
    now = timezone.now()
    for days in (3, 20, 40, 41):
        _published(approved_journey(company, UserFactory()), at=now - datetime.timedelta(days))
    answered = _published(approved_journey(company, UserFactory()), at=now)
    _reply(answered, 0)
    clock = client.get(f"/api/v1/companies/{company.slug}").json()["reply_clock"]
    assert clock == {
        "awaiting": 1,
        "overdue": 1,
        "long_overdue": 2,
        "due_days": 15,
        "long_overdue_days": 30,
    }
