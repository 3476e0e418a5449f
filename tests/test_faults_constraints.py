"""The database itself refuses corrupt rows (on SQLite and PostgreSQL)."""

import pytest
from django.db import IntegrityError, transaction

from journeys.models import (
    Company,
    Step,
)
from tests.factories import JourneyFactory, StepFactory


def test_two_steps_cannot_share_a_position(db):
    journey = JourneyFactory()
    StepFactory(journey=journey, position=1)
    second = StepFactory(journey=journey, position=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        StepFactory(journey=journey, position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.filter(pk=second.pk).update(position=1)


def test_a_step_cannot_take_negative_minutes(db):
    step = StepFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.filter(pk=step.pk).update(minutes=-1)
    step.refresh_from_db()
    assert step.minutes == 10


def test_one_live_company_or_suggestion_per_normalised_name(db):
    pending = Company.objects.create(name="Bol.com", sector="webshop", status="pending")
    with pytest.raises(IntegrityError), transaction.atomic():
        Company.objects.create(name="  BÔL.com ", slug="bol-2", sector="webshop", status="pending")
    # A rejected suggestion no longer holds the name.
    Company.objects.filter(pk=pending.pk).update(status=Company.Status.REJECTED)
    Company.objects.create(name="bol.com", slug="bol-3", sector="webshop", status="pending")
