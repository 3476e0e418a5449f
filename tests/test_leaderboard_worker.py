"""The recompute through a real Celery worker on Redis (CI's PostgreSQL pass)."""

import pytest
from django.db import transaction

from journeys import leaderboards
from journeys.models import Company, Journey, Snapshot
from tests.celery_worker import celery_worker, wait_for  # noqa: F401
from tests.leaderboard_data import build_companies

pytestmark = [pytest.mark.services, pytest.mark.usefixtures("celery_worker")]


def test_worker_recomputes_and_the_leaderboard_shows_the_new_snapshot(client):
    build_companies(3)
    before = Snapshot.objects.get(is_current=True)
    newcomer = Company.objects.create(name="Nieuwkomer", sector="energy")
    owners = list(Journey.objects.values_list("owner_id", flat=True).distinct())
    assert "Nieuwkomer" not in client.get("/leaderboard/").content.decode()

    with transaction.atomic():
        Journey.objects.bulk_create(
            Journey(
                owner_id=owner,
                company=newcomer,
                goal="refund",
                score=1,
                started_on=before.computed_at.date(),
                moderation_state=Journey.Moderation.APPROVED,
            )
            for owner in owners
        )
        leaderboards.request_recompute([newcomer.pk])

    current = wait_for(
        lambda: Snapshot.objects.filter(is_current=True).exclude(pk=before.pk).first(),
        seconds=60,
    )
    assert current.kind == "changes"
    assert current.cells.filter(company=newcomer, period="12m", channel="").exists()
    html = client.get("/leaderboard/").content.decode()
    assert "Nieuwkomer" in html
