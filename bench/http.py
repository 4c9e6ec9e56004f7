"""HTTP benchmark: the portal's key list pages against a minimal Django reference page.

Run from the project root (PostgreSQL on 127.0.0.1 needed; see docs/benchmarks.md)::

    .venv/bin/python -m bench.http [--seconds 10] [--concurrency 4]

It creates and seeds the database when needed (1 000 members, 100 000 orders and their invoices,
the same data as ``manage.py benchmark``), serves the portal with gunicorn (2 workers, production
settings) and, next to it, the reference page (one query for 25 orders of one member, a plain
template; served from ``bench.settings`` only). Each page is loaded by ``--concurrency`` client
threads for ``--seconds`` after a warm-up, one page at a time, alternating with the reference page
(``--rounds`` times), so that load from elsewhere on the machine slows both alike. The report gives
requests/s, p50/p95 latency and SQL queries per page, and requests/s as a ratio to the reference.
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/portal_bench_http"
MEMBER, STAFF = "member@example.com", "staff@example.com"
#: (login, URL) of the measured pages.
PAGES = [
    (MEMBER, "/dashboard/"),
    (MEMBER, "/orders/"),
    (MEMBER, "/invoices/"),
    (STAFF, "/backoffice/invoices/"),
]
SEED = {"scale": 1000, "orders_per_member": 100, "invoices_per_member": 100}
SEEDED_ORDERS = SEEDED_INVOICES = 100_000


@dataclass
class Result:
    label: str
    requests: int
    seconds: float
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.latencies_ms, n=20)[-1]


def setup_django(database_url: str, secret_key: str) -> None:
    """Development settings in this process (seeding, sessions, query counts) on the benchmark database."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["SECRET_KEY"] = secret_key  # the servers must accept the sessions created here
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_database(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    base, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"Creating database {name}")
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare_data() -> None:
    from django.core.management import call_command

    from portal.demo.management.commands.benchmark import Command as BenchmarkCommand
    from portal.invoicing.models import Invoice
    from portal.orders.models import Order

    call_command("migrate", verbosity=0)
    if Order.objects.count() < SEEDED_ORDERS or Invoice.objects.count() < SEEDED_INVOICES:
        print("Seeding 1 000 members with 100 orders each and their invoices (a few minutes)")
        BenchmarkCommand().seed(SEED["scale"], SEED["orders_per_member"], SEED["invoices_per_member"])
        # Statistics and the visibility map, as autovacuum keeps them in a running database: without
        # them, counts cannot use index-only scans and the planner guesses row numbers.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def collect_static(env: dict[str, str]) -> None:
    """The production storage serves hashed names from a manifest that ``collectstatic`` writes."""
    command = [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 (fixed command)


def session_cookie(email: str) -> str:
    """A signed-in session (with the second factor staff need) as a ``Cookie`` header value."""
    from django.conf import settings
    from django.test import Client

    from portal.accounts.mfa import TWO_FACTOR_SESSION_KEY
    from portal.accounts.models import User

    user = User.objects.get(email=email)
    client = Client()
    client.force_login(user)
    session = client.session
    session[TWO_FACTOR_SESSION_KEY] = user.pk
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def query_count(cookie: str, url: str) -> int:
    """SQL queries of one request to ``url`` (in this process, after a warm-up request)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie.split("=", 1)[1]
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code} in process")
    return len(queries)


def start_server(wsgi: str, port: int, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        wsgi,
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603 (fixed command)


def production_env(database_url: str, secret_key: str, settings_module: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(
        PORTAL_ENV="production",
        DJANGO_SETTINGS_MODULE=settings_module,
        DATABASE_URL=database_url,
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1",
        # The benchmark client speaks plain HTTP and says so with X-Forwarded-Proto, as the TLS proxy does.
        BEHIND_TLS_PROXY="true",
    )
    return env


def get(port: int, path: str, cookie: str | None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_until_up(port: int, path: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn on port {port} exited with {process.returncode}")
        try:
            get(port, path, None)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn on port {port} did not answer within 60 s")


def load(port: int, path: str, cookie: str | None, seconds: float, warm_up: float, concurrency: int) -> Result:
    """``concurrency`` threads request ``path`` back to back; only requests after the warm-up count."""
    start = time.monotonic()
    measure_from, stop_at = start + warm_up, start + warm_up + seconds
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        while True:
            began = time.monotonic()
            if began >= stop_at:
                return
            status, _body = get(port, path, cookie)
            ended = time.monotonic()
            if status != 200:
                with lock:
                    errors.append(f"{path} answered {status}")
                return
            if began >= measure_from and ended <= stop_at:
                with lock:
                    latencies.append((ended - began) * 1000)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(errors[0])
    return Result(path, len(latencies), seconds, latencies)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--seconds", type=float, default=5, help="Measured seconds per page and round.")
    parser.add_argument("--warm-up", type=float, default=1, help="Unmeasured seconds before each measurement.")
    parser.add_argument("--rounds", type=int, default=3, help="Times each page alternates with the reference.")
    parser.add_argument("--concurrency", type=int, default=4, help="Client threads.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server.")
    parser.add_argument("--port", type=int, default=8781, help="The portal's port; the reference uses the next.")
    args = parser.parse_args()

    secret_key = secrets.token_urlsafe(50)
    create_database(args.database)
    setup_django(args.database, secret_key)
    prepare_data()

    from portal.accounts.models import User

    cookies = {email: session_cookie(email) for email in (MEMBER, STAFF)}
    member_id = User.objects.get(email=MEMBER).pk
    reference_path = f"/reference/orders/?member={member_id}"
    queries = {url: query_count(cookies[email], url) for email, url in PAGES}

    portal_port, reference_port = args.port, args.port + 1
    portal_env = production_env(args.database, secret_key, "portal.settings")
    reference_env = production_env(args.database, secret_key, "bench.settings")
    collect_static(portal_env)
    portal = start_server("portal.wsgi", portal_port, args.workers, portal_env)
    reference = start_server("bench.wsgi", reference_port, args.workers, reference_env)
    try:
        wait_until_up(portal_port, "/", portal)
        wait_until_up(reference_port, reference_path, reference)
        run = {"seconds": args.seconds, "warm_up": args.warm_up, "concurrency": args.concurrency}
        reference_runs: dict[str, list[Result]] = {url: [] for _email, url in PAGES}
        page_runs: dict[str, list[Result]] = {url: [] for _email, url in PAGES}
        # Each page alternates with the reference, so that a busy machine slows both alike.
        for _round in range(args.rounds):
            for email, url in PAGES:
                reference_runs[url].append(load(reference_port, reference_path, None, **run))
                page_runs[url].append(load(portal_port, url, cookies[email], **run))
    finally:
        stop(portal)
        stop(reference)

    print(
        f"\ngunicorn {args.workers} workers per server, {args.concurrency} client threads, {args.rounds} rounds of "
        f"{args.seconds:g} s per page and as long on the reference, each after {args.warm_up:g} s warm-up; "
        f"{os.cpu_count()} CPUs\n"
    )
    columns = ("req/s", "p50 ms", "p95 ms", "queries", "ref req/s", "ref p95", "ratio")
    print(f"{'page':<28} " + " ".join(f"{column:>9}" for column in columns))
    for email, url in PAGES:
        page, reference_run = merged(page_runs[url]), merged(reference_runs[url])
        label = f"{email.split('@')[0]} {url}"
        ratio = page.per_second / reference_run.per_second
        print(
            f"{label:<28} {page.per_second:9.1f} {page.p50:9.1f} {page.p95:9.1f} {queries[url]:>9} "
            f"{reference_run.per_second:9.1f} {reference_run.p95:9.1f} {ratio:9.2f}"
        )
    print("\nreference: one query, 25 orders, a plain template; ratio = page req/s / reference req/s")


def merged(results: list[Result]) -> Result:
    latencies = [latency for result in results for latency in result.latencies_ms]
    return Result(results[0].label, sum(r.requests for r in results), sum(r.seconds for r in results), latencies)


if __name__ == "__main__":
    main()
