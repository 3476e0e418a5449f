"""scripts/prod's gunicorn worker (frictionlog/webworker.py), in a real gunicorn: a worker with a
request inside the application takes no new connection while another worker has room, and a
download it is sending does not count as such a request."""

import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gunicorn(tmp_path):
    """Start gunicorn with the worker on tests/webworker_app.py; yields a function taking the
    number of workers and returning the base URL."""
    started = []

    def start(workers: int) -> str:
        port = _free_port()
        process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "tests.webworker_app:application",
                "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                "--worker-class", "frictionlog.webworker.FairThreadWorker",
                "--threads", "4", "--keep-alive", "0", "--no-control-socket",
            ],
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", "WEB_APP_SLOTS": "1"},
            stdout=(tmp_path / "gunicorn.log").open("wb"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        started.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        pids = set()
        # Up when every worker has answered once.
        while len(pids) < workers and time.monotonic() < deadline:
            try:
                pids.add(_get(base + "/"))
            except OSError:
                time.sleep(0.1)
        assert len(pids) == workers, (tmp_path / "gunicorn.log").read_text()
        return base

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=30)


def _get(url: str, timeout: float = 10) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback)
        return response.read().decode()


def test_a_worker_busy_in_the_application_leaves_new_requests_to_one_with_room(gunicorn):
    base = gunicorn(workers=2)
    slow = {}
    thread = threading.Thread(target=lambda: slow.update(pid=_get(base + "/slow?seconds=3")))
    thread.start()
    time.sleep(0.5)  # the slow request is inside the application of one worker
    quick = [_get(base + "/") for _ in range(20)]
    thread.join()
    # Every quick request went to the other worker: the busy one accepted none of them (gthread
    # would have queued some behind the slow one's worker, which had threads free).
    assert slow["pid"] not in quick
    assert len(set(quick)) == 1


def test_a_download_being_sent_does_not_keep_its_worker_from_pages(gunicorn, tmp_path):
    big = tmp_path / "big.bin"
    big.write_bytes(b"\0" * (64 << 20))
    base = gunicorn(workers=1)
    port = int(base.rsplit(":", 1)[1])
    # A client that asks for the file and reads nothing: the worker's thread stays sending it.
    stalled = socket.create_connection(("127.0.0.1", port))
    stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stalled.sendall(f"GET /file?path={big} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    try:
        time.sleep(0.5)
        started = time.monotonic()
        assert _get(base + "/", timeout=5).isdigit()  # the only worker still takes a page
        assert time.monotonic() - started < 2
    finally:
        stalled.close()
