"""The reply clock: how long a company has to answer a published journey, and where it stands.

The one place the rule lives; the representative's dashboard and the public company page read it,
`/methodology/` states it. Days are calendar days (weekends count) from the day the journey was
published. The clock stops at the company's first response: a reply sent and not rejected, "in
progress" included. It is paused on the days the company waits for the consumer's hand-over of
contact details, at most `PAUSE_MAX_DAYS` (so that asking cannot stop the clock for good). Pure:
no database, no request, no "now" of its own.
"""

import dataclasses
import datetime
import enum
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

# Days from publication to a first response; after these the reply is overdue, then long overdue.
DUE_DAYS = 15
LONG_OVERDUE_DAYS = 30
# The longest a wait for the consumer's hand-over pauses the clock.
PAUSE_MAX_DAYS = 15


class State(enum.StrEnum):
    ANSWERED = "answered"
    PAUSED = "paused"
    AWAITING = "awaiting"
    OVERDUE = "overdue"
    LONG_OVERDUE = "long_overdue"


LABELS = {
    State.ANSWERED: _("Answered"),
    State.PAUSED: _("Paused: waiting for the consumer's contact details"),
    State.AWAITING: _("Awaiting a reply"),
    State.OVERDUE: _("Overdue"),
    State.LONG_OVERDUE: _("Long overdue"),
}

# The states in which the company still owes a first response.
OPEN = (State.PAUSED, State.AWAITING, State.OVERDUE, State.LONG_OVERDUE)


@dataclasses.dataclass(frozen=True)
class Clock:
    state: State
    # The day a first response is due (moved on by the days paused); None once answered.
    due_on: datetime.date | None
    # Days counted so far, pauses left out (up to the first response once answered).
    days: int

    @property
    def label(self) -> str:
        return str(LABELS[self.state])

    def days_left(self, today: datetime.date) -> int | None:
        """Days until the due day (0 on the day itself), negative once overdue."""
        return None if self.due_on is None else (self.due_on - today).days

    @property
    def is_open(self) -> bool:
        return self.state in OPEN

    @property
    def counting(self) -> bool:
        """Whether the days run: still to answer and not paused."""
        return self.is_open and self.state != State.PAUSED


def _wait_end(asked: datetime.date, given: datetime.date | None) -> datetime.date:
    """The day a wait stops pausing the clock: the hand-over, or the end of the longest pause."""
    longest = asked + datetime.timedelta(PAUSE_MAX_DAYS)
    return min(given, longest) if given else longest


def _paused_days(
    waits: list[tuple[datetime.date, datetime.date | None]],
    start: datetime.date,
    end: datetime.date,
) -> int:
    """Days in [start, end) covered by a wait [asked, handed over) (None: still waiting)."""
    covered = set()
    for asked, given in waits:
        first, last = max(asked, start), min(_wait_end(asked, given), end)
        covered.update(first + datetime.timedelta(n) for n in range((last - first).days))
    return len(covered)


def clock(
    *,
    published_on: datetime.date,
    responded_on: datetime.date | None,
    waits: Iterable[tuple[datetime.date, datetime.date | None]] = (),
    today: datetime.date,
) -> Clock:
    """Where the clock of a journey published on `published_on` stands on `today`.

    `responded_on`: the day of the first response that counts (a reply sent and not rejected,
    "in progress" included), or None. `waits`: the company's waits for the consumer's hand-over,
    each (asked on, handed over on, or None while it lasts).
    """
    waits = list(waits)
    end = min(responded_on, today) if responded_on else today
    days = (end - published_on).days - _paused_days(waits, published_on, end)
    if responded_on is not None and responded_on <= today:
        return Clock(State.ANSWERED, None, days)
    due_on = published_on + datetime.timedelta(DUE_DAYS + _paused_days(waits, published_on, today))
    if any(asked <= today < _wait_end(asked, given) for asked, given in waits):
        state = State.PAUSED
    elif days > LONG_OVERDUE_DAYS:
        state = State.LONG_OVERDUE
    elif days > DUE_DAYS:
        state = State.OVERDUE
    else:
        state = State.AWAITING
    return Clock(state, due_on, days)
