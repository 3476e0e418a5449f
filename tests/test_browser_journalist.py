"""A journalist on deadline, in Dutch: from the home page to the worst company in the travel
sector, its permalink copied, its chart embedded in a blank page of another site, the movers
page read."""

import contextlib
import html
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from journeys import leaderboards
from journeys.models import Journey
from tests.browser import launch
from tests.leaderboard_data import build_companies

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser


@contextlib.contextmanager
def _another_site(snippet: str):
    """A page of another origin (127.0.0.1, the test server is "localhost") holding `snippet`."""
    body = f"<!DOCTYPE html><html lang='nl'><title>Krant</title>{snippet}</html>".encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_journalist_finds_cites_embeds_and_reads_what_changed(
    live_server, transactional_db, settings
):
    settings.FRICTIONLOG_SITE_URL = live_server.url
    companies = build_companies(18)  # two travel companies: Bulk 0003 and Bulk 0012
    worst = companies[12]
    Journey.objects.filter(company=worst).update(score=99)
    snapshot = leaderboards.recompute_full()
    with playwright.sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(
            locale="nl-NL",
            extra_http_headers={"Accept-Language": "nl"},
            permissions=["clipboard-read", "clipboard-write"],
            viewport={"width": 390, "height": 900},
        )
        page = context.new_page()
        page.goto(live_server.url + "/")
        page.get_by_role("link", name="Ranglijst").first.click()
        page.wait_for_url("**/leaderboard/")
        page.select_option("#filter-sector", "travel")
        page.wait_for_url("**sector=travel**")
        page.wait_for_function(
            "() => document.querySelectorAll('.board-table tbody tr').length === 2"
        )
        # Worst first, without asking.
        first = page.locator(".board-table tbody th a").first
        assert first.inner_text() == worst.name
        first.click()
        page.wait_for_url(f"**/companies/{worst.slug}/")

        permalink = f"{live_server.url}/snapshots/{snapshot.pk}/companies/{worst.slug}/"
        assert page.locator("[data-permalink]").inner_text() == permalink
        page.get_by_role("button", name="Kopiëren").click()
        page.get_by_role("button", name="Gekopieerd").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith(f"frictionlog, momentopname {snapshot.pk} van ")
        assert copied.endswith(permalink)

        page.locator("summary", has_text="Deze cijfers op je eigen site tonen").click()
        code = html.unescape(page.locator(".embed-code pre").first.inner_text())
        assert code.startswith("<iframe src=")
        # Another site's blank page with the pasted code, served from another origin.
        blank = context.new_page()
        with _another_site(code) as url:
            blank.goto(url)
            frame = blank.frame_locator("iframe")
            assert frame.locator("h1").inner_text() == worst.name
            assert frame.locator("[data-attribution]").get_attribute("href") == permalink
            assert frame.locator("svg.chart").count() == 1

        page.goto(live_server.url + "/leaderboard/")
        page.get_by_role("link", name="Wat veranderde").click()
        page.wait_for_url(f"**/snapshots/{snapshot.pk}/changes/")
        more = page.locator("#changes-previous").locator("xpath=..")
        assert worst.name in more.inner_text()
        assert f"Bij {worst.name} steeg de frictiescore van" in more.inner_text()
        browser.close()
