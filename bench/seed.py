"""Seconds to load N demo journeys (default 100 000) with `seed_demo`, on a fresh SQLite file and,
when PostgreSQL answers on 127.0.0.1:5432, on a fresh PostgreSQL database.

    .venv/bin/python bench/seed.py [N]
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "frictionlog_seedbench"


def run(database_url: str, journeys: int) -> float:
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("REDIS_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    started = time.perf_counter()
    subprocess.run([*manage, "seed_demo", "--journeys", str(journeys)], env=env, check=True)
    return time.perf_counter() - started


def postgres_available() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0


def main() -> None:
    journeys = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        seconds = run(f"sqlite:///{tmp}/bench.sqlite3", journeys)
        print(f"sqlite: {journeys:,} journeys in {seconds:.1f} s")
    if postgres_available():
        for sql in (f"DROP DATABASE IF EXISTS {PG_BENCH}", f"CREATE DATABASE {PG_BENCH}"):
            subprocess.run(["psql", PG_ADMIN, "-qc", sql], check=True)
        seconds = run(f"postgres://postgres@127.0.0.1:5432/{PG_BENCH}", journeys)
        print(f"postgresql: {journeys:,} journeys in {seconds:.1f} s")
    else:
        print("postgresql: not running on 127.0.0.1:5432, skipped")


if __name__ == "__main__":
    main()
