"""Moderation that states its reasons (EU DSA art. 16 and 17): a statement of reasons for every
restricting decision, in the author's language, sent once; one appeal, decided by another
moderator; notifiers told; `/transparantie/` counted from the audit log."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from journeys import moderation, replies, statements, stories, transparency
from journeys.models import (
    Appeal,
    Journey,
    ModerationEvent,
    Reply,
    Representative,
    Statement,
    StoryFlag,
)

from .factories import CompanyFactory, UserFactory, submitted_journey

STORY = "De chatbot stuurde me drie keer rond. Mijn naam is Piet Bakker en niemand hielp."
LINK = re.compile(r"https?://[^/\s]+(/statements/\d+/)")


@pytest.fixture
def second_moderator(db):
    user = UserFactory(email="tweede@example.nl")
    user.groups.add(Group.objects.get_or_create(name="moderators")[0])
    return user


@pytest.fixture
def pending(consumer, airline):
    return submitted_journey(owner=consumer, company=airline, story=STORY)


def _published(owner, company, moderator):
    journey = submitted_journey(owner=owner, company=company, story=STORY)
    return moderation.journey_approve(
        journey=journey,
        moderator=moderator,
        suspects_checked=moderation.suspects_fingerprint(stories.suspects_to_check(journey)),
    )


# --- The statement ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "parts"),
    [
        (
            "en",
            [
                "The decision",
                "is not published and does not count in the public figures",
                "The facts",
                "Het verhaal gaat over een product, niet over de klantenservice.",
                "The ground",
                "Not about a customer-service experience: frictionlog is about contact",
                "/transparantie/#beleid",
                "Automated means",
                "A moderator, a person, took this decision. No automated means",
                "How to appeal",
                "within 6 months",
                "Another moderator, who did not take this decision, decides the appeal.",
            ],
        ),
        (
            "nl",
            [
                "Het besluit",
                "wordt niet gepubliceerd en telt niet mee in de openbare cijfers",
                "De feiten",
                "Het verhaal gaat over een product, niet over de klantenservice.",
                "De grond",
                "Gaat niet over een ervaring met klantenservice: frictionlog gaat over contact",
                "/transparantie/#beleid",
                "Geautomatiseerde middelen",
                "Een moderator, een mens, nam dit besluit. Er zijn geen geautomatiseerde",
                "Bezwaar maken",
                "binnen 6 maanden",
                "Een andere moderator, die dit besluit niet nam, beslist over je bezwaar.",
            ],
        ),
    ],
)
def test_a_rejection_sends_its_author_a_statement_with_every_part_in_their_language(
    pending, moderator, mailoutbox, django_capture_on_commit_callbacks, language, parts
):
    pending.owner.language = language
    pending.owner.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        moderation.journey_reject(
            journey=pending,
            moderator=moderator,
            reason="not_customer_service",
            note="Het verhaal gaat over een product, niet over de klantenservice.",
        )
    [mail] = mailoutbox
    assert mail.to == [pending.owner.email]
    for part in parts:
        assert part in mail.body, part
    statement = Statement.objects.get()
    assert (statement.ground, statement.language, statement.automated) == (
        "not_customer_service",
        language,
        False,
    )
    assert LINK.search(mail.body).group(1) == statement.get_absolute_url()
    assert moderator.email not in mail.body


def test_a_statement_is_mailed_once_however_often_sending_is_tried(
    pending, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        moderation.journey_reject(journey=pending, moderator=moderator, reason="spam")
    statement = Statement.objects.get()
    assert statements.statement_send(statement_id=statement.pk) is False
    assert len(mailoutbox) == 1
    statement.refresh_from_db()
    assert statement.sent_at is not None


def test_one_decision_has_one_statement_by_the_database(pending, moderator):
    moderation.journey_reject(journey=pending, moderator=moderator, reason="spam")
    statement = Statement.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.create(
            event=statement.event, recipient=pending.owner, ground="spam", language="nl"
        )


def test_every_restricting_decision_gets_a_statement_and_approval_none(
    consumer, airline, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approved = _published(consumer, airline, moderator)
        changes = submitted_journey(owner=consumer, company=airline)
        moderation.journey_request_changes(
            journey=changes, moderator=moderator, reason="implausible", note="Welke datum?"
        )
        moderation.story_redact(journey=approved, moderator=moderator, phrase="drie keer")
        rep = UserFactory(email="rep@airlinego.example", language="en")
        reply = replies.reply_create(
            journey=approved, author=rep, category="closed_explanation", text="Kijk op onze site."
        )
        replies.reply_reject(reply=reply, moderator=moderator, reason="spam", note="Reclame.")
    actions = sorted(Statement.objects.values_list("event__action", flat=True))
    assert actions == ["redact", "reply_reject", "request_changes"]
    assert sorted(m.subject for m in mailoutbox) == sorted(
        [
            "Your journey needs a change",
            "Part of your story was hidden",
            "Your company's reply was not published",
        ]
    )
    redaction = next(m for m in mailoutbox if m.subject == "Part of your story was hidden")
    assert "1 passage is hidden behind [weggelakt]" in redaction.body
    assert "Contains personal details we cannot remove" in redaction.body
    to_rep = next(m for m in mailoutbox if m.to == ["rep@airlinego.example"])
    assert "Reclame." in to_rep.body and "Spam or advertising" in to_rep.body


def test_a_reply_cannot_be_rejected_without_a_ground(consumer, airline, moderator):
    journey = _published(consumer, airline, moderator)
    reply = replies.reply_create(
        journey=journey, author=None, category="closed_explanation", text="Opgelost."
    )
    with pytest.raises(ValidationError):
        replies.reply_reject(reply=reply, moderator=moderator, reason="", note="")
    reply.refresh_from_db()
    assert reply.state == Reply.State.PENDING
    assert not Statement.objects.exists()


# --- The statement page and the appeal ----------------------------------------------------------


def _rejected(pending, moderator) -> Statement:
    moderation.journey_reject(journey=pending, moderator=moderator, reason="spam", note="Reclame.")
    return Statement.objects.get()


def test_the_author_reads_the_statement_and_appeals_once(client, pending, moderator):
    statement = _rejected(pending, moderator)
    client.force_login(pending.owner)
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "Reclame." in page and "Spam or advertising" in page and "Send my appeal" in page

    url = reverse("statement_appeal", args=[statement.pk])
    empty = client.post(url, {"text": "  "})
    assert empty.status_code == 400 and "This field is required." in empty.content.decode()
    assert not Appeal.objects.exists()

    response = client.post(url, {"text": "Dit is geen reclame: ik noem het bedrijf alleen."})
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.decided_against, appeal.outcome) == (moderator, "")
    event = ModerationEvent.objects.get(action="appeal")
    assert event.detail == {"appeal": appeal.pk, "decision": statement.event_id}
    assert event.actor is None and "reclame" not in event.note  # the text stays in the appeal

    again = client.post(url, {"text": "Nog een keer."})
    assert again.status_code == 400
    assert "You already appealed this decision." in again.content.decode()
    assert Appeal.objects.count() == 1
    assert "Send my appeal" not in client.get(statement.get_absolute_url()).content.decode()


def test_an_appeal_after_six_months_is_refused(pending, moderator):
    statement = _rejected(pending, moderator)
    later = timezone.now() + datetime.timedelta(days=200)
    with (
        pytest.raises(ValidationError, match="time to appeal"),
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setattr(timezone, "now", lambda: later)
        moderation.appeal_create(statement=statement, text="Te laat.")


def test_the_moderator_who_decided_cannot_decide_the_appeal(
    client, pending, moderator, second_moderator
):
    appeal = moderation.appeal_create(statement=_rejected(pending, moderator), text="Onterecht.")
    client.force_login(moderator)
    queue = client.get(reverse("moderation_queue")).content.decode()
    assert "You took this decision: another moderator decides the appeal." in queue
    response = client.post(
        reverse("moderation_appeal_decide", args=[appeal.pk]), {"outcome": "granted"}, follow=True
    )
    assert "another moderator decides the appeal" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.outcome == ""
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.filter(pk=appeal.pk).update(decided_by=moderator, outcome="granted")


def test_another_moderator_grants_the_appeal_and_the_journey_returns_to_review(
    client,
    pending,
    moderator,
    second_moderator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    statement = _rejected(pending, moderator)
    appeal = moderation.appeal_create(statement=statement, text="Onterecht.")
    client.force_login(second_moderator)
    queue = client.get(reverse("moderation_queue")).content.decode()
    assert queue.index("appeals-heading") < queue.index("flagged-heading")
    assert queue.index("flagged-heading") < queue.index("pending-heading")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("moderation_appeal_decide", args=[appeal.pk]),
            {"outcome": "granted", "note": "Toch geen reclame."},
        )
    appeal.refresh_from_db()
    pending.refresh_from_db()
    assert (appeal.outcome, appeal.decided_by) == ("granted", second_moderator)
    assert pending.moderation_state == Journey.Moderation.PENDING
    event = ModerationEvent.objects.get(action="appeal_grant")
    assert (event.actor, event.note, event.journey) == (
        second_moderator,
        "Toch geen reclame.",
        pending,
    )
    [mail] = mailoutbox
    assert mail.subject == "Your appeal was decided"
    assert "granted it: the decision is reversed" in mail.body
    assert "Toch geen reclame." in mail.body
    with pytest.raises(ValidationError, match="decided already"):
        moderation.appeal_decide(appeal=appeal, moderator=second_moderator, granted=False)


def test_a_granted_appeal_against_a_redaction_shows_the_words_again(
    consumer, airline, moderator, second_moderator
):
    journey = _published(consumer, airline, moderator)
    moderation.story_redact(journey=journey, moderator=moderator, phrase="drie keer")
    journey.refresh_from_db()
    assert "drie keer" not in journey.story_redacted
    appeal = moderation.appeal_create(statement=Statement.objects.get(), text="Dat is niet privé.")
    moderation.appeal_decide(appeal=appeal, moderator=second_moderator, granted=True)
    journey.refresh_from_db()
    assert "drie keer" in journey.story_redacted


def test_a_denied_appeal_leaves_the_decision(pending, moderator, second_moderator):
    appeal = moderation.appeal_create(statement=_rejected(pending, moderator), text="Onterecht.")
    moderation.appeal_decide(appeal=appeal, moderator=second_moderator, granted=False)
    pending.refresh_from_db()
    assert pending.moderation_state == Journey.Moderation.REJECTED
    assert ModerationEvent.objects.filter(action="appeal_deny").count() == 1


# --- Notifiers ------------------------------------------------------------------------------------


def test_a_visitor_who_reports_hears_it_arrived_and_later_the_decision(
    client, consumer, airline, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    journey = _published(consumer, airline, moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("story_report", args=[journey.pk]),
            {"reason": "offensive", "note": "Scheldwoorden.", "email": "lezer@example.nl"},
        )
    [confirmation] = mailoutbox
    assert confirmation.to == ["lezer@example.nl"]
    assert confirmation.subject == "We received your report"
    assert f"story #{journey.pk}" in confirmation.body
    assert "offensive or defamatory" in confirmation.body
    flag = StoryFlag.objects.get()
    assert flag.notify_email == "lezer@example.nl"

    with django_capture_on_commit_callbacks(execute=True):
        moderation.journey_reject(journey=journey, moderator=moderator, reason="offensive")
    [decision] = [m for m in mailoutbox[1:] if m.to == ["lezer@example.nl"]]
    assert decision.subject == "What we decided about your report"
    assert "they acted on it" in decision.body
    flag.refresh_from_db()
    assert (flag.status, flag.notify_email) == ("resolved", "")
    statement = Statement.objects.get()
    assert statement.event.detail == {"flags": 1}
    owner_mail = next(m for m in mailoutbox if m.to == [consumer.email])
    assert "The decision followed a report about this content." in owner_mail.body


def test_a_signed_in_reporter_is_told_at_their_account_address_when_reports_are_dismissed(
    client,
    consumer,
    other_consumer,
    airline,
    moderator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    journey = _published(consumer, airline, moderator)
    client.force_login(other_consumer)
    form = client.get(reverse("story_report", args=[journey.pk])).content.decode()
    assert 'name="email"' not in form  # their account's address is used
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("story_report", args=[journey.pk]), {"reason": "false"})
        moderation.flags_dismiss(journey=journey, moderator=moderator)
    assert [m.to for m in mailoutbox] == [[other_consumer.email], [other_consumer.email]]
    assert "the story stays published as it is" in mailoutbox[-1].body
    assert not Statement.objects.exists()  # nothing was restricted


def test_signing_in_remembers_the_language_for_mail(client, consumer):
    client.cookies["django_language"] = "en"
    client.post(reverse("login"), {"username": consumer.email, "password": "correct-horse-battery"})
    consumer.refresh_from_db()
    assert consumer.language == "en"


# --- /transparantie/ ------------------------------------------------------------------------------


def _quarter_of_work(moderator, second_moderator):
    """A quarter's worth of moderation across two companies."""
    company, other = CompanyFactory(name="Belbedrijf"), CompanyFactory(name="Pakketpost")
    owners = [UserFactory() for _ in range(4)]
    published = [_published(owners[i], company, moderator) for i in range(2)]
    rejected = submitted_journey(owner=owners[2], company=other, story=STORY)
    moderation.journey_reject(journey=rejected, moderator=moderator, reason="spam")
    changes = submitted_journey(owner=owners[3], company=other)
    moderation.journey_request_changes(
        journey=changes, moderator=moderator, reason="implausible", note="Data kloppen niet."
    )
    moderation.flag_create(journey=published[0], reporter=None, reason="personal_data")
    moderation.flag_create(journey=published[0], reporter=None, reason="offensive")
    moderation.flag_create(journey=published[1], reporter=None, reason="false")
    moderation.story_redact(journey=published[0], moderator=moderator, phrase="drie keer")
    moderation.flags_dismiss(journey=published[1], moderator=moderator)
    appeal = moderation.appeal_create(
        statement=Statement.objects.get(event__action="reject"), text="Geen spam."
    )
    moderation.appeal_decide(appeal=appeal, moderator=second_moderator, granted=True)
    moderation.appeal_create(
        statement=Statement.objects.get(event__action="request_changes"), text="Klopt wel."
    )


