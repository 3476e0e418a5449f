"""Company right of reply, through the pages: a claim confirmed by its link and decided by a
moderator, replies published after moderation, the consumer's hand-over and judgement,
representatives' flags, and the daily digest."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journeys import moderation, replies, services
from journeys.models import (
    Handover,
    HandoverRequest,
    Journey,
    ModerationEvent,
    RecomputeRequest,
    Reply,
    Representative,
    StepKind,
    StoryFlag,
)

from .factories import CompanyFactory, JourneyFactory, UserFactory
from .test_public_pages import PUBLIC_MAX_QUERIES

LINK = re.compile(r"http://testserver(/\S+)")


@pytest.fixture
def company(db):
    return CompanyFactory(name="Snelpost", slug="snelpost", website_domain="snelpost.nl")


@pytest.fixture
def published(company, consumer, moderator):
    journey = JourneyFactory(
        owner=consumer,
        company=company,
        story="Mijn pakket kwam nooit aan; bel me op 06-12345678.",
        story_consent=True,
    )
    services.step_add(
        journey=journey,
        kind="hold",
        channel="phone",
        occurred_on=journey.started_on,
        minutes=25,
        note="privé notitie",
    )
    services.journey_submit(journey=journey, user=consumer)
    return moderation.journey_approve(journey=journey, moderator=moderator)


@pytest.fixture
def rep(company):
    user = UserFactory(email="jan.privé@gmail.example")
    return Representative.objects.create(
        user=user,
        company=company,
        work_email="jan@snelpost.nl",
        status=Representative.Status.APPROVED,
    )


@pytest.fixture
def rep_client(client, rep):
    client.force_login(rep.user)
    return client


def _publish_reply(journey, moderator, category="in_progress", text="We zoeken het uit."):
    reply = replies.reply_create(journey=journey, author=None, category=category, text=text)
    return replies.reply_approve(reply=reply, moderator=moderator, base_url="http://testserver")


# --- Claims -----------------------------------------------------------------------------------


def test_a_claim_is_confirmed_by_its_link_and_approved_by_a_moderator(
    client, consumer, company, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(consumer)
    url = reverse("company_claim", args=[company.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"work_email": "Consument@Snelpost.nl"})
    assert response.status_code == 302
    claim = Representative.objects.get(user=consumer, company=company)
    assert (claim.status, claim.work_email) == ("unconfirmed", "consument@snelpost.nl")
    [mail] = mailoutbox
    assert mail.to == ["consument@snelpost.nl"]
    link = LINK.search(mail.body).group(1)

    client.logout()  # the link proves the mailbox, whoever opens it
    # Opening the link (as a mail scanner does) only asks; the button on that page confirms.
    page = client.get(link)
    assert page.status_code == 200
    assert "Confirm that you speak for Snelpost" in page.content.decode()
    claim.refresh_from_db()
    assert (claim.status, claim.confirmed_at) == ("unconfirmed", None)
    assert client.post(link).status_code == 302
    claim.refresh_from_db()
    assert claim.status == "pending"
    client.force_login(consumer)
    assert client.get(reverse("business_company", args=[company.slug])).status_code == 404

    client.force_login(moderator)
    page = client.get(reverse("moderation_business")).content.decode()
    assert "consument@snelpost.nl" in page
    client.post(reverse("moderation_claim_approve", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.status == "approved"
    event = ModerationEvent.objects.get(action="claim_approve")
    assert (event.actor, event.company, event.detail) == (
        moderator,
        company,
        {"representative": claim.pk},
    )
    assert "snelpost.nl" not in event.note

    client.force_login(consumer)
    assert client.get(reverse("business_company", args=[company.slug])).status_code == 200


def test_a_claim_with_an_address_elsewhere_is_refused_and_nothing_is_saved(
    consumer_client, consumer, company, mailoutbox
):
    url = reverse("company_claim", args=[company.slug])
    response = consumer_client.post(url, {"work_email": "consument@gmail.com"})
    assert response.status_code == 400
    assert "Use an e-mail address at snelpost.nl." in response.content.decode()
    assert "consument@gmail.com" in response.content.decode()  # what was typed stays
    assert not Representative.objects.exists()
    assert mailoutbox == []


def test_subdomains_count_and_lookalikes_do_not():
    assert replies.email_domain_matches("a@klant.snelpost.nl", "www.snelpost.nl")
    assert not replies.email_domain_matches("a@nepsnelpost.nl", "snelpost.nl")
    assert not replies.email_domain_matches("a@snelpost.nl.evil.com", "snelpost.nl")


def test_an_unverified_account_cannot_claim(client, unverified_consumer, company):
    client.force_login(unverified_consumer)
    url = reverse("company_claim", args=[company.slug])
    response = client.post(url, {"work_email": "new@snelpost.nl"})
    assert response.status_code == 400
    assert "Confirm your own e-mail address first." in response.content.decode()


def test_a_tampered_claim_link_confirms_nothing(client, company, consumer):
    claim = Representative.objects.create(
        user=consumer, company=company, work_email="a@snelpost.nl"
    )
    token = replies.claim_token(claim)
    for send in (client.get, client.post):
        response = send(reverse("claim_confirm", args=[token[:-2] + "xx"]))
        assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "unconfirmed"


def test_another_signed_in_user_cannot_confirm_someone_elses_claim(client, company, consumer):
    claim = Representative.objects.create(
        user=consumer, company=company, work_email="a@snelpost.nl"
    )
    link = reverse("claim_confirm", args=[replies.claim_token(claim)])
    client.force_login(UserFactory(email="collega@snelpost.nl"))
    assert client.get(link).status_code == 404
    assert client.post(link).status_code == 404
    claim.refresh_from_db()
    assert (claim.status, claim.confirmed_at) == ("unconfirmed", None)
    client.force_login(consumer)  # the claimant's own account may confirm
    assert client.post(link).status_code == 302
    claim.refresh_from_db()
    assert claim.status == "pending"


def test_the_claim_confirmation_refuses_a_cross_site_post(company, consumer):
    claim = Representative.objects.create(
        user=consumer, company=company, work_email="a@snelpost.nl"
    )
    link = reverse("claim_confirm", args=[replies.claim_token(claim)])
    forged = Client(enforce_csrf_checks=True)
    assert forged.post(link, HTTP_ORIGIN="https://evil.example").status_code == 403
    forged.force_login(consumer)
    assert forged.post(link, HTTP_ORIGIN="https://evil.example").status_code == 403
    claim.refresh_from_db()
    assert claim.status == "unconfirmed"
    # The page's own form carries the token that lets the real button through.
    page = forged.get(link).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert forged.post(link, {"csrfmiddlewaretoken": token}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == "pending"


def test_a_revoked_representative_loses_the_dashboard(client, rep, moderator, published):
    client.force_login(moderator)
    client.post(reverse("moderation_representative_revoke", args=[rep.pk]), {"note": "Vertrokken"})
    rep.refresh_from_db()
    assert rep.status == "revoked"
    assert ModerationEvent.objects.filter(action="claim_revoke", note="Vertrokken").exists()
    client.force_login(rep.user)
    url = reverse("business_journey", args=[rep.company.slug, published.pk])
    assert client.get(url).status_code == 404


def test_several_representatives_per_company(company, rep, moderator):
    other = Representative.objects.create(
        user=UserFactory(), company=company, work_email="piet@snelpost.nl", status="pending"
    )
    replies.claim_approve(representative=other, moderator=moderator)
    assert company.representatives.approved().count() == 2


# --- Replies ----------------------------------------------------------------------------------


def test_the_representative_sees_the_journey_as_the_public_does(rep_client, rep, published):
    page = rep_client.get(reverse("business_journey", args=[rep.company.slug, published.pk]))
    body = page.content.decode()
    assert "Mijn pakket kwam nooit aan" in body
    assert "[telefoonnummer]" in body
    for secret in ("06-12345678", "privé notitie", "consumer@example.nl"):
        assert secret not in body
    assert "has not handed over any contact details" in body


def test_a_reply_is_published_after_moderation_beside_the_story(
    rep_client, rep, published, moderator, client, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("business_reply", args=[rep.company.slug, published.pk])
    text = "Sorry! Bel ons op 020-1234567, dan lossen we het op."
    assert rep_client.post(url, {"category": "closed_explanation", "text": text}).status_code == 302
    reply = Reply.objects.get(journey=published)
    assert (reply.state, reply.author, reply.company) == ("pending", rep.user, rep.company)
    company_page = reverse("company_detail", args=[rep.company.slug])
    rep_client.logout()
    assert "Sorry!" not in client.get(company_page).content.decode()

    client.force_login(moderator)
    requested = RecomputeRequest.objects.filter(company=rep.company).count()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("moderation_reply_approve", args=[reply.pk]))
    reply.refresh_from_db()
    assert reply.state == "published" and reply.published_at is not None
    # The company's reply figures change: a snapshot is requested.
    assert RecomputeRequest.objects.filter(company=rep.company).count() == requested + 1
    [mail] = mailoutbox
    assert mail.to == [published.owner.email]
    assert reverse("journey_reply", args=[published.pk]) in mail.body

    client.logout()
    body = client.get(company_page).content.decode()
    assert "Sorry!" in body and "Closed with explanation" in body
    assert "020-1234567" not in body  # redacted like a story
    api = client.get(reverse("api_company", args=[rep.company.slug])).json()
    [answer] = api["replies"]
    assert answer["story"] == published.pk and answer["category"] == "closed_explanation"
    assert "020-1234567" not in answer["text"]
    export = b"".join(client.get(reverse("export_replies")).streaming_content).decode()
    assert "snelpost," in export and "closed_explanation" in export


def test_one_reply_per_journey_and_one_final_reply_after_in_progress(
    rep_client, rep, published, moderator
):
    url = reverse("business_reply", args=[rep.company.slug, published.pk])
    rep_client.post(url, {"category": "in_progress", "text": "We kijken ernaar."})
    # While the first waits for moderation, no second one.
    response = rep_client.post(url, {"category": "closed_monetary", "text": "Geld terug."})
    assert response.status_code == 400
    assert Reply.objects.filter(journey=published).count() == 1
    first = Reply.objects.get(journey=published)
    replies.reply_approve(reply=first, moderator=moderator, base_url="")
    # "In progress" again is not offered for the final reply.
    response = rep_client.post(url, {"category": "in_progress", "text": "Nog steeds bezig."})
    assert response.status_code == 400
    assert (
        rep_client.post(url, {"category": "closed_monetary", "text": "Geld terug."}).status_code
        == 302
    )
    final = Reply.objects.get(journey=published, sequence=2)
    replies.reply_approve(reply=final, moderator=moderator, base_url="")
    response = rep_client.post(url, {"category": "closed_explanation", "text": "Nog iets."})
    assert response.status_code == 400
    assert Reply.objects.filter(journey=published).count() == 2


def test_a_reply_without_text_is_refused_unless_no_reply_is_intended(rep_client, rep, published):
    url = reverse("business_reply", args=[rep.company.slug, published.pk])
    response = rep_client.post(url, {"category": "closed_explanation", "text": "  "})
    assert response.status_code == 400
    assert "Write the reply the public will read." in response.content.decode()
    assert not Reply.objects.exists()
    assert rep_client.post(url, {"category": "no_reply", "text": ""}).status_code == 302


def test_a_rejected_reply_can_be_written_again(rep_client, rep, published, moderator):
    url = reverse("business_reply", args=[rep.company.slug, published.pk])
    rep_client.post(url, {"category": "closed_explanation", "text": "Eerste versie."})
    replies.reply_reject(
        reply=Reply.objects.get(), moderator=moderator, reason="offensive", note="Te fel"
    )
    assert (
        rep_client.post(
            url, {"category": "closed_explanation", "text": "Nette versie."}
        ).status_code
        == 302
    )
    assert Reply.objects.filter(state="pending").get().text == "Nette versie."


# --- The consumer: hand-over and judgement --------------------------------------------------------


def test_handed_over_details_reach_only_this_company_until_withdrawn(
    consumer_client, rep, published
):
    url = reverse("journey_handover", args=[published.pk])
    # Without the explicit confirmation nothing is handed over.
    data = {
        "name": "Karin Klant",
        "email": "karin@example.nl",
        "phone": "0612121212",
        "case_reference": "ZAAK-991",
    }
    assert consumer_client.post(url, data).status_code == 400
    assert not Handover.objects.exists()
    assert consumer_client.post(url, {**data, "confirm": "on"}).status_code == 302
    event = ModerationEvent.objects.get(action="handover")
    assert "karin" not in str(event.detail).lower() and event.note == ""

    client = Client()
    client.force_login(rep.user)
    page = reverse("business_journey", args=[rep.company.slug, published.pk])
    body = client.get(page).content.decode()
    assert "karin@example.nl" in body and "ZAAK-991" in body
    assert (
        "handed over"
        in client.get(reverse("business_company", args=[rep.company.slug])).content.decode()
    )

    consumer_client.post(reverse("journey_handover_withdraw", args=[published.pk]))
    assert not Handover.objects.exists()
    assert ModerationEvent.objects.filter(action="handover_withdraw").exists()
    body = client.get(page).content.decode()
    assert "karin@example.nl" not in body and "ZAAK-991" not in body


def test_the_consumer_rates_the_reply_and_the_outcome_becomes_a_step(
    consumer_client, published, moderator
):
    reply = _publish_reply(published, moderator)
    score_before = Journey.objects.get(pk=published.pk).score
    url = reverse("journey_reply", args=[published.pk])
    assert "We zoeken het uit." in consumer_client.get(url).content.decode()
    response = consumer_client.post(url, {"rating": "4", "resolved": "yes"})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert (reply.rating, reply.resolved) == (4, True)
    journey = Journey.objects.get(pk=published.pk)
    assert journey.steps.last().kind == StepKind.REPLY_RESOLVED
    assert journey.status == "resolved"
    assert journey.moderation_state == "approved"  # a judgement needs no new review
    assert journey.score <= score_before
    assert journey.channel_mask == Journey.objects.get(pk=published.pk).channel_mask
    # Once per reply.
    consumer_client.post(url, {"rating": "1", "resolved": "no"})
    reply.refresh_from_db()
    assert reply.rating == 4
    assert journey.steps.count() == 2


def test_a_rating_out_of_range_is_refused(consumer_client, published, moderator):
    _publish_reply(published, moderator)
    response = consumer_client.post(
        reverse("journey_reply", args=[published.pk]), {"rating": "9", "resolved": "no"}
    )
    assert response.status_code == 400
    assert Reply.objects.get().rating is None


def test_an_outcome_step_does_not_count_as_a_channel(published, moderator):
    mask = Journey.objects.get(pk=published.pk).channel_mask
    reply = _publish_reply(published, moderator)
    replies.reply_rate(reply=reply, rating=2, resolved=False)
    journey = Journey.objects.get(pk=published.pk)
    assert journey.channel_mask == mask
    assert journey.steps.last().kind == StepKind.REPLY_UNRESOLVED


# --- Flags ------------------------------------------------------------------------------------------


def test_a_personal_data_flag_labels_the_story_and_counts_publicly(
    rep_client, rep, published, client, moderator
):
    url = reverse("business_flag", args=[rep.company.slug, published.pk])
    assert rep_client.post(url, {"reason": "personal_data"}).status_code == 302
    company_page = reverse("company_detail", args=[rep.company.slug])
    client.logout()
    body = client.get(company_page).content.decode()
    assert "Mijn pakket kwam nooit aan" in body
    assert "A moderator is checking this story at the company" in body
    assert "flagged 1 story for moderators; 0 of those flags were upheld" in body
    # Acting on the story upholds the flag.
    moderation.story_redact(journey=published, moderator=moderator, phrase="pakket")
    body = client.get(company_page).content.decode()
    assert "flagged 1 story for moderators; 1 of those flags were upheld" in body
    assert "A moderator is checking this story" not in body
    api = client.get(reverse("api_company", args=[rep.company.slug])).json()
    assert api["flags"] == {"made": 1, "upheld": 1}


def test_a_harmful_flag_hides_the_story_until_a_moderator_decides(
    rep_client, rep, published, client, moderator
):
    rep_client.post(
        reverse("business_flag", args=[rep.company.slug, published.pk]),
        {"reason": "harmful", "note": "Bedreiging"},
    )
    flag = StoryFlag.objects.get()
    assert flag.company == rep.company
    company_page = reverse("company_detail", args=[rep.company.slug])
    client.logout()
    assert "Mijn pakket kwam nooit aan" not in client.get(company_page).content.decode()
    client.force_login(moderator)
    queue = client.get(reverse("moderation_queue")).content.decode()
    assert "representative of Snelpost" in queue
    client.post(reverse("moderation_flags_dismiss", args=[published.pk]))
    client.logout()
    assert "Mijn pakket kwam nooit aan" in client.get(company_page).content.decode()


def test_a_reader_cannot_use_the_representatives_reasons(client, published):
    url = reverse("story_report", args=[published.pk])
    assert client.post(url, {"reason": "harmful"}).status_code == 400
    assert not StoryFlag.objects.exists()


# --- The digest ------------------------------------------------------------------------------------


def test_the_digest_lists_new_journeys_once_and_the_link_unsubscribes(
    client, rep, published, mailoutbox, settings
):
    settings.FRICTIONLOG_SITE_URL = "http://testserver"
    Representative.objects.filter(pk=rep.pk).update(
        decided_at=published.published_at.replace(year=2000)
    )
    from journeys import tasks

    assert tasks.send_digests.apply().get() == 1
    [mail] = mailoutbox
    assert mail.to == ["jan@snelpost.nl"]
    assert "Refund" in mail.body or "Terugbetaling" in mail.body
    assert published.owner.email not in mail.body and "06-12345678" not in mail.body
    assert tasks.send_digests.apply().get() == 0  # nothing new since

    unsubscribe = re.search(r"http://testserver(/business/unsubscribe/\S+)", mail.body).group(1)
    assert client.get(unsubscribe).status_code == 200  # asks; a mail scanner changes nothing
    rep.refresh_from_db()
    assert rep.digest is True
    client.post(unsubscribe)
    rep.refresh_from_db()
    assert rep.digest is False


def test_the_digest_runs_daily_from_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["representatives-daily-digest"]
    assert entry["task"] == "journeys.send_digests"
    assert entry["schedule"].hour == {7}


# --- Query counts ----------------------------------------------------------------------------------


@pytest.fixture
def crowded(db, rep, moderator):
    """2 000 companies, and 100 published journeys with a published reply at the rep's."""
    from .leaderboard_data import build_companies

    build_companies(2000, reporters=1)
    owner = UserFactory()
    journeys = Journey.objects.bulk_create(
        [
            Journey(
                owner=owner,
                company=rep.company,
                goal="refund",
                started_on=rep.company.created_at.date(),
                moderation_state="approved",
                published_at=rep.company.created_at,
                story=f"Verhaal {n}",
                story_redacted=f"Verhaal {n}",
                story_consent=True,
            )
            for n in range(100)
        ]
    )
    Reply.objects.bulk_create(
        [
            Reply(
                journey=journey,
                company=rep.company,
                category="closed_explanation",
                text=f"Antwoord {n}",
                text_redacted=f"Antwoord {n}",
                state="published",
                published_at=rep.company.created_at,
            )
            for n, journey in enumerate(journeys)
        ]
    )
    return journeys


