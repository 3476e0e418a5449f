"""Attacks on the open data, written as an attacker would try them: what a row or a cell gives
away about one person beyond what its company may know.

A reporter's judgement of a reply (its rating) is theirs: the public files must read the same
whatever a rating outside a published group of K raters was, so no row, no cell and no
difference of cells (a sector minus its published companies, a year minus its quarters, all
channels minus one) can tell it.
"""

import csv
import io
import json

import pytest

from journeys import leaderboards, replies
from journeys.models import Journey, Reply, channel_mask

from .factories import CompanyFactory, JourneyFactory, StepFactory, UserFactory
from .open_data import content

K = 3


def _journey(company, owner, score, channel="phone"):
    made = JourneyFactory(
        company=company,
        owner=owner,
        score=score,
        approved=True,
        channel_mask=channel_mask([channel]),
        story="Drie keer doorverbonden.",
        story_redacted="Drie keer doorverbonden.",
        story_consent=True,
    )
    StepFactory(journey=made, position=1, channel=channel)
    return made


def _rated(journey, moderator, rating):
    reply = replies.reply_create(journey=journey, author=None, category="closed_explanation",
                                 text="Opgelost")  # fmt: skip
    replies.reply_approve(reply=reply, moderator=moderator, base_url="")
    return replies.reply_rate(reply=reply, rating=rating, resolved=False)


@pytest.fixture
def victim(db, settings):
    """A sector of two companies. At the first, three reporters rated a reply (their mean is
    published). At the second, three reporters, one of whom rated a reply: a group of one,
    whose rating must not come out. Every journey has a public story and its reply is in
    replies.csv."""
    settings.FRICTIONLOG_K_MIN = K
    moderator = UserFactory()
    published = CompanyFactory(name="Gepubliceerd", sector="telecom")
    alone = CompanyFactory(name="Alleen", sector="telecom")
    for n, score in enumerate((30, 50, 70)):
        _rated(_journey(published, UserFactory(), score), moderator, rating=2 + n)
    target = _journey(alone, UserFactory(), 40)
    for score in (60, 80):
        _journey(alone, UserFactory(), score, channel="email")
    return _rated(target, moderator, rating=1)


def _public_files(client) -> dict:
    """What anyone can download: the current snapshot's files and the replies export, with what
    differs from one snapshot to the next by construction (its id, its time, checksums, the
    per-snapshot reporter keys) set aside."""
    base = "/exports/"
    board = list(csv.DictReader(io.StringIO(content(client.get(base + "leaderboard.csv")))))
    for row in board:
        row.pop("snapshot_id")
    journeys = list(csv.DictReader(io.StringIO(content(client.get(base + "journeys.csv")))))
    keys: dict[str, int] = {}
    for row in journeys:
        if "reporter_key" in row:
            row["reporter_key"] = keys.setdefault(row["reporter_key"], len(keys))
    manifest = json.loads(content(client.get(base + "snapshot.json")))
    return {
        "leaderboard.csv": board,
        "journeys.csv": journeys,
        "snapshot.json": {name: manifest[name] for name in ("rows", "release", "targets")},
        "replies.csv": content(client.get("/exports/replies.csv")),
    }


@pytest.mark.parametrize("other", [2, 5])
def test_a_rating_outside_a_published_group_changes_no_public_file(client, victim, other):
    leaderboards.recompute_full()
    before = _public_files(client)
    # The attacker's way in: replies.csv names the story, and its company has one reply judged.
    assert str(victim.journey_id) in before["replies.csv"]
    Reply.objects.filter(pk=victim.pk).update(rating=other)
    leaderboards.recompute_full()
    after = _public_files(client)
    for name, files in before.items():
        assert after[name] == files, name
    # Not vacuous: the published company's mean rating is in the files, and the sector's.
    cells = {(r["scope"], r["company_slug"], r["period"], r["channel"]): r
             for r in after["leaderboard.csv"]}  # fmt: skip
    assert cells[("company", "gepubliceerd", "12m", "")]["mean_rating"] == "3.0"
    assert cells[("sector", "", "12m", "")]["mean_rating"] == "3.0"
    assert cells[("company", "alleen", "12m", "")]["rating_reporters"] == "1"
    assert Journey.objects.get(pk=victim.journey_id).moderation_state == "approved"