def test_the_transparency_figures_equal_a_count_of_the_audit_log(
    client, moderator, second_moderator, django_assert_max_num_queries
):
    _quarter_of_work(moderator, second_moderator)
    quarter = transparency.quarter_of(timezone.localdate())
    log = ModerationEvent.objects.all()
    with django_assert_max_num_queries(12):
        page = client.get(reverse("transparency"), {"kwartaal": quarter}).content.decode()
    figures = transparency.compute(quarter)

    assert (
        figures["decisions"]
        == log.filter(action__in=["approve", "reject", "request_changes"]).count()
        == 4
    )
    assert figures["approved"] == log.filter(action="approve").count() == 2
    restricting = log.filter(action__in=ModerationEvent.RESTRICTIONS)
    assert figures["restricted_total"] == restricting.count() == 3
    by_ground = {row["ground"].code: row["total"] for row in figures["by_ground"]}
    assert by_ground["spam"] == restricting.filter(reason="spam").count() == 1
    assert by_ground["implausible"] == 1 and by_ground["personal_data"] == 1
    flags = {str(row["reason"]): row for row in figures["flags"]}
    assert flags["It contains personal details"] == {
        "reason": flags["It contains personal details"]["reason"],
        "received": 1,
        "upheld": 1,
        "dismissed": 0,
    }
    assert (
        flags["It is untrue or misleading"]["received"],
        flags["It is untrue or misleading"]["dismissed"],
    ) == (1, 1)
    assert figures["flags_received"] == log.filter(action="flag").count() == 3
    assert figures["appeals"] == log.filter(action="appeal").count() == 2
    assert figures["appeals_granted"] == log.filter(action="appeal_grant").count() == 1
    automatic = sum(sum(e.detail["kinds"].values()) for e in log.filter(action="auto_redact"))
    assert figures["redactions_automatic"] == automatic > 0
    assert figures["redactions_manual"] == 1
    assert figures["automated_share"] == automatic / (automatic + 1)
    hours = sorted(
        log.filter(action__in=["approve", "reject", "request_changes"]).values_list(
            "review_seconds", flat=True
        )
    )
    assert figures["median_hours"] == round((hours[1] + hours[2]) / 2 / 3600, 1)

    assert f'data-figure="decisions">{figures["decisions"]}<' in page
    assert 'data-figure="appeals">2<' in page and 'data-figure="appeals_granted">1<' in page
    assert 'data-figure="restricted">3<' in page
    assert 'id="ground-spam"' in page  # the policy every statement links to


