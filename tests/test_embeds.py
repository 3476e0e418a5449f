"""Embeds: frame-able only under /embed/, with attribution and permalink, frozen to a snapshot
unless "latest"; the SVG badge; oEmbed."""

import xml.etree.ElementTree as ET

import pytest

from journeys import leaderboards
from journeys.models import Journey, Snapshot
from tests.leaderboard_data import build_companies

SITE = "https://frictionlog.example"


@pytest.fixture
def two(db, settings):
    settings.FRICTIONLOG_SITE_URL = SITE
    companies = build_companies(4)
    first = Snapshot.objects.get(is_current=True)
    Journey.objects.filter(company=companies[0]).update(score=99)
    second = leaderboards.recompute_full()
    return companies, first, second


def _score(body: str) -> str:
    return body.split("data-embed-score>")[1].split("<")[0]


def test_only_embeds_may_be_framed_and_they_carry_attribution_and_permalink(
    client, two, django_assert_max_num_queries
):
    companies, first, _second = two
    slug = companies[0].slug
    with django_assert_max_num_queries(6):
        embed = client.get(f"/embed/snapshots/{first.pk}/companies/{slug}/")
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed
    body = embed.content.decode()
    permalink = f"{SITE}/snapshots/{first.pk}/companies/{slug}/"
    assert f'<a href="{permalink}" target="_blank" rel="noopener" data-attribution>' in body
    assert f"frictionlog, snapshot {first.pk} of" in body and '<svg class="chart' in body
    for page in (f"/companies/{slug}/", f"/snapshots/{first.pk}/", "/leaderboard/", "/"):
        response = client.get(page)
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], page
        assert response["X-Frame-Options"] == "DENY", page


def test_an_embed_is_frozen_to_its_snapshot_unless_it_asks_for_latest(client, two):
    companies, first, second = two
    slug = companies[0].slug
    frozen = _score(client.get(f"/embed/snapshots/{first.pk}/companies/{slug}/").content.decode())
    latest = client.get(f"/embed/companies/{slug}/latest/").content.decode()
    assert frozen != _score(latest)
    assert f"{SITE}/snapshots/{second.pk}/companies/{slug}/" in latest
    assert client.get("/embed/companies/nobody/latest/").status_code == 404


def test_the_badge_is_an_svg_with_the_score(client, two):
    companies, first, _second = two
    response = client.get(f"/embed/snapshots/{first.pk}/companies/{companies[1].slug}/badge.svg")
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = ET.fromstring(response.content)  # noqa: S314 (our own response)
    label = svg.get("aria-label")
    assert label.startswith(f"frictionlog {companies[1].name}: ") and "/100" in label
    assert f"snapshot {first.pk}" in label


def test_oembed_answers_for_a_permalink_and_a_company_page(client, two):
    companies, first, second = two
    slug = companies[0].slug
    answer = client.get("/oembed", {"url": f"{SITE}/snapshots/{first.pk}/companies/{slug}/"})
    data = answer.json()
    assert data["version"] == "1.0" and data["type"] == "rich"
    assert data["width"] and data["height"] and data["provider_name"] == "frictionlog"
    assert f'src="{SITE}/embed/snapshots/{first.pk}/companies/{slug}/"' in data["html"]
    latest = client.get("/oembed", {"url": f"{SITE}/companies/{slug}/"}).json()
    assert f'src="{SITE}/embed/companies/{slug}/latest/"' in latest["html"]
    assert client.get("/oembed", {"url": "https://elders.example/companies/x/"}).status_code == 404
    assert client.get("/oembed", {"url": f"{SITE}/methodology/"}).status_code == 404
    page = client.get(f"/companies/{slug}/").content.decode()
    assert 'type="application/json+oembed"' in page
    assert f"{SITE}/embed/snapshots/{second.pk}/companies/{slug}/" in page
