"""The friction score's calibration against the real journeys of ../shared/scenarios.json."""

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from journeys.demo import SCENARIOS
from journeys.scoring import score_journey

SHARED = Path(__file__).resolve().parents[2] / "shared" / "scenarios.json"


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


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/scenarios.json is not beside this clone")
def test_demo_scenarios_match_the_shared_file():
    shared = json.loads(SHARED.read_text())["scenarios"]
    assert set(SCENARIOS) == {s["key"] for s in shared}
    for scenario in shared:
        company, goal, status, steps = SCENARIOS[scenario["key"]]
        assert (company, goal, status) == (
            scenario["company"],
            scenario["goal"],
            scenario["status"],
        )
        assert steps == [
            (s["kind"], s["channel"], s.get("minutes", 0), s.get("repeats", 0))
            for s in scenario["steps"]
        ]
