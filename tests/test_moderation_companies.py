"""Company housekeeping: accept or reject suggestions, merge duplicates; make_moderator."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from journeys import services
from journeys.models import Company, CompanyAlias, Journey, ModerationEvent, RecomputeRequest

from .factories import CompanyFactory, JourneyFactory, StepFactory, UserFactory


@pytest.fixture
def suggestion(consumer):
    return services.company_suggest(name="Fietsenwinkel Snel", sector="webshop", user=consumer)


def test_suggestions_are_listed_with_a_pseudonym_not_the_suggester(
    moderator_client, suggestion, consumer, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        body = moderator_client.get(reverse("moderation_companies")).content.decode()
    assert "Fietsenwinkel Snel" in body
    assert consumer.email not in body


def test_accepting_a_suggestion_makes_it_active_and_logs_it(
    moderator_client, moderator, suggestion, htmx
):
    response = moderator_client.post(
        reverse("moderation_company_accept", args=[suggestion.pk]), **htmx
    )
    assert "Fietsenwinkel Snel accepted." in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == "active"
    assert ModerationEvent.objects.get(action="company_accept").actor == moderator


def test_rejecting_a_suggestion_sends_its_journeys_back_to_their_owners(
    moderator_client, consumer, suggestion
):
    journey = JourneyFactory(owner=consumer, company=suggestion)
    StepFactory(journey=journey, position=1)
    services.journey_submit(journey=journey, user=consumer)
    response = moderator_client.post(
        reverse("moderation_company_reject", args=[suggestion.pk]), follow=True
    )
    assert "Fietsenwinkel Snel rejected." in response.content.decode()
    suggestion.refresh_from_db()
    journey.refresh_from_db()
    assert suggestion.status == "rejected"
    assert journey.moderation_state == "changes_requested"
    assert ModerationEvent.objects.filter(journey=journey, action="request_changes").exists()


def test_merge_moves_journeys_keeps_the_old_name_as_alias_and_redirects(moderator_client, client):
    real = CompanyFactory(name="Bol.com")
    duplicate = CompanyFactory(name="Bol Winkel")
    CompanyAlias.objects.create(company=duplicate, name="bolwinkel")
    journey = JourneyFactory(company=duplicate, moderation_state="approved")
    response = moderator_client.post(
        reverse("moderation_company_merge"),
        {"source": duplicate.slug, "target": "Bol.com"},
        follow=True,
    )
    assert "Bol Winkel merged into Bol.com." in response.content.decode()
    journey.refresh_from_db()
    duplicate.refresh_from_db()
    assert journey.company == real
    assert (duplicate.status, duplicate.merged_into) == ("merged", real)
    assert Company.objects.resolve("bol winkel") == real
    assert Company.objects.resolve("bolwinkel") == real
    assert set(RecomputeRequest.objects.values_list("company_id", flat=True)) >= {
        real.pk,
        duplicate.pk,
    }
    old = client.get(reverse("company_detail", args=[duplicate.slug]))
    assert old.status_code == 301 and old.url == real.get_absolute_url()
    old_api = client.get(reverse("api_company", args=[duplicate.slug]))
    assert old_api.status_code == 301 and old_api.url == reverse("api_company", args=[real.slug])
    event = ModerationEvent.objects.get(action="company_merge")
    assert event.detail["from"] == duplicate.pk and event.detail["journeys"] == 1


def test_merge_refuses_unknown_or_identical_companies(moderator_client, htmx):
    real = CompanyFactory(name="Echt BV")
    response = moderator_client.post(
        reverse("moderation_company_merge"), {"source": "nergens", "target": "Echt BV"}, **htmx
    )
    assert "No company with this name or slug." in response.content.decode()
    response = moderator_client.post(
        reverse("moderation_company_merge"), {"source": real.slug, "target": real.slug}, **htmx
    )
    assert "Choose two different companies." in response.content.decode()
    real.refresh_from_db()
    assert real.status == "active"
    assert Journey.objects.count() == 0


def test_make_moderator_grants_and_removes_the_role(db):
    user = UserFactory(email="nieuwe.moderator@example.nl")
    out = io.StringIO()
    call_command("make_moderator", "Nieuwe.Moderator@example.nl", stdout=out)
    assert user.is_moderator
    call_command("make_moderator", user.email, "--remove", stdout=out)
    user = type(user).objects.get(pk=user.pk)
    assert not user.is_moderator
    with pytest.raises(CommandError):
        call_command("make_moderator", "nobody@example.nl")


def test_moderators_set_the_dispute_body_and_the_consumers_route_follows(
    moderator_client, moderator, consumer, htmx
):
    airline = CompanyFactory(name="VliegVrij", sector="travel")
    journey = JourneyFactory(owner=consumer, company=airline)
    url = reverse("moderation_company_dispute_body")
    refused = moderator_client.post(url, {"company": "Nobody BV", "dispute_body": "kifid"}, **htmx)
    assert "Check the company and the dispute body." in refused.content.decode()
    response = moderator_client.post(
        url, {"company": "vliegvrij", "dispute_body": "air_passenger"}, **htmx
    )
    label = "VliegVrij: Airline: air passenger rights (the court; ILT reports)."
    assert label in response.content.decode()
    airline.refresh_from_db()
    assert airline.dispute_body == "air_passenger"
    event = ModerationEvent.objects.get(action="company_dispute_body")
    assert (event.actor, event.company, event.detail) == (
        moderator,
        airline,
        {"from": "", "to": "air_passenger"},
    )
    moderator_client.force_login(consumer)
    page = moderator_client.get(journey.get_absolute_url()).content.decode()
    assert "Claim in writing from the airline" in page
