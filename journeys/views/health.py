"""`/healthz` for load balancers and orchestrators: is this web process able to serve?"""

import logging

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# A health check must answer quickly even when Redis hangs rather than refuses.
REDIS_TIMEOUT_SECONDS = 1.0


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.warning("Health check: the database does not answer", exc_info=True)
        return "error"
    return "ok"


def _redis() -> str:
    if not settings.REDIS_URL:
        return "skipped"  # development: no Redis, Celery runs in-process
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    except Exception:
        logger.warning("Health check: Redis does not answer", exc_info=True)
        return "error"
    finally:
        client.close()
    return "ok"


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "redis": _redis()}
    healthy = all(state in ("ok", "skipped") for state in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)
