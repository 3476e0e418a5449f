"""Project-wide middleware: the Content-Security-Policy and one access-log line per request.

The policy forbids inline script, inline styles and every foreign origin: templates load htmx and
the app's scripts from our own static files, and htmx is told not to inject its indicator styles
(`htmx-config` in templates/base.html), so nothing on a page needs an exception.
"""

import logging
import re
import time
import uuid

from django.conf import settings
from django.utils.functional import SimpleLazyObject, empty

from .logging import request_id_var

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)

# Embeds (/embed/…) are made to be framed by other sites; every other page may not be framed.
EMBED_PREFIX = "/embed/"
EMBED_POLICY = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors *")

access_logger = logging.getLogger("frictionlog.access")

# An incoming id from the load balancer is kept only if it looks like one (no log injection).
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        embed = request.path.startswith(EMBED_PREFIX) and self.policy == CONTENT_SECURITY_POLICY
        response.headers.setdefault(
            "Content-Security-Policy", EMBED_POLICY if embed else self.policy
        )
        return response


def _logged_path(request) -> str:
    """The path, except where it carries a secret (verification and password-reset tokens):
    then the route pattern, so access logs never hold a usable link."""
    match = getattr(request, "resolver_match", None)
    if match is not None and ({"token", "uidb64"} & set(match.kwargs)):
        return "/" + match.route
    return request.path


def _loaded_user(request):
    """The user if the view already loaded one; never a query of its own just to log it (query
    counts per page are tested)."""
    user = getattr(request, "user", None)
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return None
    return user


class AccessLogMiddleware:
    """One structured line per request: id, method, path, status, duration, user id.

    The id comes from the `X-Request-ID` header a load balancer sets (when it looks sane) or is
    made here; it is echoed in the response and attached to every log line of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            user = _loaded_user(request)
            access_logger.info(
                "%s %s %s",
                request.method,
                _logged_path(request),
                response.status_code,
                extra={
                    "method": request.method,
                    "path": _logged_path(request),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            response["X-Request-ID"] = request_id
            return response
        finally:
            request_id_var.reset(token)
