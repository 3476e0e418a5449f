"""The reply clock read from the store: each published journey's clock (the representative's
dashboard), how many journeys are open, overdue and long overdue (the company page), and the days
to each response (the leaderboard figures). The rule itself is `replyclock.py`'s."""

import datetime
from collections.abc import Iterator

from django.db import connection
from django.db.models import Exists, F, FilteredRelation, Min, OuterRef, Q
from django.utils import timezone

from . import replyclock
from .models import HandoverRequest, Journey, Reply


def responded() -> Exists:
    """Whether a journey's company has responded to it: a reply of that company sent and not
    rejected (a consumer's word that it answered elsewhere is kept apart, on the journey)."""
    return Exists(
        Reply.objects.filter(journey=OuterRef("pk"), company=OuterRef("company")).exclude(
            state=Reply.State.REJECTED
        )
    )


def _clock_rows(journeys):
    """Per journey of `journeys`: company, id, publication time, the wait for the hand-over
    (asked, answered), the first response (the first reply of that company sent and not
    rejected; the request of a company the journey moved away from does not count), the first
    final reply (any but "in progress") and the day the consumer said it answered elsewhere."""
    by_company = ~Q(replies__state=Reply.State.REJECTED) & Q(replies__company=F("company"))
    return (
        journeys.annotate(
            wait=FilteredRelation(
                "handover_request", condition=Q(handover_request__company=F("company"))
            )
        )
        .values_list(
            "company",
            "id",
            "published_at",
            "wait__asked_at",
            "wait__answered_at",
            "answered_elsewhere_on",
        )
        .annotate(
            responded=Min("replies__created_at", filter=by_company),
            final=Min(
                "replies__created_at",
                filter=by_company & ~Q(replies__category=Reply.Category.IN_PROGRESS),
            ),
        )
        .order_by()
    )


def _first_response(replied: datetime.datetime | None, elsewhere: datetime.date | None):
    """The day the clock stops: the first reply, or the day the consumer said the company had
    answered them elsewhere, whichever came first."""
    days = [day for day in (_day(replied), elsewhere) if day is not None]
    return min(days) if days else None


def of(
    *, companies, today: datetime.date, pk: int | None = None
) -> list[tuple[int, int, replyclock.Clock]]:
    """(company id, journey id, clock) of every published journey at these companies, in one
    query (see `_clock_rows` for what counts). `pk`: only that journey."""
    rows = _clock_rows(
        Journey.objects.approved().filter(
            # Approval sets the day the clock starts; a row without one (bulk-loaded) has none.
            company__in=companies,
            published_at__isnull=False,
            **({"pk": pk} if pk else {}),
        )
    )
    return [
        (
            company,
            pk,
            replyclock.clock(
                published_on=timezone.localdate(published_at),
                responded_on=_first_response(replied, elsewhere),
                waits=_waits(asked, answered),
                today=today,
            ),
        )
        for company, pk, published_at, asked, answered, elsewhere, replied, _final in rows
    ]


def response_days(journeys) -> Iterator[tuple[int, int, int | None]]:
    """(journey id, days to the first response, days to the final reply or None) of each
    published journey of `journeys` that had a response: the reply clock's days, pauses left out,
    as the leaderboard figures count them."""
    rows = _clock_rows(
        journeys.filter(published_at__isnull=False).filter(
            responded() | Q(answered_elsewhere_on__isnull=False)
        )
    )
    for _company, pk, published_at, asked, answered, elsewhere, replied, final in rows:
        published_on, waits = timezone.localdate(published_at), _waits(asked, answered)
        yield (
            pk,
            _days_to(_first_response(replied, elsewhere), published_on, waits),
            _days_to(_day(final), published_on, waits),
        )


def _waits(asked: datetime.datetime | None, answered: datetime.datetime | None) -> list:
    """The company's wait for the hand-over, as the clock takes it (one at most)."""
    return [(_day(asked), _day(answered))] if asked else []


def _days_to(day: datetime.date | None, published_on: datetime.date, waits: list) -> int | None:
    """The clock's days, pauses left out, from publication to a response on `day`."""
    if day is None:
        return None
    return replyclock.clock(
        published_on=published_on, responded_on=day, waits=waits, today=day
    ).days


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def _local_date(column: str) -> tuple[str, list]:
    """SQL for the local calendar day of a timestamp column, as each database writes it."""
    return connection.ops.datetime_cast_date_sql(column, (), timezone.get_current_timezone_name())


def _as_date(value) -> datetime.date | None:
    # SQLite hands the day back as text.
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def counts(*, company: int, today: datetime.date) -> dict[str, int]:
    """How many of the company's published journeys await a first response (paused ones
    included), are overdue and long overdue: one query, a row per publication day and wait.
    Plain SQL, run on every view of the company page, where the ORM took four times as long to
    write the query as the database to answer it; `tests/test_clock_figures.py` holds it equal
    to the clocks of `of`."""
    days = [
        _local_date(f"{column}") for column in ("j.published_at", "w.asked_at", "w.answered_at")
    ]
    sql = f"""
        SELECT {", ".join(day for day, _params in days)}, count(*)
        FROM {Journey._meta.db_table} j
        LEFT JOIN {HandoverRequest._meta.db_table} w
            ON w.journey_id = j.id AND w.company_id = j.company_id
        WHERE j.company_id = %s AND j.moderation_state = %s AND j.published_at IS NOT NULL
          AND j.answered_elsewhere_on IS NULL
          AND NOT EXISTS (
              SELECT 1 FROM {Reply._meta.db_table} r
              WHERE r.journey_id = j.id AND r.company_id = j.company_id AND r.state <> %s
          )
        GROUP BY 1, 2, 3
    """  # noqa: S608 (table names from the models)
    params = [
        *(param for _day, day_params in days for param in day_params),
        company,
        Journey.Moderation.APPROVED,
        Reply.State.REJECTED,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = dict.fromkeys(("awaiting", "overdue", "long_overdue"), 0)
    for day, asked, answered, n in rows:
        waits = [(_as_date(asked), _as_date(answered))] if asked else []
        state = replyclock.clock(
            published_on=_as_date(day), responded_on=None, waits=waits, today=today
        )
        found[{replyclock.State.PAUSED: "awaiting"}.get(state.state, str(state.state))] += n
    return found
