"""The moderation queue and its actions: permissions, decisions, redaction, audit, pseudonyms."""

import datetime
import re
from functools import partial

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from journeys import moderation, pseudonyms, stories
from journeys.models import (
    AppendOnlyError,
    Company,
    Journey,
    ModerationEvent,
    RecomputeRequest,
    Reply,
    Representative,
    StoryFlag,
)

from .factories import (
    CompanyFactory,
    JourneyFactory,
    ModeratorFactory,
    UserFactory,
    submitted_journey,
)

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
STORY = "I mailed klaas.jansen@example.nl three times and waited for weeks. Nobody answered."


# A submitted journey with a consented story carrying an e-mail address and a private note.
submitted = partial(
    submitted_journey, story=STORY, consent=True, note="private: my customer number is 998877"
)


@pytest.fixture
def pending(consumer, airline):
    return submitted(owner=consumer, company=airline)


def _urls(journey, company):
    # A claim waiting and a reply waiting, for the right-of-reply decisions.
    claim = Representative.objects.create(
        user=UserFactory(), company=journey.company, work_email="a@example.nl", status="pending"
    )
    reply = Reply.objects.create(
        journey=journey, company=journey.company, category="in_progress", text="Bezig."
    )
    gets = [
        reverse("moderation_queue"),
        reverse("moderation_journey", args=[journey.pk]),
        reverse("moderation_companies"),
        reverse("moderation_business"),
    ]
    posts = [
        reverse("moderation_approve", args=[journey.pk]),
        reverse("moderation_reject", args=[journey.pk]),
        reverse("moderation_request_changes", args=[journey.pk]),
        reverse("moderation_redact", args=[journey.pk]),
        reverse("moderation_unredact", args=[journey.pk, 0]),
        reverse("moderation_flags_dismiss", args=[journey.pk]),
        reverse("moderation_company_accept", args=[company.pk]),
        reverse("moderation_company_reject", args=[company.pk]),
        reverse("moderation_company_merge"),
        reverse("moderation_claim_approve", args=[claim.pk]),
        reverse("moderation_claim_reject", args=[claim.pk]),
        reverse("moderation_representative_revoke", args=[claim.pk]),
        reverse("moderation_reply_approve", args=[reply.pk]),
        reverse("moderation_reply_reject", args=[reply.pk]),
        reverse("moderation_company_dispute_body"),
        # Its object is never reached: the permission check comes first.
        reverse("moderation_appeal_decide", args=[1]),
    ]
    return gets, posts


def test_the_permission_tests_cover_every_moderation_url(pending):
    from journeys.urls import urlpatterns

    named = {p.name for p in urlpatterns if p.name and p.name.startswith("moderation_")}
    gets, posts = _urls(pending, CompanyFactory(status=Company.Status.PENDING))
    covered = {resolve(url.split("?")[0]).url_name for url in gets + posts}
    assert covered == named


def test_visitors_are_sent_to_log_in_on_every_moderation_url(client, pending):
    suggestion = CompanyFactory(status=Company.Status.PENDING)
    gets, posts = _urls(pending, suggestion)
    for url in gets:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    for url in posts:
        response = client.post(url, {f"j{pending.pk}-reason": "spam", "source": "x"})
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    pending.refresh_from_db()
    assert pending.moderation_state == "pending"
    assert not ModerationEvent.objects.exclude(action="auto_redact").exists()


def test_consumers_get_403_on_every_moderation_url(consumer_client, pending):
    suggestion = CompanyFactory(status=Company.Status.PENDING)
    gets, posts = _urls(pending, suggestion)
    for url in gets:
        assert consumer_client.get(url).status_code == 403, url
    for url in posts:
        assert consumer_client.post(url, {f"j{pending.pk}-reason": "spam"}).status_code == 403
    pending.refresh_from_db()
    suggestion.refresh_from_db()
    assert pending.moderation_state == "pending"
    assert suggestion.status == "pending"
    assert Representative.objects.get().status == "pending"
    assert Reply.objects.get().state == "pending"


