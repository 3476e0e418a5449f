"""Whole-page cache for anonymous visitors of the public pages.

A public page is a function of the published snapshot, a few validated parameters, the language,
the release (code, templates, translations, static files) and, on a company page, a few rows. For
a visitor who cannot be signed in it carries only two things of its own: the CSRF token (of the
language switch and htmx's header) and the visitor's URL (the language switch's `next`). So the
page is rendered once with placeholders for those two and stored in the Django cache (Redis in
production, shared by every process and machine); each visitor gets the stored HTML with their
own token and URL put in. A visitor with a session cookie (perhaps signed in) or a message waiting
gets a fresh render, never a stored page, and nothing rendered for them is stored.

Keys name every input of the render (content-addressed), so nothing needs invalidating: a new
snapshot, another release, a renamed company or a story redacted or withdrawn makes a new key, and
the old entries expire. Keys hold only validated parameters (never the raw query string), so
junk parameters cannot fill the cache. Each key's page is also kept in a small per-process memory
(the same key always means the same page), which saves a cache round trip on the busiest pages.
"""

import hashlib
import importlib.metadata
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import cache as memoize
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import figures, softcache

# Escaping turns "<" into "&lt;" in everything a user wrote, so these can only come from our
# templates; they are passed as safe strings so the templates do not escape them either.
TOKEN_SLOT = "<¤frictionlog:csrf-token¤>"  # noqa: S105 (a placeholder)
PATH_SLOT = "<¤frictionlog:page-path¤>"
CACHE_SECONDS = 3600
LOCAL_ENTRIES = 64  # pages kept in each process's memory (a leaderboard page is about 40 KB)
# A stored page differs by the session cookie (signed in or not) and the language; a view that
# answers htmx with a fragment adds HX-Request.
VARY = ("Cookie", "Accept-Language")
# A context built with this key set to True is served but not stored (e.g. a page number beyond
# the last page, which would otherwise let anyone fill the cache with numbers).
DO_NOT_STORE = "page_cache_do_not_store"
# How long a process keeps the current snapshot it read before asking the cache again. Publishing
# clears it at once in the publishing process; elsewhere a new snapshot shows within this time.
SNAPSHOT_SECONDS = 1.0

_local: OrderedDict[str, str] = OrderedDict()
_local_lock = threading.Lock()  # gunicorn's threaded workers share it


@memoize
def release() -> str:
    """A digest of everything a page is rendered from besides its data: our code, templates,
    translations and static files, and the versions of the libraries that render. Two processes
    of the same release share cached pages; a deploy starts afresh."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    patterns = ["journeys/**/*.py", "frictionlog/*.py", "journeys/templates/**/*", "templates/**/*"]
    patterns += ["locale/**/*.mo", "static/**/*"]
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            if path.is_file() and "migrations" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    for package in ("django", "django-htmx", "django-template-partials", "whitenoise"):
        digest.update(importlib.metadata.version(package).encode())
    digest.update(repr((settings.STATIC_URL, settings.STORAGES["staticfiles"])).encode())
    return digest.hexdigest()[:16]


_snapshot_lock = threading.Lock()
_snapshot: tuple[float, object] | None = None  # (monotonic deadline, Snapshot or None)


def current_snapshot():
    """`figures.current_snapshot()`, kept for SNAPSHOT_SECONDS in this process: a cache
    round trip is half the cost of serving a stored page."""
    global _snapshot
    held = _snapshot
    now = time.monotonic()
    if held is not None and held[0] > now:
        return held[1]
    snapshot = figures.current_snapshot()
    with _snapshot_lock:
        _snapshot = (now + SNAPSHOT_SECONDS, snapshot)
    return snapshot


def forget_snapshot() -> None:
    global _snapshot
    with _snapshot_lock:
        _snapshot = None


def snapshot_saved(sender, instance, **kwargs) -> None:
    """Connected to Snapshot's post_save in `JourneysConfig.ready`: publishing saves the new
    snapshot with is_current set; forget ours once that commits."""
    if instance.is_current:
        transaction.on_commit(forget_snapshot)


def cacheable(request: HttpRequest) -> bool:
    """A GET by someone who cannot be signed in and has no message waiting: without a session
    cookie the user is anonymous, and knowing that costs no query. Never with DEBUG on, so a
    template being edited under `make run` shows at once."""
    return (
        not settings.DEBUG
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def release_key(name: str, parts: Sequence) -> str:
    """The cache key of what `name` makes from `parts` (validated values) in this release: a
    deploy starts afresh, for pages and the API's JSON alike."""
    raw = repr((release(), name, tuple(parts)))
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def page_key(template: str, parts: Sequence) -> str:
    return release_key(template, (get_language(), *parts))


def _get(key: str) -> str | None:
    with _local_lock:
        html = _local.get(key)
        if html is not None:
            _local.move_to_end(key)
            return html
    _answered, html = softcache.get(key, "read a cached page")  # silent: render afresh
    if html is not None:
        _remember(key, html)
    return html


def _remember(key: str, html: str) -> None:
    with _local_lock:
        _local[key] = html
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def _store(key: str, html: str) -> None:
    _remember(key, html)
    softcache.set(key, html, CACHE_SECONDS, "store a cached page")


def clear_local() -> None:
    """Forget this process's copies (tests clear the shared cache and this with it)."""
    with _local_lock:
        _local.clear()
    forget_snapshot()


def fragment(template: str, parts: Sequence, context: Callable[[], dict]) -> tuple[str, bool]:
    """A piece of a page that carries nothing of the visitor's (rendered without the request),
    shared by everyone, signed in or not: its HTML, and whether it is (now) stored."""
    key = page_key(template, parts)
    html = None if settings.DEBUG else _get(key)
    if html is not None:
        return html, True
    values = context()
    keep = not values.pop(DO_NOT_STORE, False)
    html = render_to_string(template, values)
    if keep and not settings.DEBUG:
        _store(key, html)
    return html, keep


def _personalised(request: HttpRequest, html: str) -> str:
    # get_token also makes the CSRF middleware set the cookie, as a fresh render would.
    html = html.replace(PATH_SLOT, escape(request.get_full_path()))
    return html.replace(TOKEN_SLOT, get_token(request)) if TOKEN_SLOT in html else html


def serve(
    request: HttpRequest,
    template: str,
    context: Callable[[], dict],
    parts: Sequence | None,
    *,
    vary: Sequence[str] = (),
) -> HttpResponse:
    """The page `template` renders from `context()`: the stored copy for an anonymous GET whose
    inputs (`parts`, with the language and the release) were rendered before, else a fresh render
    (stored when the request is anonymous). `parts=None` means never cache (e.g. free-text
    searches). `context` is only called when rendering."""
    if parts is None or not cacheable(request):
        values = context()
        values.pop(DO_NOT_STORE, None)
        response = render(request, template, values)
    else:
        key = page_key(template, parts)
        html = _get(key)
        if html is None:
            values = context()
            keep = not values.pop(DO_NOT_STORE, False)
            values.update(csrf_token=mark_safe(TOKEN_SLOT), page_path=mark_safe(PATH_SLOT))  # noqa: S308
            html = render_to_string(template, values, request)
            if keep:
                _store(key, html)
        response = HttpResponse(_personalised(request, html))
    patch_vary_headers(response, (*VARY, *vary))
    return response
