import math
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys.models import Journey, StepKind
from journeys.scoring import (
    OUTCOME_POINTS,
    SATURATION,
    SCORE_VERSION,
    STEP_POINTS,
    drivers_of,
    score_journey,
    score_level,
)


@dataclass
class S:
    kind: str
    minutes: int = 0
    repeats: int = 0


def test_every_step_kind_and_status_has_a_weight():
    assert set(STEP_POINTS) == set(StepKind.values)
    assert set(OUTCOME_POINTS) == set(Journey.Status.values)


def test_no_steps_and_open_is_effortless():
    assert score_journey([], "open").value == 0


def test_score_follows_the_published_formula():
    # 20 points for a case closed without resolution, no time spent, journey still open.
    score = score_journey([S("closed_unresolved")], "open")
    assert score.points == 20
    assert score.value == round(100 * (1 - math.exp(-20 / SATURATION)), 1)


def test_repeat_info_weighs_per_repetition():
    once = score_journey([S("repeat_info", repeats=1)], "open").points
    thrice = score_journey([S("repeat_info", repeats=3)], "open").points
    assert thrice == 3 * once == 3 * STEP_POINTS["repeat_info"]


def test_repeat_info_without_a_count_still_counts_once():
    assert score_journey([S("repeat_info", repeats=0)], "open").drivers.repetitions == 1


def test_outcome_adds_points():
    steps = [S("hold", minutes=20)]
    open_ = score_journey(steps, "open").value
    assert score_journey(steps, "unresolved").value > open_
    assert score_journey(steps, "abandoned").value > score_journey(steps, "unresolved").value


def test_time_has_diminishing_returns_and_a_cap():
    def points(minutes):
        return score_journey([S("human", minutes=minutes)], "open").points

    assert points(60) - points(0) > points(600) - points(540)
    assert points(100_000) < 20.001


def test_hold_minutes_weigh_more_than_other_minutes():
    on_hold = score_journey([S("hold", minutes=30)], "open").value
    talking = score_journey([S("human", minutes=30)], "open").value
    assert on_hold > talking


def test_drivers_count_what_happened():
    drivers = drivers_of(
        [
            S("chatbot", minutes=5),
            S("chatbot_loop", minutes=10),
            S("phone_menu", minutes=3),
            S("hold", minutes=20),
            S("human", minutes=7),
            S("transfer", minutes=2),
            S("repeat_info", minutes=4, repeats=2),
            S("closed_unresolved"),
        ]
    )
    assert drivers.step_count == 8
    assert drivers.loops == 1
    assert drivers.transfers == 1
    assert drivers.repetitions == 2
    assert drivers.minutes_total == 51
    assert drivers.hold_minutes == 20
    assert drivers.reached_human is True
    assert drivers.minutes_to_human == 38  # everything before the first human
    assert drivers.closed_unresolved is True


def test_never_reaching_a_human_leaves_minutes_to_human_empty():
    drivers = drivers_of([S("chatbot_loop", minutes=10)])
    assert drivers.reached_human is False
    assert drivers.minutes_to_human is None


def test_score_carries_its_version():
    assert score_journey([], "open").version == SCORE_VERSION


step_strategy = st.builds(
    S,
    kind=st.sampled_from(StepKind.values),
    minutes=st.integers(min_value=0, max_value=10_000),
    repeats=st.integers(min_value=0, max_value=100),
)
status_strategy = st.sampled_from(Journey.Status.values)


@given(steps=st.lists(step_strategy, max_size=60), status=status_strategy)
def test_score_stays_within_0_and_100(steps, status):
    assert 0 <= score_journey(steps, status).value <= 100


@given(
    steps=st.lists(step_strategy, max_size=40),
    extra=step_strategy,
    where=st.integers(min_value=0, max_value=40),
    status=status_strategy,
)
def test_adding_a_step_never_lowers_the_score(steps, extra, where, status):
    before = score_journey(steps, status).value
    after = score_journey([*steps[:where], extra, *steps[where:]], status).value
    assert after >= before


@given(steps=st.lists(step_strategy, min_size=1, max_size=40), status=status_strategy)
def test_a_friction_step_raises_an_unsaturated_score(steps, status):
    before = score_journey(steps, status)
    after = score_journey([*steps, S("contradiction")], status)
    if before.value < 99:
        assert after.value > before.value


@pytest.mark.parametrize(
    ("score", "level"), [(0, "low"), (39.9, "low"), (40, "mid"), (74.9, "mid"), (75, "high")]
)
def test_scores_are_shown_in_three_bands(score, level):
    assert score_level(score) == level
