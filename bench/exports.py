"""Downloads under load: the current journeys file from scripts/prod's gunicorn, alone and while
20 journalists download it at once, with /leaderboard/'s latency measured meanwhile.

    .venv/bin/python bench/leaderboard.py          # first: 1 000 000 journeys and a snapshot
    .venv/bin/python bench/exports.py [--downloads 20] [--rate 20M] [--duration 30]

Uses the database bench/leaderboard.py filled (--database-url, default
postgres://postgres@127.0.0.1:5432/frictionlog_bench) and the snapshot files it wrote (the
default open-data folder). Prints: one download of /exports/journeys.csv (seconds, MB); then,
with --downloads curl clients each downloading it over and over at --rate (a journalist's
connection: slow clients are what ties up a server), wrk's requests/s, p50 and p99 for
/leaderboard/, and how many downloads completed.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import (
    PY,
    ROOT,
    ensure_wrk,
    free_port,
    production_env,
    run_wrk,
    server_errors,
    wait_until_up,
)


def download_seconds(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    size = 0
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (loopback)
        while block := response.read(1 << 20):
            size += len(block)
    return time.perf_counter() - started, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/frictionlog_bench"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--downloads", type=int, default=20)
    parser.add_argument("--rate", default="20M", help="curl --limit-rate per download")
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()

    wrk = ensure_wrk()
    curl = shutil.which("curl") or sys.exit("curl is needed")
    port = free_port()
    env = {
        **production_env(args.database_url, args.redis_url),
        "PY": PY,
        "PROD_ROLES": "web",
        "PROD_MIGRATE": "0",
        "BIND": f"127.0.0.1:{port}",
    }
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (the server writes it until the end)
        prefix="frictionlog-exports-", suffix=".log", delete=False
    )
    server = subprocess.Popen(
        [str(ROOT / "scripts" / "prod")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    clients: list[subprocess.Popen] = []
    try:
        wait_until_up(port, server)
        url = base + "/exports/journeys.csv"
        download_seconds(url)  # once to warm the page cache of the file
        seconds, size = download_seconds(url)
        print(
            f"/exports/journeys.csv alone: {size / 2**20:.0f} MB in {seconds:.2f} s "
            f"({size / 2**20 / seconds:.0f} MB/s; target under 5 s)"
        )
        loop = f'while true; do "{curl}" -s -o /dev/null --limit-rate {args.rate} "{url}"; ' + (
            'echo done >> "$0"; done'
        )
        counter = tempfile.NamedTemporaryFile(prefix="frictionlog-downloads-", delete=False)  # noqa: SIM115
        clients = [
            subprocess.Popen(["sh", "-c", loop, counter.name], start_new_session=True)
            for _ in range(args.downloads)
        ]
        time.sleep(2)  # every client has its download running
        run_wrk(wrk, base + "/leaderboard/", duration=3, connections=args.connections, script=None)
        result = run_wrk(
            wrk,
            base + "/leaderboard/",
            duration=args.duration,
            connections=args.connections,
            script=None,
        )
        completed = Path(counter.name).read_text().count("done")
        print(
            f"/leaderboard/ during {args.downloads} downloads at {args.rate}B/s each "
            f"(wrk -t2 -c{args.connections} -d{args.duration}s): {result['rps']:.0f} requests/s, "
            f"p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms (target under 200 ms), "
            f"{result['errors']} errors; {completed} downloads completed meanwhile"
        )
    finally:
        for client in clients:
            os.killpg(client.pid, signal.SIGKILL)
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    print(f"5xx in the server log: {server_errors(log.name)} ({log.name})")


if __name__ == "__main__":
    main()
