"""How fast invoices are issued: number, snapshots, PDF/A-3 with the EN 16931 XML, XRechnung, e-mails.

The drafts are made on the demo member's active orders and everything happens in one transaction
that is rolled back, and the documents written meanwhile are deleted: nothing of it remains.
"""

import statistics
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.accounts.models import User
from portal.core.transitions import Actor
from portal.invoicing import services
from portal.invoicing.models import Invoice
from portal.orders.models import Order, OrderStatus

#: A typical invoice: two service lines at the standard rate, one at the reduced rate.
LINES = [
    {"description": "Konzeption", "quantity": Decimal("2"), "unit": "DAY", "unit_price": Decimal("650.00")},
    {"description": "Durchführung", "quantity": Decimal("12.5"), "unit": "HUR", "unit_price": Decimal("85.00")},
    {"description": "Fotobuch", "quantity": Decimal("3"), "unit": "C62", "unit_price": Decimal("45.50")},
]
RATES = [Decimal("19.00"), Decimal("19.00"), Decimal("7.00")]
TIMING_ROOM = Decimal("1000000.00")


@dataclass(frozen=True)
class IssueTiming:
    count: int
    first_ms: float  # the first document of a process also loads the fonts
    p50_ms: float
    p95_ms: float
    total_s: float

    @property
    def per_second(self) -> float:
        return self.count / self.total_s


def time_issuing(count: int, *, member_email: str = "member@example.com") -> IssueTiming:
    """Issue ``count`` drafts one after another (single process) and undo everything."""
    member = User.objects.get(email=member_email)
    orders = list(
        Order.objects.filter(member=member, status=OrderStatus.ACTIVE)
        .exclude(client__street="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not orders:
        raise ValueError(f"{member_email} has no active order to invoice")
    lines = [{**line, "vat_rate": rate} for line, rate in zip(LINES, RATES, strict=True)]
    today = timezone.localdate()
    timings, documents = [], []
    with transaction.atomic():
        # Room on the orders for the additional invoices (undone with everything else).
        Order.objects.filter(pk__in=orders).update(net_total=F("net_total") + TIMING_ROOM)
        drafts = [
            services.invoice_add_extra(member=member, order_id=orders[i % len(orders)], planned_date=today, lines=lines)
            for i in range(count + 1)
        ]
        for draft in drafts:  # released by the Smart team, the member's review window over
            services.invoice_transition(invoice_id=draft.pk, event="release", actor=Actor.STAFF)
        Invoice.objects.filter(pk__in=[draft.pk for draft in drafts]).update(
            created_at=timezone.now() - timedelta(days=3)
        )
        for draft in drafts:
            started = time.perf_counter()
            invoice = services.invoice_issue(invoice_id=draft.pk, actor=Actor.STAFF, today=today)
            timings.append((time.perf_counter() - started) * 1000)
            documents += [invoice.pdf.name, invoice.xml.name]
        transaction.set_rollback(True)
    for name in filter(None, documents):
        default_storage.delete(name)
    first, measured = timings[0], timings[1:]
    p95 = statistics.quantiles(measured, n=20)[-1] if len(measured) > 1 else measured[0]
    return IssueTiming(
        count=count,
        first_ms=first,
        p50_ms=statistics.median(measured),
        p95_ms=p95,
        total_s=sum(measured) / 1000,
    )
