"""The consumer's journey log: create, add steps (htmx and plain), score, submit, and the rules."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from journeys import models, services
from journeys.forms import StepForm
from journeys.models import NOTE_MAX_LENGTH, Company, Journey, Representative, Step, User

from .factories import CompanyFactory, JourneyFactory, StepFactory, UserFactory

TODAY = timezone.localdate()
START = TODAY - datetime.timedelta(days=20)


def _step(kind, minutes="", repeats="", note="", channel="phone", day=START):
    return {
        "kind": kind,
        "channel": channel,
        "occurred_on": day.isoformat(),
        "minutes": minutes,
        "repeats": repeats,
        "note": note,
    }


@pytest.fixture
def journey(consumer, airline):
    return JourneyFactory(owner=consumer, company=airline, started_on=START)


@pytest.fixture
def other_journey(other_consumer, airline):
    journey = JourneyFactory(owner=other_consumer, company=airline, started_on=START)
    StepFactory(journey=journey, position=1, note="secret of the other consumer")
    return journey


def test_my_journeys_requires_log_in(client, db):
    response = client.get(reverse("journey_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_my_journeys_lists_only_mine_with_status_and_score(consumer_client, journey, other_journey):
    services.step_add(journey=journey, **_clean(_step("chatbot_loop", minutes=10)))
    response = consumer_client.get(reverse("journey_list"))
    body = response.content.decode()
    assert reverse("journey_detail", args=[journey.pk]) in body
    assert reverse("journey_detail", args=[other_journey.pk]) not in body
    journey.refresh_from_db()
    assert f">{journey.score:.0f}<" in body
    assert "Draft" in body


def test_create_journey_with_a_known_company_by_alias_and_accents(
    consumer_client, consumer, airline
):
    airline.aliases.create(name="Airline Gó")
    response = consumer_client.post(
        reverse("journey_create"),
        {"company_name": "airline go", "goal": "refund", "started_on": START, "status": "open"},
    )
    journey = Journey.objects.get(owner=consumer)
    assert response.status_code == 302
    assert response.url == reverse("journey_detail", args=[journey.pk])
    assert journey.company == airline
    assert journey.moderation_state == Journey.Moderation.DRAFT


def test_create_journey_with_a_picked_company_id(consumer_client, consumer, airline):
    consumer_client.post(
        reverse("journey_create"),
        {
            "company_name": "air",
            "company_id": airline.pk,
            "goal": "refund",
            "started_on": START,
            "status": "open",
        },
    )
    assert Journey.objects.get(owner=consumer).company == airline


def test_the_goal_asks_for_a_choice_in_words(consumer_client, db):
    body = consumer_client.get(reverse("journey_create")).content.decode()
    goal = body.split('name="goal"')[1].split("</select>")[0]
    assert '<option value="" selected>Choose what you wanted…</option>' in goal
    assert "---" not in goal


def test_unknown_company_is_refused_with_a_clear_error(consumer_client, consumer, db):
    response = consumer_client.post(
        reverse("journey_create"),
        {"company_name": "Nergens BV", "goal": "refund", "started_on": START, "status": "open"},
    )
    assert response.status_code == 400
    assert b"We do not know this company" in response.content
    assert b'value="Nergens BV"' in response.content  # what was typed is kept
    assert not Journey.objects.exists()


def test_unknown_company_can_be_suggested_and_stays_pending(consumer_client, consumer, db):
    consumer_client.post(
        reverse("journey_create"),
        {
            "company_name": "Nergens BV",
            "suggest_company": "on",
            "suggest_sector": "telecom",
            "goal": "refund",
            "started_on": START,
            "status": "open",
        },
    )
    company = Journey.objects.get(owner=consumer).company
    assert company.name == "Nergens BV"
    assert company.status == Company.Status.PENDING
    assert company.suggested_by == consumer
    # Pending companies are not offered to others by the picker.
    assert not Company.objects.search("nergens").exists()


def test_suggesting_the_same_name_twice_joins_the_first_suggestion(consumer, other_consumer, db):
    first = services.company_suggest(name="Nergens BV", sector="telecom", user=consumer)
    second = services.company_suggest(name="  nergens   bv ", sector="other", user=other_consumer)
    assert first == second
    assert Company.objects.filter(status="pending").count() == 1


def test_two_names_with_one_slug_suggested_at_once_both_get_a_company(
    consumer, other_consumer, db, monkeypatch
):
    """ "Snel & Co" and "Snel Co" are different names with the same slug. Two people suggesting
    them at the same moment both see the slug free; the second insert then meets the first's
    slug and must take the next one, not fail."""
    first = services.company_suggest(name="Snel & Co", sector="webshop", user=consumer)
    real_unique_slug = models.unique_slug
    answers = iter(["snel-co"])  # what the second request saw before the first committed

    def checked_before_the_first_committed(name):
        return next(answers, None) or real_unique_slug(name)

    monkeypatch.setattr(models, "unique_slug", checked_before_the_first_committed)
    second = services.company_suggest(name="Snel Co", sector="webshop", user=other_consumer)
    assert first.slug == "snel-co"
    assert (second.name, second.slug) == ("Snel Co", "snel-co-2")
    assert Company.objects.filter(status="pending").count() == 2


def test_a_future_start_date_is_refused(consumer_client, airline):
    future = TODAY + datetime.timedelta(days=3)
    response = consumer_client.post(
        reverse("journey_create"),
        {"company_name": "AirlineGo", "goal": "refund", "started_on": future, "status": "open"},
    )
    assert response.status_code == 400
    assert b"cannot be in the future" in response.content
    assert not Journey.objects.exists()


def _clean(data):
    return {
        "kind": data["kind"],
        "channel": data["channel"],
        "occurred_on": datetime.date.fromisoformat(data["occurred_on"]),
        "minutes": int(data["minutes"] or 0),
        "repeats": int(data["repeats"] or 0),
        "note": data["note"],
    }


FIVE_STEPS = [
    _step("create_account", minutes=10, channel="web_form"),
    _step("repeat_info", minutes=5, repeats=3, channel="web_form", note="boekingsnummer 4x"),
    _step("chatbot_loop", minutes=15, channel="chatbot"),
    _step("hold", minutes=40),
    _step("closed_unresolved", channel="email"),
]


def test_five_steps_through_htmx_raise_the_score_each_time(consumer_client, journey, htmx):
    url = reverse("step_add", args=[journey.pk])
    scores = [0.0]
    for data in FIVE_STEPS:
        response = consumer_client.post(url, data, **htmx)
        assert response.status_code == 200
        body = response.content.decode()
        # htmx gets the step log partial, not a whole page.
        assert "<html" not in body
        assert 'id="journey-log"' in body
        journey.refresh_from_db()
        assert f'<span id="score-value">{journey.score:.0f}</span>' in body
        assert journey.score > scores[-1]
        scores.append(journey.score)
    assert list(journey.steps.values_list("kind", flat=True)) == [d["kind"] for d in FIVE_STEPS]
    assert journey.repetitions == 3
    assert journey.closed_unresolved is True


def test_five_steps_through_plain_posts_raise_the_score(consumer_client, journey):
    url = reverse("step_add", args=[journey.pk])
    previous = 0.0
    for data in FIVE_STEPS:
        response = consumer_client.post(url, data)
        assert response.status_code == 302
        assert response.url == reverse("journey_detail", args=[journey.pk])
        journey.refresh_from_db()
        assert journey.score > previous
        previous = journey.score
    page = consumer_client.get(journey.get_absolute_url()).content.decode()
    assert "Case closed without resolution" in page
    assert "boekingsnummer 4x" in page  # my private note, visible to me


def test_fields_that_do_not_fit_the_kind_are_not_scored(consumer_client, journey):
    consumer_client.post(
        reverse("step_add", args=[journey.pk]), _step("closed_unresolved", minutes=500, repeats=9)
    )
    step = journey.steps.get()
    assert (step.minutes, step.repeats) == (0, 0)


def test_kind_picker_swaps_in_the_fields_that_fit(consumer_client, journey, htmx):
    url = reverse("step_form_fields", args=[journey.pk])
    repeat = consumer_client.get(url, {"kind": "repeat_info", "minutes": "7"}, **htmx).content
    assert b'name="repeats"' in repeat and b'name="minutes"' in repeat
    assert b'value="7"' in repeat  # what was typed survives the swap
    assert b"already given" in repeat  # the kind's one-line explanation
    closed = consumer_client.get(url, {"kind": "closed_unresolved"}, **htmx).content
    assert b'name="minutes"' not in closed and b'name="repeats"' not in closed


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_step("hold", minutes="-5"), "Minutes must be between 0 and 10,000."),
        (_step("hold", minutes="10"), None),  # control: valid input is saved
        (_step("", minutes="5"), "This field is required."),
        (_step("hold", day=TODAY + datetime.timedelta(days=1)), "cannot be in the future"),
        (_step("hold", day=START - datetime.timedelta(days=1)), "cannot come before the journey"),
        (_step("hold", note="x" * 10_000), f"at most {NOTE_MAX_LENGTH:,}".replace(",", "")),
        (_step("repeat_info", repeats="1000"), "between 0 and 100"),
        (_step("teleport"), "Select a valid choice"),
    ],
)
def test_bad_step_input_gets_a_clear_error_and_loses_nothing(
    consumer_client, journey, htmx, data, message
):
    services.step_add(journey=journey, **_clean(_step("hold", minutes=12, note="keep me")))
    journey.refresh_from_db()
    saved_score = journey.score
    for headers, expected_status in (({}, 400), (htmx, 200)):
        response = consumer_client.post(reverse("step_add", args=[journey.pk]), data, **headers)
        if message is None:
            assert response.status_code in (200, 302)
            return
        assert response.status_code == expected_status
        assert message in response.content.decode()
        # What was typed stays in the form; what was saved stays saved.
        assert list(journey.steps.values_list("note", flat=True)) == ["keep me"]
        journey.refresh_from_db()
        assert journey.score == saved_score


def test_errors_are_translated_to_dutch(consumer_client, journey, settings):
    settings.LANGUAGE_CODE = "nl"
    response = consumer_client.post(
        reverse("step_add", args=[journey.pk]), _step("hold", minutes="-5")
    )
    assert "Minuten moeten tussen 0 en 10.000 liggen." in response.content.decode()


def test_a_journey_that_does_not_exist_is_a_404(consumer_client, db):
    assert consumer_client.get(reverse("journey_detail", args=[999_999])).status_code == 404
    response = consumer_client.post(reverse("step_add", args=[999_999]), FIVE_STEPS[0])
    assert response.status_code == 404


def test_edit_a_step_inline_and_the_score_follows(consumer_client, journey, htmx):
    services.step_add(journey=journey, **_clean(_step("hold", minutes=5)))
    step = journey.steps.get()
    url = reverse("step_edit", args=[journey.pk, step.pk])
    form = consumer_client.get(url, **htmx).content.decode()
    assert "<html" not in form and 'value="5"' in form
    journey.refresh_from_db()
    before = journey.score
    response = consumer_client.post(url, _step("hold", minutes=90), **htmx)
    assert response.status_code == 200
    step.refresh_from_db()
    journey.refresh_from_db()
    assert step.minutes == 90
    assert journey.score > before
    # The log htmx swaps in shows the new score and minutes, not the ones read before the edit.
    body = response.content.decode()
    assert f'<span id="score-value">{journey.score:.0f}</span>' in body
    assert "<dd>90</dd>" in body


def test_edit_a_step_with_bad_input_keeps_the_saved_step(consumer_client, journey):
    services.step_add(journey=journey, **_clean(_step("hold", minutes=5)))
    step = journey.steps.get()
    response = consumer_client.post(
        reverse("step_edit", args=[journey.pk, step.pk]), _step("hold", minutes="-1")
    )
    assert response.status_code == 400
    step.refresh_from_db()
    assert step.minutes == 5


def test_delete_a_step_lowers_the_score(consumer_client, journey, htmx):
    services.step_add(journey=journey, **_clean(_step("hold", minutes=5)))
    services.step_add(journey=journey, **_clean(_step("contradiction")))
    journey.refresh_from_db()
    before = journey.score
    step = journey.steps.get(kind="contradiction")
    response = consumer_client.post(reverse("step_delete", args=[journey.pk, step.pk]), **htmx)
    assert response.status_code == 200
    journey.refresh_from_db()
    assert journey.score < before
    assert list(journey.steps.values_list("kind", flat=True)) == ["hold"]


def test_reorder_steps_up_and_down(consumer_client, journey, htmx):
    for kind in ("phone_menu", "hold", "human"):
        services.step_add(journey=journey, **_clean(_step(kind, minutes=1)))
    human = journey.steps.get(kind="human")
    move = reverse("step_move", args=[journey.pk, human.pk])
    consumer_client.post(move, {"direction": "up"}, **htmx)
    assert list(journey.steps.values_list("kind", flat=True)) == ["phone_menu", "human", "hold"]
    consumer_client.post(move, {"direction": "up"})  # plain post works too
    assert list(journey.steps.values_list("kind", flat=True)) == ["human", "phone_menu", "hold"]
    consumer_client.post(move, {"direction": "up"})  # already first: nothing changes
    consumer_client.post(move, {"direction": "down"}, **htmx)
    assert list(journey.steps.values_list("kind", flat=True)) == ["phone_menu", "human", "hold"]
    journey.refresh_from_db()
    assert journey.minutes_to_human == 1  # drivers follow the new order


def test_submit_needs_a_verified_address(client, unverified_consumer, airline):
    journey = JourneyFactory(owner=unverified_consumer, company=airline, started_on=START)
    services.step_add(journey=journey, **_clean(_step("hold", minutes=5)))
    client.force_login(unverified_consumer)
    response = client.post(reverse("journey_submit", args=[journey.pk]), follow=True)
    assert b"Confirm your e-mail address first" in response.content
    journey.refresh_from_db()
    assert journey.moderation_state == Journey.Moderation.DRAFT


def test_submit_an_empty_journey_is_refused(consumer_client, journey):
    response = consumer_client.post(reverse("journey_submit", args=[journey.pk]), follow=True)
    assert b"Add at least one step" in response.content
    journey.refresh_from_db()
    assert journey.moderation_state == Journey.Moderation.DRAFT


def test_submit_sends_the_journey_to_review(consumer_client, journey, htmx):
    services.step_add(journey=journey, **_clean(_step("hold", minutes=5)))
    response = consumer_client.post(reverse("journey_submit", args=[journey.pk]), **htmx)
    assert response.headers["HX-Redirect"] == journey.get_absolute_url()
    journey.refresh_from_db()
    assert journey.moderation_state == Journey.Moderation.PENDING
    assert journey.submitted_at is not None
    assert b"Waiting for review since" in consumer_client.get(journey.get_absolute_url()).content


@pytest.mark.parametrize("state", ["approved", "rejected", "changes_requested"])
def test_correcting_a_reviewed_journey_sends_it_back_to_pending(consumer_client, journey, state):
    services.step_add(journey=journey, **_clean(_step("hold", minutes=5)))
    Journey.objects.filter(pk=journey.pk).update(moderation_state=state)
    consumer_client.post(reverse("step_add", args=[journey.pk]), _step("transfer", minutes=2))
    journey.refresh_from_db()
    assert journey.moderation_state == Journey.Moderation.PENDING


@pytest.mark.parametrize("state", ["rejected", "changes_requested"])
def test_an_unverified_owner_cannot_send_a_turned_down_journey_back_by_editing_it(
    client, unverified_consumer, airline, state
):
    journey = JourneyFactory(owner=unverified_consumer, company=airline, started_on=START)
    services.step_add(journey=journey, **_clean(_step("hold", minutes=5)))
    Journey.objects.filter(pk=journey.pk).update(moderation_state=state)
    client.force_login(unverified_consumer)
    details = {"company_name": "AirlineGo", "goal": "refund", "started_on": START}
    edits = [
        ("step_add", [journey.pk], _step("transfer", minutes=2)),
        ("journey_edit", [journey.pk], {**details, "status": "unresolved"}),
    ]
    for name, args, data in edits:
        response = client.post(reverse(name, args=args), data, follow=True)
        body = response.content.decode()
        assert "Your changes are saved, but the journey has not gone back for review." in body
        assert "Confirm your e-mail address first" in body
    journey.refresh_from_db()
    assert journey.moderation_state == state
    assert journey.steps.count() == 2 and journey.status == "unresolved"  # nothing lost


def test_over_the_submission_limit_an_edit_does_not_requeue_a_turned_down_journey(
    consumer_client, consumer, journey, settings, htmx
):
    settings.FRICTIONLOG_RATE_SUBMIT = "1/d"
    services.step_add(journey=journey, **_clean(_step("hold", minutes=5)))
    Journey.objects.filter(pk=journey.pk).update(moderation_state="changes_requested")
    other = JourneyFactory(owner=consumer, started_on=START)
    StepFactory(journey=other, position=1)
    consumer_client.post(reverse("journey_submit", args=[other.pk]))  # the day's one submission

    response = consumer_client.post(
        reverse("step_add", args=[journey.pk]), _step("transfer", minutes=2), **htmx
    )
    body = response.content.decode()
    assert 'id="journey-log"' in body  # the log with the new step, and the message beside it
    assert "the journey has not gone back for review" in body
    assert "You submitted many journeys in a short time" in body
    journey.refresh_from_db()
    assert journey.moderation_state == "changes_requested"
    assert journey.steps.count() == 2


def test_sending_a_turned_down_journey_back_by_editing_it_counts_as_a_submission(
    consumer_client, consumer, journey, settings
):
    settings.FRICTIONLOG_RATE_SUBMIT = "1/d"
    services.step_add(journey=journey, **_clean(_step("hold", minutes=5)))
    Journey.objects.filter(pk=journey.pk).update(moderation_state="rejected")
    consumer_client.post(reverse("step_add", args=[journey.pk]), _step("transfer", minutes=2))
    journey.refresh_from_db()
    assert journey.moderation_state == Journey.Moderation.PENDING
    other = JourneyFactory(owner=consumer, started_on=START)
    StepFactory(journey=other, position=1)
    assert consumer_client.post(reverse("journey_submit", args=[other.pk])).status_code == 429
    assert Journey.objects.get(pk=other.pk).moderation_state == Journey.Moderation.DRAFT


def test_editing_journey_details_rescores_on_status(consumer_client, journey):
    services.step_add(journey=journey, **_clean(_step("hold", minutes=5)))
    journey.refresh_from_db()
    before = journey.score
    response = consumer_client.post(
        reverse("journey_edit", args=[journey.pk]),
        {
            "company_name": "AirlineGo",
            "goal": "refund",
            "started_on": START,
            "status": "abandoned",
        },
    )
    assert response.status_code == 302
    journey.refresh_from_db()
    assert journey.status == "abandoned"
    assert journey.score > before


def test_delete_a_journey(consumer_client, journey):
    assert consumer_client.get(reverse("journey_delete", args=[journey.pk])).status_code == 200
    consumer_client.post(reverse("journey_delete", args=[journey.pk]))
    assert not Journey.objects.filter(pk=journey.pk).exists()


def _owned_urls(journey, step):
    j, s = journey.pk, step.pk
    return [
        ("get", reverse("journey_detail", args=[j]), {}),
        ("get", reverse("journey_edit", args=[j]), {}),
        (
            "post",
            reverse("journey_edit", args=[j]),
            {"company_name": "AirlineGo", "goal": "other", "started_on": START, "status": "open"},
        ),
        ("get", reverse("journey_delete", args=[j]), {}),
        ("post", reverse("journey_delete", args=[j]), {}),
        ("post", reverse("journey_submit", args=[j]), {}),
        ("post", reverse("step_add", args=[j]), FIVE_STEPS[0]),
        ("get", reverse("step_form_fields", args=[j]), {"kind": "hold"}),
        ("get", reverse("step_edit", args=[j, s]), {}),
        ("post", reverse("step_edit", args=[j, s]), _step("contradiction")),
        ("post", reverse("step_move", args=[j, s]), {"direction": "up"}),
        ("post", reverse("step_delete", args=[j, s]), {}),
    ]


def test_another_users_journey_is_a_404_for_reading_and_every_change(
    consumer_client, other_journey, htmx
):
    step = other_journey.steps.get()
    for method, url, data in _owned_urls(other_journey, step):
        for headers in ({}, htmx):
            response = getattr(consumer_client, method)(url, data, **headers)
            assert response.status_code == 404, (method, url)
            assert b"secret of the other consumer" not in response.content
    other_journey.refresh_from_db()
    assert other_journey.goal == "refund"
    assert other_journey.moderation_state == "draft"
    assert list(other_journey.steps.values_list("kind", "minutes")) == [("hold", 10)]


def test_a_step_of_another_journey_is_a_404_even_under_my_journey(
    consumer_client, journey, other_journey
):
    foreign = other_journey.steps.get()
    url = reverse("step_delete", args=[journey.pk, foreign.pk])
    assert consumer_client.post(url).status_code == 404
    assert Step.objects.filter(pk=foreign.pk).exists()


def test_visitors_are_sent_to_log_in(client, other_journey):
    step = other_journey.steps.get()
    for method, url, data in _owned_urls(other_journey, step):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_user_text_is_escaped(consumer_client, journey):
    services.step_add(
        journey=journey, **_clean(_step("hold", minutes=1, note="<script>alert(1)</script>"))
    )
    body = consumer_client.get(journey.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_the_step_log_shows_each_step_with_its_figures_and_controls(
    consumer_client, journey, settings
):
    day = datetime.date(2026, 10, 14)
    for position, (kind, minutes, repeats, note) in enumerate(
        [
            ("hold", 1, 0, ""),
            ("repeat_info", 0, 3, "<b>booking</b> number"),
            ("chatbot", 45, 0, ""),
        ],
        start=1,
    ):
        StepFactory(
            journey=journey,
            position=position,
            kind=kind,
            channel="phone",
            occurred_on=day,
            minutes=minutes,
            repeats=repeats,
            note=note,
        )
    steps = list(journey.steps.order_by("position"))
    items = _step_items(consumer_client.get(journey.get_absolute_url()).content.decode())
    assert [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).split(" ↑")[0].strip() for item in items
    ] == [
        "1. Wait on hold Phone · 14 Oct. 2026 · 1 minute",
        "2. Give information already given Phone · 14 Oct. 2026 · repeated 3 times "
        "Private note: &lt;b&gt;booking&lt;/b&gt; number",
        "3. Talk to a chatbot Phone · 14 Oct. 2026 · 45 minutes",
    ]
    for n, (item, step) in enumerate(zip(items, steps, strict=True), start=1):
        assert f'id="step-{step.pk}"' in item
        for name in ("step_move", "step_edit", "step_delete"):
            assert f'"{reverse(name, args=[journey.pk, step.pk])}"' in item
        assert item.count('name="csrfmiddlewaretoken"') == 2
        for label in (
            f"Move step {n} up",
            f"Move step {n} down",
            f"Edit step {n}",
            f"Delete step {n}",
        ):
            assert f'aria-label="{label}"' in item
    assert re.search(r'value="up" class="icon-button" disabled', items[0])
    assert not re.search(r'value="down" class="icon-button" disabled', items[0])
    assert re.search(r'value="down" class="icon-button" disabled', items[2])

    settings.LANGUAGE_CODE = "nl"
    with translation.override("nl"):
        consumer_client.cookies.pop("django_language", None)
        body = consumer_client.get(
            journey.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl"
        ).content.decode()
    items = _step_items(body)
    assert "1 minuut" in items[0] and "3 keer herhaald" in items[1] and "45 minuten" in items[2]
    assert "14 okt 2026" in items[0]
    assert 'aria-label="Stap 1 omhoog"' in items[0] and "Privénotitie:" in items[1]


def _step_items(body: str) -> list[str]:
    return re.findall(r'<li class="step step-.*?</li>', body, re.S)


def test_journey_page_with_50_steps_runs_a_constant_number_of_queries(
    consumer_client, journey, django_assert_max_num_queries
):
    Step.objects.bulk_create(
        Step(
            journey=journey, position=i, kind="hold", channel="phone", occurred_on=START, minutes=1
        )
        for i in range(1, 51)
    )
    # The session, the user with whether they moderate (for the menu), the journey (knowing it
    # has no letters and no review history yet) and its steps.
    with django_assert_max_num_queries(4):
        response = consumer_client.get(journey.get_absolute_url())
    assert response.content.decode().count('class="step step-hold"') == 50


def _step_actions(journey):
    steps = list(journey.steps.order_by("position"))
    data = _step("hold", minutes=10)
    return [
        (reverse("step_add", args=[journey.pk]), data),
        (reverse("step_edit", args=[journey.pk, steps[0].pk]), data),
        (reverse("step_move", args=[journey.pk, steps[0].pk]), {"direction": "down"}),
        (reverse("step_delete", args=[journey.pk, steps[1].pk]), {}),
    ]


def test_changing_steps_runs_as_many_queries_on_a_long_journey_as_on_a_short_one(
    consumer_client, consumer, airline, htmx, django_assert_max_num_queries
):
    """Adding, editing, moving and deleting a step rescore the journey: the steps are read in
    one query, never one query per step (which made long journeys slow to edit)."""
    counts = {}
    for length in (2, 40):
        journey = JourneyFactory(owner=consumer, company=airline, started_on=START)
        for position in range(1, length + 1):
            StepFactory(journey=journey, position=position)
        counts[length] = []
        for url, data in _step_actions(journey):
            with CaptureQueriesContext(connection) as queries:
                response = consumer_client.post(url, data, **htmx)
            assert response.status_code == 200
            counts[length].append(len(queries))
    assert counts[40] == counts[2]
    journey = JourneyFactory(owner=consumer, company=airline, started_on=START)
    StepFactory(journey=journey, position=1)
    StepFactory(journey=journey, position=2)
    for url, data in _step_actions(journey):
        with django_assert_max_num_queries(22):
            consumer_client.post(url, data, **htmx)


def test_choice_labels_are_translated_and_an_unknown_stored_value_shows_as_itself(db):
    step = Step(kind="hold", channel="phone")
    journey = Journey(goal="refund", status="open", moderation_state="pending")
    with translation.override("nl"):
        assert (step.get_kind_display(), step.get_channel_display()) == (
            "In de wacht staan",
            "Telefoon",
        )
        assert journey.get_moderation_state_display() == "Wacht op controle"
    with translation.override("en"):
        assert journey.get_goal_display() == "Refund"
    assert Step(kind="fax", channel="pigeon").get_kind_display() == "fax"


def test_journey_list_runs_a_constant_number_of_queries(
    consumer_client, consumer, django_assert_max_num_queries
):
    for _ in range(30):
        JourneyFactory(owner=consumer)
    with django_assert_max_num_queries(5):
        response = consumer_client.get(reverse("journey_list"))
    assert response.content.decode().count("/journeys/") >= 30


def test_company_picker_matches_names_and_aliases_case_and_accent_blind(client, db):
    bol = Company.objects.create(name="Bol.com", sector="webshop")
    bol.aliases.create(name="bol")
    Company.objects.create(name="Énergie Directe", sector="energy")
    Company.objects.create(name="Hidden Pending", sector="other", status="pending")
    url = reverse("company_search")
    assert b"Bol.com" in client.get(url, {"company_name": "BOL"}).content
    assert b"Energie Directe" not in client.get(url, {"company_name": "energie"}).content
    assert "Énergie Directe" in client.get(url, {"company_name": "energie"}).content.decode()
    assert b"Hidden Pending" not in client.get(url, {"company_name": "hidden"}).content
    assert b"suggest it" in client.get(url, {"company_name": "zzz"}).content


def test_a_single_match_is_chosen_and_several_are_left_to_pick(client, airline):
    CompanyFactory(name="Airbnb", sector="travel")
    url = reverse("company_search")
    one = client.get(url, {"company_name": "airl"}).content.decode()
    assert f'value="{airline.pk}" checked' in one
    several = client.get(url, {"company_name": "air"}).content.decode()
    assert several.count('name="company_id"') == 2 and "checked" not in several


def test_the_journey_says_its_status_in_one_line(consumer_client, consumer, airline):
    journey = JourneyFactory(owner=consumer, company=airline, status="unresolved")
    detail = consumer_client.get(journey.get_absolute_url()).content.decode()
    assert "Draft — unresolved</span>" in detail
    Journey.objects.filter(pk=journey.pk).update(moderation_state="pending")
    listed = consumer_client.get(reverse("journey_list")).content.decode()
    assert "In review — unresolved</span>" in listed


def test_on_a_phone_my_journeys_are_cards_with_every_cell_labelled(consumer_client, consumer):
    JourneyFactory(owner=consumer)
    page = consumer_client.get(reverse("journey_list")).content.decode()
    row = page[page.index("<tbody>") : page.index("</tbody>")]
    assert row.count("<td") == row.count("<td data-label=") + row.count('<td class="num" data-')
    assert row.count("data-label=") == 4 and '<th scope="row">' in row


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        ("consumer", ["/journeys/"], ["/business/", "/moderation/"]),
        ("representative", ["/journeys/", "/business/"], ["/moderation/"]),
        ("moderator", ["/journeys/", "/moderation/"], ["/business/"]),
    ],
)
def test_the_menu_leads_each_role_to_its_own_pages(client, airline, role, shown, hidden):
    user = UserFactory()
    if role == "moderator":
        user.groups.add(Group.objects.get_or_create(name=User.MODERATORS)[0])
    if role == "representative":
        Representative.objects.create(
            user=user, company=airline, work_email="r@airlinego.nl", status="approved"
        )
    client.force_login(user)
    page = client.get(reverse("journey_list")).content.decode()
    menu = page[page.index('<nav class="main-nav"') : page.index("</nav>")]
    for url in shown:
        assert f'href="{url}"' in menu, (role, url)
    for url in hidden:
        assert f'href="{url}"' not in page, (role, url)  # nor elsewhere on the page


def test_company_picker_runs_a_constant_number_of_queries(
    client, db, django_assert_max_num_queries
):
    Company.objects.bulk_create(
        Company(name=f"Shop {i}", slug=f"shop-{i}", search_name=f"shop {i}", sector="webshop")
        for i in range(200)
    )
    with django_assert_max_num_queries(2):
        response = client.get(reverse("company_search"), {"company_name": "shop"})
    assert response.content.decode().count('name="company_id"') == 10


def test_new_users_start_with_no_journeys(client, db):
    user = UserFactory()
    client.force_login(user)
    assert b"You have not logged any journeys yet" in client.get(reverse("journey_list")).content


def test_a_draft_without_steps_shows_no_score(consumer_client, consumer, airline):
    journey = JourneyFactory(owner=consumer, company=airline)
    body = consumer_client.get(journey.get_absolute_url()).content.decode()
    assert "No score yet" in body and 'id="score-value"' not in body
    StepFactory(journey=journey, position=1)
    journey.step_count = 1
    journey.save(update_fields=["step_count"])
    body = consumer_client.get(journey.get_absolute_url()).content.decode()
    assert "No score yet" not in body and 'id="score-value"' in body


def test_consent_can_be_withdrawn_only_once_something_was_submitted(
    consumer_client, consumer, airline
):
    journey = JourneyFactory(
        owner=consumer, company=airline, story="Mijn verhaal.", story_consent=True
    )
    StepFactory(journey=journey, position=1)
    withdraw = reverse("consent_withdraw", args=[journey.pk])
    body = consumer_client.get(journey.get_absolute_url()).content.decode()
    assert withdraw not in body
    assert body.count(reverse("journey_timeline", args=[journey.pk])) == 1
    journey.moderation_state = Journey.Moderation.PENDING
    journey.save(update_fields=["moderation_state"])
    assert withdraw in consumer_client.get(journey.get_absolute_url()).content.decode()


def test_a_new_step_starts_from_the_last_one_or_the_journeys_first_day(
    consumer_client, consumer, airline
):
    started = datetime.date(2026, 3, 2)
    journey = JourneyFactory(owner=consumer, company=airline, started_on=started)
    body = consumer_client.get(journey.get_absolute_url()).content.decode()
    assert 'name="occurred_on" value="2026-03-02"' in body
    StepFactory(
        journey=journey, position=1, channel="chatbot", occurred_on=datetime.date(2026, 3, 5)
    )
    body = consumer_client.get(journey.get_absolute_url()).content.decode()
    assert 'name="occurred_on" value="2026-03-05"' in body
    add_form = body.split('id="add-step-form"')[1]
    assert '<option value="chatbot" selected>' in add_form
    # Repeats read one way only: typing something four times is three times again.
    repeats = StepForm(journey=journey).fields["repeats"]
    assert (str(repeats.label), "= 3 times again" in str(repeats.help_text)) == (
        "Times given again",
        True,
    )


def test_same_again_repeats_the_last_step_without_its_note(
    consumer_client, consumer, airline, htmx
):
    journey = JourneyFactory(owner=consumer, company=airline)
    services.step_add(
        journey=journey,
        kind="hold",
        channel="phone",
        occurred_on=journey.started_on,
        minutes=25,
        repeats=0,
        note="Privé",
    )
    first = journey.steps.get()
    body = consumer_client.get(journey.get_absolute_url()).content.decode()
    again = reverse("step_again", args=[journey.pk, first.pk])
    assert f'action="{again}"' in body and "Same again: Wait on hold (Phone)" in body
    response = consumer_client.post(again, **htmx)
    assert response.status_code == 200
    second = journey.steps.order_by("position").last()
    assert (second.position, second.kind, second.channel, second.minutes, second.note) == (
        2,
        "hold",
        "phone",
        25,
        "",
    )
    journey.refresh_from_db()
    assert journey.hold_minutes == 50


def test_same_again_on_someone_elses_step_is_404(client, other_consumer, consumer, airline):
    journey = JourneyFactory(owner=consumer, company=airline)
    step = StepFactory(journey=journey, position=1)
    client.force_login(other_consumer)
    assert client.post(reverse("step_again", args=[journey.pk, step.pk])).status_code == 404
    assert journey.steps.count() == 1


@pytest.mark.parametrize(
    ("state", "current"),
    [
        ("draft", "Draft"),
        ("pending", "In review"),
        ("approved", "Published"),
        ("changes_requested", "Changes asked"),
        ("rejected", "Not accepted"),
    ],
)
def test_one_progress_line_says_where_the_journey_stands(
    consumer_client, consumer, airline, state, current
):
    journey = JourneyFactory(owner=consumer, company=airline, moderation_state=state)
    body = consumer_client.get(journey.get_absolute_url()).content.decode()
    line = body.split('class="progress-line"')[1].split("</ol>")[0]
    assert (
        f'<li aria-current="step"{" data-attention" if state in ("changes_requested", "rejected") else ""}>{current}</li>'
        in line
    )
    assert line.count("aria-current") == 1


def test_every_hint_a_field_points_to_exists(client, consumer, airline):
    """Screen readers read a field's hint through aria-describedby: every id named must exist."""
    journey = JourneyFactory(owner=consumer, company=airline)
    pages = [(None, reverse("signup")), (consumer, reverse("journey_create"))]
    pages.append((consumer, journey.get_absolute_url()))
    for user, url in pages:
        if user:
            client.force_login(user)
        body = client.get(url).content.decode()
        described = re.findall(r'aria-describedby="([^"]+)"', body)
        assert described, url
        for ids in described:
            for ref in ids.split():
                assert f'id="{ref}"' in body, (url, ref)


