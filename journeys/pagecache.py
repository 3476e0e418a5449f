"""Whole-page cache for anonymous visitors of the public pages.

A public page is a function of the published snapshot, the URL, the language and a few rows; for
a visitor without a session it carries nothing personal except the CSRF token of the language
switch. So the rendered HTML is cached under a key naming every input of the render (the caller
passes the inputs that are not in the request), with the token replaced by a placeholder, and each
hit gets the visitor's own token back. Signed-in users, and visitors with a message waiting, get a
fresh render.

Because the key names the inputs (content-addressed), nothing needs invalidating: a new snapshot,
a redacted story or a withdrawn consent makes a new key.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import get_language

PLACEHOLDER = "__frictionlog_csrf_token__"
CACHE_SECONDS = 3600
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def cacheable(request: HttpRequest) -> bool:
    """A GET by someone who cannot be signed in and has no message waiting: without a session
    cookie the user is anonymous, and knowing that costs no query."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def page_key(request: HttpRequest, template: str, parts) -> str:
    htmx = bool(getattr(request, "htmx", False))
    raw = repr((template, get_language(), request.get_full_path(), htmx, *parts))
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _with_token(request: HttpRequest, html: str) -> HttpResponse:
    # get_token also makes the CSRF middleware set the cookie, as a fresh render would.
    return HttpResponse(html.replace(PLACEHOLDER, get_token(request)) if PLACEHOLDER in html else html)


def cached_page(request: HttpRequest, template: str, parts) -> HttpResponse | None:
    """The cached page for these inputs, or None (also for requests that must not use it)."""
    if not cacheable(request):
        return None
    try:
        html = cache.get(page_key(request, template, parts))
    except Exception:  # the cache is an optimisation: Redis down means rendering afresh
        return None
    return None if html is None else _with_token(request, html)


def render_page(request: HttpRequest, template: str, context: dict, parts) -> HttpResponse:
    """Render, and store the result for the next anonymous visitor with the same inputs."""
    html = render_to_string(template, context, request)
    if cacheable(request):
        match = _TOKEN.search(html)
        stored = html.replace(match.group(1), PLACEHOLDER) if match else html
        try:
            cache.set(page_key(request, template, parts), stored, CACHE_SECONDS)
        except Exception:
            pass
    return HttpResponse(html)
