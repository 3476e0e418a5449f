"""What a company holds of a journey stays with that company: contact details handed over to
company A, and A's reply, never reach company B when the journey moves to B, whether the consumer
corrects the company or a moderator merges A into B."""

import importlib

import pytest
from django.test import Client
from django.urls import reverse

from journeys import moderation, replies, services
from journeys.models import Handover, Journey, ModerationEvent, Reply, Representative

from .factories import CompanyFactory, JourneyFactory, UserFactory

STORY = "Mijn pakket kwam nooit aan."
DETAILS = {"name": "Karin Klant", "email": "karin@example.nl", "phone": "", "case_reference": ""}


def _rep(company, email):
    return Representative.objects.create(
        user=UserFactory(), company=company, work_email=email, status="approved"
    )


@pytest.fixture
def cast(db, consumer, moderator):
    first = CompanyFactory(name="Snelpost", slug="snelpost", website_domain="snelpost.nl")
    second = CompanyFactory(name="Pakketbode", slug="pakketbode", website_domain="bode.nl")
    journey = JourneyFactory(owner=consumer, company=first, story=STORY, story_consent=True)
    services.step_add(
        journey=journey, kind="hold", channel="phone", occurred_on=journey.started_on, minutes=5
    )
    services.journey_submit(journey=journey, user=consumer)
    journey = moderation.journey_approve(journey=journey, moderator=moderator)
    replies.handover_give(journey=journey, **DETAILS)
    reply = replies.reply_create(
        journey=journey, author=None, category="in_progress", text="Snelpost zoekt het uit."
    )
    replies.reply_approve(reply=reply, moderator=moderator, base_url="")
    return {
        "journey": journey,
        "first": first,
        "second": second,
        "first_rep": _rep(first, "jan@snelpost.nl"),
        "second_rep": _rep(second, "piet@bode.nl"),
    }


def _business(rep, journey) -> tuple[str, str]:
    client = Client()
    client.force_login(rep.user)
    slug = rep.company.slug
    detail = client.get(reverse("business_journey", args=[slug, journey.pk]))
    listing = client.get(reverse("business_company", args=[slug]))
    assert detail.status_code == listing.status_code == 200
    return detail.content.decode(), listing.content.decode()


def _move_by_edit(consumer, journey, company, moderator):
    """The consumer corrects the company on the edit form; a moderator approves it again."""
    client = Client()
    client.force_login(consumer)
    data = {
        "company_name": company.name,
        "goal": journey.goal,
        "started_on": journey.started_on.isoformat(),
        "status": journey.status,
        "story": journey.story,
        "story_consent": "on",
    }
    response = client.post(reverse("journey_edit", args=[journey.pk]), data)
    assert response.status_code == 302
    journey = Journey.objects.get(pk=journey.pk)
    assert journey.company == company and journey.in_review
    return moderation.journey_approve(journey=journey, moderator=moderator)


