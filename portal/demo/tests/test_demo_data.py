from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from portal.accounts.models import MemberProfile, Role, User
from portal.core.models import OutboundEmail
from portal.demo.budget_data import HISTORY
from portal.entities.fees import fee_rate
from portal.entities.models import IssuingEntity
from portal.orders.models import Order

pytestmark = pytest.mark.django_db

#: The demo member's orders: the twelve of the order and invoice journeys, the year of budget history
#: (``budget_data.HISTORY`` without the other members') and the collective's latest one, and the client
#: portal's six (``client_portal_data``: four offers and orders, the overdue workshop, the accepted request's draft).
BUDGET_ORDERS = sum(1 for past in HISTORY if past.who in ("member", "collective")) + 1
CLIENT_PORTAL_ORDERS = 6
DEMO_MEMBER_ORDERS = 12 + BUDGET_ORDERS + CLIENT_PORTAL_ORDERS
DEMO_MEMBER_STATUSES = {"draft", "smart_review", "client_confirmation", "active", "completed", "rejected"}


def test_seed_demo_is_idempotent_and_covers_every_role(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    assert sorted(IssuingEntity.objects.values_list("code", flat=True)) == ["AT", "BW", "SC"]
    assert User.objects.count() == 7
    kinds = set(Role.objects.values_list("kind", flat=True))
    assert kinds == {"member", "staff", "client_contact"}
    assert User.objects.get(email="admin@example.com").is_superuser
    member = User.objects.get(email="member@example.com")
    statuses = set(member.orders.values_list("status", flat=True))
    assert statuses == DEMO_MEMBER_STATUSES
    assert member.orders.count() == DEMO_MEMBER_ORDERS
    output = capsys.readouterr().out
    assert "http://127.0.0.1:8000/" in output and "member2@example.com" in output and "client@example.com" in output
    assert "client2@example.com" in output and "member3@example.com" in output


def test_generated_members_are_created_once_with_valid_data():
    call_command("seed_demo", scale=30, quiet_logins=True)
    call_command("seed_demo", scale=30, quiet_logins=True)
    generated = MemberProfile.objects.filter(user__email__endswith="generated.example.net")
    assert generated.count() == 30
    from schwifty import IBAN
    from stdnum.de import idnr

    for profile in generated:
        assert IBAN(profile.iban) and idnr.is_valid(profile.tax_id)


def test_fee_rates_are_dated_per_entity():
    call_command("seed_demo", quiet_logins=True)
    from datetime import date
    from decimal import Decimal

    assert fee_rate(IssuingEntity.objects.get(code="SC"), date(2026, 1, 1)) == Decimal("9.00")
    assert fee_rate(IssuingEntity.objects.get(code="AT"), date(2026, 1, 1)) == Decimal("10.00")
    assert fee_rate(IssuingEntity.objects.get(code="AT"), date(2019, 1, 1)) == 0


def test_benchmark_reports_every_key_page_and_the_issuing_rate(capsys):
    call_command("benchmark", requests=2, issue=2)
    member = User.objects.get(email="member@example.com")
    statuses = set(member.orders.values_list("status", flat=True))
    assert statuses == DEMO_MEMBER_STATUSES
    assert member.orders.count() == DEMO_MEMBER_ORDERS
    output = capsys.readouterr().out
    assert "member /dashboard/" in output and "staff /backoffice/" in output and "p95 ms" in output
    assert "member /invoices/ " in output and "member /invoices/?status=issued" in output
    assert "staff /backoffice/invoices/?overdue=1" in output
    assert "budget selector" in output and "demo member (" in output and "figures_of" in output
    assert "Issuing 2 invoices" in output and "invoices/s" in output


def test_generated_orders_cover_every_status():
    from portal.orders.models import Order, OrderStatus

    call_command("seed_demo", scale=16, orders_per_member=2, quiet_logins=True)
    generated = Order.objects.filter(member__email__endswith="generated.example.net")
    assert generated.count() == 32
    assert set(generated.values_list("status", flat=True)) == set(OrderStatus.values)
    assert all(order.net_total == order.planned_invoices.get().amount for order in generated[:5])


def test_demo_invoices_cover_every_status_and_are_seeded_once():
    from portal.core.audit import audit_history
    from portal.demo.invoice_data import FIRST_TITLE
    from portal.invoicing.models import Invoice, InvoiceStatus
    from portal.invoicing.services import REMINDER_DAYS

    call_command("seed_demo", quiet_logins=True)
    invoices = Invoice.objects.filter(member__email="member@example.com")
    counts = (invoices.count(), Order.objects.count(), OutboundEmail.objects.count())
    call_command("seed_demo", quiet_logins=True)
    assert (invoices.count(), Order.objects.count(), OutboundEmail.objects.count()) == counts

    assert set(invoices.values_list("status", flat=True)) == set(InvoiceStatus.values)
    today = timezone.localdate()
    draft = invoices.get(status=InvoiceStatus.DRAFT)
    assert today < draft.planned_date <= today + timedelta(days=7) and not draft.number
    waiting = invoices.get(status=InvoiceStatus.AWAITING_UPDATE)
    assert "Stunden" in audit_history(waiting).last().message
    overdue = invoices.get(status=InvoiceStatus.ISSUED, reminder_level__gt=0)
    assert overdue.is_overdue and overdue.reminder_level == 2 and overdue.vat_treatment == "AE"
    assert overdue.client.country == "AT" and overdue.due_date + timedelta(days=REMINDER_DAYS[1]) <= today
    partly = invoices.get(status=InvoiceStatus.ISSUED, paid_amount__gt=0)
    assert 0 < partly.paid_amount < partly.gross_total and partly.payments.count() == 1
    paid = invoices.get(status=InvoiceStatus.PAID, order__title=FIRST_TITLE)
    assert paid.paid_amount == paid.gross_total and paid.paid_at
    disputed = invoices.get(status=InvoiceStatus.DISPUTED)
    assert disputed.client.leitweg_id and disputed.xml.name.endswith("xrechnung.xml")
    cancelled = invoices.get(status=InvoiceStatus.CANCELLED)
    correction = cancelled.cancelled_by
    assert correction.number.startswith("SC-ST-") and correction.gross_total == -cancelled.gross_total
    issued = invoices.exclude(number="")
    # the invoice journey's, one per budget order and the client portal's overdue one
    assert issued.count() == 7 + BUDGET_ORDERS + 1
    assert all(invoice.pdf and invoice.xml and invoice.pdf_sha256 for invoice in issued)
    assert issued.filter(issue_date__lt=today - timedelta(days=300)).exists()  # a year of history
    numbered = Invoice.objects.exclude(number="")
    for series in numbered.values("entity", "kind").order_by().distinct():
        numbers = list(numbered.filter(**series).order_by("issue_date", "pk").values_list("number", flat=True))
        assert numbers == sorted(numbers)  # numbered in date order, as the daily run would have issued them


def _bulk_invoices_are_consistent(invoices) -> None:
    from django.db.models import Count, Sum

    from portal.invoicing.models import InvoiceLine, InvoiceStatus, Payment

    issued = invoices.exclude(number="")
    duplicates = issued.values("entity", "number").annotate(n=Count("id")).filter(n__gt=1)
    assert not duplicates.exists()
    assert not invoices.filter(number="", issue_date__isnull=False).exists()
    assert not invoices.filter(status__in=["draft", "awaiting_update"]).exclude(number="").exists()
    line_net = dict(
        InvoiceLine.objects.filter(invoice__in=invoices)
        .values("invoice")
        .annotate(line_net=Sum(F("quantity") * F("unit_price")))
        .values_list("invoice", "line_net")
    )
    paid = dict(
        Payment.objects.filter(invoice__in=invoices)
        .values("invoice")
        .annotate(total=Sum("amount"))
        .values_list("invoice", "total")
    )
    for invoice in invoices:
        assert invoice.net_total == line_net[invoice.pk]
        assert invoice.gross_total == invoice.net_total + invoice.vat_total
        assert invoice.paid_amount == paid.get(invoice.pk, 0)
        if invoice.status == InvoiceStatus.PAID:
            assert invoice.paid_amount == invoice.gross_total and invoice.paid_at
        if invoice.kind == "cancellation":
            assert invoice.cancels.status == InvoiceStatus.CANCELLED
            assert invoice.gross_total == -invoice.cancels.gross_total and "-ST-" in invoice.number


def test_generated_invoices_are_valid_and_continue_the_number_series():
    from portal.core.transitions import Actor
    from portal.invoicing import services
    from portal.invoicing.models import Invoice, InvoiceStatus

    call_command("seed_demo", scale=16, orders_per_member=8, invoices_per_member=12, quiet_logins=True)
    generated = Invoice.objects.filter(member__email__endswith="generated.example.net")
    demo_member = Invoice.objects.filter(member__email="member@example.com")
    counts = (generated.count(), demo_member.count())
    call_command("seed_demo", scale=16, orders_per_member=8, invoices_per_member=12, quiet_logins=True)
    assert (generated.count(), demo_member.count()) == counts

    assert generated.filter(kind="invoice").count() == 16 * 12
    assert demo_member.filter(kind="invoice").count() > 300  # the member's list has many pages
    assert {"paid", "issued", "cancelled"} <= set(generated.values_list("status", flat=True))
    assert set(Invoice.objects.values_list("status", flat=True)) == set(InvoiceStatus.values)
    assert generated.filter(reminder_level__gt=0).exists()
    _bulk_invoices_are_consistent(Invoice.objects.exclude(pdf__gt=""))

    # A generated draft (its review window is over; the demo's own draft was only just made).
    window_over = timezone.now() - timedelta(days=2)
    draft = demo_member.filter(status=InvoiceStatus.DRAFT, created_at__lte=window_over).first()
    issued = services.invoice_issue(invoice_id=draft.pk, actor=Actor.STAFF)
    assert Invoice.objects.filter(entity=issued.entity, number=issued.number).count() == 1


def test_issuing_is_timed_without_leaving_anything_behind(settings):
    from portal.demo.issue_timing import time_issuing
    from portal.invoicing.models import Invoice, NumberSequence

    call_command("seed_demo", quiet_logins=True)
    before = (Invoice.objects.count(), OutboundEmail.objects.count(), list(NumberSequence.objects.values()))
    files = sorted(path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file())
    timing = time_issuing(3)
    assert (Invoice.objects.count(), OutboundEmail.objects.count(), list(NumberSequence.objects.values())) == before
    assert sorted(path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()) == files
    assert timing.count == 3 and timing.per_second > 0 and timing.p50_ms <= timing.p95_ms
