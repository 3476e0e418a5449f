"""Rate limits on sign-up, log-in attempts (the site's and the admin's), password-reset mails,
journey submissions, story reports and company claims.

Fixed-window counters in Django's cache (local memory in development, Redis in production), keyed
by a hash of the client address (`client_ip`) and, where there is one, the account. Limits are
settings (`FRICTIONLOG_RATE_SIGNUP` and friends) written as "count/period": "5/h", "10/15m".
An attempt is counted first (one atomic increment) and judged on the count it got, so a burst of
parallel attempts cannot all pass a check made before any of them was counted.
"""

import functools
import hashlib
import ipaddress
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


@functools.cache
def _networks(trusted: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.FRICTIONLOG_TRUSTED_PROXIES)))


def client_ip(request) -> str:
    """The visitor's address. The peer (`REMOTE_ADDR`) is the reverse proxy's address when there
    is one; only a peer in `FRICTIONLOG_TRUSTED_PROXIES` is believed about `X-Forwarded-For`, and
    of that list only the rightmost address no trusted proxy added: anything to its left was
    written by the client and may be forged."""
    peer = request.META.get("REMOTE_ADDR", "") or "unknown"
    if not _trusted(peer):
        return peer
    chain = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([hop for hop in chain if hop]):
        if not _trusted(hop):
            return hop
    return peer


def _seconds_left(window: int, now: float) -> int:
    return max(1, math.ceil(window - now % window))


def _count(scope: str, idents: list[str], step: int = 1) -> int | None:
    """Add `step` to each identity's counter, in order, stopping at the first one now over the
    limit; the seconds until the limit lifts if one was, else None. An attempt refused on the
    address never reaches the account's counter, so the attempts of a burst under both limits
    are the same ones on both counters (counted all at once, counters increased in different
    orders by parallel attempts let fewer than the limit through)."""
    limit_count, window = rate(scope)
    now = time.time()
    for ident in idents:
        key = _key(scope, ident, window, now)
        cache.add(key, 0, timeout=window + 1)
        try:
            count = cache.incr(key, step)
        except ValueError:  # expired between add and incr
            cache.set(key, max(step, 0), timeout=window + 1)
            count = step
        if step > 0 and count > limit_count:
            return _seconds_left(window, now)
    return None


def _counted(scope: str, idents: list[str]) -> tuple[bool, int | None]:
    """(whether the cache answered, the seconds until the limit lifts if this attempt is over
    it). With Redis down the limit lapses for a while rather than sign-up, log-in or submission
    failing: the counters are a brake on abuse, not a record."""
    return softcache.attempt(f"apply rate limit {scope}", _count, scope, idents)


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
        "reset": _(
            "Many password-reset mails were asked for in a short time. Try again in "
            "%(minutes)s minutes."
        ),
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
    field = {"login": "username", "reset": "email"}.get(scope)
    if field:
        address = request.POST.get(field, "").strip().lower()
        if address:
            idents.append(f"email:{address}")
    return idents


def check_and_count(request, scope: str) -> int | None:
    """Count one attempt; the seconds until the limit lifts if it is over the limit."""
    return _counted(scope, _idents(request, scope))[1]


def check_and_hit(request, scope: str) -> HttpResponse | None:
    """Count one attempt; the refusal response if it is over the limit."""
    seconds = check_and_count(request, scope)
    return None if seconds is None else refusal(request, scope, seconds)


def limit(scope: str, *, count_if=None):
    """Limit a view's POSTs. `count_if(response)` decides which attempts count (e.g. only
    failed log-ins, only created accounts); by default every POST counts. The attempt is counted
    before the view runs and given back after it when it does not count, so attempts running at
    the same time each hold their place in the count."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method != "POST":
                return view(request, *args, **kwargs)
            idents = _idents(request, scope)
            answered, seconds = _counted(scope, idents)
            if seconds is not None:
                return refusal(request, scope, seconds)
            response = view(request, *args, **kwargs)
            if answered and count_if is not None and not count_if(response):
                softcache.attempt(f"give back rate limit {scope}", _count, scope, idents, -1)
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
limit_reset = limit("reset")