def test_a_change_of_company_ends_the_hand_over_and_takes_the_old_reply_off(
    cast, consumer, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    journey, second = cast["journey"], cast["second"]
    with django_capture_on_commit_callbacks(execute=True):
        journey = _move_by_edit(consumer, journey, second, moderator)

    # Company B sees nothing of what the consumer gave company A.
    detail, listing = _business(cast["second_rep"], journey)
    assert "karin@example.nl" not in detail and "Karin Klant" not in detail
    assert "handed over" not in listing
    assert not Handover.objects.exists()
    event = ModerationEvent.objects.get(action="handover_withdraw")
    assert event.company == cast["first"] and "karin" not in str(event.detail).lower()
    # The consumer is told, in their review history and by mail.
    history = Client()
    history.force_login(consumer)
    page = history.get(reverse("journey_detail", args=[journey.pk])).content.decode()
    assert "Contact details withdrawn from the company" in page
    [mail] = [m for m in mailoutbox if "Snelpost" in m.subject]
    assert mail.to == [consumer.email] and "Pakketbode" in mail.body
    assert "karin@example.nl" not in mail.body

    # A's reply is off the journey: not on B's page as B's, and B may reply.
    assert not Reply.objects.filter(journey=journey).exists()
    public = Client().get(reverse("company_detail", args=["pakketbode"])).content.decode()
    assert STORY in public and "Snelpost zoekt het uit." not in public
    assert "Snelpost zoekt het uit." not in detail
    assert "Send reply" in detail
    reply = replies.reply_create(
        journey=journey, author=None, category="closed_explanation", text="Bode lost het op."
    )
    assert (reply.sequence, reply.company) == (1, second)


def test_a_merge_ends_the_hand_over_and_the_reply_becomes_the_merged_companys(
    cast, consumer, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    """A merge says both names were one company all along: its reply stands, now under the
    name that remains. The consumer handed details to the people who spoke for the other name,
    not to these: the hand-over ends, and they may give it again in one step."""
    journey, first, second = cast["journey"], cast["first"], cast["second"]
    with django_capture_on_commit_callbacks(execute=True):
        moderation.company_merge(source=first, target=second, moderator=moderator)

    detail, listing = _business(cast["second_rep"], journey)
    assert "karin@example.nl" not in detail and "handed over" not in listing
    assert not Handover.objects.exists()
    assert ModerationEvent.objects.filter(action="handover_withdraw", journey=journey).exists()
    [mail] = [m for m in mailoutbox if m.to == [consumer.email]]
    assert "Pakketbode" in mail.body and reverse("journey_handover", args=[journey.pk]) in mail.body

    reply = Reply.objects.get(journey=journey)
    assert reply.company == second
    public = Client().get(reverse("company_detail", args=["pakketbode"])).content.decode()
    assert "Snelpost zoekt het uit." in public
    # B speaks for the company now: after its "in progress" the final reply is B's to give.
    assert "You may add one final reply" in detail


def test_a_representative_sees_only_details_handed_to_their_own_company(cast):
    """However a hand-over came to name another company, another company's representative sees
    none of it."""
    journey, second = cast["journey"], cast["second"]
    Journey.objects.filter(pk=journey.pk).update(company=second)
    detail, listing = _business(cast["second_rep"], journey)
    assert "karin@example.nl" not in detail and "handed over" not in listing
    assert "Snelpost zoekt het uit." not in detail
    assert "Send reply" in detail  # the other company's reply does not take B's turn
    public = Client().get(reverse("company_detail", args=["pakketbode"])).content.decode()
    assert "Snelpost zoekt het uit." not in public
    api = Client().get(reverse("api_company", args=["pakketbode"])).json()
    assert api["replies"] == []


def test_the_same_company_keeps_the_hand_over_and_the_reply(cast, consumer, moderator):
    journey = _move_by_edit(consumer, cast["journey"], cast["first"], moderator)
    detail, _listing = _business(cast["first_rep"], journey)
    assert "karin@example.nl" in detail and "Snelpost zoekt het uit." in detail
    assert Handover.objects.get().company == cast["first"]
    assert not ModerationEvent.objects.filter(action="handover_withdraw").exists()


def test_rows_left_behind_by_earlier_moves_are_cleaned_up(cast, moderator):
    """The data migration: before this fix, moved journeys kept the other company's rows."""
    from django.apps import apps

    migration = importlib.import_module("journeys.migrations.0010_stories_company_moved")
    journey, first, second = cast["journey"], cast["first"], cast["second"]
    merged = CompanyFactory(name="Oud Snel", status="merged", merged_into=second)
    kept = JourneyFactory(company=second, approved=True)
    Reply.objects.create(
        journey=kept, company=merged, category="no_reply", state="published", text=""
    )
    Journey.objects.filter(pk=journey.pk).update(company=second)
    migration.forwards(apps, None)
    assert not Handover.objects.exists()
    event = ModerationEvent.objects.get(action="handover_withdraw")
    assert (event.journey, event.company) == (journey, first)
    assert not Reply.objects.filter(journey=journey).exists()  # Snelpost's, not Pakketbode's
    assert Reply.objects.get(journey=kept).company == second  # the merged name's is now theirs


def test_the_consumer_is_told_in_dutch_like_the_site(
    cast, moderator, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "nl"
    with django_capture_on_commit_callbacks(execute=True):
        moderation.company_merge(source=cast["first"], target=cast["second"], moderator=moderator)
    [mail] = [m for m in mailoutbox if m.to == [cast["journey"].owner.email]]
    assert mail.subject == "Snelpost ziet je contactgegevens niet meer"
    assert "Je traject over Snelpost gaat nu over Pakketbode." in mail.body


@pytest.mark.parametrize("how", ["edit", "merge"])
def test_after_a_move_the_new_company_finds_nothing_of_the_hand_over_anywhere(
    cast, consumer, moderator, how
):
    """Dashboard, company and journey pages, the replies CSV and the API: no trace of the
    details given to A on B's side (the CSV and the API carry no contact details at all)."""
    journey, second = cast["journey"], cast["second"]
    if how == "edit":
        journey = _move_by_edit(consumer, journey, second, moderator)
    else:
        moderation.company_merge(source=cast["first"], target=second, moderator=moderator)
    client = Client()
    client.force_login(cast["second_rep"].user)
    pages = [
        client.get(reverse("business_dashboard")),
        client.get(reverse("business_company", args=["pakketbode"])),
        client.get(reverse("business_journey", args=["pakketbode", journey.pk])),
        client.get(reverse("export_replies")),
        client.get(reverse("api_company", args=["pakketbode"])),
    ]
    assert [response.status_code for response in pages] == [200] * 5
    bodies = [(b"".join(r.streaming_content) if r.streaming else r.content).decode() for r in pages]
    for body in bodies:
        assert "Karin Klant" not in body and "karin@example.nl" not in body
    # The reply stands only where the two names were one company.
    assert ("Snelpost zoekt het uit." in bodies[3]) == (how == "merge")
