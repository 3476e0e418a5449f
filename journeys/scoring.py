"""Friction score, version 1: a pure function of a journey's steps and status.

The tables here are the single source of truth: the methodology page renders them, so what is
published is what the code computes. Any change to a weight or constant must bump SCORE_VERSION.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Protocol

SCORE_VERSION = 1

# Points per step of each kind. `repeat_info` is per repetition (a step with 3 repeats weighs 24).
STEP_POINTS: dict[str, float] = {
    "create_account": 4,
    "log_in": 1,
    "fill_form": 2,
    "repeat_info": 8,
    "chatbot": 3,
    "chatbot_loop": 10,
    "phone_menu": 2,
    "hold": 0,
    "transfer": 5,
    "human": 0,
    "channel_switch": 6,
    "contradiction": 10,
    "broken_promise": 8,
    "disconnected": 8,
    "automated_decision": 12,
    "upload_documents": 3,
    "closed_unresolved": 20,
    "escalated": 6,
    "resolved": 0,
    # The consumer's judgement of a company's public reply: a fact for the reply figures, not
    # friction (the journey's status carries how it ended). Added at 0 points, so no score of
    # version 1 changed and the version stays.
    "reply_resolved": 0,
    "reply_unresolved": 0,
}

# Points for how the journey ended (so far).
OUTCOME_POINTS: dict[str, float] = {
    "open": 0,
    "resolved": 0,
    "unresolved": 15,
    "abandoned": 20,
}

# Time: minutes count with diminishing returns up to a cap; a minute on hold is dead time and
# weighs more than a minute spent explaining.
TIME_CAP = 20.0
TIME_SCALE_MINUTES = 120.0
HOLD_WEIGHT = 1.5

# score = 100 · (1 − e^(−points / SATURATION)): a typical bad journey lands around 60–80.
SATURATION = 50.0


class StepLike(Protocol):
    kind: str
    minutes: int
    repeats: int


@dataclass(frozen=True)
class Drivers:
    step_count: int = 0
    repetitions: int = 0
    loops: int = 0
    transfers: int = 0
    minutes_total: int = 0
    hold_minutes: int = 0
    reached_human: bool = False
    minutes_to_human: int | None = None
    closed_unresolved: bool = False


# The drivers' names: columns on `Journey`, figures in the exports.
DRIVER_FIELDS = tuple(field.name for field in fields(Drivers))


@dataclass(frozen=True)
class Score:
    value: float
    points: float
    drivers: Drivers
    version: int = SCORE_VERSION


def repetitions_of(step: StepLike) -> int:
    # A "give information again" step means at least one repetition, even if none was counted.
    return max(1, step.repeats) if step.kind == "repeat_info" else 0


def step_points(step: StepLike) -> float:
    base = STEP_POINTS[step.kind]
    return base * repetitions_of(step) if step.kind == "repeat_info" else base


def time_points(minutes_total: int, hold_minutes: int) -> float:
    weighted = (minutes_total - hold_minutes) + HOLD_WEIGHT * hold_minutes
    return TIME_CAP * (1 - math.exp(-weighted / TIME_SCALE_MINUTES))


def drivers_of(steps: Iterable[StepLike]) -> Drivers:
    count = repetitions = loops = transfers = minutes = hold = 0
    minutes_to_human = None
    closed = False
    for step in steps:
        count += 1
        if step.kind == "human" and minutes_to_human is None:
            minutes_to_human = minutes
        minutes += step.minutes
        repetitions += repetitions_of(step)
        loops += step.kind == "chatbot_loop"
        transfers += step.kind == "transfer"
        hold += step.minutes if step.kind == "hold" else 0
        closed = closed or step.kind == "closed_unresolved"
    return Drivers(
        step_count=count,
        repetitions=repetitions,
        loops=loops,
        transfers=transfers,
        minutes_total=minutes,
        hold_minutes=hold,
        reached_human=minutes_to_human is not None,
        minutes_to_human=minutes_to_human,
        closed_unresolved=closed,
    )


def score_journey(steps: Iterable[StepLike], status: str) -> Score:
    """Score steps (in journey order) and the journey's status: 0 effortless, 100 worst."""
    steps = list(steps)
    drivers = drivers_of(steps)
    points = (
        sum(step_points(step) for step in steps)
        + time_points(drivers.minutes_total, drivers.hold_minutes)
        + OUTCOME_POINTS[status]
    )
    value = 100 * (1 - math.exp(-points / SATURATION))
    return Score(value=round(value, 1), points=points, drivers=drivers)


def score_level(score: float) -> str:
    """The band a score is shown in: "low" under 40, "mid" under 75, "high" from 75."""
    return "high" if score >= 75 else "mid" if score >= 40 else "low"