def test_an_earlier_quarter_counts_only_its_own_events(client, moderator, second_moderator):
    _quarter_of_work(moderator, second_moderator)
    start, _end = transparency.quarter_bounds(transparency.quarter_of(timezone.localdate()))
    earlier = transparency.quarter_of((start - datetime.timedelta(days=1)).date())
    assert transparency.compute(earlier)["decisions"] == 0
    page = client.get(reverse("transparency"), {"kwartaal": "2099-Q9"})
    assert page.status_code == 200  # an unknown quarter shows the current one
    assert transparency.quarter_of(timezone.localdate()) in page.content.decode()


def test_the_transparency_page_is_dutch_by_default(client, db, settings):
    settings.LANGUAGE_CODE = "nl"
    page = client.get(reverse("transparency")).content.decode()
    assert "Hoe onze moderatie beslist" in page and "Ons beleid" in page


def test_a_story_hidden_on_a_companys_report_tells_its_author_it_was_automatic(
    consumer, airline, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    journey = _published(consumer, airline, moderator)
    representative = Representative.objects.create(
        user=UserFactory(),
        company=airline,
        work_email="rep@airlinego.example",
        status=Representative.Status.APPROVED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        replies.company_flag(
            journey=journey, representative=representative, reason="harmful", note="Smaad."
        )
    statement = Statement.objects.get()
    assert statement.automated and statement.ground == "harmful"
    [to_author] = [m for m in mailoutbox if m.to == [consumer.email]]
    assert to_author.subject == "Your story is hidden while a moderator checks a report"
    assert "hidden automatically, by rule, when the report came in" in to_author.body
    assert "Harmful or illegal" in to_author.body
    assert "Smaad." in to_author.body
    assert "The decision followed a report about this content." in to_author.body

    # Any moderator may decide this appeal (no person took the decision); granted, it shows.
    appeal = moderation.appeal_create(statement=statement, text="Het klopt gewoon.")
    assert appeal.decided_against is None
    moderation.appeal_decide(appeal=appeal, moderator=moderator, granted=True)
    flag = StoryFlag.objects.get()
    assert flag.status == StoryFlag.Status.DISMISSED


def test_a_companys_other_reports_hide_nothing_and_send_no_statement(consumer, airline, moderator):
    journey = _published(consumer, airline, moderator)
    representative = Representative.objects.create(
        user=UserFactory(),
        company=airline,
        work_email="rep@airlinego.example",
        status=Representative.Status.APPROVED,
    )
    replies.company_flag(journey=journey, representative=representative, reason="spam")
    assert not Statement.objects.exists()


def test_the_statement_page_escapes_what_people_wrote(client, pending, moderator):
    moderation.journey_reject(
        journey=pending, moderator=moderator, reason="other", note="<script>alert(1)</script>"
    )
    statement = Statement.objects.get()
    moderation.appeal_create(statement=statement, text="<img src=x onerror=alert(2)>")
    client.force_login(pending.owner)
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "<img src=x" not in page and "&lt;img src=x" in page
