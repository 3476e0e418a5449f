import re

import pytest
from django.urls import URLResolver, get_resolver

from journeys import leaderboards, pagecache
from journeys.models import Journey
from journeys.views import api
from tests.factories import CompanyFactory, JourneyFactory
from tests.leaderboard_data import build_companies


@pytest.fixture
def companies(db):
    return build_companies(6)


def test_leaderboard_json_lists_ranked_companies_with_their_figures(client, companies):
    data = client.get("/api/v1/leaderboard").json()
    assert data["snapshot"]["k_min"] == 5
    assert data["filters"] == {"period": "12m", "sector": "", "channel": ""}
    rows = data["companies"]
    assert len(rows) == 6
    shrunk = [row["shrunk"] for row in rows]
    assert shrunk == sorted(shrunk)
    assert {"rank_low", "rank_high", "median", "ci_low", "ci_high", "reporters"} <= set(rows[0])
    assert rows[0]["reporters"] == 5


def test_leaderboard_json_filters_by_sector(client, companies):
    data = client.get("/api/v1/leaderboard?sector=telecom").json()
    assert {row["company"]["sector"] for row in data["companies"]} == {"telecom"}


def test_company_json_has_every_period_and_channel(client, companies):
    response = client.get(f"/api/v1/companies/{companies[0].slug}")
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["published"] is True
    assert {(f["period"], f["channel"]) for f in data["figures"]} >= {
        ("12m", None),
        ("12m", "phone"),
    }


def test_company_below_k_is_not_published_in_the_api(client, companies):
    small = CompanyFactory()
    JourneyFactory(company=small, approved=True, score=80)
    leaderboards.recompute_full()
    data = client.get(f"/api/v1/companies/{small.slug}").json()
    assert data == {**data, "published": False, "figures": []}
    slugs = {r["company"]["slug"] for r in client.get("/api/v1/leaderboard").json()["companies"]}
    assert small.slug not in slugs


def test_a_deploy_answers_with_its_own_json_not_the_one_the_last_release_cached(
    client, companies, monkeypatch
):
    urls = ["/api/v1/leaderboard", f"/api/v1/companies/{companies[0].slug}"]
    old_json = {"written_by": "the old release"}
    current = api.snapshot_meta
    monkeypatch.setattr(pagecache, "release", lambda: "old-release")
    monkeypatch.setattr(api, "snapshot_meta", lambda request, snapshot: old_json)
    assert [client.get(url).json()["snapshot"] for url in urls] == [old_json, old_json]

    monkeypatch.setattr(api, "snapshot_meta", current)
    # Same release, same snapshot: the cached payload.
    assert [client.get(url).json()["snapshot"] for url in urls] == [old_json, old_json]
    monkeypatch.setattr(pagecache, "release", lambda: "new-release")
    for url in urls:
        snapshot = client.get(url).json()["snapshot"]
        assert snapshot.get("k_min") == 5, (url, snapshot)


def test_unknown_company_is_404(client, db):
    assert client.get("/api/v1/companies/nobody").status_code == 404


def test_api_without_snapshot_answers_empty(client, db):
    assert client.get("/api/v1/leaderboard").json()["companies"] == []


def test_openapi_document_describes_every_public_endpoint(client, db):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    routes = {
        "/" + re.sub(r"<\w+:(\w+)>", lambda m: "{" + ("id" if m[1] == "pk" else m[1]) + "}", route)
        for route in _routes(get_resolver())
        if route.startswith(("api/", "exports/")) and not route.endswith("openapi.json")
    }
    assert set(document["paths"]) == routes
    assert "/api/v1/snapshots/{id}/companies/{slug}" in routes
    figures = document["components"]["schemas"]["Figures"]["properties"]
    assert list(figures) == list(leaderboards.FIGURE_FIELDS)


def _routes(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        else:
            yield route


def test_api_queries_stay_constant_with_2000_companies(client, db, django_assert_max_num_queries):
    companies = build_companies(2000)
    # A company's answer: the company, its replies, its flags and its live reply clock.
    for url in ["/api/v1/leaderboard", f"/api/v1/companies/{companies[7].slug}"]:
        with django_assert_max_num_queries(5):
            assert client.get(url).status_code == 200


def test_every_answer_names_its_snapshot_and_how_to_cite_it(client, companies):
    data = client.get("/api/v1/leaderboard").json()["snapshot"]
    assert data["permalink"].endswith(f"/snapshots/{data['id']}/")
    assert f"snapshot {data['id']}" in data["cite"] and "version 1" in data["cite"]
    assert data["kind"] == "scheduled"
    assert set(data["files"]) >= {"journeys.parquet", "leaderboard.csv.gz", "snapshot.json"}
    assert data["files"]["snapshot.json"]["url"].endswith(
        f"/snapshots/{data['id']}/files/snapshot.json"
    )


def test_a_snapshot_answers_as_it_was_after_a_newer_one(client, companies):
    first = client.get("/api/v1/leaderboard").json()
    old_id = first["snapshot"]["id"]
    Journey.objects.filter(company=companies[0]).update(score=99)
    leaderboards.recompute_full()
    assert client.get("/api/v1/leaderboard").json()["snapshot"]["id"] != old_id
    again = client.get(f"/api/v1/snapshots/{old_id}/leaderboard").json()
    assert again["companies"] == first["companies"]
    company = client.get(f"/api/v1/snapshots/{old_id}/companies/{companies[0].slug}").json()
    assert company["snapshot"]["id"] == old_id
    listed = client.get("/api/v1/snapshots").json()["snapshots"]
    assert [s["id"] for s in listed][-1] == old_id and listed[0]["journeys"] == 30


def test_a_pruned_snapshot_answers_410_with_the_nearest_kept_one(client, companies, monkeypatch):
    old_id = client.get("/api/v1/leaderboard").json()["snapshot"]["id"]
    monkeypatch.setattr(leaderboards, "KEEP_RECENT_SNAPSHOTS", 1)
    newer = leaderboards.recompute_full()
    # The week rule keeps the last snapshot of each week: both fall in this week.
    response = client.get(f"/api/v1/snapshots/{old_id}/leaderboard")
    assert response.status_code == 410
    assert response.json()["nearest_snapshot"] == newer.pk
    assert client.get(f"/snapshots/{old_id}/").status_code == 410
    assert client.get(f"/snapshots/{old_id}/files/journeys.csv").status_code == 410
    assert client.get("/api/v1/snapshots/999999").status_code == 404
