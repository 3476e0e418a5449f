import datetime

import factory
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


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    journey = factory.SubFactory(JourneyFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = "hold"
    channel = "phone"
    occurred_on = factory.LazyAttribute(lambda step: step.journey.started_on)
    minutes = 10
