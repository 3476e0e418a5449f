"""Load bench: the production shape (scripts/prod: nginx in front of gunicorn, PostgreSQL, Redis)
under wrk, beside the shape before it (gunicorn alone with the old fair-queueing worker, taken from
the git history) in the same run.

Three targets, each for --duration seconds at --connections keep-alive connections from loopback:
/leaderboard/, the busiest company's page, and the logged-in add-a-step flow (the journey page and
an htmx step post, alternating, with the demo consumer's session cookie and CSRF token).
Prints requests/s, p50 and p99 latency and the error count (socket errors + non-2xx/3xx) per target
and shape.

    .venv/bin/python bench/load.py [--duration 60] [--connections 50] [--workers N] \\
        [--shape nginx] [--shape old] [--only flow] \\
        [--database-url postgres://postgres@127.0.0.1:5432/frictionlog_loadbench] \\
        [--redis-url redis://127.0.0.1:6379/13] [--journeys 3000]

The database is created, migrated and seeded (`seed_demo --if-empty`, `recompute_leaderboards`)
when needed; wrk is installed with apt-get when missing.
"""

import argparse
import contextlib
import datetime
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
BENCH_JOURNEYS = 200  # the demo consumer's journeys the step flow spreads its posts over

FLOW_LUA = """
local ids = {%(ids)s}
local headers = {
  ["Cookie"] = "%(cookie)s",
  ["X-CSRFToken"] = "%(csrf)s",
  ["HX-Request"] = "true",
  ["Content-Type"] = "application/x-www-form-urlencoded",
}
local page_headers = {["Cookie"] = "%(cookie)s"}
local body = "kind=hold&channel=phone&occurred_on=%(date)s&minutes=5&repeats=0&note=bench"
local n = 0
function setup(thread) thread:set("offset", math.random(1, #ids)) end
function request()
  n = n + 1
  local id = ids[((n + offset) %% #ids) + 1]
  if n %% 2 == 0 then
    return wrk.format("GET", "/journeys/" .. id .. "/", page_headers)
  end
  return wrk.format("POST", "/journeys/" .. id .. "/steps/", headers, body)
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True)
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


def ensure_database(url: str) -> None:
    import psycopg

    name = urllib.parse.urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def production_env(database_url: str, redis_url: str) -> dict:
    """The environment of scripts/prod for a bench: the production settings on loopback."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "PRODUCTION": "1",
        "SECRET_KEY": "bench-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; the proxy would redirect
        "DJANGO_SETTINGS_MODULE": "frictionlog.settings",
    }
    env.pop("DEBUG", None)
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env: dict, journeys: int) -> None:
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "seed_demo", "--journeys", str(journeys), "--if-empty")
    manage(env, "recompute_leaderboards")


def django_setup(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def busiest_company_path() -> str:
    from django.db.models import Count

    from journeys.models import Company

    company = (
        Company.objects.active()
        .annotate(n=Count("journeys"))
        .order_by("-n")
        .values_list("slug", flat=True)
        .first()
    )
    return f"/companies/{company}/"


def bench_journeys() -> list[int]:
    """The demo consumer's draft journeys the step flow posts to, each trimmed to a few steps so
    every run starts from a journey the size a real one has."""
    from django.utils import timezone

    from journeys import services
    from journeys.demo import DEMO_CONSUMER
    from journeys.models import Company, Journey, Step, User

    user = User.objects.get(email=DEMO_CONSUMER)
    mine = Journey.objects.filter(owner=user, goal="other", status="open", story="bench")
    Step.objects.filter(journey__in=mine).delete()
    company = Company.objects.active().order_by("pk").first()
    for _ in range(BENCH_JOURNEYS - mine.count()):
        services.journey_create(
            owner=user,
            company=company,
            goal="other",
            started_on=timezone.localdate() - datetime.timedelta(days=3),
            status="open",
            story="bench",
        )
    ids = list(mine.values_list("pk", flat=True)[:BENCH_JOURNEYS])
    # Every run deletes the steps the last one added; without autovacuum (off on some machines)
    # their dead rows pile up in the step index and each run is slower than the one before.
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Step._meta.db_table}, {Journey._meta.db_table}")
    return ids


def steps_on(ids: list[int]) -> int:
    from journeys.models import Step

    return Step.objects.filter(journey_id__in=ids).count()


def log_in(port: int) -> tuple[str, str]:
    """The demo consumer's session and CSRF cookies, through the real log-in form."""
    from journeys.demo import DEMO_CONSUMER, DEMO_PASSWORD

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    page = response.read().decode()
    cookies = dict(
        re.match(r"([^=]+)=([^;]*)", value).groups()
        for key, value in response.getheaders()
        if key.lower() == "set-cookie"
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"username": DEMO_CONSUMER, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token}
    )
    conn.request(
        "POST",
        "/accounts/login/",
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
        },
    )
    response = conn.getresponse()
    response.read()
    for key, value in response.getheaders():
        if key.lower() == "set-cookie":
            name, val = re.match(r"([^=]+)=([^;]*)", value).groups()
            cookies[name] = val
    if response.status != 302 or "sessionid" not in cookies:
        sys.exit(f"log-in failed: {response.status}")
    return f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}", cookies[
        "csrftoken"
    ]


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def run_wrk(wrk: str, url: str, *, duration: int, connections: int, script: str | None) -> dict:
    cmd = [wrk, "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    dist = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "p50": _ms(dist["50"]),
        "p99": _ms(dist["99"]),
        "errors": errors + (int(non_2xx.group(1)) if non_2xx else 0),
        "raw": out,
    }


