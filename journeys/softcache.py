"""The shared cache (Redis in production) used as an optimisation that never fails a request.

Every call treats a cache that does not answer (down, or hung until its socket timeout) as a miss
or a no-op, and logs a warning saying what could not be done. Each says whether the cache
answered, so a caller that found it silent skips its later calls: a hung Redis is waited on once
per request, not once per call.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

logger = logging.getLogger(__name__)


def attempt(what: str, call: Callable[..., Any], *args, **kwargs) -> tuple[bool, Any]:
    """(True, `call(*args, **kwargs)`), or (False, None) with a warning "Could not <what>" when
    the cache does not answer."""
    try:
        return True, call(*args, **kwargs)
    except Exception:
        logger.warning("Could not %s: the cache does not answer", what, exc_info=True)
        return False, None


def get(key: str, what: str = "read the cache") -> tuple[bool, Any]:
    """(whether the cache answered, the value or None)."""
    return attempt(what, cache.get, key)


def set(key: str, value, timeout: float, what: str = "write the cache") -> bool:
    return attempt(what, cache.set, key, value, timeout)[0]


def delete(key: str, what: str = "clear a cache entry") -> bool:
    return attempt(what, cache.delete, key)[0]
