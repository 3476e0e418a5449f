"""Two tabs editing one journey at once: steps stay numbered 1..n and no request fails; two
consumers suggesting one new company at once share one suggestion."""

import random
import threading

from django.db import transaction
from django.test import Client
from django.urls import reverse

from journeys import services
from journeys.models import (
    Company,
)
from journeys.scoring import score_journey
from tests import celery_worker as worker
from tests.factories import JourneyFactory, UserFactory
from tests.faults import (
    START,
    backend_waiting_on_lock,
    in_threads,
    services_only,
)


def _step_form():
    return {
        "kind": "hold",
        "channel": "phone",
        "occurred_on": START.isoformat(),
        "minutes": "3",
        "repeats": "",
        "note": "",
    }


@services_only
def test_tabs_adding_moving_and_deleting_steps_at_once_keep_them_numbered_1_to_n(
    transactional_db,
):
    consumer = UserFactory()
    journey = JourneyFactory(owner=consumer, started_on=START)
    for kind in ("phone_menu", "hold", "transfer", "hold", "human", "repeat_info", "hold", "hold"):
        services.step_add(
            journey=journey, kind=kind, channel="phone", occurred_on=START, minutes=3, repeats=0
        )
    initial = list(journey.steps.values_list("pk", flat=True))
    tabs = []
    for _ in range(6):
        tab = Client(raise_request_exception=False)
        tab.force_login(consumer)
        tabs.append(tab)

    def work(tab, seed):
        rng = random.Random(seed)
        done = []
        for _ in range(8):
            action = rng.choice(["add", "up", "down", "delete", "up", "down"])
            if action == "add":
                url = reverse("step_add", args=[journey.pk])
                response = tab.post(url, _step_form())
                done.append((action, None, response.status_code))
                continue
            step = rng.choice(initial)
            if action == "delete":
                url = reverse("step_delete", args=[journey.pk, step])
                response = tab.post(url)
            else:
                url = reverse("step_move", args=[journey.pk, step])
                response = tab.post(url, {"direction": action})
            done.append((action, step, response.status_code))
        return done

    results = in_threads(*(lambda tab=tab, n=n: work(tab, n) for n, tab in enumerate(tabs)))
    requests = [request for result in results for request in result]
    assert all(not isinstance(result, BaseException) for result in results), results
    # Every answer is the normal one: done (a redirect), or the step was already deleted (404).
    assert {status for _a, _s, status in requests} <= {302, 404}
    assert all(status == 302 for action, _s, status in requests if action == "add")

    steps = list(journey.steps.order_by("position"))
    assert [step.position for step in steps] == list(range(1, len(steps) + 1))
    deleted = {pk for action, pk, _status in requests if action == "delete"}
    added = [step for step in steps if step.pk not in initial]
    assert len(added) == sum(action == "add" for action, _s, _status in requests)
    assert {step.pk for step in steps if step.pk in initial} == set(initial) - deleted
    # The score the consumer sees is the score of the steps as they ended up.
    journey.refresh_from_db()
    assert journey.score == score_journey(steps, journey.status).value
    assert journey.step_count == len(steps)


def _steps_of(journey) -> list[tuple[int, str]]:
    return list(journey.steps.order_by("position").values_list("position", "kind"))


def test_deleting_a_step_numbers_the_rest_1_to_n(db):
    journey = JourneyFactory(started_on=START)
    for kind in ("phone_menu", "hold", "transfer", "human"):
        services.step_add(journey=journey, kind=kind, channel="phone", occurred_on=START)
    services.step_delete(step=journey.steps.get(kind="hold"))
    assert _steps_of(journey) == [(1, "phone_menu"), (2, "transfer"), (3, "human")]
    services.step_delete(step=journey.steps.get(kind="phone_menu"))
    services.step_add(journey=journey, kind="resolved", channel="phone", occurred_on=START)
    assert _steps_of(journey) == [(1, "transfer"), (2, "human"), (3, "resolved")]


def test_a_stale_tab_acting_on_a_deleted_step_changes_nothing(db):
    journey = JourneyFactory(started_on=START)
    for kind in ("phone_menu", "hold", "human"):
        services.step_add(journey=journey, kind=kind, channel="phone", occurred_on=START)
    stale = journey.steps.get(kind="hold")  # as the other tab still shows it
    services.step_delete(step=journey.steps.get(kind="hold"))
    services.step_move(step=stale, direction="up")
    services.step_update(step=stale, minutes=30)
    services.step_delete(step=stale)
    assert _steps_of(journey) == [(1, "phone_menu"), (2, "human")]


@services_only
def test_two_consumers_suggesting_the_same_new_company_at_once_share_one_suggestion(
    transactional_db,
):
    first_user, second_user = UserFactory(), UserFactory()
    inserted, release = threading.Event(), threading.Event()

    def first():
        # The first suggestion is written but not yet committed when the second arrives.
        with transaction.atomic():
            company = services.company_suggest(
                name="Klantloos B.V.", sector="webshop", user=first_user
            )
            inserted.set()
            assert release.wait(timeout=20)
        return company

    def second():
        assert inserted.wait(timeout=20)
        return services.company_suggest(name="  klantlóós b.v. ", sector="other", user=second_user)

    def referee():
        # Release the first once the second, having found nothing, waits on its uncommitted row.
        try:
            worker.wait_for(lambda: backend_waiting_on_lock('INSERT INTO "journeys_company"'))
        finally:
            release.set()

    a, b, refereed = in_threads(first, second, referee)
    assert not isinstance(refereed, BaseException), refereed
    assert isinstance(a, Company) and isinstance(b, Company), (a, b)
    assert a.pk == b.pk
    assert Company.objects.filter(search_name="klantloos b.v.").count() == 1
