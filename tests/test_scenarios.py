"""The friction score's calibration against the columns' journeys (journeys/data/scenarios.json)."""

from dataclasses import dataclass

from journeys.demo import SCENARIOS, load_scenarios
from journeys.scoring import score_journey


@dataclass
class S:
    kind: str
    minutes: int
    repeats: int


def _score(key: str) -> float:
    _company, _goal, status, steps = SCENARIOS[key]
    return score_journey([S(k, m, r) for k, _ch, m, r in steps], status).value


def test_good_service_scores_lowest_and_under_10():
    scores = {key: _score(key) for key in SCENARIOS}
    assert scores["good-service-three-rings"] < 10
    assert min(scores, key=scores.get) == "good-service-three-rings"


def test_airline_refund_and_webshop_bot_score_highest_and_over_75():
    scores = {key: _score(key) for key in SCENARIOS}
    top_two = sorted(scores, key=scores.get, reverse=True)[:2]
    assert set(top_two) == {"airline-refund-cancelled-flight", "webshop-headphones-bot"}
    assert all(scores[key] > 75 for key in top_two)


def test_tax_office_lands_in_between():
    assert 10 < _score("tax-office-queue") < 75


def test_every_scenario_of_the_file_is_in_the_demo_data():
    """The demo data draws on all nine journeys of the columns, each with its own steps."""
    assert len(SCENARIOS) == len(load_scenarios()) == 9
    assert all(steps for _c, _g, _s, steps in SCENARIOS.values())
