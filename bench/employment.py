"""In-process benchmark of the Smart team's employment list (DESIGN §8) at 10 000 employments.

Run from the project root (PostgreSQL on 127.0.0.1 needed; see docs/benchmarks.md)::

    .venv/bin/python -m bench.employment [--rows 10000] [--requests 50] [--runs 3] [--explain]

It creates and seeds the database when needed: the demo data and 5 000 generated members (a third of them
with Smart eG, a third with the Bildungswerk), then ``--rows`` employments spread over them
(``seed_demo --employments``), followed by ``VACUUM ANALYZE``. The list (``backoffice:employment_list``)
is then requested as the staff login (Smart team of both entities, so it lists them all) with Django's
test client, like ``manage.py benchmark``: unfiltered, filtered by status, "ending soon" and searched
(a name that many members have and one nobody has). ``--requests`` measured requests after three
warm-up ones, ``--runs`` times in a row; the report gives p50 of the first run, p95 of each run and the
SQL queries per page; ``--explain`` adds the slowest query of each page with its ``EXPLAIN ANALYZE``.
The filters' parameters are those of the list's form (``status``, ``ending``, ``q``); ``--query`` adds or
replaces pages (``--query "label=?status=ended"``).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time

from bench.http import create_database, setup_django

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/bench_employment"
#: Generated members: with three entities in turn, 3 333 of them work with Smart eG or the Bildungswerk,
#: whose histories hold the employments (``portal.demo.employment_bulk``).
SCALE = 5000
STAFF = "staff@example.com"
#: (label, query string) of the measured lists; "Müller" is the last name of 11 of the 5 000 generated
#: members (24 employments), "Zeppelin" nobody's (every employment of the entities is searched).
PAGES = [
    ("unfiltered", ""),
    ("status active", "?status=active"),
    ("ending soon", "?ending=1"),
    ("search found", "?q=Müller"),
    ("search not found", "?q=Zeppelin"),
    ("status ended, page 2", "?status=ended&page=2"),
]


def prepare_data(rows: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from portal.accounts.models import User
    from portal.demo import employment_bulk
    from portal.demo.data import GENERATED_DOMAIN
    from portal.demo.management.commands.benchmark import Command as BenchmarkCommand
    from portal.employment.models import Employment

    call_command("migrate", verbosity=0)
    members = User.objects.filter(email__endswith="@" + GENERATED_DOMAIN).count()
    made = Employment.objects.filter(member__email__endswith="@" + GENERATED_DOMAIN).count()
    if members >= SCALE and made >= rows:
        return
    print(f"Seeding the demo, {SCALE} generated members and {rows} employments (a few minutes)")
    started = time.monotonic()
    BenchmarkCommand().seed(SCALE, 0, 0)
    added = employment_bulk.seed_generated_employments(rows)
    print(f"Seeded in {time.monotonic() - started:.0f} s; employments added: {added}")
    with connection.cursor() as cursor:  # statistics and the visibility map, as autovacuum keeps them
        cursor.execute("VACUUM ANALYZE")


def slowest_query(url: str, email: str, host: str) -> tuple[float, str, list[str]]:
    """The slowest query of one request to ``url`` as ``email`` (signed in with the second factor, as
    staff must be): its time in ms, its SQL and its plan."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.accounts.mfa import TWO_FACTOR_SESSION_KEY
    from portal.accounts.models import User

    user = User.objects.get(email=email)
    http = Client(HTTP_HOST=host)
    http.force_login(user)
    session = http.session
    session[TWO_FACTOR_SESSION_KEY] = user.pk
    session.save()
    assert http.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        http.get(url)
    slowest = max(queries.captured_queries, key=lambda query: float(query["time"]))
    sql = slowest["sql"]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = [row[0] for row in cursor.fetchall()]
    return float(slowest["time"]) * 1000, sql, plan


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--rows", type=int, default=10_000, help="Employments of the generated members.")
    parser.add_argument("--requests", type=int, default=50, help="Measured requests per page and run.")
    parser.add_argument("--runs", type=int, default=3, help="Runs over all pages.")
    parser.add_argument("--explain", action="store_true", help="Print each page's slowest query and its plan.")
    parser.add_argument(
        "--query", action="append", default=[], help="Another page: label=?query (replaces a page of that label)."
    )
    args = parser.parse_args()

    create_database(args.database)
    setup_django(args.database, secrets.token_urlsafe(50))
    from django.urls import NoReverseMatch, reverse

    try:
        base = reverse("backoffice:employment_list")
    except NoReverseMatch:
        sys.exit("There is no page backoffice:employment_list in this version yet: nothing to measure.")
    prepare_data(args.rows)

    from django.conf import settings
    from django.db.models import Count

    from portal.demo.management.commands.benchmark import Command as BenchmarkCommand
    from portal.employment.models import Employment

    pages = dict(PAGES)
    for extra in args.query:
        label, _sep, query = extra.partition("=")
        pages[label] = query
    statuses = dict(Employment.objects.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    by_status = ", ".join(f"{status} {count}" for status, count in sorted(statuses.items()))
    print(
        f"{Employment.objects.count()} employments in the database ({by_status}). "
        f"{args.requests} requests per page, {args.runs} runs, as {STAFF}.\n"
    )
    measure = BenchmarkCommand().measure
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
    results: dict[str, list[tuple[float, float, str]]] = {label: [] for label in pages}
    for _run in range(args.runs):
        for label, query in pages.items():
            results[label].append(measure(STAFF, base + query, args.requests, host))
    print(f"{'page':<52} {'p50 ms':>8} {'p95 ms (each run)':>24} {'queries':>8}")
    for label, runs in results.items():
        p95s = ", ".join(f"{p95:.1f}" for _p50, p95, _queries in runs)
        print(f"{f'{label} {base}{pages[label]}':<52} {runs[0][0]:8.1f} {p95s:>24} {runs[0][2]:>8}")
    if args.explain:
        for label, query in pages.items():
            took, sql, plan = slowest_query(base + query, STAFF, host)
            print(f"\n{label} ({base}{query}): slowest query {took:.1f} ms\n{sql}\n" + "\n".join(plan))


if __name__ == "__main__":
    main()
