"""The reply clock's rule (`journeys/replyclock.py`) on calendar dates: weekends count, a first
response ("in progress" too) stops it, a wait for the consumer's hand-over pauses it."""

import datetime

from journeys import leaderboards
from journeys.replyclock import DUE_DAYS, LONG_OVERDUE_DAYS, PAUSE_MAX_DAYS, State, clock

FRI = datetime.date(2026, 12, 4)  # a Friday


def day(n: int) -> datetime.date:
    return FRI + datetime.timedelta(n)


def test_the_terms_are_those_the_reply_figures_use():
    assert (DUE_DAYS, LONG_OVERDUE_DAYS) == (15, 30)
    assert DUE_DAYS == leaderboards.REPLY_DAYS


def test_weekends_count_and_the_due_day_may_be_a_saturday():
    on_due_day = clock(published_on=FRI, responded_on=None, today=day(15))
    assert on_due_day.due_on == datetime.date(2026, 12, 19)  # a Saturday, not moved to Monday
    assert on_due_day.due_on.weekday() == 5
    assert (on_due_day.state, on_due_day.days_left(day(15))) == (State.AWAITING, 0)
    sunday = clock(published_on=FRI, responded_on=None, today=day(16))
    assert (sunday.state, sunday.days_left(day(16))) == (State.OVERDUE, -1)


def test_awaiting_then_overdue_then_long_overdue():
    states = {
        n: clock(published_on=FRI, responded_on=None, today=day(n)).state
        for n in (0, 1, 15, 16, 30, 31, 100)
    }
    assert states == {
        0: State.AWAITING,
        1: State.AWAITING,
        15: State.AWAITING,
        16: State.OVERDUE,
        30: State.OVERDUE,
        31: State.LONG_OVERDUE,
        100: State.LONG_OVERDUE,
    }
    assert clock(published_on=FRI, responded_on=None, today=day(3)).days_left(day(3)) == 12


def test_a_first_response_stops_the_clock_even_a_late_one():
    on_time = clock(published_on=FRI, responded_on=day(2), today=day(40))
    assert (on_time.state, on_time.days, on_time.due_on, on_time.is_open) == (
        State.ANSWERED,
        2,
        None,
        False,
    )
    late = clock(published_on=FRI, responded_on=day(20), today=day(40))
    assert (late.state, late.days) == (State.ANSWERED, 20)
    # A response dated after "today" (a clock read for an earlier day) does not count yet.
    assert clock(published_on=FRI, responded_on=day(20), today=day(17)).state == State.OVERDUE


def test_a_wait_for_the_hand_over_pauses_the_clock_and_moves_the_due_day():
    # Asked on Monday, handed over the Monday after: seven days paused.
    wait = [(day(3), day(10))]
    waiting = clock(published_on=FRI, responded_on=None, waits=wait, today=day(6))
    assert waiting.state == State.PAUSED
    assert waiting.days == 3  # Friday to Monday; the days since do not count
    after = clock(published_on=FRI, responded_on=None, waits=wait, today=day(22))
    assert after.due_on == day(22)
    assert (after.state, after.days_left(day(22))) == (State.AWAITING, 0)
    assert clock(published_on=FRI, responded_on=None, waits=wait, today=day(23)).state == (
        State.OVERDUE
    )
    assert clock(published_on=FRI, responded_on=None, waits=wait, today=day(38)).state == (
        State.LONG_OVERDUE
    )


def test_an_unanswered_wait_pauses_for_a_limited_time_only():
    wait = [(day(3), None)]
    assert clock(published_on=FRI, responded_on=None, waits=wait, today=day(17)).state == (
        State.PAUSED
    )
    resumed = clock(published_on=FRI, responded_on=None, waits=wait, today=day(3 + PAUSE_MAX_DAYS))
    assert resumed.state == State.AWAITING
    assert resumed.due_on == day(DUE_DAYS + PAUSE_MAX_DAYS)
    assert resumed.days == 3


def test_a_response_during_the_wait_answers_it_and_counts_unpaused_days():
    answered = clock(published_on=FRI, responded_on=day(8), waits=[(day(3), None)], today=day(9))
    assert (answered.state, answered.days) == (State.ANSWERED, 3)
