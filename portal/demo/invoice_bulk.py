"""Bulk invoices for benchmarks: rows in every status on the orders of generated members (no documents).

Rows are written with ``bulk_create`` in batches; numbers are taken from the real number sequences
(per entity, year and series, in date order), so invoices issued later through the services continue
the series without a gap or a clash. Amounts, lines, payments, fee rates and the budget's ledger rows
(income and fee of each issued invoice, their reversal for each cancellation) agree as the services
would leave them.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Sum
from django.utils import timezone

from portal.accounts.models import User
from portal.core import money
from portal.customers.models import Client
from portal.entities.models import IssuingEntity
from portal.invoicing.models import Invoice, InvoiceLine, InvoiceStatus, NumberSequence, Payment
from portal.invoicing.numbering import PREFIX
from portal.invoicing.services import REMINDER_DAYS
from portal.invoicing.snapshots import issuer_snapshot, recipient_snapshot
from portal.orders.models import Order, OrderLine, OrderStatus, PlannedInvoice

from .budget_bulk import FeeRates, book_invoices, give_budgets, personal_budgets
from .data import GENERATED_DOMAIN

#: Orders that have invoices (the others are not confirmed yet or were rejected).
INVOICED_ORDER_STATUSES = (
    OrderStatus.ACTIVE,
    OrderStatus.COMPLETED,
    OrderStatus.CANCELLATION_REVIEW,
    OrderStatus.CANCELLED,
)
#: Enough rows for the demo member's invoice list to have many pages, as a busy member's would.
DEMO_MEMBER_INVOICES = 300
DEMO_MEMBER_ORDER_TITLES = ("Rahmenvertrag Kommunikationsberatung", "Fotoarchiv Digitalisierung")
MEMBERS_PER_BATCH = 100
#: Open invoices are recent; older ones have been paid (or cancelled) long ago.
OPEN_FOR_DAYS = 75


@dataclass
class _Row:
    invoice: Invoice
    line: InvoiceLine
    payment: Payment | None = None
    cancellation: "_Row | None" = None


class RowFactory:
    """Invoices of one order at a time, with status, dates and amounts that fit together."""

    def __init__(self, *, today: date, rng: random.Random):
        self.today, self.rng = today, rng
        self.issuers = {entity.pk: issuer_snapshot(entity) for entity in IssuingEntity.objects.all()}
        self.fee_rates = FeeRates()

    def row(self, order: Order, *, issued: bool = False) -> _Row:
        """An invoice of ``order``; of an active order also a draft due soon, unless ``issued``."""
        rng, today = self.rng, self.today
        if order.status == OrderStatus.ACTIVE:
            latest = -1 if issued else settings.INVOICE_DRAFT_DAYS_AHEAD
            planned = today + timedelta(days=rng.randint(-540, latest))
        else:
            planned = today - timedelta(days=rng.randint(10, 720))
        quantity, unit_price = Decimal(rng.randint(1, 10)), Decimal(rng.randint(80, 900))
        rate = Decimal(rng.choice(["19.00", "19.00", "19.00", "7.00"]))
        totals = money.totals([(quantity, unit_price, rate)])
        invoice = Invoice(
            order=order,
            member_id=order.member_id,
            entity_id=order.entity_id,
            client=order.client,
            title=order.title,
            description=order.description,
            service_start=order.service_start,
            service_end=order.service_end,
            planned_date=planned,
            net_total=totals.net,
            vat_total=totals.vat,
            gross_total=totals.gross,
        )
        line = InvoiceLine(
            position=0, description="Leistung", quantity=quantity, unit="C62", unit_price=unit_price, vat_rate=rate
        )
        row = _Row(invoice, line)
        if planned > today:
            invoice.status = InvoiceStatus.AWAITING_UPDATE if rng.random() < 0.1 else InvoiceStatus.DRAFT
            return row
        self._issue(invoice, planned)
        self._settle(row, order)
        return row

    def _issue(self, invoice: Invoice, day: date) -> None:
        invoice.status = InvoiceStatus.ISSUED
        invoice.issue_date = day
        invoice.due_date = day + timedelta(days=settings.INVOICE_PAYMENT_DAYS)
        invoice.issued_at = timezone.make_aware(datetime.combine(day, time(6, 20)))
        # The rate of the issue day; a cancellation reverses the fee at the cancelled invoice's rate.
        invoice.fee_rate = invoice.cancels.fee_rate if invoice.cancels else self.fee_rates.on(invoice.entity_id, day)
        invoice.issuer = self.issuers[invoice.entity_id]
        invoice.recipient = recipient_snapshot(invoice)

    def _settle(self, row: _Row, order: Order) -> None:
        invoice, rng, today = row.invoice, self.rng, self.today
        issued = _issue_date(invoice)
        roll = rng.random()
        recent = issued >= today - timedelta(days=OPEN_FOR_DAYS)
        if roll < 0.04 or (order.status == OrderStatus.CANCELLED and roll < 0.5):
            invoice.status = InvoiceStatus.CANCELLED
            cancelled_on = min(today, issued + timedelta(days=rng.randint(2, 20)))
            row.cancellation = self._cancellation(row, cancelled_on)
        elif recent and roll < 0.07:
            invoice.status = InvoiceStatus.DISPUTED
        elif recent and roll < 0.30:
            self._remind(invoice)
            if rng.random() < 0.3:
                self._pay(row, (invoice.gross_total * Decimal(rng.choice(["0.3", "0.5"]))).quantize(money.CENT))
        else:
            invoice.status = InvoiceStatus.PAID
            invoice.paid_at = self._pay(row, invoice.gross_total)

    def _pay(self, row: _Row, amount: Decimal) -> date:
        """Records a payment of ``amount`` and returns the day it was received."""
        received = min(self.today, _issue_date(row.invoice) + timedelta(days=self.rng.randint(3, 30)))
        row.invoice.paid_amount = amount
        row.payment = Payment(amount=amount, received_on=received, source=Payment.Source.BANK_IMPORT)
        return received

    def _remind(self, invoice: Invoice) -> None:
        """The reminder level the daily run would have reached by today."""
        due = invoice.due_date
        assert due is not None
        overdue_days = (self.today - due).days
        level = sum(1 for days in REMINDER_DAYS if overdue_days >= days)
        if level:
            invoice.reminder_level = level
            invoice.last_reminder_on = due + timedelta(days=REMINDER_DAYS[level - 1])

    def _cancellation(self, row: _Row, day: date) -> _Row:
        original, line = row.invoice, row.line
        cancellation = Invoice(
            kind=Invoice.Kind.CANCELLATION,
            order=original.order,
            member_id=original.member_id,
            entity_id=original.entity_id,
            client=original.client,
            title=original.title,
            description=original.description,
            service_start=original.service_start,
            service_end=original.service_end,
            planned_date=day,
            net_total=-original.net_total,
            vat_total=-original.vat_total,
            gross_total=-original.gross_total,
            cancels=original,
        )
        self._issue(cancellation, day)
        negated = InvoiceLine(
            position=0,
            description=line.description,
            quantity=-line.quantity,
            unit=line.unit,
            unit_price=line.unit_price,
            vat_rate=line.vat_rate,
        )
        return _Row(cancellation, negated)


def _issue_date(invoice: Invoice) -> date:
    assert invoice.issue_date is not None, "generated invoices are issued"
    return invoice.issue_date


def _allocate_numbers(invoices: list[Invoice], series: str, codes: dict[int, str]) -> None:
    """Numbers in date order from the real sequences (locked: the caller holds a transaction)."""
    by_sequence: dict[tuple[int, int], list[Invoice]] = {}
    for invoice in sorted(invoices, key=_issue_date):
        by_sequence.setdefault((invoice.entity_id, _issue_date(invoice).year), []).append(invoice)
    for (entity_id, year), numbered in by_sequence.items():
        NumberSequence.objects.get_or_create(entity_id=entity_id, year=year, series=series)
        sequence = NumberSequence.objects.select_for_update().get(entity_id=entity_id, year=year, series=series)
        for invoice in numbered:
            sequence.last += 1
            invoice.number = f"{codes[entity_id]}-{PREFIX[series]}{year}-{sequence.last:05d}"
        sequence.save(update_fields=["last"])


@transaction.atomic
def write_rows(rows: list[_Row], codes: dict[int, str]) -> int:
    cancellations = [row.cancellation for row in rows if row.cancellation]
    _allocate_numbers([row.invoice for row in rows if row.invoice.issue_date], NumberSequence.Series.INVOICE, codes)
    _allocate_numbers([row.invoice for row in cancellations], NumberSequence.Series.CANCELLATION, codes)
    # The database refuses lines of an issued invoice (portal.core.immutability): rows go in as drafts,
    # then get their numbers, as issuing does.
    numbers = {id(row.invoice): row.invoice.number for row in rows + cancellations}
    for row in rows + cancellations:
        row.invoice.number = ""
    Invoice.objects.bulk_create([row.invoice for row in rows], batch_size=1000)
    for row in rows:
        if row.cancellation:  # the original has its primary key now
            row.cancellation.invoice.cancels = row.invoice
    Invoice.objects.bulk_create([row.invoice for row in cancellations], batch_size=1000)
    all_rows = rows + cancellations
    for row in all_rows:
        row.line.invoice = row.invoice
        row.invoice.number = numbers[id(row.invoice)]
        if row.payment:
            row.payment.invoice = row.invoice
            row.payment.reference = row.invoice.number
    InvoiceLine.objects.bulk_create([row.line for row in all_rows], batch_size=1000)
    Invoice.objects.bulk_update([row.invoice for row in all_rows if row.invoice.number], ["number"], batch_size=1000)
    Payment.objects.bulk_create([row.payment for row in rows if row.payment], batch_size=1000)
    book_invoices(
        [row.invoice for row in rows if row.invoice.number],
        [row.invoice for row in cancellations if row.invoice.number],
    )
    # Drafts appear a week before their date (as the scheduler makes them), so their review window is over.
    drafted = timezone.now() - timedelta(days=settings.INVOICE_DRAFT_DAYS_AHEAD)
    Invoice.objects.filter(pk__in=[row.invoice.pk for row in rows if not row.invoice.number]).update(created_at=drafted)
    _cover_invoices(rows)
    return len(all_rows)


def _cover_invoices(rows: list[_Row]) -> None:
    """Raise each order to what all its invoices and its open planned invoices add up to, so that the data
    obeys the rule that the invoices of an order never exceed it (DESIGN §5)."""
    order_ids = {row.invoice.order_id for row in rows}
    invoiced = dict(
        Invoice.objects.filter(order_id__in=order_ids, kind=Invoice.Kind.INVOICE)
        .exclude(status=InvoiceStatus.CANCELLED)
        .values("order_id")
        .annotate(total=Sum("net_total"))
        .order_by()
        .values_list("order_id", "total")
    )
    planned = dict(
        PlannedInvoice.objects.filter(order_id__in=invoiced, invoice__isnull=True)
        .values("order_id")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("order_id", "total")
    )
    totals = {order_id: amount + (planned.get(order_id) or money.ZERO) for order_id, amount in invoiced.items()}
    OrderLine.objects.filter(order_id__in=totals).delete()
    OrderLine.objects.bulk_create(
        [
            OrderLine(
                order_id=order_id,
                position=1,
                description="Leistungen laut Einzelrechnungen",
                quantity=1,
                unit="LS",
                unit_price=total,
                vat_rate=Decimal("19.00"),
            )
            for order_id, total in totals.items()
        ],
        batch_size=1000,
    )
    Order.objects.bulk_update(
        [Order(pk=order_id, net_total=total) for order_id, total in totals.items()], ["net_total"], batch_size=1000
    )


def invoiced_orders(member_ids: list[int]) -> dict[int, list[Order]]:
    """The members' orders that have invoices, each with its budget (given as approval would)."""
    orders: dict[int, list[Order]] = {}
    invoiced = list(
        Order.objects.filter(member_id__in=member_ids, status__in=INVOICED_ORDER_STATUSES)
        .select_related("client")
        .order_by("pk")
    )
    give_budgets(invoiced)
    for order in invoiced:
        orders.setdefault(order.member_id, []).append(order)
    return orders


