"""Rate limits on sign-up, log-in attempts, journey submissions, story reports and company claims.

Fixed-window counters in Django's cache (local memory in development, Redis in production), keyed
by a hash of the client address and, where there is one, the account. Limits are settings
(`FRICTIONLOG_RATE_SIGNUP` and friends) written as "count/period": "5/h", "10/15m", "20/d".
"""

import hashlib
import math
import re
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.translation import gettext as _

from . import softcache

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


def parse_rate(value: str) -> tuple[int, int]:
    """ "10/15m" -> (10, 900)."""
    match = _RATE.match(value or "")
    if not match:
        raise ImproperlyConfigured(f"a rate limit must look like '5/h' or '10/15m', not {value!r}")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * _UNITS[unit]


def rate(scope: str) -> tuple[int, int]:
    """The limit of a scope, from its setting (defaults and meanings in settings.py)."""
    return parse_rate(getattr(settings, f"FRICTIONLOG_RATE_{scope.upper()}"))


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:24]


def _key(scope: str, ident: str, window: int, now: float) -> str:
    return f"rl:{scope}:{_digest(ident)}:{int(now // window)}"


def client_ip(request) -> str:
    # Behind the reverse proxy REMOTE_ADDR is the proxy; it must pass the client address on
    # (gunicorn's forwarded_allow_ips, or the proxy setting REMOTE_ADDR).
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def retry_after(scope: str, idents: list[str]) -> int | None:
    """Seconds until the limit lifts if any of these identities is over it, else None."""
    limit, window = rate(scope)
    now = time.time()
    keys = [_key(scope, ident, window, now) for ident in idents]
    counts = cache.get_many(keys)
    if any(count >= limit for count in counts.values()):
        return max(1, math.ceil(window - now % window))
    return None


def _checked(scope: str, idents: list[str]) -> tuple[bool, int | None]:
    """(whether the cache answered, `retry_after`). With Redis down the limit lapses for a while
    rather than sign-up, log-in or submission failing: the counters are a brake on abuse, not a
    record. The attempt is then not counted either, so a hung cache is waited on once."""
    return softcache.attempt(f"apply rate limit {scope}", retry_after, scope, idents)


def hit(scope: str, idents: list[str]) -> None:
    _, window = rate(scope)
    now = time.time()
    for ident in idents:
        key = _key(scope, ident, window, now)
        cache.add(key, 0, timeout=window + 1)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 1)


def message(scope: str, seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    messages = {
        "signup": _(
            "Too many accounts were created from your network. Try again in %(minutes)s minutes."
        ),
        "login": _(
            "Too many failed log-in attempts. Wait %(minutes)s minutes and try again, or reset "
            "your password."
        ),
        "submit": _(
            "You submitted many journeys in a short time. Try again in %(minutes)s minutes."
        ),
        "flag": _("You reported many stories in a short time. Try again in %(minutes)s minutes."),
        "claim": _("You claimed companies many times today. Try again in %(minutes)s minutes."),
        "alert": _("You asked for many alerts in a short time. Try again in %(minutes)s minutes."),
    }
    return messages[scope] % {"minutes": minutes}


def refusal(request, scope: str, seconds: int) -> HttpResponse:
    """429 with a clear message; for htmx a 200 that puts the message in the page's message area
    (htmx does not swap error responses)."""
    message_text = message(scope, seconds)
    if getattr(request, "htmx", False):
        response = HttpResponse(
            format_html('<p class="message message-error" role="alert">{}</p>', message_text)
        )
        response["HX-Retarget"] = "#messages"
        response["HX-Reswap"] = "innerHTML"
        return response
    context = {"message": message_text, "scope": scope}
    response = render(request, "journeys/rate_limited.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def _idents(request, scope: str) -> list[str]:
    idents = [f"ip:{client_ip(request)}"]
    user = getattr(request, "user", None)
    if scope in ("submit", "flag", "claim") and user is not None and user.is_authenticated:
        idents = [f"user:{user.pk}"] if scope == "submit" else [*idents, f"user:{user.pk}"]
    if scope == "login":
        email = request.POST.get("username", "").strip().lower()
        if email:
            idents.append(f"email:{email}")
    return idents


def check_and_count(request, scope: str) -> int | None:
    """Count one attempt, or if the limit was already reached, the seconds until it lifts."""
    idents = _idents(request, scope)
    answered, seconds = _checked(scope, idents)
    if seconds is None and answered:
        softcache.attempt(f"count rate limit {scope}", hit, scope, idents)
    return seconds


def check_and_hit(request, scope: str) -> HttpResponse | None:
    """Count one attempt; the refusal response if the limit was already reached."""
    seconds = check_and_count(request, scope)
    return None if seconds is None else refusal(request, scope, seconds)


def limit(scope: str, *, count_if=None):
    """Limit a view's POSTs. `count_if(response)` decides which attempts count (e.g. only
    failed log-ins, only created accounts); by default every POST counts."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method != "POST":
                return view(request, *args, **kwargs)
            idents = _idents(request, scope)
            answered, seconds = _checked(scope, idents)
            if seconds is not None:
                return refusal(request, scope, seconds)
            response = view(request, *args, **kwargs)
            if answered and (count_if is None or count_if(response)):
                softcache.attempt(f"count rate limit {scope}", hit, scope, idents)
            return response

        return wrapped

    return decorator


def _failed_login(response) -> bool:
    # LoginView re-renders the form (200) when the credentials are wrong; success redirects.
    return response.status_code == 200


def _created(response) -> bool:
    return response.status_code in (301, 302)


limit_login = limit("login", count_if=_failed_login)
limit_signup = limit("signup", count_if=_created)
limit_submit = limit("submit")
