"""Test data for the public figures: many companies with enough reporters, built in bulk."""

import datetime

from django.utils import timezone

from journeys import leaderboards
from journeys.models import Company, Journey, Sector, Step, User, channel_mask

SECTORS = list(Sector.values)


def build_companies(count: int, *, reporters: int = 5, prefix: str = "Bulk") -> list[Company]:
    """`count` active companies, each with one approved journey (and one step) per reporter,
    scores spread so companies differ, then a full recompute."""
    owners = User.objects.bulk_create(
        [User(email=f"{prefix.lower()}{n}@example.nl", password="!") for n in range(reporters)]
    )
    companies = Company.objects.bulk_create(
        [
            Company(
                name=f"{prefix} {n:04d}",
                slug=f"{prefix.lower()}-{n:04d}",
                search_name=f"{prefix.lower()} {n:04d}",
                sector=SECTORS[n % len(SECTORS)],
            )
            for n in range(count)
        ]
    )
    started = timezone.localdate() - datetime.timedelta(days=20)
    journeys = Journey.objects.bulk_create(
        [
            Journey(
                owner=owner,
                company=company,
                goal="refund",
                started_on=started,
                moderation_state=Journey.Moderation.APPROVED,
                score=(n * 7 + i * 13) % 100,
                repetitions=i,
                reached_human=i % 2 == 0,
                minutes_to_human=10 * i if i % 2 == 0 else None,
                channel_mask=channel_mask(["phone"]),
            )
            for n, company in enumerate(companies)
            for i, owner in enumerate(owners)
        ]
    )
    Step.objects.bulk_create(
        [
            Step(journey=j, position=1, kind="hold", channel="phone", occurred_on=started)
            for j in journeys
        ]
    )
    leaderboards.recompute_full()
    return companies
