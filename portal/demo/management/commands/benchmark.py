import os
import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone

from portal.accounts.mfa import TWO_FACTOR_SESSION_KEY
from portal.accounts.models import User
from portal.budget import figures, selectors
from portal.budget.models import Budget, LedgerEntry
from portal.core.pdf import fast_font_subsetting
from portal.demo import (
    budget_data,
    client_portal_data,
    data,
    employment_data,
    expense_bulk,
    expense_data,
    invoice_bulk,
    ledger_bulk,
    order_data,
)
from portal.demo.budget_data import COLLECTIVE_NAME
from portal.demo.issue_timing import time_issuing
from portal.entities.models import IssuingEntity
from portal.expenses.models import ExpenseRequest, Receipt
from portal.invoicing.models import Invoice, InvoiceStatus
from portal.orders.models import Order
from portal.orders.selectors import review_queue_for_staff


def _member_order():
    return f"/orders/{Order.objects.filter(member__email='member@example.com').order_by('pk').first().pk}/"


def _queue_order():
    entity = IssuingEntity.objects.get(code="SC")
    return f"/backoffice/orders/{review_queue_for_staff(entity=entity).first().pk}/"


def _member_invoice():
    """An issued invoice with a payment and e-mails: the fullest detail page (its PDF is a separate request)."""
    invoice = (
        Invoice.objects.filter(member__email="member@example.com", status=InvoiceStatus.ISSUED, paid_amount__gt=0)
        .exclude(pdf="")
        .order_by("pk")
        .first()
    )
    return f"/invoices/{invoice.pk}/" if invoice else None


class PageMissing(Exception):
    pass


def _named(name: str, *args: Any, query: str = "") -> str:
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        raise PageMissing("no such page in this version") from None


def _member_budget() -> int | None:
    """The demo member's personal budget of Smart eG (its bulk invoices give it the most rows)."""
    return (
        Budget.objects.filter(kind=Budget.Kind.PERSONAL, owner__email="member@example.com", entity__code="SC")
        .values_list("pk", flat=True)
        .first()
    )


