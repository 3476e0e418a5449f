"""Script planted in every free-text field comes out as text on every page that shows it."""

from django.urls import reverse

from journeys import leaderboards, letters, moderation, replies, services
from journeys.models import Company, Journey, Representative, StoryFlag
from tests.leaderboard_data import build_companies

from .factories import JourneyFactory, StepFactory

PAYLOAD = "<script>alert('x')</script><img src=x onerror=alert(1)>"
RAW = ("<script>alert(", "<img src=x")
ESCAPED = "&lt;script&gt;alert("


def _assert_inert(client, url, *, shown=True):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    for raw in RAW:
        assert raw not in html, url
    if shown:
        assert ESCAPED in html, f"{url} should show the planted text (escaped)"


def test_payloads_in_every_free_text_field_render_inert(client, db, consumer, moderator):
    company = build_companies(1)[0]
    company.name = "Kwaad " + PAYLOAD
    company.save()
    # A published story.
    JourneyFactory(
        company=company,
        approved=True,
        story=PAYLOAD,
        story_redacted=PAYLOAD,
        story_consent=True,
    )
    leaderboards.recompute_full()
    # A consumer's own journey: a private note and a story under review, then a rejection
    # whose free text the consumer reads back.
    mine = JourneyFactory(owner=consumer, company=company, story=PAYLOAD, story_consent=True)
    StepFactory(journey=mine, position=1, note=PAYLOAD)
    services.journey_submit(journey=mine, user=consumer)
    moderation.journey_reject(journey=mine, moderator=moderator, reason="other", note=PAYLOAD)
    # A letter drafted from that log (the note is quoted in it), then typed over.
    letter = letters.letter_create(journey=mine, kind="complaint", language="en")
    letters.letter_update(letter=letter, sender=PAYLOAD, subject=PAYLOAD)
    # A visitor's report on a pending story, and a company suggestion named with script.
    flagged = JourneyFactory(
        company=company,
        moderation_state=Journey.Moderation.PENDING,
        story=PAYLOAD,
        story_redacted=PAYLOAD,
        story_consent=True,
    )
    StoryFlag.objects.create(journey=flagged, reason="personal_data", note=PAYLOAD)
    Company.objects.create(
        name=PAYLOAD, slug="kwaad", search_name="kwaad", status=Company.Status.PENDING
    )

    for url in ("/leaderboard/", "/companies/", company.get_absolute_url()):
        _assert_inert(client, url)
    _assert_inert(client, "/methodology/", shown=False)

    client.force_login(consumer)
    for url in (
        reverse("journey_list"),
        mine.get_absolute_url(),
        reverse("journey_timeline", args=[mine.pk]),
        letter.get_absolute_url(),
        reverse("letter_print", args=[mine.pk, letter.pk]),
    ):
        _assert_inert(client, url)

    client.force_login(moderator)
    for url in (
        reverse("moderation_queue"),
        reverse("moderation_journey", args=[flagged.pk]),
        reverse("moderation_companies"),
    ):
        _assert_inert(client, url)

    # The open data carries the text as data, never as markup to render.
    api = client.get(reverse("api_company", args=[company.slug]))
    assert api["Content-Type"].startswith("application/json")
    assert api.json()["company"]["name"] == company.name
    export = client.get(reverse("export_leaderboard"))
    assert export["Content-Type"].startswith("text/csv")


def test_payloads_on_the_pages_the_last_merge_added_render_inert(client, db, consumer, moderator):
    """The narrative's proposal, the claim's confirmation, a hand-over on the representative's
    page and the placeholders named on a letter page: each shows the planted text, escaped."""
    company = Company.objects.create(
        name="Kwaad " + PAYLOAD, slug="kwaad-bv", search_name="kwaad bv", website_domain="kwaad.nl"
    )
    mine = JourneyFactory(owner=consumer, company=company, story_consent=True)
    StepFactory(journey=mine, position=1, note=PAYLOAD)
    services.journey_submit(journey=mine, user=consumer)
    moderation.journey_approve(journey=mine, moderator=moderator)
    replies.handover_give(
        journey=mine, name=PAYLOAD, email="a@example.nl", phone="", case_reference=PAYLOAD
    )
    letter = letters.letter_create(journey=mine, kind="complaint", language="en")
    letters.letter_update(letter=letter, body=letter.body + "\n[<script>alert(1)</script>]")
    rep = Representative.objects.create(
        user=moderator, company=company, work_email="r@kwaad.nl", status="approved"
    )
    claim = Representative.objects.create(
        user=consumer, company=company, work_email="c@kwaad.nl", status="unconfirmed"
    )

    client.force_login(consumer)
    proposal = client.post(
        reverse("narrative_propose", args=[mine.pk]),
        {"narrative": PAYLOAD + " Ik hing 40 minuten in de wacht."},
    )
    assert proposal.status_code == 200
    html = proposal.content.decode()
    assert ESCAPED in html and not any(raw in html for raw in RAW)
    for url in (
        mine.get_absolute_url(),
        letter.get_absolute_url(),
        reverse("claim_confirm", args=[replies.claim_token(claim)]),
        reverse("journey_handover", args=[mine.pk]),
    ):
        _assert_inert(client, url)
    client.force_login(rep.user)
    _assert_inert(client, reverse("business_journey", args=[company.slug, mine.pk]))
    _assert_inert(client, reverse("business_company", args=[company.slug]))
