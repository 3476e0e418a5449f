"""Slow clients: 200 connections that dribble their headers or never send the body they announce,
against the production shape, while /healthz and /leaderboard/ are asked for without pause.

    .venv/bin/python bench/slowclients.py [--connections 200] [--duration 30] [--shape nginx|old] \\
        [--database-url postgres://postgres@127.0.0.1:5432/frictionlog_loadbench] \\
        [--redis-url redis://127.0.0.1:6379/13]

Half the connections send a request line and then one header byte every few seconds; the other
half send a POST's headers with a Content-Length and never the body. Meanwhile two probes ask
for /healthz and /leaderboard/ one after another (5 s timeout). Prints each probe's answers,
errors, p50 and p99, and whether any gunicorn worker was restarted (its worker pids before and
after). `--shape old` runs gunicorn with the old worker alone (bench/load.py), for comparison.
Uses the database bench/load.py prepares.
"""

import argparse
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import ensure_database, prepare, production_env, start_shape, wait_until_up


def dribble(port: int, kind: int, stop: threading.Event, opened: list) -> None:
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError:
        return
    opened.append(sock)
    try:
        if kind == 0:  # headers, a byte at a time, never finished
            sock.sendall(b"GET /leaderboard/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            while not stop.wait(3):
                sock.sendall(b"a")
        else:  # a body announced and never sent
            sock.sendall(
                b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
            )
            stop.wait()
    except OSError:
        pass  # the server closed it: what it should do with a client this slow
    finally:
        sock.close()


def probe(port: int, path: str, stop: threading.Event, results: dict) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            status = conn.getresponse().status
            conn.close()
        except OSError:
            status = None
        elapsed = (time.perf_counter() - started) * 1000
        results[path].append((status, elapsed))


def worker_pids(server: subprocess.Popen) -> set[int]:
    """Every process in the server's group (nginx's and gunicorn's workers among them)."""
    out = subprocess.run(["pgrep", "-g", str(server.pid)], capture_output=True, text=True)
    return {int(pid) for pid in out.stdout.split()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--shape", choices=["nginx", "old"], default="nginx")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/frictionlog_loadbench"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    args = parser.parse_args()

    ensure_database(args.database_url)
    env = production_env(args.database_url, args.redis_url)
    prepare(env, 3000)
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (the server writes it until the end)
        prefix="frictionlog-slow-", suffix=".log", delete=False
    )
    server, port = start_shape(args.shape, env, (os.cpu_count() or 1) + 1, log)
    stop = threading.Event()
    opened: list = []
    results: dict = {"/healthz": [], "/leaderboard/": []}
    threads = []
    try:
        wait_until_up(port, server)
        time.sleep(2)
        before = worker_pids(server)
        threads = [
            threading.Thread(target=dribble, args=(port, n % 2, stop, opened), daemon=True)
            for n in range(args.connections)
        ]
        for thread in threads:
            thread.start()
        time.sleep(2)  # every slow connection is open
        probes = [
            threading.Thread(target=probe, args=(port, path, stop, results), daemon=True)
            for path in results
        ]
        for thread in probes:
            thread.start()
        time.sleep(args.duration)
        stop.set()
        for thread in probes:
            thread.join(10)
        after = worker_pids(server)
    finally:
        stop.set()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    print(
        f"shape {args.shape}: {len(opened)} slow connections opened of {args.connections}, "
        f"{args.duration} s; load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    for path, answers in results.items():
        times = sorted(ms for _, ms in answers)
        failed = sum(1 for status, _ in answers if status != 200)
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))] if times else float("nan")
        p50 = times[len(times) // 2] if times else float("nan")
        print(
            f"{path:<14} {len(answers):>6} requests, {failed:>4} not 200, "
            f"p50 {p50:.1f} ms, p99 {p99:.1f} ms (target under 500 ms)"
        )
    print(f"processes restarted: {len(before - after)} gone, {len(after - before)} new")


if __name__ == "__main__":
    main()
