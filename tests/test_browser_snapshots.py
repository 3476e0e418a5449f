"""A journalist cites a snapshot: its permalink keeps showing the same figures after newer ones
are published, while the plain URL moves on."""

import pytest

from journeys import leaderboards
from journeys.models import Journey
from tests.leaderboard_data import build_companies

pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser


def _scores(page) -> list[str]:
    return page.locator(".board-table tbody td:nth-child(4)").all_inner_texts()


def test_a_permalink_keeps_its_figures_when_a_newer_snapshot_is_published(
    live_server, transactional_db, page, settings
):
    settings.FRICTIONLOG_SITE_URL = live_server.url  # permalinks are absolute
    companies = build_companies(8)
    page.goto(live_server.url + "/leaderboard/")
    before = _scores(page)
    # "Cite these figures" leads to the snapshot's own page.
    page.locator(".cite [data-permalink]").click()
    page.wait_for_url("**/snapshots/*/")
    permalink = page.url
    assert _scores(page) == before
    assert "snapshot" in page.locator(".notice").first.inner_text().lower()

    # New figures: one company's journeys all change, and a new snapshot is published.
    Journey.objects.filter(company=companies[0]).update(score=99)
    newer = leaderboards.recompute_full()

    page.goto(permalink)
    assert _scores(page) == before
    page.goto(live_server.url + "/leaderboard/")
    assert _scores(page) != before
    assert f"snapshot {newer.pk} " in page.locator(".board-summary").inner_text()

    # The permalink's company page is frozen too, and its sector filter works without reload.
    page.goto(permalink)
    page.evaluate("window.notReloaded = true")
    page.select_option("#filter-sector", companies[0].sector)
    page.wait_for_url("**/snapshots/*/?*sector=*")
    page.wait_for_function("() => document.querySelectorAll('.board-table tbody tr').length < 8")
    assert page.evaluate("window.notReloaded") is True
    page.locator(".board-table tbody th a").first.click()
    page.wait_for_url("**/snapshots/*/companies/bulk-*/")
    assert "99" not in page.locator("#company-score").inner_text()
