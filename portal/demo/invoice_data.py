"""Demo invoices of the demo member in every status, made through the invoicing services.

Each order is activated like a real one (its drafts appear at activation), past drafts are dated back
by staff and issued on their date, so numbers, documents (PDF/A-3 with the e-invoice), e-mails, payments
and the history are all real. Only a handful are issued: each one renders a PDF.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from portal.accounts.models import User
from portal.core.transitions import Actor
from portal.customers.models import Client
from portal.invoicing import services
from portal.invoicing.models import Invoice, Payment
from portal.invoicing.transitions import Event as InvoiceEvent
from portal.orders.models import Order, PlannedInvoice
from portal.orders.services import order_plan_monthly, order_transition
from portal.orders.transitions import Event

from .order_data import demo_order

#: The first demo order with invoices; when it exists, the demo invoices have been seeded.
FIRST_TITLE = "Jahresbericht 2025 – Gestaltung"


def demo_clients(member: User) -> dict[str, Client]:
    austrian, _created = Client.objects.get_or_create(
        name="Kulturverein Donaukanal",
        defaults={
            "kind": Client.Kind.BUSINESS_EU_VAT,
            "street": "Obere Donaustraße 23",
            "postal_code": "1020",
            "city": "Wien",
            "country": "AT",
            "vat_id": "ATU13585627",
            "invoice_email": "office@donaukanal.example",
            "created_by": member,
        },
    )
    public, _created = Client.objects.get_or_create(
        name="Stadtbibliothek Musterstadt",
        defaults={
            "kind": Client.Kind.BUSINESS,
            "street": "Am Markt 5",
            "postal_code": "14467",
            "city": "Potsdam",
            "invoice_email": "rechnungseingang@bibliothek.example",
            "is_public_sector": True,
            "leitweg_id": "991-33333TEST-33",  # the published test Leitweg-ID of the XRechnung standard
            "created_by": member,
        },
    )
    return {
        "abc": Client.objects.get(name="Kunde ABC e.V."),
        "xyz": Client.objects.get(name="Kunde XYZ GmbH"),
        "austrian": austrian,
        "public": public,
    }


def active_order(member, staff, entity, client, title, lines, *, start: date, end: date, unit="DAY", **fields):
    """An order activated by staff (without client confirmation), invoiced once on ``end`` + 2 days."""
    order = demo_order(
        member,
        entity,
        client,
        title,
        lines,
        unit=unit,
        service_start=start,
        service_end=end,
        skip_client_confirmation=True,
        **fields,
    )
    order.planned_invoices.update(date=end + timedelta(days=2))
    return order


def activate(order: Order, member: User, staff: User) -> None:
    """Submit and approve ``order`` today, then date its planned invoices back (demo history)."""
    today = timezone.localdate()
    past = order.planned_invoices.filter(date__lt=today)
    history = list(past.values_list("pk", "date"))
    past.update(date=today)  # a submission plans nothing in the past
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    order_transition(order_id=order.pk, event=Event.APPROVE, actor=Actor.STAFF, user=staff)
    for pk, day in history:
        PlannedInvoice.objects.filter(pk=pk).update(date=day)


def issue_on(order: Order, day: date, staff: User) -> Invoice:
    """The order's draft planned for ``day``, dated back to that day by staff and issued on it."""
    draft = order.invoices.get(planned_invoice__date=day)
    # Created well before ``day`` (demo history), so the member's two-day review window has passed.
    Invoice.objects.filter(pk=draft.pk).update(
        created_at=timezone.make_aware(datetime.combine(day, time()) - timedelta(days=7))
    )
    lines = [line.values() for line in draft.lines.all()]
    services.invoice_update_draft(user=staff, invoice_id=draft.pk, fields={"planned_date": day}, lines=lines, today=day)
    return services.invoice_issue(invoice_id=draft.pk, actor=Actor.SYSTEM, today=day)


def _remind(invoice: Invoice, *days: date) -> None:
    """Payment reminders for ``invoice`` on each of ``days``.

    The reminder run covers every overdue invoice of the database, so it only runs while the demo
    invoice is the only one due for a reminder (a fresh database, as ``seed_demo`` starts with).
    """
    if services.reminder_candidates(today=timezone.localdate()).exclude(pk=invoice.pk).exists():
        return
    for day in days:
        services.invoice_reminders_send(today=day)


