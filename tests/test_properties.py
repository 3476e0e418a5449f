"""Property-based bad input: whatever arrives in a query string or a form, no page answers 5xx,
and nothing already saved is lost. Runs on SQLite and on PostgreSQL (which refuses NUL bytes in
text, so they are in the alphabet on purpose)."""

import datetime

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeys import figures
from journeys.models import Company, Journey, Step, User
from tests.leaderboard_data import build_companies

from .factories import JourneyFactory, StepFactory

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Plain words, numbers, markup, NUL and other control characters, and very long values.
TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", "0", "-1", "1e999", "9" * 5000, "\x00", "<script>", "12m", "2025Q1"]),
    st.text(alphabet="\x00\x01\n\t%_'\";\\", max_size=20),
    st.text(min_size=2000, max_size=3000),
)
PARAMS = st.dictionaries(
    st.sampled_from(["period", "sector", "channel", "page", "q", "company_name", "prefix"]),
    TEXT,
    max_size=4,
)


def _ok(response):
    assert response.status_code < 500, response.status_code
    return response


@pytest.fixture
def published(db):
    companies = build_companies(2)
    return companies


@pytest.mark.django_db
def test_public_pages_and_api_take_any_query_string(client, published):
    urls = [
        reverse("leaderboard"),
        reverse("company_list"),
        reverse("company_search"),
        published[0].get_absolute_url(),
        reverse("api_leaderboard"),
        reverse("api_company", args=[published[0].slug]),
        reverse("export_leaderboard"),
        reverse("home"),
    ]

    @SETTINGS
    @given(params=PARAMS, url=st.sampled_from(urls), htmx=st.booleans())
    def check(params, url, htmx):
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = _ok(client.get(url, params, **headers))
        if url.startswith("/api/"):
            assert response["Content-Type"].startswith("application/json")

    check()


@pytest.mark.django_db
def test_the_api_answers_unknown_filters_with_the_default_board(client, published):
    @SETTINGS
    @given(params=PARAMS)
    def check(params):
        data = _ok(client.get(reverse("api_leaderboard"), params)).json()
        assert data["filters"]["period"] in figures.current_snapshot().stats["periods"]
        assert data["filters"]["sector"] in ("", *(c.sector for c in published))

    check()


STEP_FORM = st.fixed_dictionaries(
    {
        "kind": st.one_of(TEXT, st.sampled_from(["hold", "repeat_info", "chatbot_loop"])),
        "channel": st.one_of(TEXT, st.just("phone")),
        "occurred_on": st.one_of(TEXT, st.dates().map(datetime.date.isoformat)),
        "minutes": st.one_of(TEXT, st.integers().map(str)),
        "repeats": st.one_of(TEXT, st.integers().map(str)),
        "note": TEXT,
    }
)


@pytest.mark.django_db
def test_bad_step_posts_never_break_the_journey(client, consumer, airline):
    journey = JourneyFactory(owner=consumer, company=airline)
    kept = StepFactory(journey=journey, position=1, kind="hold", minutes=12, note="blijft")
    client.force_login(consumer)
    add = reverse("step_add", args=[journey.pk])
    edit = reverse("step_edit", args=[journey.pk, kept.pk])

    @SETTINGS
    @given(data=STEP_FORM, where=st.sampled_from([add, edit]), htmx=st.booleans())
    def check(data, where, htmx):
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        before = Step.objects.filter(journey=journey).count()
        response = _ok(client.post(where, data, **headers))
        steps = list(Step.objects.filter(journey=journey).order_by("position"))
        assert [s.position for s in steps] == list(range(1, len(steps) + 1))
        if response.status_code == 200 and "error" in response.content.decode():
            # Refused with a form error: nothing was added or changed.
            assert len(steps) == before
        assert len(steps) >= 1

    check()
    kept.refresh_from_db()
    assert Step.objects.filter(pk=kept.pk).exists()


