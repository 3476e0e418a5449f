"""Cite in one paste: the cite box (absolute permalink, source line, BibTeX, CSL-JSON), the
snapshot pages' schema.org Dataset JSON-LD and each snapshot's Frictionless datapackage.json."""

import csv
import hashlib
import html
import io
import json
import re

import pytest
from django.utils import timezone

from journeys import opendata
from journeys.models import Snapshot
from tests.leaderboard_data import build_companies

SITE = "https://frictionlog.example"
# https://specs.frictionlessdata.io/table-schema/#types-and-formats
TABLE_SCHEMA_TYPES = {
    "string", "number", "integer", "boolean", "object", "array", "date", "time", "datetime",
    "year", "yearmonth", "duration", "geopoint", "geojson", "any",
}  # fmt: skip


@pytest.fixture
def snapshot(db, settings):
    settings.FRICTIONLOG_SITE_URL = SITE
    companies = build_companies(3)
    return Snapshot.objects.get(is_current=True), companies


def _cite_box(body: str) -> str:
    return body[
        body.index('<aside class="card cite"') : body.index("</aside>", body.index("cite-heading"))
    ]


def test_the_cite_box_gives_an_absolute_permalink_and_a_source_line_to_paste(
    client, snapshot, settings
):
    snap, companies = snapshot
    path = f"/snapshots/{snap.pk}/companies/{companies[0].slug}/"
    day = timezone.localtime(snap.computed_at)
    box = _cite_box(client.get(path, HTTP_ACCEPT_LANGUAGE="nl").content.decode())
    assert f'<a href="{SITE}{path}" data-permalink>{SITE}{path}</a>' in box
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
              "september", "oktober", "november", "december"]  # fmt: skip
    line = f"frictionlog, momentopname {snap.pk} van {day.day} {months[day.month - 1]} {day.year}, {SITE}{path}"
    assert f'<p id="cite-source" class="cite-text">{line}</p>' in box
    # The copy button needs a script; without one the line is selectable text and the button
    # stays hidden.
    assert 'data-copy="cite-source"' in box and " hidden>" in box
    # The current company page cites its snapshot's permalink, absolute too.
    current = _cite_box(client.get(f"/companies/{companies[0].slug}/").content.decode())
    assert f"{SITE}{path}" in current


def test_bibtex_and_csl_json_name_the_snapshot_and_its_permalink(client, snapshot):
    snap, companies = snapshot
    path = f"/snapshots/{snap.pk}/companies/{companies[1].slug}/"
    box = _cite_box(client.get(path).content.decode())
    bibtex, csl = (html.unescape(t) for t in re.findall(r"<pre[^>]*>(.*?)</pre>", box, re.S))
    assert bibtex.startswith(f"@misc{{frictionlog_snapshot_{snap.pk},")
    assert f"url = {{{SITE}{path}}}" in bibtex and companies[1].name in bibtex
    assert bibtex.count("{") == bibtex.count("}")
    (item,) = json.loads(csl)
    assert item["type"] == "dataset" and item["URL"] == f"{SITE}{path}"
    assert item["issued"]["date-parts"][0][0] == timezone.localtime(snap.computed_at).year
    assert item["title"] == f"Friction figures for {companies[1].name}, snapshot {snap.pk}"


def _json_ld(body: str) -> dict:
    (found,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    return json.loads(found)


def test_each_snapshot_page_carries_schema_org_dataset_json_ld(
    client, snapshot, django_assert_max_num_queries
):
    snap, companies = snapshot
    for path in (f"/snapshots/{snap.pk}/", f"/snapshots/{snap.pk}/companies/{companies[2].slug}/"):
        with django_assert_max_num_queries(6):
            body = client.get(path).content.decode()
        data = _json_ld(body)
        # Google's required fields for a Dataset, and the ones citation tools read.
        assert data["@context"] == "https://schema.org" and data["@type"] == "Dataset"
        assert data["name"] and 50 <= len(data["description"]) <= 5000
        assert data["url"] == SITE + path and data["version"] == str(snap.pk)
        assert data["creator"]["name"] == "frictionlog"
        names = {d["name"] for d in data["distribution"]}
        assert set(opendata.FILE_NAMES) | {"datapackage.json"} == names
        for download in data["distribution"]:
            assert download["@type"] == "DataDownload" and download["encodingFormat"]
            assert download["contentUrl"].startswith(f"{SITE}/snapshots/{snap.pk}/")
    # The current figures are not a snapshot page: the permalink carries the dataset.
    assert "application/ld+json" not in client.get("/leaderboard/").content.decode()


def test_json_ld_cannot_be_closed_by_a_company_name(client, snapshot):
    snap, companies = snapshot
    companies[0].name = "Evil</script><script>alert(1)</script>"
    companies[0].save()
    body = client.get(f"/snapshots/{snap.pk}/companies/{companies[0].slug}/").content.decode()
    assert "<script>alert(1)" not in body
    assert _json_ld(body)["name"].startswith("Friction figures for Evil</script>")


def test_the_datapackage_describes_every_file_and_column_by_the_spec(
    client, snapshot, django_assert_max_num_queries
):
    snap, _companies = snapshot
    with django_assert_max_num_queries(2):
        response = client.get(f"/snapshots/{snap.pk}/datapackage.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    package = response.json()
    # Data Package: `resources`, a non-empty array; a Data Resource: `name` (lower case, digits,
    # "-", "_", ".", "/") and `path`; a Tabular Data Resource also `schema` and `profile`; a
    # Table Schema: `fields`, each with a `name`.
    assert package["resources"] and re.fullmatch(r"[-a-z0-9._/]+", package["name"])
    described = {r["path"].rsplit("/", 1)[1]: r for r in package["resources"]}
    assert set(described) == set(opendata.FILE_NAMES)
    for name, resource in described.items():
        assert re.fullmatch(r"[-a-z0-9._/]+", resource["name"])
        assert resource["path"] == f"{SITE}/snapshots/{snap.pk}/files/{name}"
        file = client.get(f"/snapshots/{snap.pk}/files/{name}")
        raw = b"".join(file.streaming_content) if file.streaming else file.content
        if name != "snapshot.json":
            assert resource["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()
            assert resource["bytes"] == len(raw)
        if not name.endswith(".csv"):
            continue
        assert resource["profile"] == "tabular-data-resource" and resource["format"] == "csv"
        header = next(csv.reader(io.StringIO(raw.decode())))
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == header
        for field in fields:
            assert field["type"] in TABLE_SCHEMA_TYPES and field["type"] != "any", field
            assert field["description"], field
    assert described["leaderboard.csv"]["schema"]["fields"][0]["name"] == "snapshot_id"
    shrunk = next(
        f for f in described["leaderboard.csv"]["schema"]["fields"] if f["name"] == "shrunk"
    )
    assert shrunk["type"] == "number" and shrunk["unit"] == "0–100"


def test_a_datapackage_of_no_snapshot_is_404(client, db):
    assert client.get("/snapshots/999/datapackage.json").status_code == 404