def test_queue_lists_pending_oldest_first_with_pseudonyms_and_never_notes(
    moderator_client, airline
):
    newer = submitted(company=airline, minutes_ago=5)
    older = submitted(company=airline, minutes_ago=500)
    draft = JourneyFactory(company=airline)
    body = moderator_client.get(reverse("moderation_queue")).content.decode()
    assert body.index(f"item-{older.pk}") < body.index(f"item-{newer.pk}")
    assert f"item-{draft.pk}" not in body
    assert pseudonyms.reporter_pseudonym(older.owner_id) in body
    assert "998877" not in body  # private step notes stay private
    assert "klaas.jansen" not in body  # the story arrives redacted


def test_queue_filters_by_company_sector_and_flag(moderator_client):
    telco = CompanyFactory(name="Belbedrijf", sector="telecom")
    bank = CompanyFactory(name="Spaarbank", sector="bank")
    a = submitted(company=telco)
    b = submitted(company=bank)
    body = moderator_client.get(
        reverse("moderation_queue"), {"company": telco.slug}
    ).content.decode()
    assert f"item-{a.pk}" in body and f"item-{b.pk}" not in body
    body = moderator_client.get(reverse("moderation_queue"), {"sector": "bank"}).content.decode()
    assert f"item-{b.pk}" in body and f"item-{a.pk}" not in body
    moderation.journey_approve(journey=b, moderator=ModeratorFactory())
    moderation.flag_create(journey=b, reporter=None, reason="offensive")
    body = moderator_client.get(reverse("moderation_queue"), {"flag": "offensive"}).content.decode()
    assert f"item-{b.pk}" in body and f"item-{a.pk}" not in body
    body = moderator_client.get(reverse("moderation_queue"), {"flag": "spam"}).content.decode()
    assert f"item-{b.pk}" not in body