@pytest.mark.django_db
def test_bad_narrative_posts_never_break_the_journey(client, consumer, airline):
    """Whatever comes back from the proposal page (the text, the word offsets, a step's fields,
    the formset's counts), the answer is a page or a clear error, and a refusal adds nothing."""
    journey = JourneyFactory(owner=consumer, company=airline)
    client.force_login(consumer)
    propose = reverse("narrative_propose", args=[journey.pk])
    accept = reverse("narrative_accept", args=[journey.pk])

    @SETTINGS
    @given(
        narrative=TEXT,
        consent=st.sampled_from(["", "on", "x"]),
        spans=TEXT,
        kind=st.one_of(TEXT, st.just("hold")),
        minutes=TEXT,
        total=st.one_of(TEXT, st.just("1")),
        htmx=st.booleans(),
    )
    def check(narrative, consent, spans, kind, minutes, total, htmx):
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        _ok(client.post(propose, {"narrative": narrative}, **headers))
        data = {
            "narrative": narrative,
            "story_consent": consent,
            "step-TOTAL_FORMS": total,
            "step-INITIAL_FORMS": "0",
            "step-0-accept": "on",
            "step-0-kind": kind,
            "step-0-channel": "phone",
            "step-0-occurred_on": journey.started_on.isoformat(),
            "step-0-minutes": minutes,
            "step-0-spans": spans,
        }
        before = journey.steps.count()
        response = _ok(client.post(accept, data, **headers))
        refused = response.status_code == 400 or (htmx and "HX-Redirect" not in response)
        if refused:
            assert journey.steps.count() == before

    check()


@pytest.mark.django_db
def test_bad_journey_and_account_forms_are_refused_without_a_trace(client, consumer, airline):
    client.force_login(consumer)
    journeys_before = Journey.objects.count()

    @SETTINGS
    @given(
        company=st.one_of(TEXT, st.just(str(airline.pk))),
        goal=TEXT,
        started_on=TEXT,
        status=TEXT,
        story=TEXT,
    )
    def check(company, goal, started_on, status, story):
        _ok(
            client.post(
                reverse("journey_create"),
                {
                    "company": company,
                    "company_name": company,
                    "goal": goal,
                    "started_on": started_on,
                    "status": status,
                    "narrative": story,
                },
            )
        )

    check()
    # None of those goals is a real one, so no journey was made.
    assert Journey.objects.count() == journeys_before

    client.logout()
    users_before = User.objects.count()

    @SETTINGS
    @given(email=TEXT, password=TEXT)
    def signup(email, password):
        _ok(
            client.post(
                reverse("signup"),
                {"email": email, "password1": password, "password2": password},
            )
        )
        _ok(client.post(reverse("login"), {"username": email, "password": password}))

    signup()
    assert User.objects.count() == users_before


@pytest.mark.django_db
def test_bad_moderation_posts_leave_the_journey_pending(client, moderator, airline, consumer):
    journey = JourneyFactory(
        owner=consumer,
        company=airline,
        moderation_state=Journey.Moderation.PENDING,
        story="Een verhaal",
        story_consent=True,
    )
    suggestion = Company.objects.create(
        name="Nieuw", slug="nieuw", search_name="nieuw", status=Company.Status.PENDING
    )
    client.force_login(moderator)
    pk = journey.pk

    @SETTINGS
    @given(reason=TEXT, note=TEXT, phrase=TEXT, what=st.integers(0, 3))
    def check(reason, note, phrase, what):
        posts = [
            (reverse("moderation_reject", args=[pk]), {f"j{pk}-reason": reason, f"j{pk}-note": ""}),
            (reverse("moderation_redact", args=[pk]), {f"r{pk}-phrase": phrase}),
            (reverse("moderation_company_reject", args=[suggestion.pk]), {"note": note}),
            (reverse("moderation_flags_dismiss", args=[pk]), {"note": note}),
        ]
        url, data = posts[what]
        _ok(client.post(url, data))

    check()
    journey.refresh_from_db()
    assert journey.moderation_state in (Journey.Moderation.PENDING, Journey.Moderation.REJECTED)
