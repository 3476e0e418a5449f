"""Atom feeds: all companies, a sector, a company; one entry per snapshot that changed them."""

import xml.etree.ElementTree as ET

import pytest

from journeys import leaderboards
from journeys.models import Journey
from tests.leaderboard_data import build_companies

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://frictionlog.example"


@pytest.fixture
def three_snapshots(db, settings):
    """Snapshot 1; snapshot 2 changes Bulk 0000 (energy); snapshot 3 changes nothing."""
    settings.FRICTIONLOG_SITE_URL = SITE
    companies = build_companies(6)
    Journey.objects.filter(company=companies[0]).update(score=99)
    second = leaderboards.recompute_full()
    third = leaderboards.recompute_full()
    return companies, second, third


def _atom(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own response)
    # RFC 4287: a feed has an id, a title, an updated date and an author (or every entry has
    # one); every entry an id, a title, an updated date and a link.
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}").text, name
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "frictionlog"
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}").text, name
        assert entry.find(f"{ATOM}link").get("href").startswith(SITE)
    return feed


def _entries(feed: ET.Element) -> list[tuple[str, str]]:
    return [
        (e.find(f"{ATOM}title").text, e.find(f"{ATOM}link").get("href"))
        for e in feed.findall(f"{ATOM}entry")
    ]


def test_a_company_feed_has_one_entry_per_snapshot_that_changed_it(
    client, three_snapshots, django_assert_max_num_queries
):
    companies, second, _third = three_snapshots
    with django_assert_max_num_queries(4):
        feed = _atom(client.get(f"/feeds/companies/{companies[0].slug}/"))
    entries = _entries(feed)
    # Snapshot 3 changed nothing; snapshot 1 was the first figure.
    assert [link for _title, link in entries] == [
        f"{SITE}/snapshots/{second.pk}/companies/{companies[0].slug}/",
        f"{SITE}/snapshots/{second.pk - 1}/companies/{companies[0].slug}/",
    ]
    assert entries[0][0].startswith(f"Snapshot {second.pk}: {companies[0].name}, friction score")
    # An unchanged company: only its first figure.
    assert len(_entries(_atom(client.get(f"/feeds/companies/{companies[2].slug}/")))) == 1


def test_the_sector_and_all_feeds_link_their_permalinks(client, three_snapshots):
    companies, second, _third = three_snapshots
    sector = companies[0].sector
    entries = _entries(_atom(client.get(f"/feeds/sectors/{sector}/")))
    assert entries[0][1] == f"{SITE}/snapshots/{second.pk}/?sector={sector}"
    assert len(entries) == 2
    everything = _entries(_atom(client.get("/feeds/")))
    assert [link for _t, link in everything] == [
        f"{SITE}/snapshots/{second.pk}/changes/",
        f"{SITE}/snapshots/{second.pk - 1}/changes/",
    ]
    assert client.get("/feeds/sectors/fax/").status_code == 404
    assert client.get("/feeds/companies/nobody/").status_code == 404


def test_the_feeds_speak_dutch(client, three_snapshots):
    companies, second, _third = three_snapshots
    feed = _atom(client.get(f"/feeds/companies/{companies[0].slug}/", HTTP_ACCEPT_LANGUAGE="nl"))
    assert _entries(feed)[0][0].startswith(
        f"Momentopname {second.pk}: {companies[0].name}, frictiescore"
    )