def test_month_names_read_as_dutch_writes_them(consumer_client, consumer, airline, settings):
    settings.LANGUAGE_CODE = "nl"
    journey = JourneyFactory(
        owner=consumer, company=airline, started_on=datetime.date(2026, 10, 14)
    )
    StepFactory(journey=journey, position=1, occurred_on=datetime.date(2026, 10, 14))
    body = consumer_client.get(journey.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").content
    assert "14 okt 2026" in body.decode() and "Okt" not in body.decode()


def _quick_form(body: str, kind: str) -> dict:
    """The fields the one-click button for `kind` posts, read from the page as a browser would."""
    button = f'id="quick-{kind}"'
    assert button in body, kind
    form = body[: body.index(button)].rsplit('<form method="post"', 1)[1]
    form += body[body.index(button) :].split("</form>", 1)[0]
    return dict(re.findall(r'<input type="\w+" name="(\w+)"[^>]*? value="([^"]*)"', form))


def _quick_kinds(body: str) -> list[str]:
    return re.findall(r'id="quick-([a-z_]+)" aria-describedby="quick-hint"', body)


def test_one_click_buttons_offer_the_common_kinds_of_the_current_channel(
    consumer_client, consumer, airline, htmx
):
    journey = JourneyFactory(owner=consumer, company=airline)
    body = consumer_client.get(journey.get_absolute_url()).content.decode()
    # Before the first step: the phone, where most journeys start.
    assert _quick_kinds(body)[:3] == ["phone_menu", "hold", "human"]
    assert 'id="quick-channel-phone" href' in body and 'aria-current="true">Phone<' in body
    # Another channel in one click: a plain link, or for htmx the page's log with its buttons.
    url = journey.get_absolute_url() + "?channel=web_form"
    assert f'href="{url}#quick-steps"' in body
    for headers in ({}, htmx):
        other = consumer_client.get(url, **headers).content.decode()
        assert _quick_kinds(other) == [
            "create_account",
            "log_in",
            "fill_form",
            "repeat_info",
            "upload_documents",
            "automated_decision",
        ]
        assert 'aria-current="true">Web form<' in other
    # After a step, its channel's buttons; a channel the app does not know changes nothing.
    StepFactory(journey=journey, position=1, kind="chatbot", channel="chatbot")
    for query in ("", "?channel=fax"):
        body = consumer_client.get(journey.get_absolute_url() + query).content.decode()
        assert _quick_kinds(body) == ["chatbot", "chatbot_loop", "repeat_info", "channel_switch"]


@pytest.mark.parametrize("plain", [True, False])
def test_one_click_adds_the_kind_on_the_previous_steps_day_and_channel(
    consumer_client, consumer, airline, htmx, plain
):
    journey = JourneyFactory(owner=consumer, company=airline, started_on=START)
    StepFactory(
        journey=journey,
        position=1,
        kind="chatbot",
        channel="chatbot",
        occurred_on=START + datetime.timedelta(days=3),
    )
    body = consumer_client.get(journey.get_absolute_url()).content.decode()
    url = reverse("step_add", args=[journey.pk])
    headers = {} if plain else htmx
    response = consumer_client.post(url, _quick_form(body, "chatbot_loop"), **headers)
    if plain:
        assert response.status_code == 302 and response.url == journey.get_absolute_url()
    else:
        # The log comes back with the button that was pressed, so the focus can stay on it.
        assert response.status_code == 200 and 'id="quick-chatbot_loop"' in response.text
    added = journey.steps.order_by("position").last()
    assert (added.position, added.kind, added.channel, added.occurred_on, added.minutes) == (
        2,
        "chatbot_loop",
        "chatbot",
        START + datetime.timedelta(days=3),
        0,
    )
    # Information given again: once by default, or as often as typed next to the button.
    form = _quick_form(body, "repeat_info")
    assert form["repeats"] == "1"
    consumer_client.post(url, {**form, "repeats": "3"}, **headers)
    added = journey.steps.order_by("position").last()
    assert (added.kind, added.channel, added.repeats) == ("repeat_info", "chatbot", 3)
    journey.refresh_from_db()
    assert (journey.step_count, journey.loops, journey.repetitions) == (3, 1, 3)


def test_the_first_one_click_step_falls_on_the_journeys_first_day(
    consumer_client, consumer, airline
):
    journey = JourneyFactory(owner=consumer, company=airline, started_on=START)
    url = journey.get_absolute_url() + "?channel=web_form"
    body = consumer_client.get(url).content.decode()
    consumer_client.post(reverse("step_add", args=[journey.pk]), _quick_form(body, "log_in"))
    step = journey.steps.get()
    assert (step.kind, step.channel, step.occurred_on) == ("log_in", "web_form", START)


@pytest.mark.parametrize("length", [1, 40])
@pytest.mark.parametrize("button", ["form", "one-click"])
def test_a_step_post_runs_at_most_ten_queries_whatever_the_journeys_length(
    consumer_client, consumer, airline, htmx, length, button
):
    journey = JourneyFactory(owner=consumer, company=airline)
    for _ in range(length):
        services.step_add(
            journey=journey,
            kind="hold",
            channel="phone",
            occurred_on=journey.started_on,
            minutes=1,
            repeats=0,
            note="",
        )
    post = {"kind": "hold", "channel": "phone", "occurred_on": journey.started_on.isoformat()}
    if button == "one-click":
        post = _quick_form(consumer_client.get(journey.get_absolute_url()).text, "hold")
    with CaptureQueriesContext(connection) as queries:
        response = consumer_client.post(reverse("step_add", args=[journey.pk]), post, **htmx)
    assert response.status_code == 200 and journey.steps.count() == length + 1
    # The test's own transaction turns each atomic block into a savepoint pair; production
    # runs them as a transaction of its own.
    sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(sql) <= 10, sql
