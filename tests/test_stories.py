"""Who may read a public story: one queryset (`Journey.objects.public_stories()`), read by every
page, export and check that shows or acts on a story, and the company page's one-query SQL held
equal to it in every state a story can be in."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from journeys import moderation, replies, services, stories
from journeys.models import Journey, Representative, StoryFlag
from journeys.views import public

from .factories import CompanyFactory, JourneyFactory, UserFactory

STORY = "Mijn pakket kwam nooit aan; drie keer gebeld."


@pytest.fixture
def company(db):
    return CompanyFactory(name="Snelpost", slug="snelpost", website_domain="snelpost.nl")


@pytest.fixture
def rep(company):
    return Representative.objects.create(
        user=UserFactory(),
        company=company,
        work_email="jan@snelpost.nl",
        status=Representative.Status.APPROVED,
    )


@pytest.fixture
def published(company, consumer, moderator):
    journey = JourneyFactory(owner=consumer, company=company, story=STORY, story_consent=True)
    services.step_add(
        journey=journey, kind="hold", channel="phone", occurred_on=journey.started_on, minutes=5
    )
    services.journey_submit(journey=journey, user=consumer)
    return moderation.journey_approve(journey=journey, moderator=moderator)


@pytest.fixture
def hidden(published, rep, moderator):
    """The story a representative flagged as harmful, with the company's published reply."""
    reply = replies.reply_create(
        journey=published, author=rep.user, category="closed_explanation", text="Wij zoeken."
    )
    replies.reply_approve(reply=reply, moderator=moderator, base_url="")
    replies.company_flag(journey=published, representative=rep, reason="harmful")
    return published


def _read(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_a_story_hidden_by_a_harmful_flag_is_readable_at_no_url(client, hidden, rep):
    """Ids are sequential: the report page, the API, the replies export and the company's own
    pages all keep a hidden story (and the reply beside it) out, as the company page does."""
    report = reverse("story_report", args=[hidden.pk])
    response = client.get(report)
    assert response.status_code == 404
    assert STORY not in _read(response)
    public_urls = [
        reverse("company_detail", args=["snelpost"]),
        reverse("api_company", args=["snelpost"]),
        reverse("export_replies"),
    ]
    for url in public_urls:
        body = _read(client.get(url))
        assert STORY not in body and "Wij zoeken." not in body, url
    client.force_login(rep.user)
    business = [
        reverse("business_journey", args=["snelpost", hidden.pk]),
        reverse("business_company", args=["snelpost"]),
    ]
    for url in business:
        body = _read(client.get(url))
        assert STORY not in body and "published story" not in body, url
        assert "Flag this story" not in body, url
    assert "hidden from everyone until a moderator decides" in _read(client.get(business[0]))


def test_a_hidden_story_cannot_be_reported_again(client, hidden, rep):
    response = client.post(reverse("story_report", args=[hidden.pk]), {"reason": "offensive"})
    assert response.status_code == 404
    client.force_login(rep.user)
    flag = client.post(reverse("business_flag", args=["snelpost", hidden.pk]), {"reason": "spam"})
    assert flag.status_code == 400 and STORY not in _read(flag)
    with pytest.raises(ValidationError):
        moderation.flag_create(journey=hidden, reporter=None, reason="offensive")
    assert StoryFlag.objects.count() == 1  # the representative's


def test_once_the_flag_is_dismissed_the_story_is_readable_again(client, hidden, moderator):
    moderation.flags_dismiss(journey=hidden, moderator=moderator)
    assert STORY in client.get(reverse("story_report", args=[hidden.pk])).content.decode()
    assert STORY in client.get(reverse("company_detail", args=["snelpost"])).content.decode()
    assert "Wij zoeken." in _read(client.get(reverse("export_replies")))


@pytest.mark.parametrize(
    "change",
    [
        {"moderation_state": Journey.Moderation.PENDING},
        {"moderation_state": Journey.Moderation.REJECTED},
        {"story_consent": False},
        {"story_redacted": ""},
    ],
)
def test_a_story_not_public_is_readable_at_no_url(client, published, rep, change):
    Journey.objects.filter(pk=published.pk).update(**change)
    assert client.get(reverse("story_report", args=[published.pk])).status_code == 404
    assert (
        client.post(reverse("story_report", args=[published.pk]), {"reason": "spam"}).status_code
        == 404
    )
    assert STORY not in client.get(reverse("company_detail", args=["snelpost"])).content.decode()
    client.force_login(rep.user)
    page = client.get(reverse("business_journey", args=["snelpost", published.pk]))
    assert STORY not in _read(page)
    # Nor may the company flag what nobody reads (a 404 where the journey is not published).
    flag = client.post(
        reverse("business_flag", args=["snelpost", published.pk]), {"reason": "spam"}
    )
    assert flag.status_code in (400, 404)
    assert STORY not in _read(flag)
    assert not StoryFlag.objects.exists()


# The states a story's readability depends on, each combined with every other.
STATES = list(Journey.Moderation.values)
FLAGS = [
    None,
    ("harmful", StoryFlag.Status.OPEN, "own"),  # the journey's company's: hides
    ("harmful", StoryFlag.Status.OPEN, None),  # a reader's: does not hide
    # The company the journey was about before it moved to another: does not hide.
    ("harmful", StoryFlag.Status.OPEN, "other"),
    ("harmful", StoryFlag.Status.DISMISSED, "own"),
    ("harmful", StoryFlag.Status.RESOLVED, "own"),
    ("personal_data", StoryFlag.Status.OPEN, "own"),
]


def test_the_company_pages_sql_reads_exactly_the_public_stories(db, monkeypatch):
    """The company page reads its stories with one statement of its own; in every combination
    of moderation state, consent, redacted text and flag, it shows exactly the stories the one
    queryset names, and no other company's."""
    monkeypatch.setattr(public, "STORIES_SHOWN", 1000)
    company, other = CompanyFactory(slug="hier"), CompanyFactory(slug="elders")
    owner = UserFactory()
    for state, consent, text, flag in itertools.product(
        STATES, (True, False), ("Een verhaal", ""), FLAGS
    ):
        for at in (company, other):
            journey = JourneyFactory(
                owner=owner,
                company=at,
                moderation_state=state,
                story="Een verhaal",
                story_consent=consent,
                story_redacted=text,
            )
            if flag:
                reason, status, by_company = flag
                flagger = {"own": at, "other": other if at == company else company}
                StoryFlag.objects.create(
                    journey=journey,
                    reason=reason,
                    status=status,
                    company=flagger.get(by_company),
                )
    _company, rows = stories.company_with_stories("hier", 1000)
    shown = {row[0] for row in rows}
    expected = set(
        Journey.objects.public_stories().filter(company=company).values_list("id", flat=True)
    )
    assert shown == expected
    # The one-journey check reads the same rule.
    assert {
        j.pk for j in Journey.objects.filter(company=company) if stories.is_public(j)
    } == expected
    # Not an empty agreement: approved, consented, with text, and not hidden.
    assert len(expected) == len(FLAGS) - 1
    # The moved journey's story shows although its former company's harmful flag is open.
    moved = StoryFlag.objects.filter(journey__company=company, reason="harmful", status="open")
    assert moved.exclude(company=company).filter(journey__in=expected).exists()
