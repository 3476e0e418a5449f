"""The repository stands alone: a clone with nothing beside it installs, runs and tests itself."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Written in two parts so that this file does not match itself.
OUTSIDE = ("../" + "shared", '/ "' + "shared" + '"', '"' + "shared" + "/")


def _code_files():
    for folder in ("journeys", "frictionlog", "tests", "scripts", "bench", ".ci"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {"", ".py", ".sh", ".conf", ".json", ".toml"}:
                yield path
    yield ROOT / "Makefile"


def test_no_code_test_or_script_reads_a_folder_beside_the_clone():
    offenders = [
        f"{path.relative_to(ROOT)}: {needle}"
        for path in _code_files()
        for needle in OUTSIDE
        if needle in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert offenders == []


def test_parallel_test_workers_each_get_a_redis_database_of_their_own():
    from tests.redis_per_worker import worker_redis_url

    url = "redis://127.0.0.1:6379/15"
    assert worker_redis_url(url, "gw0") == url
    assert worker_redis_url(url, "gw1") == "redis://127.0.0.1:6379/14"
    assert worker_redis_url("redis://:pw@redis.internal:6380/3", "gw2") == (
        "redis://:pw@redis.internal:6380/1"
    )
    with pytest.raises(ValueError, match="no Redis database"):
        worker_redis_url("redis://127.0.0.1:6379", "gw1")
    with pytest.raises(ValueError, match="redis:// URL"):
        worker_redis_url("unix:///run/redis.sock?db=3", "gw1")
