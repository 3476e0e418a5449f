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
                responded_on=_first_response(responded, elsewhere),
                waits=[(_day(asked), _day(answered))] if asked else [],
                today=today,
            ),
        )
        for company, pk, published_at, asked, answered, elsewhere, responded, _final in rows
    ]


def response_days(journeys) -> Iterator[tuple[int, int, int | None]]:
    """(journey id, days to the first response, days to the final reply or None) of each
    published journey of `journeys` that had a response: the reply clock's days, pauses left out,
    as the leaderboard figures count them."""
    answered = Exists(Reply.objects.filter(journey=OuterRef("pk")))
    rows = _clock_rows(
        journeys.filter(published_at__isnull=False).filter(
            answered | Q(answered_elsewhere_on__isnull=False)
        )
    ).filter(Q(responded__isnull=False) | Q(answered_elsewhere_on__isnull=False))
    for _company, pk, published_at, asked, answered, elsewhere, responded, final in rows:
        published_on = timezone.localdate(published_at)
        waits = [(_day(asked), _day(answered))] if asked else []

        def days(day: datetime.date | None, waits=waits, published_on=published_on) -> int | None:
            if day is None:
                return None
            return replyclock.clock(
                published_on=published_on, responded_on=day, waits=waits, today=day
            ).days

        yield pk, days(_first_response(responded, elsewhere)), days(_day(final))


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
