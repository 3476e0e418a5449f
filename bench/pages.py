"""Requests per second of /leaderboard/ against a trivial view (/robots.txt), both served by the
same gunicorn in the same run, on a populated snapshot. The two are measured in alternating
rounds and the median round counts, so other work on the machine weighs on both alike.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/frictionlog_bench [REDIS_URL=...] \\
        .venv/bin/python bench/pages.py [--requests 3000] [--clients 8] [--workers 2] [--rounds 5]

Needs a current snapshot in that database (run bench/leaderboard.py first, or
`manage.py recompute_leaderboards`).
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hammer(port: int, path: str, total: int, clients: int) -> float:
    """Requests per second for `total` GETs of `path` over `clients` keep-alive connections."""
    per_client = total // clients
    errors: list[str] = []

    def run():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(per_client):
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"{path}: {response.status}")
        conn.close()

    threads = [threading.Thread(target=run) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        sys.exit(f"errors: {errors[:3]}")
    return per_client * clients / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    port = free_port()
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1,localhost", "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "frictionlog.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={args.workers}",
            "--threads=4",
            "--worker-class=gthread",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("gunicorn did not start")
                time.sleep(0.2)
        for path in ("/robots.txt", "/leaderboard/"):  # warm every worker and the caches
            hammer(port, path, args.clients * 20, args.clients)
        load = os.getloadavg()
        rounds = []
        for _ in range(args.rounds):
            trivial = hammer(port, "/robots.txt", args.requests, args.clients)
            board = hammer(port, "/leaderboard/", args.requests, args.clients)
            rounds.append((board / trivial, trivial, board))
        ratio, trivial, board = statistics.median_low(rounds)
        print(f"/robots.txt (trivial view): {trivial:,.0f} requests/s")
        print(f"/leaderboard/: {board:,.0f} requests/s")
        print(f"ratio: {ratio:.0%} of the trivial view (median of {args.rounds} rounds)")
        print(
            f"rounds: {', '.join(f'{r:.0%}' for r, _, _ in rounds)}; load average "
            f"{load[0]:.2f} before, {os.getloadavg()[0]:.2f} after, {os.cpu_count()} cores"
        )
    finally:
        server.terminate()
        server.wait(timeout=15)


if __name__ == "__main__":
    main()
