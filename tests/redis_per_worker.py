"""Each pytest-xdist worker on a Redis database of its own, so one worker's cache flush or Celery
queue never reaches another's (PostgreSQL needs nothing: pytest-django gives each worker a test
database of its own). A plugin (`-p tests.redis_per_worker` in pyproject.toml), because plugins
named with -p are imported before pytest-django reads the settings, and conftest.py is not.
"""

import os
from urllib.parse import urlsplit, urlunsplit


def worker_redis_url(url: str, worker: str) -> str:
    """The first worker ("gw0") keeps the database `url` names; worker N takes the N-th below it."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        raise ValueError(f"parallel tests need a redis:// URL with a database number, not {url}")
    database = int(parts.path.strip("/") or 0) - int(worker.removeprefix("gw"))
    if database < 0:
        raise ValueError(f"{url} leaves no Redis database for pytest-xdist worker {worker}")
    return urlunsplit(parts._replace(path=f"/{database}"))


if os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get("REDIS_URL"):
    os.environ["REDIS_URL"] = worker_redis_url(
        os.environ["REDIS_URL"], os.environ["PYTEST_XDIST_WORKER"]
    )
