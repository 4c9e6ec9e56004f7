"""Demo clients and orders: a few real journeys for the demo member, bulk data for benchmarks."""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from portal.accounts.models import Role, User
from portal.core.transitions import Actor
from portal.customers.models import Client, ContactPerson
from portal.orders.models import Order, OrderLine, OrderStatus, PlannedInvoice
from portal.orders.services import order_recalculate, order_transition
from portal.orders.transitions import Event

from .budget_bulk import assign_budgets
from .data import GENERATED_DOMAIN


def demo_order(member, entity, client, title, lines, *, days_ahead=30, unit="DAY", **fields) -> Order:
    """A draft order with ``lines`` of (description, quantity, unit price, VAT rate), invoiced once after
    its service period; ``fields`` override the defaults (e.g. the service period)."""
    today = timezone.localdate()
    values = {
        "contact_name": client.contacts.first().name if client.contacts.exists() else "",
        "contact_email": client.invoice_email,
        "description": f"{title} – Konzeption, Durchführung und Dokumentation.",
        "activity": "Beratung",
        "service_start": today,
        "service_end": today + timedelta(days=days_ahead),
        "place_of_performance": client.city,
        "country_of_performance": "DE",
        "offer_valid_until": today + timedelta(days=10),
        **fields,
    }
    order = Order.objects.create(member=member, entity=entity, client=client, title=title, **values)
    for position, (description, quantity, price, rate) in enumerate(lines, start=1):
        OrderLine.objects.create(
            order=order,
            position=position,
            description=description,
            quantity=Decimal(quantity),
            unit=unit,
            unit_price=Decimal(price),
            vat_rate=Decimal(rate),
        )
    order_recalculate(order)
    assert order.service_end is not None
    PlannedInvoice.objects.create(order=order, date=order.service_end + timedelta(days=1), amount=order.net_total)
    return order


@transaction.atomic
def seed_demo_orders(member: User, staff: User, entity) -> None:
    """The demo member's clients and orders in the typical statuses (only once)."""
    if member.orders.exists():
        return
    abc = Client.objects.get(name="Kunde ABC e.V.")
    abc.created_by = member
    abc.save(update_fields=["created_by"])
    ContactPerson.objects.get_or_create(client=abc, name="Peter Becker", defaults={"email": "client@example.com"})
    xyz, _created = Client.objects.get_or_create(
        name="Kunde XYZ GmbH",
        defaults={
            "kind": Client.Kind.BUSINESS_EU_VAT,
            "street": "Speicherstadt 3",
            "postal_code": "20457",
            "city": "Hamburg",
            "vat_id": "DE136695976",
            "invoice_email": "buchhaltung@xyz.example",
            "created_by": member,
        },
    )
    demo_order(member, entity, abc, "Website-Relaunch (Entwurf)", [("Konzept", "2", "450.00", "19.00")])
    review = demo_order(member, entity, abc, "Workshop Teamentwicklung", [("Workshoptag", "2", "475.00", "19.00")])
    order_transition(order_id=review.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    waiting = demo_order(member, entity, xyz, "Fotoreportage Jubiläum", [("Fototag", "1", "800.00", "19.00")])
    order_transition(order_id=waiting.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    order_transition(order_id=waiting.pk, event=Event.APPROVE, actor=Actor.STAFF, user=staff)
    active = demo_order(
        member,
        entity,
        xyz,
        "Illustrationen Jahresbericht",
        [("Illustration", "5", "100.00", "7.00")],
        skip_client_confirmation=True,
    )
    order_transition(order_id=active.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    order_transition(order_id=active.pk, event=Event.APPROVE, actor=Actor.STAFF, user=staff)


def seed_generated_orders(per_member: int, *, seed: int = 2026) -> int:
    """Give every generated member ``per_member`` orders spread over all statuses (bulk, for benchmarks);
    approved ones carry the member's personal budget, as approval gives it."""
    members = list(
        User.objects.filter(email__endswith="@" + GENERATED_DOMAIN, orders__isnull=True)
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    if not members or per_member <= 0:
        return 0
    entity_of = dict(
        Role.objects.filter(user_id__in=members, kind=Role.Kind.MEMBER).values_list("user_id", "entity_id")
    )
    fake = Faker("de_DE")
    Faker.seed(seed)
    rng = random.Random(seed)
    clients = Client.objects.bulk_create(
        [Client(name=fake.company(), city=fake.city(), invoice_email=fake.company_email()) for _ in range(200)]
    )
    statuses = OrderStatus.values
    now = timezone.now()
    created = 0
    for start in range(0, len(members), 200):
        batch = members[start : start + 200]
        orders = []
        for member_id in batch:
            for i in range(per_member):
                status = statuses[(member_id + i) % len(statuses)]
                quantity, price = Decimal(rng.randint(1, 10)), Decimal(rng.randint(80, 900))
                orders.append(
                    Order(
                        member_id=member_id,
                        entity_id=entity_of[member_id],
                        client=rng.choice(clients),
                        status=status,
                        title=fake.catch_phrase()[:200],
                        description=fake.sentence(),
                        contact_email=fake.email(),
                        service_start=now.date() - timedelta(days=rng.randint(0, 300)),
                        service_end=now.date() + timedelta(days=rng.randint(1, 120)),
                        offer_valid_until=now.date() + timedelta(days=rng.randint(1, 30)),
                        submitted_at=None
                        if status == OrderStatus.DRAFT
                        else now - timedelta(hours=rng.randint(1, 900)),
                        net_total=quantity * price,
                    )
                )
        assign_budgets(orders)  # as approval does
        orders = Order.objects.bulk_create(orders, batch_size=1000)
        OrderLine.objects.bulk_create(
            [
                OrderLine(
                    order=o,
                    position=1,
                    description="Leistung",
                    quantity=o.net_total,
                    unit="C62",
                    unit_price=Decimal("1.00"),
                    vat_rate=Decimal("19.00"),
                )
                for o in orders
            ],
            batch_size=1000,
        )
        PlannedInvoice.objects.bulk_create(
            [PlannedInvoice(order=o, date=o.service_end or now.date(), amount=o.net_total) for o in orders],
            batch_size=1000,
        )
        created += len(orders)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics, so the planner sees the real table sizes
            cursor.execute("ANALYZE")
    return created
