import csv
import io
import statistics
from collections import defaultdict

import pytest

from journeys import leaderboards
from journeys.models import Journey, channel_mask
from tests.factories import CompanyFactory, JourneyFactory, StepFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def rows(client, url):
    response = client.get(url)
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def data(db):
    owners = [UserFactory(email=f"reporter{n}@example.nl") for n in range(5)]
    big = CompanyFactory(name="Groot", sector="energy")
    for i, owner in enumerate(owners):
        for extra in range(i % 2 + 1):  # some reporters filed twice
            journey = JourneyFactory(
                company=big,
                owner=owner,
                score=10 * i + 5 * extra,
                moderation_state=Journey.Moderation.APPROVED,
                channel_mask=channel_mask(["email", "phone"]),
            )
            StepFactory(journey=journey, position=1, kind="repeat_info", channel="email")
            StepFactory(journey=journey, position=2, kind="hold", channel="phone")
    small = CompanyFactory(name="Klein")
    JourneyFactory(company=small, owner=owners[0], moderation_state=Journey.Moderation.APPROVED)
    leaderboards.recompute_full()
    return big, small


def test_journeys_csv_is_anonymous_weekly_and_leaves_out_suppressed_companies(client, data):
    records = rows(client, "/exports/journeys.csv")
    assert {r["company"] for r in records} == {"Groot"}
    assert len(records) == 7
    text = str(records)
    assert "@example.nl" not in text and "reporter" not in text.replace("reporter_key", "")
    first = records[0]
    assert first["week"][4:6] == "-W" and first["quarter"][4] == "Q"
    assert "started_on" not in first and "note" not in first
    assert (first["steps_repeat_info"], first["steps_hold"], first["channel_email"]) == (
        "1",
        "1",
        "1",
    )
    assert first["score_version"] == "1"


def test_company_mean_and_median_reproduce_from_the_journeys_export(client, data):
    big, _small = data
    voices = defaultdict(list)
    for r in rows(client, "/exports/journeys.csv"):
        voices[r["reporter_key"]].append(float(r["score"]))
    averaged = [statistics.mean(v) for v in voices.values()]
    published = client.get(f"/api/v1/companies/{big.slug}").json()["figures"]
    main = next(f for f in published if f["period"] == "12m" and f["channel"] is None)
    assert main["reporters"] == len(averaged) == 5
    assert main["mean"] == pytest.approx(statistics.mean(averaged))
    assert main["median"] == pytest.approx(statistics.median(averaged))


def test_leaderboard_csv_carries_every_published_cell_and_no_suppressed_one(client, data):
    records = rows(client, "/exports/leaderboard.csv")
    scopes = {(r["scope"], r["period"], r["channel"]) for r in records}
    assert ("company", "12m", "") in scopes and ("company", "12m", "email") in scopes
    assert {r["company"] for r in records if r["scope"] == "company"} == {"Groot"}
    company_row = next(r for r in records if r["scope"] == "company" and r["channel"] == "")
    assert (company_row["rank_low"], company_row["rank_high"]) == ("1", "1")


def test_exports_before_any_snapshot_are_404(client, db):
    assert client.get("/exports/journeys.csv").status_code == 404
    assert client.get("/exports/leaderboard.csv").status_code == 404