def _generated_budget() -> int | None:
    """A generated member's budget the staff persona sees (Smart eG), with as many rows as any."""
    return (
        Budget.objects.filter(kind=Budget.Kind.PERSONAL, owner__email__endswith="@" + data.GENERATED_DOMAIN)
        .filter(entity__code="SC")
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def _collective_budget() -> int | None:
    return Budget.objects.filter(kind=Budget.Kind.COLLECTIVE, name=COLLECTIVE_NAME).values_list("pk", flat=True).first()


def _page(name: str, query: str = "") -> Callable[[], str]:
    def url() -> str:
        return _named(name, query=query)

    url.__name__ = f"{name}{query}"
    return url


def _budget_page(name: str, budget: Callable[[], int | None], query: str = "") -> Callable[[], str | None]:
    def url() -> str | None:
        pk = budget()
        return _named(name, pk, query=query) if pk else None

    url.__name__ = f"{name}{query}"
    return url


#: (login, URL or a function returning it or None when there is nothing to show) of the key pages.
PAGES = [
    ("member@example.com", "/dashboard/"),
    ("member@example.com", "/orders/"),
    ("member@example.com", "/orders/?status=active"),
    ("member@example.com", _member_order),
    ("member@example.com", "/invoices/"),
    ("member@example.com", "/invoices/?status=issued"),
    ("member@example.com", _member_invoice),
    ("member@example.com", "/clients/"),
    ("member@example.com", "/profile/"),
    ("member@example.com", "/settings/"),
    ("staff@example.com", "/backoffice/"),
    ("staff@example.com", "/backoffice/orders/"),
    ("staff@example.com", _queue_order),
    ("staff@example.com", "/backoffice/invoices/"),
    ("staff@example.com", "/backoffice/invoices/?overdue=1"),
    ("staff@example.com", "/backoffice/personal-data/"),
    ("staff@example.com", "/backoffice/personal-data/?status=all"),
    ("staff@example.com", "/backoffice/members/"),
    ("staff@example.com", "/backoffice/emails/"),
    ("client@example.com", "/client/"),
    # Budgets (DESIGN §6): the page with figures, chart and statement, the statement of a year, the CSV.
    ("member@example.com", _budget_page("budget:detail", _member_budget)),
    ("member@example.com", _budget_page("budget:detail", _member_budget, "?period=year")),
    ("member@example.com", _budget_page("budget:detail", _member_budget, "?period=all")),
    ("member@example.com", _budget_page("budget:statement_csv", _member_budget)),
    ("member@example.com", _budget_page("budget:statement_csv", _member_budget, "?period=all")),
    ("member2@example.com", _budget_page("budget:detail", _collective_budget)),
    ("staff@example.com", _page("backoffice:budget_list")),
    ("staff@example.com", _budget_page("backoffice:budget_detail", _member_budget)),
    ("staff@example.com", _budget_page("backoffice:budget_detail", _generated_budget)),
    # Expenses (DESIGN §7): the member's requests and saved receipts, the Smart team's queue and payouts.
    ("member@example.com", _page("expenses:list")),
    ("member@example.com", _page("expenses:list", "?status=paid")),
    ("member@example.com", _page("expenses:receipts")),
    ("staff@example.com", _page("backoffice:expense_queue")),
    ("staff@example.com", _page("backoffice:expense_queue", "?status=paid")),
    ("staff@example.com", _page("backoffice:payout_list")),
    # Employment (DESIGN §8): the Smart team's list (``bench/employment.py`` measures it at 10 000 rows).
    ("staff@example.com", _page("backoffice:employment_list")),
    ("staff@example.com", _page("backoffice:employment_list", "?status=active")),
]


class Command(BaseCommand):
    help = (
        "Measure server time (p50/p95) and query count of the key pages on the current database, "
        "and how fast invoices are issued."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=50, help="Measured requests per page.")
        parser.add_argument("--scale", type=int, default=0, help="First make sure N generated members exist.")
        parser.add_argument("--orders-per-member", type=int, default=0, help="Give generated members orders.")
        parser.add_argument(
            "--invoices-per-member", type=int, default=0, help="Give generated members' orders invoices."
        )
        parser.add_argument(
            "--ledger-rows-per-member",
            type=int,
            default=0,
            help="Bring generated members' budgets to N ledger rows (invoices, transfers, corrections).",
        )
        parser.add_argument(
            "--expense-requests-per-member",
            type=int,
            default=0,
            help="Bring generated members (and the demo member) to N expense requests.",
        )
        parser.add_argument(
            "--issue", type=int, default=20, help="Issue N invoices (rolled back) and report the rate; 0 skips."
        )
        parser.add_argument("--max-p95-ms", type=float, default=0, help="Fail when a page's p95 exceeds this.")

    def handle(self, *args, requests=50, issue=20, max_p95_ms=0, **options):
        self.seed(
            options["scale"],
            options["orders_per_member"],
            options["invoices_per_member"],
            options["ledger_rows_per_member"],
            options["expense_requests_per_member"],
        )
        host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
        members = User.objects.filter(roles__kind="member").distinct().count()
        orders, invoices = Order.objects.count(), Invoice.objects.count()
        budgets, rows = Budget.objects.count(), LedgerEntry.objects.count()
        expenses, receipts = ExpenseRequest.objects.count(), Receipt.objects.count()
        self.stdout.write(
            f"{members} members, {orders} orders, {invoices} invoices, {budgets} budgets, {rows} ledger rows, "
            f"{expenses} expense requests, {receipts} receipts in the database; {requests} requests per page.\n"
        )
        self.stdout.write(f"{'page':<48} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        too_slow, failed = [], []
        for email, page in PAGES:
            label = email.split("@")[0] + " " + (page.__name__ if callable(page) else page)
            try:
                url = page() if callable(page) else page
                label = email.split("@")[0] + " " + str(url)
                p50, p95, queries = self.measure(email, url, requests, host)
            except PageMissing as missing:
                self.stdout.write(f"{label:<48} skipped: {missing}")
                continue
            except Exception as error:  # one broken page must not hide the numbers of the others
                self.stdout.write(f"{label:<48} failed: {error!r}")
                failed.append(str(url))
                continue
            self.stdout.write(f"{label:<48} {p50:8.1f} {p95:8.1f} {queries:>8}")
            if max_p95_ms and p95 > max_p95_ms:
                too_slow.append(url)
        self.report_budget_selectors(requests)
        if issue > 0:
            self.report_issuing(issue)
        if failed:
            raise CommandError(f"failed: {', '.join(failed)}")
        if too_slow:
            raise CommandError(f"p95 above {max_p95_ms} ms: {', '.join(too_slow)}")

    def seed(
        self, scale, orders_per_member, invoices_per_member, ledger_rows_per_member=0, expense_requests_per_member=0
    ):
        entities = data.seed_entities()
        data.seed_logins(entities)
        budget_data.seed_demo_journeys(entities)
        employment_data.seed_demo_journeys(entities)
        expense_data.seed_demo_journeys(entities)
        client_portal_data.seed_demo_journeys(entities)
        if scale:
            data.seed_generated_members(scale, entities)
        if orders_per_member:
            order_data.seed_generated_orders(orders_per_member)
        if invoices_per_member:
            invoice_bulk.seed_generated_invoices(invoices_per_member)
        if ledger_rows_per_member:
            ledger_bulk.seed_ledger_rows(ledger_rows_per_member)
        if expense_requests_per_member:
            expense_bulk.seed_expense_requests(expense_requests_per_member)

    def measure(self, email, url, requests, host):
        if url is None:
            raise PageMissing("nothing to show in this database")
        try:
            resolve(urlsplit(url).path)
        except Resolver404:
            raise PageMissing("no such page in this version") from None
        client = Client(HTTP_HOST=host)
        user = User.objects.get(email=email)
        client.force_login(user)
        # As after a sign-in with the second factor that staff logins need (the demo logins have no app).
        session = client.session
        session[TWO_FACTOR_SESSION_KEY] = user.pk
        session.save()
        return self.timed(lambda: self.get(client, url), requests)

    @staticmethod
    def timed(call: Callable[[], object], requests: int) -> tuple[float, float, str]:
        """p50 and p95 in ms of ``call`` and its query counts, after three calls to warm up."""
        for _warm_up in range(3):
            call()
        timings, query_counts = [], set()
        for _request in range(requests):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                call()
                timings.append((time.perf_counter() - started) * 1000)
            query_counts.add(len(queries))
        p95 = statistics.quantiles(timings, n=20)[-1] if len(timings) > 1 else timings[0]
        return statistics.median(timings), p95, "/".join(str(n) for n in sorted(query_counts))

    @staticmethod
    def get(client, url):
        response = client.get(url)
        if response.status_code == 404:
            raise PageMissing("answered 404")
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        if response.streaming:  # a CSV download: the time to write it all counts
            b"".join(response.streaming_content)

    def report_budget_selectors(self, requests):
        """The reads a budget page is made of, called directly (also when the pages do not exist yet)."""
        today = timezone.localdate()
        year = selectors.Period(date(today.year, 1, 1), date(today.year, 12, 31))
        everything = selectors.Period(None, None)
        budgets = [("demo member", _member_budget()), ("generated", _generated_budget())]
        self.stdout.write("")
        self.stdout.write(f"{'budget selector':<64} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        for name, pk in budgets:
            if pk is None:
                continue
            rows = LedgerEntry.objects.filter(budget_id=pk).count()
            calls = {
                "figures_of": lambda pk=pk: figures.figures_of(pk, today=today),
                "statement, year: first 50 + opening": lambda pk=pk: (
                    list(selectors.statement_rows(pk, year)[:50]),
                    selectors.opening_balance(pk, year.start),
                ),
                "statement, all: first 50": lambda pk=pk: list(selectors.statement_rows(pk, everything)[:50]),
                "statement, all: every row": lambda pk=pk: list(selectors.statement_rows(pk, everything)),
                "totals_by_kind, year": lambda pk=pk: selectors.totals_by_kind(pk, year),
                "monthly_sums, 12 months": lambda pk=pk: selectors.monthly_sums(
                    pk, today.replace(day=1, year=today.year - 1)
                ),
            }
            for label, call in calls.items():
                p50, p95, queries = self.timed(call, requests)
                self.stdout.write(f"{f'{name} ({rows} rows): {label}':<64} {p50:8.1f} {p95:8.1f} {queries:>8}")

    def report_issuing(self, count):
        timing = time_issuing(count)
        self.stdout.write("")
        self.stdout.write(
            f"Issuing {timing.count} invoices (PDF/A-3 + CII XML + e-mails, one process, rolled back): "
            f"{timing.per_second:.1f} invoices/s, p50 {timing.p50_ms:.0f} ms, p95 {timing.p95_ms:.0f} ms per invoice "
            f"(first of the process {timing.first_ms:.0f} ms; {os.cpu_count()} CPUs)."
        )
        if not fast_font_subsetting():
            self.stdout.write(
                self.style.WARNING(
                    "PDF fonts are subsetted with fontTools, which is ~3x slower: install HarfBuzz-Subset "
                    "(Debian: apt-get install libharfbuzz-subset0)."
                )
            )
