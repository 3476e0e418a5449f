import pytest

from tests.leaderboard_data import build_companies

pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser


def test_filter_by_sector_without_reload_then_open_a_company(live_server, transactional_db, page):
    build_companies(20)
    page.goto(live_server.url + "/leaderboard/")
    page.evaluate("window.notReloaded = true")
    assert page.locator(".board-table tbody tr").count() == 20
    page.select_option("#filter-sector", "bank")
    page.wait_for_url("**/leaderboard/?*sector=bank*")
    page.wait_for_function("() => document.querySelectorAll('.board-table tbody tr').length < 20")
    assert page.evaluate("window.notReloaded") is True
    sectors = page.locator(".board-table tbody td:nth-child(3)").all_inner_texts()
    assert sectors and set(sectors) == {"Bank"}
    page.locator(".board-table tbody th a").first.click()
    page.wait_for_url("**/companies/bulk-*/")
    charts = page.locator("svg[role=img]")
    assert charts.count() == 2
    assert page.locator("#drivers-title").text_content().startswith("What drives friction")
