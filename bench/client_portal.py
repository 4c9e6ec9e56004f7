"""In-process benchmark of the client portal's pages (DESIGN §9) for a client with 10 000 orders and invoices.

Run from the project root (PostgreSQL on 127.0.0.1 needed; see docs/benchmarks.md)::

    .venv/bin/python -m bench.client_portal [--rows 10000] [--requests 50] [--runs 3] [--explain]

It creates and seeds the database when needed: the demo data, 1 000 generated members with 100 orders and
100 invoices each (tables as large as in the other benchmarks), then the bulk client "Großkunde Nord GmbH"
with ``--rows`` orders, as many issued invoices and a twentieth as many requests
(``seed_demo --client-portal-rows``), followed by ``VACUUM ANALYZE``. Each page is then requested as the
client's contact with Django's test client, like ``manage.py benchmark``: ``--requests`` measured requests
after three warm-up ones, ``--runs`` times in a row. The report gives p50 of the first run, p95 of each
run and the SQL queries per page; ``--explain`` adds the slowest query of each page with its
``EXPLAIN ANALYZE`` (the time and the plan of one request).
"""

from __future__ import annotations

import argparse
import os
import secrets
import time
from collections.abc import Callable

from bench.http import create_database, setup_django

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/portal_bench_client"
#: The rest of the database, as in ``bench.http``: members, their orders and invoices.
SEED = {"scale": 1000, "orders_per_member": 100, "invoices_per_member": 100}
#: Search terms: about one order in ten starts with it, and none has the other (the whole list is searched).
FOUND, NOT_FOUND = "Workshop", "Zeppelin"


def prepare_data(rows: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from portal.demo import client_portal_bulk
    from portal.demo.data import seed_entities
    from portal.demo.management.commands.benchmark import Command as BenchmarkCommand
    from portal.orders.models import Order

    call_command("migrate", verbosity=0)
    members = Order.objects.filter(member__email__endswith="@generated.example.net").count()
    client = Order.objects.filter(client__name=client_portal_bulk.CLIENT_NAME).count()
    if members >= SEED["scale"] * SEED["orders_per_member"] and client >= rows:
        return
    print(f"Seeding the demo, 1 000 members with 100 orders and invoices each, and a client with {rows} (minutes)")
    started = time.monotonic()
    BenchmarkCommand().seed(SEED["scale"], SEED["orders_per_member"], SEED["invoices_per_member"])
    added = client_portal_bulk.seed_client_portal_rows(rows, seed_entities())
    print(f"Seeded in {time.monotonic() - started:.0f} s; the client's rows added: {added}")
    with connection.cursor() as cursor:  # statistics and the visibility map, as autovacuum keeps them
        cursor.execute("VACUUM ANALYZE")


def pages() -> list[tuple[str, Callable[[], str]]]:
    """(label, URL) of the measured pages; the URLs of detail pages are looked up in the data."""
    from portal.clientportal.access import shown_to_client_q
    from portal.demo import client_portal_bulk
    from portal.invoicing.models import Invoice
    from portal.orders.models import Order

    client = client_portal_bulk.CLIENT_NAME

    def order() -> str:
        """An active order the portal shows, with its shared file."""
        shown = Order.objects.filter(shown_to_client_q(), client__name=client, status="active")
        found = shown.filter(attachments__shared_with_client=True).order_by("pk").first() or shown.first()
        assert found is not None
        return f"/client/orders/{found.pk}/"

    def invoice() -> str:
        """An open invoice, partly paid: payment details with the GiroCode of what is still owed."""
        open_ = Invoice.objects.filter(client__name=client, kind="invoice", status="issued").order_by("pk")
        found = open_.filter(paid_amount__gt=0).first() or open_.first()
        assert found is not None
        return f"/client/invoices/{found.pk}/"

    fixed = [
        "/client/",
        "/client/orders/",
        f"/client/orders/?q={FOUND}",
        f"/client/orders/?q={NOT_FOUND}",
        "/client/invoices/",
        "/client/invoices/?status=open",
        "/client/documents/",
        "/client/requests/",
    ]
    return [(url, lambda url=url: url) for url in fixed] + [
        ("/client/orders/{id}/", order),
        ("/client/invoices/{id}/ (open, GiroCode)", invoice),
    ]


def slowest_query(url: str, email: str, host: str) -> tuple[float, str, list[str]]:
    """The slowest query of one request to ``url``: its time in ms, its SQL and its plan."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.accounts.models import User

    http = Client(HTTP_HOST=host)
    http.force_login(User.objects.get(email=email))
    http.get(url)
    with CaptureQueriesContext(connection) as queries:
        http.get(url)
    slowest = max(queries.captured_queries, key=lambda query: float(query["time"]))
    sql = slowest["sql"]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = [row[0] for row in cursor.fetchall()]
    return float(slowest["time"]) * 1000, sql, plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--rows", type=int, default=10_000, help="The client's orders and issued invoices.")
    parser.add_argument("--requests", type=int, default=50, help="Measured requests per page and run.")
    parser.add_argument("--runs", type=int, default=3, help="Runs over all pages.")
    parser.add_argument("--explain", action="store_true", help="Print each page's slowest query and its plan.")
    args = parser.parse_args()

    create_database(args.database)
    setup_django(args.database, secrets.token_urlsafe(50))
    prepare_data(args.rows)

    from django.conf import settings

    from portal.clientportal.models import ClientRequest
    from portal.demo import client_portal_bulk
    from portal.demo.management.commands.benchmark import Command as BenchmarkCommand
    from portal.invoicing.models import Invoice
    from portal.orders.models import Order

    email, name = client_portal_bulk.CONTACT_EMAIL, client_portal_bulk.CLIENT_NAME
    orders = Order.objects.filter(client__name=name)
    print(
        f"{Order.objects.count()} orders and {Invoice.objects.count()} invoices in the database; {name}: "
        f"{orders.count()} orders, {Invoice.objects.filter(client__name=name).exclude(number='').count()} issued "
        f"invoices, {ClientRequest.objects.filter(client__name=name).count()} requests. "
        f"{args.requests} requests per page, {args.runs} runs, as {email}.\n"
    )
    measure = BenchmarkCommand().measure
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
    resolved = [(label, url()) for label, url in pages()]
    results: dict[str, list[tuple[float, float, str]]] = {label: [] for label, _url in resolved}
    for _run in range(args.runs):
        for label, url in resolved:
            results[label].append(measure(email, url, args.requests, host))
    print(f"{'page':<42} {'p50 ms':>8} {'p95 ms (each run)':>24} {'queries':>8}")
    for label, runs in results.items():
        p95s = ", ".join(f"{p95:.1f}" for _p50, p95, _queries in runs)
        print(f"{label:<42} {runs[0][0]:8.1f} {p95s:>24} {runs[0][2]:>8}")
    if args.explain:
        for label, url in resolved:
            took, sql, plan = slowest_query(url, email, host)
            print(f"\n{label} ({url}): slowest query {took:.1f} ms\n{sql}\n" + "\n".join(plan))


if __name__ == "__main__":
    main()