def test_the_dashboards_run_a_constant_number_of_queries(
    rep_client, rep, crowded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = rep_client.get(reverse("business_dashboard"))
    assert ">100<" in response.content.decode()
    with django_assert_max_num_queries(7):
        response = rep_client.get(reverse("business_company", args=[rep.company.slug]))
    assert response.content.decode().count("Closed with explanation") == 50


def test_the_company_page_runs_a_constant_number_of_queries(
    client, rep, crowded, django_assert_max_num_queries
):
    url = reverse("company_detail", args=[rep.company.slug])
    with django_assert_max_num_queries(PUBLIC_MAX_QUERIES):
        response = client.get(url)
    with django_assert_max_num_queries(4):  # cached figures and page: fewer still
        assert client.get(url).status_code == 200
    body = response.content.decode()
    assert body.count("Closed with explanation") == 5  # beside the five newest stories


def test_a_reply_to_a_journey_taken_off_the_site_is_not_published(rep, published, moderator):
    reply = replies.reply_create(
        journey=published, author=rep.user, category="closed_explanation", text="Opgelost."
    )
    moderation.journey_reject(journey=published, moderator=moderator, reason="spam")
    with pytest.raises(ValidationError):
        replies.reply_approve(reply=reply, moderator=moderator, base_url="")
    reply.refresh_from_db()
    assert reply.state == "pending"


def test_the_data_download_carries_the_hand_over_and_the_judgement(
    consumer_client, published, moderator
):
    reply = _publish_reply(published, moderator)
    replies.reply_rate(reply=reply, rating=5, resolved=True)
    replies.handover_give(
        journey=published, name="", email="k@example.nl", phone="", case_reference="Z-1"
    )
    data = consumer_client.get(reverse("data_download")).json()
    [journey] = data["journeys"]
    assert journey["handed_over_to_company"]["case_reference"] == "Z-1"
    assert journey["company_replies"][0]["my_rating"] == 5


def test_reply_and_hand_over_texts_are_escaped(client, rep, published, moderator):
    attack = '<script>alert("x")</script>'
    _publish_reply(published, moderator, category="closed_explanation", text=f"Sorry {attack}")
    replies.handover_give(
        journey=published, name=attack, email="k@example.nl", phone="", case_reference=attack
    )
    public = client.get(reverse("company_detail", args=[rep.company.slug])).content.decode()
    client.force_login(rep.user)
    page = reverse("business_journey", args=[rep.company.slug, published.pk])
    private = client.get(page).content.decode()
    for body in (public, private):
        assert attack not in body
        assert "&lt;script&gt;" in body


def test_mails_are_in_dutch_like_the_site(
    consumer_client, company, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "nl"
    with django_capture_on_commit_callbacks(execute=True):
        consumer_client.post(
            reverse("company_claim", args=[company.slug]), {"work_email": "k@snelpost.nl"}
        )
    [mail] = mailoutbox
    assert mail.subject == "Bevestig dat je namens je bedrijf spreekt op frictionlog"
    assert "namens Snelpost spreken" in mail.body


def test_claims_are_rate_limited(consumer_client, company, settings, mailoutbox):
    settings.FRICTIONLOG_RATE_CLAIM = "1/d"
    url = reverse("company_claim", args=[company.slug])
    consumer_client.post(url, {"work_email": "a@snelpost.nl"})
    response = consumer_client.post(url, {"work_email": "b@snelpost.nl"})
    assert response.status_code == 429
    assert Representative.objects.count() == 1


def test_every_other_reply_page_runs_a_bounded_number_of_queries(
    client, rep, published, moderator, django_assert_max_num_queries
):
    _publish_reply(published, moderator)
    for n in range(30):  # more claims and replies waiting do not add queries
        Representative.objects.create(
            user=UserFactory(),
            company=rep.company,
            work_email=f"r{n}@snelpost.nl",
            status="pending",
        )
        Reply.objects.create(
            journey=published,
            company=rep.company,
            sequence=2,
            category="no_reply",
            state="rejected",
        )
    pages = [
        (rep.user, reverse("business_journey", args=[rep.company.slug, published.pk]), 8),
        (rep.user, reverse("company_claim", args=[rep.company.slug]), 6),
        (published.owner, reverse("journey_reply", args=[published.pk]), 6),
        (published.owner, reverse("journey_handover", args=[published.pk]), 6),
        (moderator, reverse("moderation_business"), 8),
    ]
    for user, url, limit in pages:
        client.force_login(user)
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200, url


# --- The reply clock on the dashboard -------------------------------------------------------------


def _published_days_ago(company, owner, days_ago: int, n: int) -> Journey:
    published = timezone.now() - datetime.timedelta(days=days_ago)
    return JourneyFactory(
        owner=owner,
        company=company,
        goal="refund",
        started_on=published.date(),
        moderation_state="approved",
        published_at=published,
        story=f"Verhaal {n}",
        story_redacted=f"Verhaal {n}",
        story_consent=True,
    )


@pytest.fixture
def clocked(rep, consumer):
    """Journeys published 3, 20, 40 and 10 days ago, the last one answered “in progress”."""
    fresh, overdue, long_overdue, answered = (
        _published_days_ago(rep.company, consumer, days, n)
        for n, days in enumerate((3, 20, 40, 10))
    )
    replies.reply_create(journey=answered, author=rep.user, category="in_progress", text="Bezig.")
    return {"fresh": fresh, "overdue": overdue, "long": long_overdue, "answered": answered}


def _row_order(body: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr id="journey-(\d+)"', body)]


def test_the_most_urgent_journey_comes_first_with_its_clock_in_words(rep_client, rep, clocked):
    body = rep_client.get(reverse("business_company", args=[rep.company.slug])).content.decode()
    order = [clocked[name].pk for name in ("long", "overdue", "fresh", "answered")]
    assert _row_order(body) == order
    assert "Long overdue" in body and "25 days overdue" in body
    assert "5 days overdue" in body
    assert "12 days left" in body
    assert "Answered" in body and "In progress" in body
    # Each cell of a row is labelled, for the cards a phone shows.
    row = re.search(rf'<tr id="journey-{clocked["fresh"].pk}".*?</tr>', body, re.S).group(0)
    assert 'data-label="Reply clock"' in row and 'data-label="Contact details"' in row
    assert "not yet" not in body and "<td>–</td>" not in body


def test_the_filter_leaves_what_is_still_to_answer_without_and_with_htmx(rep_client, rep, clocked):
    url = reverse("business_company", args=[rep.company.slug])
    page = rep_client.get(url, {"open": "1"}).content.decode()
    assert _row_order(page) == [clocked[name].pk for name in ("long", "overdue", "fresh")]
    assert 'name="open" value="1" checked' in page
    assert "<html" in page
    fragment = rep_client.get(url, {"open": "1"}, headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert "<html" not in body and body.lstrip().startswith('<div id="journeys">')
    assert _row_order(body) == _row_order(page)
    assert "<html" in rep_client.get(url).content.decode()


def test_the_dashboard_explains_replies_and_counts_what_is_still_to_answer(
    rep_client, rep, clocked, settings
):
    settings.LANGUAGE_CODE = "nl"
    body = rep_client.get(reverse("business_dashboard")).content.decode()
    assert "Hoe reageren werkt" in body
    assert "Je hebt 15 dagen vanaf de publicatie" in body and "na 30 dagen ruim te laat" in body
    row = re.search(r"<tbody>.*?</tbody>", body, re.S).group(0)
    # Four published, three still to answer (a link to the filtered list), two overdue.
    assert re.findall(r'class="num" data-label="[^"]+">(?:<a [^>]*>)?(\d+)', row) == [
        "4",
        "3",
        "2",
    ]
    assert f"/business/{rep.company.slug}/?open=1" in row
    rep_client.post(reverse("set_language"), {"language": "en", "next": "/business/"})
    english = rep_client.get(reverse("business_dashboard")).content.decode()
    assert "How replying works" in english and "You have 15 days" in english
    page = rep_client.get(reverse("business_company", args=[rep.company.slug])).content.decode()
    assert "25 days overdue" in page and "Long overdue" in page and "12 days left" in page


def test_a_rejected_reply_does_not_stop_the_clock(rep_client, rep, clocked, moderator):
    reply = clocked["answered"].replies.get()
    replies.reply_reject(reply=reply, moderator=moderator, reason="other", note="Geen antwoord.")
    body = rep_client.get(reverse("business_company", args=[rep.company.slug])).content.decode()
    row = re.search(rf'<tr id="journey-{clocked["answered"].pk}".*?</tr>', body, re.S).group(0)
    assert "Awaiting a reply" in row and "5 days left" in row


def test_asking_for_the_hand_over_pauses_the_clock_until_it_comes(
    rep_client, rep, clocked, consumer, mailoutbox, django_capture_on_commit_callbacks
):
    journey = clocked["overdue"]
    url = reverse("business_handover_ask", args=[rep.company.slug, journey.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = rep_client.post(url, follow=True)
    assert "The reply clock is paused" in response.content.decode()
    [mail] = mailoutbox
    assert mail.to == [consumer.email]
    assert "Snelpost would like to contact you" in mail.body
    assert f"/journeys/{journey.pk}/handover/" in mail.body
    company_url = reverse("business_company", args=[rep.company.slug])
    row = re.search(
        rf'<tr id="journey-{journey.pk}".*?</tr>',
        rep_client.get(company_url).content.decode(),
        re.S,
    ).group(0)
    assert "Paused" in row and "overdue" not in row
    # Asking twice is refused and mails nobody.
    again = rep_client.post(url, follow=True).content.decode()
    assert "Your company asked for these details already." in again
    assert len(mailoutbox) == 1
    # Handed over three days later: three days paused, so five days overdue became two.
    waited = timezone.now() + datetime.timedelta(days=3)
    HandoverRequest.objects.filter(journey=journey).update(
        asked_at=timezone.now() - datetime.timedelta(days=3)
    )
    replies.handover_give(
        journey=journey, name="", email="k@example.nl", phone="", case_reference=""
    )
    assert HandoverRequest.objects.get(journey=journey).answered_at <= waited
    row = re.search(
        rf'<tr id="journey-{journey.pk}".*?</tr>',
        rep_client.get(company_url).content.decode(),
        re.S,
    ).group(0)
    assert "2 days overdue" in row


def test_the_dashboard_runs_a_constant_number_of_queries_with_many_journeys(
    rep_client, rep, consumer, django_assert_max_num_queries
):
    now = timezone.now()
    journeys = Journey.objects.bulk_create(
        [
            Journey(
                owner=consumer,
                company=rep.company,
                goal="refund",
                started_on=now.date(),
                moderation_state="approved",
                published_at=now - datetime.timedelta(days=n % 60, minutes=n),
            )
            for n in range(2000)
        ]
    )
    Reply.objects.bulk_create(
        [
            Reply(journey=j, company=rep.company, category="in_progress", text="Bezig.")
            for j in journeys[::3]
        ]
    )
    with django_assert_max_num_queries(6):
        dashboard = rep_client.get(reverse("business_dashboard")).content.decode()
    assert 'data-label="Published journeys">2000<' in dashboard
    url = reverse("business_company", args=[rep.company.slug])
    with django_assert_max_num_queries(7):
        body = rep_client.get(url, {"open": "1", "page": "2"}).content.decode()
    assert len(_row_order(body)) == 50
    first = rep_client.get(url).content.decode()
    oldest_open = min(
        (j for n, j in enumerate(journeys) if n % 3),
        key=lambda j: (timezone.localdate(j.published_at), j.pk),
    )
    assert _row_order(first)[0] == oldest_open.pk


# --- Log-in and the claim page ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        ("consumer", "journey_list"),
        ("moderator", "moderation_queue"),
        ("rep", "business_dashboard"),
    ],
)
def test_log_in_lands_each_role_on_its_own_page(client, request, company, role, landing):
    if role == "rep":
        user = UserFactory(email="jan@snelpost.nl")
        Representative.objects.create(
            user=user, company=company, work_email=user.email, status="approved"
        )
    else:
        user = request.getfixturevalue(role)
    response = client.post(
        reverse("login"), {"username": user.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302 and response.url == reverse(landing)


def test_a_next_link_still_wins_over_the_representatives_landing(client, company):
    user = UserFactory(email="jan@snelpost.nl")
    Representative.objects.create(user=user, company=company, work_email=user.email)
    response = client.post(
        reverse("login") + "?next=/methodology/",
        {"username": user.email, "password": "correct-horse-battery"},
    )
    assert response.url == "/methodology/"


def test_the_claim_page_explains_itself_to_a_visitor_before_asking_to_log_in(
    visitor, company, settings
):
    settings.LANGUAGE_CODE = "nl"
    url = reverse("company_claim", args=[company.slug])
    body = visitor.get(url).content.decode()
    assert "Wat een claim is" in body and "Wie kan claimen" in body
    assert "e-mailadres bij snelpost.nl" in body
    assert "Ziet nooit wie een klantreis meldde" in body
    assert f'href="{reverse("login")}?next={url}"' in body
    assert 'name="work_email"' not in body
    posted = visitor.post(url, {"work_email": "jan@snelpost.nl"})
    assert posted.status_code == 302 and reverse("login") in posted.url
    assert not Representative.objects.exists()
    visitor.post(reverse("set_language"), {"language": "en", "next": url})
    assert "What a claim is" in visitor.get(url).content.decode()


def test_the_methodology_states_the_reply_clock(client, db, settings):
    settings.LANGUAGE_CODE = "nl"
    body = client.get(reverse("methodology")).content.decode()
    block = re.search(r'id="reply-clock".*?</p>', body, re.S).group(0)
    assert "Tot en met dag 15" in block and "vanaf dag 16" in block and "vanaf dag 31" in block


def test_the_company_page_counts_what_awaits_a_reply_in_the_same_words(
    visitor, rep, clocked, settings
):
    settings.LANGUAGE_CODE = "nl"
    url = reverse("company_detail", args=[rep.company.slug])

    def counts() -> dict[str, str]:
        body = visitor.get(url).content.decode()
        assert "Wacht op een reactie" in body and "Ruim te laat" in body
        return dict(re.findall(r'data-clock-count="(\w+)">(\d+)<', body))

    assert counts() == {"awaiting": "1", "overdue": "1", "long_overdue": "1"}
    # A first response, even before a moderator published it, stops the clock (the stored
    # page is not served again).
    replies.reply_create(journey=clocked["long"], author=rep.user, category="no_reply", text="")
    assert counts() == {"awaiting": "1", "overdue": "1", "long_overdue": "0"}
    HandoverRequest.objects.create(journey=clocked["overdue"], company=rep.company)
    assert counts() == {"awaiting": "2", "overdue": "0", "long_overdue": "0"}
