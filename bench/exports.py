"""Downloads under load: the current journeys file through scripts/prod's nginx, alone and while
20 journalists download it at once, with /leaderboard/'s latency measured meanwhile, and how long
Python held each download (the access log's duration of /exports/journeys.csv: Django finds the
file and hands it to nginx by X-Accel-Redirect; nginx sends the bytes).

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
import json
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

from load import ensure_wrk, production_env, run_wrk, server_errors, start_shape, wait_until_up


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
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (the server writes it until the end)
        prefix="frictionlog-exports-", suffix=".log", delete=False
    )
    env = production_env(args.database_url, args.redis_url)
    server, port = start_shape("nginx", env, (os.cpu_count() or 1) + 1, log)
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
    held = python_time(log.name, "/exports/journeys.csv")
    if held:
        print(
            f"Python's time per download ({len(held)} downloads, the access log's duration): "
            f"median {sorted(held)[len(held) // 2]:.1f} ms, longest {max(held):.1f} ms"
        )


def python_time(log_path: str, path: str) -> list[float]:
    """Milliseconds Django spent on each request for `path` (its access log, JSON lines)."""
    held = []
    with open(log_path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if line.startswith("{") and '"frictionlog.access"' in line:
                entry = json.loads(line)
                if entry["path"] == path:
                    held.append(entry["duration_ms"])
    return held


if __name__ == "__main__":
    main()
