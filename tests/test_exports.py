"""Open data: each snapshot's files, written once by the engine and served as files."""

import csv
import gzip
import hashlib
import io
import json
import statistics

import duckdb
import pytest

from journeys import leaderboards
from journeys.models import Journey, channel_mask
from tests.factories import CompanyFactory, JourneyFactory, StepFactory, UserFactory


def _bytes(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def rows(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(_bytes(response).decode())))


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
                approved=True,
                channel_mask=channel_mask(["email", "phone"]),
            )
            StepFactory(journey=journey, position=1, kind="repeat_info", channel="email")
            StepFactory(journey=journey, position=2, kind="hold", channel="phone")
    small = CompanyFactory(name="Klein")
    JourneyFactory(company=small, owner=owners[0], approved=True)
    snapshot = leaderboards.recompute_full()
    return big, small, snapshot


def test_journeys_csv_is_anonymous_weekly_and_leaves_out_suppressed_companies(client, data):
    records = rows(client, "/exports/journeys.csv")
    assert {r["company"] for r in records} == {"Groot"}
    # Two reporters filed twice; each earlier journey says its reporter came back, which two
    # reporters share (under K): those two rows are left out.
    assert len(records) == 5
    text = str(records)
    assert "@example.nl" not in text and "reporter" not in text
    first = records[0]
    assert first["week"][4:6] == "-W" and first["quarter"][4] == "Q"
    assert "started_on" not in first and "note" not in first
    assert (first["channel_email"], first["channel_phone"], first["channel_chatbot"]) == (
        "1",
        "1",
        "0",
    )
    assert first["score_version"] == "1"


def test_company_mean_and_median_reproduce_from_the_journeys_export(client, data):
    big, _small, _snapshot = data
    voices = [
        float(r["score"]) for r in rows(client, "/exports/journeys.csv") if r["voice_12m"] == "1"
    ]
    published = client.get(f"/api/v1/companies/{big.slug}").json()["figures"]
    main = next(f for f in published if f["period"] == "12m" and f["channel"] is None)
    assert main["reporters"] == len(voices) == 5
    assert main["mean"] == pytest.approx(statistics.mean(voices))
    assert main["median"] == pytest.approx(statistics.median(voices))


def test_leaderboard_csv_carries_every_published_cell_and_no_suppressed_one(client, data):
    records = rows(client, "/exports/leaderboard.csv")
    scopes = {(r["scope"], r["period"], r["channel"]) for r in records}
    assert ("company", "12m", "") in scopes and ("company", "12m", "email") in scopes
    assert {r["company"] for r in records if r["scope"] == "company"} == {"Groot"}
    company_row = next(r for r in records if r["scope"] == "company" and r["channel"] == "")
    assert (company_row["rank_low"], company_row["rank_high"]) == ("1", "1")


def test_gzip_parquet_and_plain_csv_hold_the_same_rows(client, data, tmp_path):
    plain = _bytes(client.get("/exports/journeys.csv"))
    zipped = client.get("/exports/journeys.csv.gz")
    assert zipped["Content-Type"] == "application/gzip"
    assert gzip.decompress(_bytes(zipped)) == plain
    parquet = tmp_path / "journeys.parquet"
    parquet.write_bytes(_bytes(client.get("/exports/journeys.parquet")))
    from_parquet = duckdb.execute(
        "SELECT score FROM read_parquet(?) ORDER BY score", [str(parquet)]
    ).fetchall()
    from_csv = sorted(float(r["score"]) for r in csv.DictReader(io.StringIO(plain.decode())))
    assert [score for (score,) in from_parquet] == from_csv


