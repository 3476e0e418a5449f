"""Debian's Chromium, driven by Playwright, for the browser tests (never `playwright install`)."""

import os

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


class CountingPage:
    """Playwright's page with what a user does counted per phase: a click, a filled field, a
    choice in a list, a tick, following a link from an e-mail. Waiting and reading are free."""

    def __init__(self, page):
        self.page = page
        self.phase = ""
        self.phases: dict[str, int] = {}

    def start(self, phase: str) -> None:
        self.phase = phase
        self.phases[phase] = 0

    def _count(self) -> None:
        self.phases[self.phase] += 1

    def click(self, selector: str) -> None:
        self._count()
        self.page.click(selector)

    def fill(self, selector: str, text: str) -> None:
        self._count()
        self.page.fill(selector, text)

    def select(self, selector: str, value: str) -> None:
        self._count()
        self.page.select_option(selector, value)

    def check(self, selector: str) -> None:
        self._count()
        self.page.check(selector)

    def follow_mailed_link(self, url: str) -> None:
        """The user clicks the link in an e-mail: one click, in the same browser."""
        self._count()
        self.page.goto(url)

    @property
    def total(self) -> int:
        return sum(self.phases.values())
