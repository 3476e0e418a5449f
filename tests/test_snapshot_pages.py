"""The citable pages: the list of snapshots, a snapshot's leaderboard and company page."""

import pytest

from journeys import leaderboards
from journeys.models import Journey
from tests.leaderboard_data import build_companies


@pytest.fixture
def two_snapshots(db):
    companies = build_companies(6)
    Journey.objects.filter(company=companies[0]).update(score=99)
    newer = leaderboards.recompute_full()
    return companies, newer


def test_the_list_shows_every_kept_snapshot_with_its_counts_in_constant_queries(
    client, two_snapshots, django_assert_max_num_queries
):
    _companies, newer = two_snapshots
    with django_assert_max_num_queries(3):
        body = client.get("/snapshots/").content.decode()
    assert f'href="/snapshots/{newer.pk}/"' in body and f'href="/snapshots/{newer.pk - 1}/"' in body
    assert "(current)" in body and "scheduled" in body
    assert f"/snapshots/{newer.pk}/files/journeys.csv.gz" in body


def test_a_snapshot_page_says_which_snapshot_and_links_back_to_the_current_figures(
    client, two_snapshots, django_assert_max_num_queries
):
    companies, newer = two_snapshots
    old = newer.pk - 1
    with django_assert_max_num_queries(6):
        body = client.get(f"/snapshots/{old}/").content.decode()
    assert f"The figures of snapshot {old}" in body
    assert 'href="/leaderboard/">Current figures' in body
    assert f'href="/snapshots/{old}/companies/{companies[1].slug}/"' in body
    assert "Cite these figures" in body and f"/snapshots/{old}/files/leaderboard.csv" in body
    with django_assert_max_num_queries(6):
        page = client.get(f"/snapshots/{old}/companies/{companies[0].slug}/")
    assert page.status_code == 200
    assert "99" not in page.content.decode().split('id="company-score">')[1][:10]


def test_the_current_pages_offer_a_permalink_with_their_filters(client, two_snapshots, settings):
    settings.FRICTIONLOG_SITE_URL = "https://frictionlog.example"
    _companies, newer = two_snapshots
    body = client.get("/leaderboard/?sector=bank").content.decode()
    assert f'href="https://frictionlog.example/snapshots/{newer.pk}/?sector=bank"' in body
    assert f"Snapshot {newer.pk} of" in body


def test_a_snapshot_that_never_published_is_404(client, db):
    assert client.get("/snapshots/12345/").status_code == 404
    assert client.get("/snapshots/12345/files/journeys.csv").status_code == 404


def test_the_snapshot_pages_speak_dutch(client, two_snapshots, settings):
    settings.LANGUAGE_CODE = "nl"
    body = client.get("/snapshots/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Momentopnamen" in body and "volgens schema" in body