@transaction.atomic
def seed_demo_invoices(member: User, staff: User, entity) -> None:
    """Invoices of the demo member in every status (only once): paid, overdue with reminders, disputed,
    cancelled with its cancellation invoice, partially paid, issued, awaiting an update, and a draft."""
    if member.orders.filter(title=FIRST_TITLE).exists():
        return
    today = timezone.localdate()
    clients = demo_clients(member)

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    def order(client, title, lines, *, start, end, **fields):
        new = active_order(member, staff, entity, clients[client], title, lines, start=start, end=end, **fields)
        activate(new, member, staff)
        return new

    paid = issue_on(
        order("xyz", FIRST_TITLE, [("Gestaltung", "4", "650.00", "19.00")], start=ago(75), end=ago(62)),
        ago(60),
        staff,
    )
    services.payment_record(
        invoice_id=paid.pk,
        amount=paid.gross_total,
        received_on=ago(48),
        user=staff,
        reference=f"{paid.number} Kunde XYZ GmbH",
        source=Payment.Source.BANK_IMPORT,
    )

    overdue = issue_on(
        order(
            "austrian",
            "Fotodokumentation Donaukanalfest",
            [("Fototag", "2", "720.00", "19.00")],
            start=ago(50),
            end=ago(44),
            country_of_performance="AT",
        ),
        ago(42),
        staff,
    )

    disputed = issue_on(
        order(
            "public",
            "Moderation Fachtag Lesekultur",
            [("Moderation", "1", "900.00", "19.00"), ("Vorbereitung", "4", "80.00", "19.00")],
            start=ago(35),
            end=ago(35),
        ),
        ago(33),
        staff,
    )
    services.invoice_transition(
        invoice_id=disputed.pk,
        event=InvoiceEvent.DISPUTE,
        actor=Actor.STAFF,
        user=staff,
        reason="Die Stadtbibliothek bestreitet die vier Stunden Vorbereitung; Rückfrage beim Mitglied läuft.",
    )

    cancelled = issue_on(
        order("abc", "Workshop Storytelling", [("Workshoptag", "2", "475.00", "19.00")], start=ago(30), end=ago(28)),
        ago(26),
        staff,
    )
    services.invoice_cancel(
        invoice_id=cancelled.pk,
        actor=Actor.STAFF,
        user=staff,
        reason="Falscher Leistungszeitraum; die Rechnung wird korrigiert neu gestellt.",
        today=ago(21),
    )

    instalments = demo_order(
        member,
        entity,
        clients["abc"],
        "Website-Betreuung Winterhalbjahr",
        [("Betreuung", "3", "600.00", "19.00")],
        unit="MON",
        service_start=ago(12),
        service_end=today + timedelta(days=75),
        skip_client_confirmation=True,
    )
    order_plan_monthly(member=member, order_id=instalments.pk, first_date=ago(10), months=3)
    activate(instalments, member, staff)
    partly_paid = issue_on(instalments, ago(10), staff)
    services.payment_record(
        invoice_id=partly_paid.pk,
        amount=Decimal("300.00"),
        received_on=ago(4),
        user=staff,
        reference=partly_paid.number,
    )

    issue_on(
        order("xyz", "Illustrationen Kinderbuch", [("Illustration", "6", "180.00", "7.00")], start=ago(20), end=ago(5)),
        ago(3),
        staff,
    )

    soon = today + timedelta(days=3)
    waiting = order("abc", "Podcast-Schnitt Staffel 2", [("Schnitt", "12", "65.00", "19.00")], start=ago(10), end=soon)
    services.invoice_transition(
        invoice_id=waiting.invoices.get().pk,
        event=InvoiceEvent.REQUEST_CHANGES,
        actor=Actor.MEMBER,
        user=member,
        reason="Bitte 14 statt 12 Stunden abrechnen: zwei Folgen kamen nachträglich dazu.",
    )

    # Its draft is due in a few days: the member checks it now.
    order("xyz", "Social-Media-Redaktion Dezember", [("Redaktion", "5", "320.00", "19.00")], start=ago(20), end=soon)

    _remind(overdue, ago(14), today)