def test_queue_query_count_does_not_grow_with_items(
    moderator_client, django_assert_max_num_queries, airline
):
    for _ in range(3):
        submitted(company=airline)
    with django_assert_max_num_queries(20) as few:
        moderator_client.get(reverse("moderation_queue"))
    for _ in range(12):
        submitted(company=CompanyFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = moderator_client.get(reverse("moderation_queue"))
    assert response.content.decode().count("data-queue-item") == 15


def test_approve_with_htmx_swaps_the_item_logs_and_requests_recompute(
    moderator_client, moderator, pending, htmx
):
    response = moderator_client.post(reverse("moderation_approve", args=[pending.pk]), **htmx)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(
        f'<article class="card queue-item compact" id="item-{pending.pk}"'
    )
    assert "Approved." in body
    pending.refresh_from_db()
    assert pending.moderation_state == "approved"
    event = ModerationEvent.objects.get(journey=pending, action="approve")
    assert event.actor == moderator and event.review_seconds >= 3600
    assert RecomputeRequest.objects.filter(company=pending.company).exists()


def test_approve_without_javascript_redirects_back_with_a_message(moderator_client, pending):
    response = moderator_client.post(
        reverse("moderation_approve", args=[pending.pk]),
        {"next": "/moderation/?sector=travel"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/moderation/?sector=travel"
    assert "Approved." in response.content.decode()


def test_approving_twice_is_refused_with_a_clear_error(moderator_client, pending, htmx):
    moderator_client.post(reverse("moderation_approve", args=[pending.pk]), **htmx)
    response = moderator_client.post(reverse("moderation_approve", args=[pending.pk]), **htmx)
    assert "not waiting for review" in response.content.decode()
    assert ModerationEvent.objects.filter(action="approve").count() == 1


def test_a_journey_of_a_pending_company_cannot_be_approved(moderator_client, htmx):
    journey = submitted(company=CompanyFactory(status=Company.Status.PENDING))
    response = moderator_client.post(reverse("moderation_approve", args=[journey.pk]), **htmx)
    assert "Accept or merge the suggested company" in response.content.decode()
    journey.refresh_from_db()
    assert journey.moderation_state == "pending"


def test_reject_needs_a_reason_from_the_list(moderator_client, pending, htmx):
    url = reverse("moderation_reject", args=[pending.pk])
    response = moderator_client.post(url, {f"j{pending.pk}-reason": "made-up"}, **htmx)
    assert "Choose a reason from the list." in response.content.decode()
    response = moderator_client.post(url, {f"j{pending.pk}-reason": "other"}, **htmx)
    assert "Explain the reason" in response.content.decode()
    pending.refresh_from_db()
    assert pending.moderation_state == "pending"
    response = moderator_client.post(
        url, {f"j{pending.pk}-reason": "spam", f"j{pending.pk}-note": "Advert for a shop"}, **htmx
    )
    pending.refresh_from_db()
    assert pending.moderation_state == "rejected"
    event = ModerationEvent.objects.get(journey=pending, action="reject")
    assert (event.reason, event.note) == ("spam", "Advert for a shop")


def test_rejecting_an_approved_journey_takes_it_out_of_the_figures(moderator_client, pending, htmx):
    moderation.journey_approve(journey=pending, moderator=ModeratorFactory())
    RecomputeRequest.objects.all().delete()
    moderator_client.post(
        reverse("moderation_reject", args=[pending.pk]),
        {f"j{pending.pk}-reason": "implausible"},
        **htmx,
    )
    pending.refresh_from_db()
    assert pending.moderation_state == "rejected"
    assert RecomputeRequest.objects.filter(company=pending.company).exists()


def test_request_changes_shows_the_reason_to_the_consumer_without_the_moderator(
    moderator_client, client, consumer, moderator, pending, htmx
):
    url = reverse("moderation_request_changes", args=[pending.pk])
    response = moderator_client.post(url, {f"j{pending.pk}-reason": "implausible"}, **htmx)
    assert "Tell the consumer what to change" in response.content.decode()
    moderator_client.post(
        url,
        {
            f"j{pending.pk}-reason": "implausible",
            f"j{pending.pk}-note": "The hold step says 900 minutes; did you mean 90?",
        },
        **htmx,
    )
    pending.refresh_from_db()
    assert pending.moderation_state == "changes_requested"
    client.force_login(consumer)
    body = client.get(pending.get_absolute_url()).content.decode()
    assert "did you mean 90?" in body
    assert "Steps, dates or minutes do not add up" in body
    assert moderator.email not in body
    assert pseudonyms.reporter_pseudonym(moderator.pk) not in body


def test_redact_and_undo_with_audit_and_no_copy_of_the_text_in_the_log(
    moderator_client, pending, htmx
):
    pending.story = "We call the agent de snor. de snor promised a callback. de snor never called."
    pending.save()
    moderation.story_autoredact(journey=pending)
    url = reverse("moderation_redact", args=[pending.pk])
    response = moderator_client.post(
        url,
        {f"r{pending.pk}-phrase": "de snor", f"r{pending.pk}-note": "staff nickname"},
        **htmx,
    )
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.story_redacted == (
        "We call the agent [weggelakt]. [weggelakt] promised a callback. [weggelakt] never called."
    )
    event = ModerationEvent.objects.get(journey=pending, action="redact")
    assert "snor" not in str(event.detail) and event.note == "staff nickname"
    response = moderator_client.post(url, {f"r{pending.pk}-phrase": "Jan Klaassen"}, **htmx)
    assert "does not occur in the story" in response.content.decode()
    moderator_client.post(reverse("moderation_unredact", args=[pending.pk, 0]), **htmx)
    pending.refresh_from_db()
    assert pending.story_redacted == (
        "We call the agent de snor. [weggelakt] promised a callback. [weggelakt] never called."
    )
    assert ModerationEvent.objects.filter(journey=pending, action="unredact").count() == 1


def test_automatic_redaction_is_listed_masked_and_can_be_undone(moderator_client, pending, htmx):
    assert "[e-mail]" in pending.story_redacted
    body = moderator_client.get(reverse("moderation_journey", args=[pending.pk])).content.decode()
    assert "klaas.jansen@example.nl" not in body
    assert "k•••@•••.nl" in body
    moderator_client.post(reverse("moderation_unredact", args=[pending.pk, 0]), **htmx)
    pending.refresh_from_db()
    assert pending.story_redacted == pending.story


def test_dismissing_reports_keeps_the_story_published(moderator_client, pending, htmx):
    moderation.journey_approve(journey=pending, moderator=ModeratorFactory())
    moderation.flag_create(journey=pending, reporter=None, reason="false", note="not true")
    moderator_client.post(reverse("moderation_flags_dismiss", args=[pending.pk]), **htmx)
    pending.refresh_from_db()
    assert pending.moderation_state == "approved"
    assert StoryFlag.objects.get().status == "dismissed"
    assert ModerationEvent.objects.filter(action="flag_dismiss", journey=pending).exists()


def test_every_action_writes_an_audit_entry_shown_per_journey(moderator_client, moderator, htmx):
    journey = submitted()
    for name, data in [
        ("moderation_redact", {f"r{journey.pk}-phrase": "weeks"}),
        ("moderation_unredact", {}),
        ("moderation_approve", {}),
        (
            "moderation_request_changes",
            {f"j{journey.pk}-reason": "other", f"j{journey.pk}-note": "x"},
        ),
    ]:
        args = [journey.pk, 0] if name == "moderation_unredact" else [journey.pk]
        moderator_client.post(reverse(name, args=args), data, **htmx)
    actions = list(ModerationEvent.objects.filter(journey=journey).values_list("action", flat=True))
    assert actions == ["auto_redact", "redact", "unredact", "approve", "request_changes"]
    page = moderator_client.get(reverse("moderation_journey", args=[journey.pk])).content.decode()
    assert page.count(pseudonyms.reporter_pseudonym(moderator.pk)) >= 4


def test_the_audit_log_cannot_be_changed_or_deleted(pending):
    event = ModerationEvent.objects.first()
    event.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        ModerationEvent.objects.update(note="rewritten")
    with pytest.raises(AppendOnlyError):
        ModerationEvent.objects.all().delete()
    assert ModerationEvent.objects.get(pk=event.pk).note == ""


def test_the_admin_offers_no_way_to_add_change_or_delete_audit_entries(admin_client, pending):
    event = ModerationEvent.objects.first()
    model_admin = site._registry[ModerationEvent]
    assert model_admin.has_add_permission(None) is False
    assert model_admin.has_change_permission(None, event) is False
    assert model_admin.has_delete_permission(None, event) is False
    base = "/admin/journeys/moderationevent/"
    assert admin_client.get(base).status_code == 200
    assert admin_client.get(base + "add/").status_code == 403
    response = admin_client.post(base + f"{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    response = admin_client.post(
        base, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    )
    assert ModerationEvent.objects.filter(pk=event.pk).exists()


def test_no_moderation_page_shows_an_email_address(moderator_client, moderator, htmx):
    owner = UserFactory(email="planted.owner@example.nl")
    suggestion = CompanyFactory(status=Company.Status.PENDING, suggested_by=owner)
    journey = submitted(owner=owner, story="Reach me at planted.story@example.nl please")
    flagged = submitted(owner=UserFactory(email="planted.flagged@example.nl"))
    moderation.journey_approve(journey=flagged, moderator=moderator)
    moderation.flag_create(
        journey=flagged,
        reporter=UserFactory(email="planted.reporter@example.nl"),
        reason="personal_data",
    )
    pages = [
        moderator_client.get(reverse("moderation_queue")),
        moderator_client.get(reverse("moderation_queue"), {"flag": "any"}),
        moderator_client.get(reverse("moderation_journey", args=[journey.pk])),
        moderator_client.get(reverse("moderation_journey", args=[flagged.pk])),
        moderator_client.get(reverse("moderation_companies")),
        moderator_client.post(reverse("moderation_approve", args=[journey.pk]), **htmx),
        moderator_client.post(reverse("moderation_company_accept", args=[suggestion.pk]), **htmx),
    ]
    for response in pages:
        assert response.status_code == 200
        body = response.content.decode()
        assert not EMAIL_RE.search(body), EMAIL_RE.search(body).group()
        assert "planted" not in body


def test_review_page_shows_steps_story_and_log_in_few_queries(
    moderator_client, pending, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        body = moderator_client.get(
            reverse("moderation_journey", args=[pending.pk])
        ).content.decode()
    assert "Wait on hold" in body
    assert "[e-mail]" in body
    assert "Personal details removed automatically" in body


def test_drafts_are_not_open_to_moderators(moderator_client, consumer):
    draft = JourneyFactory(owner=consumer)
    assert moderator_client.get(reverse("moderation_journey", args=[draft.pk])).status_code == 403
    response = moderator_client.post(reverse("moderation_approve", args=[draft.pk]))
    assert response.status_code == 404


def test_the_queue_pages_oldest_first_and_keeps_its_filters(
    moderator_client, airline, django_assert_max_num_queries, monkeypatch
):
    from journeys.views import moderation as views

    monkeypatch.setattr(views, "QUEUE_LIMIT", 3)
    oldest_first = [submitted(company=airline, minutes_ago=100 - n) for n in range(7)]
    submitted(company=CompanyFactory(name="Elders"), minutes_ago=500)
    with django_assert_max_num_queries(20):
        first = moderator_client.get(reverse("moderation_queue"), {"company": "airlinego"})
    body = first.content.decode()
    shown = [j.pk for j in oldest_first if f"item-{j.pk}" in body]
    assert shown == [j.pk for j in oldest_first[:3]]
    assert "Waiting for review (7)" in body
    assert "?company=airlinego&amp;page=2" in body
    last = moderator_client.get(reverse("moderation_queue"), {"company": "airlinego", "page": 3})
    assert [j.pk for j in oldest_first if f"item-{j.pk}" in last.content.decode()] == [
        oldest_first[6].pk
    ]


def _send_mails_of(callbacks) -> None:
    """Run what a commit would send by mail; leave the recompute queued after it to the tests
    of that (in the services pass it would reach the real broker)."""
    for callback in callbacks:
        if "decision_notify" in callback.__qualname__ or "statement" in callback.__qualname__:
            callback()


def test_the_owner_gets_a_statement_of_reasons_when_a_moderator_asks_for_changes(
    moderator_client, pending, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "nl"
    settings.FRICTIONLOG_SITE_URL = "https://frictionlog.test"
    url = reverse("moderation_request_changes", args=[pending.pk])
    with django_capture_on_commit_callbacks() as callbacks:
        moderator_client.post(
            url, {f"j{pending.pk}-reason": "implausible", f"j{pending.pk}-note": "Welke datum?"}
        )
    _send_mails_of(callbacks)
    [mail] = mailoutbox
    assert mail.to == [pending.owner.email]
    assert mail.subject == "Je klantreis moet worden aangepast"
    assert "Welke datum?" in mail.body
    statement = pending.statements.get()
    assert f"https://frictionlog.test/statements/{statement.pk}/" in mail.body
    assert "moderator@" not in mail.body  # moderators are not named


def test_approving_sends_one_email_and_a_refused_approval_none(
    moderator_client, pending, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        moderator_client.post(reverse("moderation_approve", args=[pending.pk]))
        moderator_client.post(reverse("moderation_approve", args=[pending.pk]))  # no longer pending
    _send_mails_of(callbacks)
    assert [m.subject for m in mailoutbox] == ["Your journey was approved"]


def _queue_queries(client, count: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("moderation_queue"))
    assert f"Waiting for review ({count})" in response.content.decode()
    return len(queries)


def test_the_queue_runs_as_many_queries_at_2000_journeys_as_at_60(
    moderator_client, moderator, airline, consumer
):
    """Fifty a page whatever the queue's length, an appeal and a report in it too."""

    def add(n):
        now = timezone.now()
        Journey.objects.bulk_create(
            Journey(
                owner=UserFactory(),
                company=airline,
                goal="refund",
                started_on=now.date(),
                story=f"Verhaal nummer {i}: ik wachtte {i} minuten.",
                story_consent=True,
                moderation_state="pending",
                submitted_at=now - datetime.timedelta(minutes=i),
            )
            for i in range(n)
        )

    rejected = submitted(owner=consumer, company=airline)
    moderation.journey_reject(journey=rejected, moderator=moderator, reason="spam")
    moderation.appeal_create(statement=rejected.statements.get(), text="Onterecht.")
    published = submitted(company=airline)
    moderation.journey_approve(
        journey=published,
        moderator=moderator,
        suspects_checked=moderation.suspects_fingerprint(stories.suspects_to_check(published)),
    )
    moderation.flag_create(journey=published, reporter=None, reason="offensive")
    add(60)
    few = _queue_queries(moderator_client, 60)
    add(1940)
    assert _queue_queries(moderator_client, 2000) == few