def server_errors(log_path: str) -> int:
    """Responses with a 5xx status in the server's access log (JSON lines)."""
    count = 0
    with open(log_path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if '"frictionlog.access"' in line and re.search(r'"status": 5\d\d', line):
                count += 1
    return count


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit("gunicorn did not become healthy")


# The last commit with the old worker: gunicorn's gthread worker, patched to accept a connection
# only with room to run it (frictionlog/webworker.py), keep-alive off, no proxy in front.
OLD_WORKER_COMMIT = "3dd8cec5a213214eb8a275ed3008ae72fd261336^"


def start_shape(shape: str, env: dict, workers: int, log) -> tuple[subprocess.Popen, int]:
    """The server of one shape, and the port wrk talks to."""
    port, app_port = free_port(), free_port()
    if shape == "nginx":
        command = [str(ROOT / "scripts" / "prod")]
        env = {
            **env,
            "PY": PY,
            "PROD_ROLES": "web",
            "PROD_MIGRATE": "0",
            "NGINX_LISTEN": f"127.0.0.1:{port}",
            "BIND": f"127.0.0.1:{app_port}",
            "WEB_CONCURRENCY": str(workers),
            "STATE_DIR": tempfile.mkdtemp(prefix="frictionlog-load-"),
        }
    else:
        folder = tempfile.mkdtemp(prefix="frictionlog-oldworker-")
        source = subprocess.run(
            ["git", "show", f"{OLD_WORKER_COMMIT}:frictionlog/webworker.py"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
        Path(folder, "oldwebworker.py").write_bytes(source)
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        command = [
            PY, "-m", "gunicorn", "frictionlog.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
            "--worker-class", "oldwebworker.FairThreadWorker", "--threads", "16",
            "--keep-alive", "0", "--timeout", "30", "--max-requests", "100000",
            "--no-control-socket",
        ]  # fmt: skip
        env = {**env, "PYTHONPATH": folder, "WEB_APP_SLOTS": "1"}
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    return server, port


def measure(shape: str, args, env: dict, wrk: str, company_path: str, ids: list[int]) -> dict:
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (the server writes it until the end)
        prefix=f"frictionlog-load-{shape}-", suffix=".log", delete=False
    )
    server, port = start_shape(shape, env, args.workers, log)
    results = {}
    try:
        wait_until_up(port, server)
        cookie, csrf = log_in(port)
        base = f"http://127.0.0.1:{port}"
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(
                FLOW_LUA
                % {
                    "ids": ", ".join(map(str, ids)),
                    "cookie": cookie,
                    "csrf": csrf,
                    "date": datetime.date.today().isoformat(),
                }
            )
        targets = {
            "leaderboard": ("/leaderboard/", None),
            "company": (company_path, None),
            "flow": ("/journeys/", lua.name),
        }
        for name in args.only or list(targets):
            path, script = targets[name]
            # Warm every gunicorn worker's connection and the caches first.
            run_wrk(wrk, base + path, duration=3, connections=args.connections, script=script)
            steps_before = steps_on(ids)
            results[name] = run_wrk(
                wrk,
                base + path,
                duration=args.duration,
                connections=args.connections,
                script=script,
            )
            results[name]["path"] = (
                path if name != "flow" else "add-a-step flow (GET page + POST step)"
            )
            if name == "flow":
                results[name]["saved"] = steps_on(ids) - steps_before
    finally:
        # TERM, not INT: gunicorn's workers finish the requests in hand (INT cuts them off).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    return {"results": results, "failed": server_errors(log.name), "log": log.name}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)  # scripts/prod's
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/frictionlog_loadbench"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--journeys", type=int, default=3000)
    parser.add_argument("--only", choices=["leaderboard", "company", "flow"], action="append")
    parser.add_argument("--shape", choices=["nginx", "old"], action="append")
    args = parser.parse_args()

    wrk = ensure_wrk()
    ensure_database(args.database_url)
    env = production_env(args.database_url, args.redis_url)
    prepare(env, args.journeys)
    django_setup(env)
    company_path = busiest_company_path()
    ids = bench_journeys()

    load_before = os.getloadavg()
    shapes = {
        shape: measure(shape, args, env, wrk, company_path, ids)
        for shape in args.shape or ["nginx", "old"]
    }
    load_after = os.getloadavg()
    print(
        f"gunicorn workers={args.workers}, wrk -t2 -c{args.connections} -d{args.duration}s, "
        f"{os.cpu_count()} cores"
    )
    print(
        "load average (1, 5, 15 min): before "
        + ", ".join(f"{x:.2f}" for x in load_before)
        + "; after "
        + ", ".join(f"{x:.2f}" for x in load_after)
    )
    worker_class = os.environ.get("WEB_WORKER_CLASS", "sync")
    names = {"nginx": f"nginx → gunicorn {worker_class}", "old": "old: gunicorn + webworker"}
    print(f"{'shape':<26} {'target':<42} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for shape, measured in shapes.items():
        for r in measured["results"].values():
            print(
                f"{names[shape]:<26} {r['path']:<42} {r['rps']:>8.0f} {r['p50']:>8.1f} "
                f"{r['p99']:>8.1f} {r['errors']:>7}"
            )
    for shape, measured in shapes.items():
        print(
            f"{names[shape]}: {measured['failed']} responses with status 5xx in the server log "
            f"({measured['log']})"
        )
        if "flow" in measured["results"]:
            flow = measured["results"]["flow"]
            print(f"  flow: {flow['saved']} steps saved for about {flow['requests'] // 2} posts")


if __name__ == "__main__":
    main()
