"""What every consumer page weighs on a phone, and whether it moves after it has loaded: each page
of tests/consumer_pages.py in Debian's Chromium at 390 × 844, signed in, in Dutch.

    .venv/bin/python bench/page_weight.py

Per page, on a first visit (nothing cached), it prints the bytes of HTML, CSS and JavaScript the
browser received from the development server, which sends them uncompressed; "served" is what
production transfers: the HTML as it is, the CSS and JavaScript gzipped (WhiteNoise serves them
compressed). Then the layout shift Chromium reported (PerformanceObserver 'layout-shift', without
shifts caused by input) before and after the load event. The budget: 100 KB of HTML + CSS + JS,
and no shift after load.
It runs on a SQLite file in the temporary folder, made afresh each run.
"""

import gzip
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 100 * 1024
PHONE = {"width": 390, "height": 844}
KINDS = ("document", "stylesheet", "script")

# Every layout shift not caused by input, with whether it came after the load event.
OBSERVE_SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
        if (entry.hadRecentInput) continue;
        const loaded = performance.getEntriesByType('navigation')[0]?.loadEventEnd || 0;
        window.__shifts.push([entry.value, loaded > 0 && entry.startTime > loaded]);
    }
}).observe({type: 'layout-shift', buffered: true});
"""


def setup_django() -> None:
    database = Path(tempfile.gettempdir()) / "frictionlog_page_weight.sqlite3"
    database.unlink(missing_ok=True)
    os.environ.update(
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SETTINGS_MODULE="frictionlog.settings",
        DJANGO_ALLOW_ASYNC_UNSAFE="true",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)


def serve():
    """The app in a thread, as pytest-django's live_server runs it, static files included."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread

    thread = LiveServerThread("127.0.0.1", StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    return thread, f"http://127.0.0.1:{thread.port}"


def measure(context, url: str) -> dict:
    """One first visit (a fresh context, so nothing comes from the cache)."""
    page = context.new_page()
    received = {kind: [0, 0] for kind in KINDS}

    def on_response(response) -> None:
        kind = response.request.resource_type
        if kind in received and response.status == 200:
            body = response.body()
            received[kind][0] += len(body)
            received[kind][1] += len(gzip.compress(body))

    page.on("response", on_response)
    response = page.goto(url, wait_until="load")
    page.wait_for_timeout(1000)  # time for anything that would still move
    shifts = page.evaluate("window.__shifts")
    page.close()
    return {
        "status": response.status,
        "bytes": {kind: received[kind][0] for kind in KINDS},
        # As production serves them: the HTML as it is (no compression in front of Django),
        # the static files gzipped by WhiteNoise.
        "served": received["document"][0] + received["stylesheet"][1] + received["script"][1],
        "shift": sum(value for value, after in shifts if not after),
        "shift_after_load": sum(value for value, after in shifts if after),
    }


def main() -> None:
    setup_django()
    from django.conf import settings
    from django.test import Client
    from playwright.sync_api import sync_playwright

    from tests.browser import launch
    from tests.consumer_pages import consumer_pages

    consumer, urls = consumer_pages("gewicht@example.nl")
    client = Client()
    client.force_login(consumer)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    thread, base = serve()
    rows = []
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}
    with sync_playwright() as p:
        browser = launch(p)
        for name, path in urls.items():
            context = browser.new_context(viewport=PHONE, locale="nl-NL")
            context.add_cookies([cookie])
            context.add_init_script(OBSERVE_SHIFTS)
            rows.append((name, measure(context, base + path)))
            context.close()
        browser.close()
    thread.terminate()

    print(
        f"{'page':16} {'HTML':>8} {'CSS':>8} {'JS':>8} {'total':>8} {'served':>7}"
        "  shift  after load"
    )
    over = {"uncompressed": 0, "served": 0}
    for name, row in rows:
        sizes = row["bytes"]
        total = sum(sizes.values())
        moved = row["shift_after_load"] > 0 or row["status"] != 200
        over["uncompressed"] += total > BUDGET or moved
        over["served"] += row["served"] > BUDGET or moved
        print(
            f"{name:16} {sizes['document']:8,} {sizes['stylesheet']:8,} {sizes['script']:8,} "
            f"{total:8,} {row['served']:7,}  {row['shift']:.3f}  {row['shift_after_load']:.3f}"
        )
    print(
        f"budget {BUDGET:,} bytes of HTML + CSS + JS and no shift after load; pages over it: "
        f"{over['uncompressed']} uncompressed, {over['served']} as served in production"
    )


if __name__ == "__main__":
    main()