def _invoices_for(orders_by_member: dict[int, list[Order]], count: int, factory: RowFactory) -> list[_Row]:
    return [factory.row(orders[i % len(orders)]) for orders in orders_by_member.values() for i in range(count)]


def demo_member_orders(member: User, entity) -> tuple[list[Order], bool]:
    """Two long-running orders of the demo member that carry its bulk invoices (created once), and
    whether they were created now."""
    existing = list(member.orders.filter(title__in=DEMO_MEMBER_ORDER_TITLES).select_related("client").order_by("pk"))
    if existing:
        return existing, False
    today = timezone.localdate()
    client = Client.objects.get(name="Kunde XYZ GmbH")
    budget = personal_budgets([(member.pk, entity.pk)])[(member.pk, entity.pk)]
    orders = Order.objects.bulk_create(
        [
            Order(
                member=member,
                entity=entity,
                client=client,
                status=status,
                title=title,
                description=f"{title}: laufende Leistungen nach Aufwand.",
                contact_email=client.invoice_email,
                service_start=today - timedelta(days=730),
                service_end=today + timedelta(days=180),
                skip_client_confirmation=True,
                submitted_at=timezone.now() - timedelta(days=730),
                net_total=Decimal("1000.00"),
                budget_id=budget,
            )
            for title, status in zip(DEMO_MEMBER_ORDER_TITLES, (OrderStatus.ACTIVE, OrderStatus.COMPLETED), strict=True)
        ]
    )
    for order in orders:
        OrderLine.objects.create(
            order=order, position=1, description="Leistung", quantity=1, unit="C62", unit_price=1000, vat_rate=19
        )
        assert order.service_end is not None
        PlannedInvoice.objects.create(order=order, date=order.service_end, amount=order.net_total)
    return orders, True


