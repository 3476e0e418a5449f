import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from journeys.models import Company, Journey, Sector, Step, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.nl")
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class ModeratorFactory(UserFactory):
    """A user in the moderators group: only a moderator may decide on journeys, claims and
    replies (`journeys.transitions`)."""

    @factory.post_generation
    def moderates(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=User.MODERATORS)[0])


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Company {n}")
    sector = Sector.WEBSHOP


class JourneyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Journey

    owner = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    goal = "refund"
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    status = Journey.Status.OPEN

    class Params:
        # JourneyFactory(approved=True): published, as a moderator's approval leaves it.
        approved = factory.Trait(moderation_state=Journey.Moderation.APPROVED)


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    journey = factory.SubFactory(JourneyFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = "hold"
    channel = "phone"
    occurred_on = factory.LazyAttribute(lambda step: step.journey.started_on)
    minutes = 10


def approved_journey(company, owner, score=50.0, *, days_ago=40, **extra) -> Journey:
    """A published journey with one step, `days_ago` days old."""
    journey = JourneyFactory(
        company=company,
        owner=owner,
        approved=True,
        score=score,
        started_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        **extra,
    )
    StepFactory(journey=journey, position=1)
    return journey


def submitted_journey(
    owner=None, company=None, *, story="", consent=None, note="", minutes_ago=60
) -> Journey:
    """A journey with one step submitted through `services.journey_submit`, `minutes_ago`
    minutes ago; consent to publish the story when there is one, unless told otherwise."""
    from journeys import services

    journey = JourneyFactory(
        owner=owner or UserFactory(),
        company=company or CompanyFactory(),
        story=story,
        story_consent=bool(story) if consent is None else consent,
    )
    StepFactory(journey=journey, position=1, note=note)
    services.journey_submit(journey=journey, user=journey.owner)
    Journey.objects.filter(pk=journey.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    journey.refresh_from_db()
    return journey