def test_files_are_served_with_etag_length_ranges_and_their_checksum(client, data):
    snapshot = data[2]
    response = client.get("/exports/leaderboard.csv")
    body = _bytes(response)
    facts = snapshot.files["leaderboard.csv"]
    assert int(response["Content-Length"]) == len(body) == facts["bytes"]
    assert hashlib.sha256(body).hexdigest() == facts["sha256"]
    assert response["ETag"] == f'"{facts["sha256"]}"'
    assert response["Accept-Ranges"] == "bytes"
    assert "frictionlog-" in response["Content-Disposition"]
    again = client.get("/exports/leaderboard.csv", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    part = client.get("/exports/leaderboard.csv", HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206
    assert _bytes(part) == body[10:20]
    assert part["Content-Range"] == f"bytes 10-19/{len(body)}"
    tail = client.get("/exports/leaderboard.csv", HTTP_RANGE="bytes=-5")
    assert _bytes(tail) == body[-5:]
    assert client.get("/exports/leaderboard.csv", HTTP_RANGE="bytes=999999-").status_code == 416
    # A range for an older version of the file gets the whole current file.
    stale = client.get("/exports/leaderboard.csv", HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"')
    assert stale.status_code == 200 and _bytes(stale) == body


def test_snapshot_json_describes_the_snapshot_and_checks_every_file(client, data):
    snapshot = data[2]
    manifest = json.loads(_bytes(client.get(f"/snapshots/{snapshot.pk}/files/snapshot.json")))
    assert manifest["id"] == snapshot.pk and manifest["kind"] == "scheduled"
    assert manifest["k_min"] == 5 and manifest["shrink_m"] == leaderboards.SHRINK_M
    # Eight approved journeys; Klein's one reporter stands alone, and the two journeys that are
    # not their reporter's voice are two: the three are left out of the rows.
    assert manifest["rows"] == {"journeys": 5, "cells": snapshot.stats["cells"]}
    assert manifest["release"]["left_out"] == 3
    assert manifest["release"]["levels"][0] == {"withheld": [], "rows": 5}
    assert {t["period"] for t in manifest["targets"]} >= {"12m"}
    for name, facts in manifest["files"].items():
        body = _bytes(client.get(f"/snapshots/{snapshot.pk}/files/{name}"))
        assert hashlib.sha256(body).hexdigest() == facts["sha256"], name


def test_a_snapshots_files_stay_the_same_when_a_newer_one_is_published(client, data):
    snapshot = data[2]
    before = _bytes(client.get(f"/snapshots/{snapshot.pk}/files/journeys.csv"))
    Journey.objects.update(score=77)
    newer = leaderboards.recompute_full()
    assert _bytes(client.get(f"/snapshots/{snapshot.pk}/files/journeys.csv")) == before
    assert _bytes(client.get("/exports/journeys.csv")) != before
    assert f"frictionlog-{newer.pk}-" in client.get("/exports/journeys.csv")["Content-Disposition"]


def test_unknown_file_names_are_404(client, data):
    assert client.get("/exports/passwords.txt").status_code == 404
    assert client.get(f"/snapshots/{data[2].pk}/files/..%2Fsecret").status_code == 404


def test_exports_before_any_snapshot_are_404(client, db):
    assert client.get("/exports/journeys.csv").status_code == 404
    assert client.get("/exports/leaderboard.csv").status_code == 404


def test_a_range_with_thousands_of_digits_is_answered_not_an_error(client, data):
    # Python refuses to turn a string of more than 4 300 digits into an int (ValueError).
    body = _bytes(client.get("/exports/leaderboard.csv"))
    huge = "9" * 5000
    beyond = client.get("/exports/leaderboard.csv", HTTP_RANGE=f"bytes={huge}-")
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{len(body)}"
    # An end or a suffix past the file means up to its end (RFC 9110, 14.1.1): the whole file.
    for wanted in (f"bytes=0-{huge}", f"bytes=-{huge}"):
        response = client.get("/exports/leaderboard.csv", HTTP_RANGE=wanted)
        assert response.status_code == 206, wanted
        assert response["Content-Range"] == f"bytes 0-{len(body) - 1}/{len(body)}"
        assert _bytes(response) == body
    # Leading zeros are no number past the file.
    padded = client.get("/exports/leaderboard.csv", HTTP_RANGE=f"bytes=0-{'0' * 5000}9")
    assert padded.status_code == 206 and _bytes(padded) == body[:10]


def test_behind_nginx_a_download_is_handed_over_not_sent(client, data, settings):
    settings.FRICTIONLOG_OPENDATA_ACCEL = "/_opendata/"
    snapshot = data[2]
    response = client.get("/exports/journeys.csv")
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/_opendata/snapshots/{snapshot.pk}/journeys.csv"
    assert response["ETag"] == f'"{snapshot.files["journeys.csv"]["sha256"]}"'
    assert response["Content-Disposition"].endswith(
        f'filename="frictionlog-{snapshot.pk}-journeys.csv"'
    )
    # Django still answers a copy the client already has.
    again = client.get("/exports/journeys.csv", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert client.get("/exports/nothing.csv").status_code == 404