def seed_generated_invoices(per_member: int, *, seed: int = 2026) -> int:
    """Give every generated member with orders ``per_member`` invoices (once), and the demo member a few
    hundred, spread over all statuses. Returns the number of invoices written."""
    if per_member <= 0:
        return 0
    rng = random.Random(seed)
    factory = RowFactory(today=timezone.localdate(), rng=rng)
    codes = dict(IssuingEntity.objects.values_list("pk", "code"))
    members = list(
        User.objects.filter(email__endswith="@" + GENERATED_DOMAIN)
        .filter(Exists(Order.objects.filter(member=OuterRef("pk"), status__in=INVOICED_ORDER_STATUSES)))
        .exclude(Exists(Invoice.objects.filter(member=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    created = 0
    for start in range(0, len(members), MEMBERS_PER_BATCH):
        orders = invoiced_orders(members[start : start + MEMBERS_PER_BATCH])
        created += write_rows(_invoices_for(orders, per_member, factory), codes)
    demo_member = User.objects.filter(email="member@example.com").first()
    if demo_member is not None:
        with transaction.atomic():
            demo_orders, new = demo_member_orders(demo_member, IssuingEntity.objects.get(code="SC"))
            if new:
                rows = _invoices_for({demo_member.pk: demo_orders}, DEMO_MEMBER_INVOICES, factory)
                created += write_rows(rows, codes)
    analyse()
    return created


def analyse() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics, so the planner sees the real table sizes
            cursor.execute("ANALYZE")
