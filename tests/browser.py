"""Debian's Chromium, driven by Playwright, for the browser tests (never `playwright install`)."""

import os
from pathlib import Path

from django.conf import settings

# pytest-django's live_server runs the app in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling out of this closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def sign_in(context, live_server, client, user) -> None:
    """Sign `user` in through Django's test `client` and give the browser `context` that
    session, so a browser test starts signed in without filling the log-in form."""
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


# A thumb's target, WCAG 2.5.5 (AAA): 44 × 44 CSS pixels.
THUMB = 44


class CountingPage:
    """Playwright's page with what a user does counted per phase: a click, a filled field, a
    choice in a list, a tick, following a link from an e-mail. Waiting and reading are free.
    Each target touched is measured too: `small` lists those under 44 × 44 px."""

    def __init__(self, page):
        self.page = page
        self.phase = ""
        self.phases: dict[str, int] = {}
        self.small: list[tuple[str, int, int]] = []

    def start(self, phase: str) -> None:
        self.phase = phase
        self.phases[phase] = 0

    def _count(self, selector: str) -> None:
        self.phases[self.phase] += 1
        box = self.page.locator(selector).bounding_box()
        if box is not None and (box["width"] < THUMB or box["height"] < THUMB):
            self.small.append((selector, round(box["width"]), round(box["height"])))

    def click(self, selector: str) -> None:
        self._count(selector)
        self.page.click(selector)

    def fill(self, selector: str, text: str) -> None:
        self._count(selector)
        self.page.fill(selector, text)

    def select(self, selector: str, value: str) -> None:
        self._count(selector)
        self.page.select_option(selector, value)

    def check(self, selector: str) -> None:
        self._count(selector)
        self.page.check(selector)

    def follow_mailed_link(self, url: str) -> None:
        """The user clicks the link in an e-mail: one click, in the same browser."""
        self.phases[self.phase] += 1
        self.page.goto(url)

    @property
    def total(self) -> int:
        return sum(self.phases.values())


# Every consumer page at 390 px, saved by the browser tests for a person to look through; the
# folder is not committed (.gitignore). FRICTIONLOG_SCREENSHOTS moves it.
SCREENSHOTS = Path(
    os.environ.get("FRICTIONLOG_SCREENSHOTS") or Path(__file__).parent.parent / "screenshots"
)


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# What covers the step log or the proposals: at each place scrolled to, every fixed or sticky
# element whose box meets a step's or a proposal's box, and every such item whose middle is
# not the item itself (something else drawn over it).
COVERED = """selector => {
    const items = [...document.querySelectorAll(selector)];
    const floating = [...document.querySelectorAll('body *')].filter(e => {
        const position = getComputedStyle(e).position;
        return position === 'fixed' || position === 'sticky';
    });
    const found = [];
    for (const item of items) {
        const box = item.getBoundingClientRect();
        if (box.bottom <= 0 || box.top >= innerHeight) continue;
        for (const e of floating) {
            if (item.contains(e) || e.contains(item)) continue;
            const r = e.getBoundingClientRect();
            if (r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top)
                found.push(e.tagName + '.' + e.className + ' over ' + item.className);
        }
        const y = Math.min(Math.max((box.top + box.bottom) / 2, 1), innerHeight - 1);
        const hit = document.elementFromPoint((box.left + box.right) / 2, y);
        if (hit && !item.contains(hit)) found.push(hit.tagName + '.' + hit.className + ' hides ' + item.className);
    }
    return found;
}"""


def covered_while_scrolling(page, selector: str) -> list[str]:
    """Scroll through the whole page a screen at a time; what covers `selector`'s items."""
    found = []
    height = page.evaluate("document.scrollingElement.scrollHeight")
    step = page.evaluate("innerHeight") // 2
    for y in range(0, height, step):
        page.evaluate("y => window.scrollTo(0, y)", y)
        found += [f"at {y}px: {what}" for what in page.evaluate(COVERED, selector)]
    page.evaluate("window.scrollTo(0, 0)")
    return found
