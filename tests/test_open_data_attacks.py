"""Attacks on the open data, written as an attacker would try them: what a row or a cell gives
away about one person beyond what its company may know.

A reporter's judgement of a reply (its rating) is theirs: the public files must read the same
whatever a rating outside a published group of K raters was, so no row, no cell and no
difference of cells (a sector minus its published companies, a year minus its quarters, all
channels minus one) can tell it.
"""

import contextlib
import csv
import io
import json
import re

import pytest
from django.utils import timezone

from journeys import leaderboards, replies
from journeys.models import Channel, Journey, Reply, Representative, channel_mask

from .factories import CompanyFactory, JourneyFactory, ModeratorFactory, StepFactory, UserFactory
from .open_data import content

K = 3


def _journey(company, owner, score, channel="phone"):
    made = JourneyFactory(
        company=company,
        owner=owner,
        score=score,
        approved=True,
        published_at=timezone.now(),
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
    moderator = ModeratorFactory()
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
    differs from one snapshot to the next by construction (its id, its time, checksums, a
    float's last bits) set aside."""
    base = "/exports/"
    board = list(csv.DictReader(io.StringIO(content(client.get(base + "leaderboard.csv")))))
    for row in board:
        row.pop("snapshot_id")
        # DuckDB sums in parallel, so the last bits of a mean may differ from run to run.
        for name, value in row.items():
            with contextlib.suppress(ValueError):
                row[name] = round(float(value), 9)
    journeys = list(csv.DictReader(io.StringIO(content(client.get(base + "journeys.csv")))))
    manifest = json.loads(content(client.get(base + "snapshot.json")))
    return {
        "leaderboard.csv": board,
        "journeys.csv": journeys,
        "snapshot.json": {
            "rows": manifest["rows"],
            "release": manifest["release"],
            "targets": [
                {**t, "mean": round(t["mean"], 9), "sd": round(t["sd"], 9)}
                for t in manifest["targets"]
            ],
        },
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
    assert cells[("company", "gepubliceerd", "12m", "")]["mean_rating"] == 3
    assert cells[("sector", "", "12m", "")]["mean_rating"] == 3
    assert cells[("company", "alleen", "12m", "")]["rating_reporters"] == 1
    assert Journey.objects.get(pk=victim.journey_id).moderation_state == "approved"


@pytest.fixture
def regular(db, settings):
    """A company with six reporters, three of whom reported twice (K of them: the journeys that
    are not their voice can be released), and its representative."""
    settings.FRICTIONLOG_K_MIN = K
    company = CompanyFactory(name="Snelpost", sector="webshop")
    twice = [UserFactory() for _ in range(3)]
    for owner, score in zip(twice, (20, 25, 30), strict=True):
        _journey(company, owner, score)
    for score in (45, 60, 90):
        _journey(company, UserFactory(), score)
    for owner, score in zip(twice, (75, 80, 85), strict=True):
        _journey(company, owner, score)
    representative = Representative.objects.create(
        user=UserFactory(),
        company=company,
        work_email="klantenservice@snelpost.nl",
        status=Representative.Status.APPROVED,
    )
    return representative


def _dashboard(client, slug) -> dict[int, tuple[int, frozenset]]:
    """What the representative's own pages say of each journey: its rounded score and the
    channels of its steps, by journey id."""
    listing = content(client.get(f"/business/{slug}/", HTTP_ACCEPT_LANGUAGE="en"))
    seen = {}
    for pk in {int(pk) for pk in re.findall(rf'href="/business/{slug}/journeys/(\d+)/"', listing)}:
        page = content(client.get(f"/business/{slug}/journeys/{pk}/", HTTP_ACCEPT_LANGUAGE="en"))
        (score,) = re.findall(r"Friction score (\d+)/100", page)
        steps = re.findall(r"<li>[^<·]+ · ([^<·]+?)(?: · |</li>)", page)
        labels = {str(label): value for value, label in Channel.choices}
        seen[pk] = (int(score), frozenset(labels[step.strip()] for step in steps))
    return seen


def test_a_representative_cannot_tie_two_of_their_journeys_to_one_reporter(client, regular):
    """The issue's attack: the representative matches each journey on their dashboard to the
    one row with its score and channels, then looks for what ties two rows to one person: a
    column naming the reporter, or a row that is not its reporter's voice with one candidate
    for the voice it stands beside."""
    leaderboards.recompute_full()
    client.force_login(regular.user)
    seen = _dashboard(client, regular.company.slug)
    assert len(seen) == 9
    rows = list(csv.DictReader(io.StringIO(content(client.get("/exports/journeys.csv")))))
    matched = {}
    for pk, (score, channels) in seen.items():
        candidates = [
            row
            for row in rows
            if round(float(row["score"])) == score
            and {c for c in Channel.values if row[f"channel_{c}"] == "1"} in (channels, set())
        ]
        if len(candidates) == 1:
            matched[pk] = candidates[0]
    # Every journey is matched to its row: what a row holds, its company's representative knows.
    assert len(rows) == 9, rows
    assert len(matched) == 9
    naming = [c for c in rows[0] if any(w in c for w in ("reporter", "owner", "user", "key"))]
    assert naming == []
    tied = set()
    for mark in ("voice_quarter", "voice_12m"):
        others = [pk for pk, row in matched.items() if row[mark] == "0"]
        voices = [pk for pk, row in matched.items() if row[mark] == "1"]
        # Not vacuous: the rows say which journeys have a sibling (three of them).
        assert len(others) == K
        # Each such journey's reporter speaks through one of the voices: never one alone.
        for pk in others:
            if len(voices) == 1:
                tied.add(frozenset((pk, voices[0])))
    assert tied == set()
