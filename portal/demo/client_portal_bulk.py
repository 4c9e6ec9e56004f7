"""One big client for the client portal's benchmark (``--client-portal-rows N``).

The client "Großkunde Nord GmbH" works with the first ``MEMBERS`` generated members (made if missing) and
gets ``N`` orders and ``N`` issued invoices (not counting the cancellation invoices of the cancelled ones);
its contact ``client-bulk@example.com`` (demo password) has every permission. Most orders are ones the
portal shows: about 70 % active or completed, a few awaiting the client's answer, declined by the client,
cancelled or in cancellation review; a twentieth of them is hidden by its member, and drafts, orders in
review and offers the Smart team rejected (about 15 %) are never shown. Orders that went through the
client's confirmation carry an offer PDF and the confirmation's evidence; one in ten shown orders has a
file shared with the client and one in twenty an internal file. The contact has sent ``N / 20`` requests
in every status (the accepted ones linked to an order).

Rows are written with ``bulk_create`` in batches, as the services would leave them: approved orders carry
the member's personal budget, the invoices come from ``invoice_bulk`` (numbers from the real sequences,
lines, payments, reminder levels, cancellations and the ledger rows issuing books), so the budgets'
figures still follow from the documents. All offers and files point to one stored sample file each.
Running it again tops the client up to ``N``; run it after the other bulk options (it gives some generated
members orders and invoices, and ``--orders-per-member`` / ``--invoices-per-member`` skip members that
have some).
"""

import hashlib
import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from faker import Faker

from portal.accounts.models import Role, User
from portal.clientportal.models import ClientRequest, ContactAccess, RequestType
from portal.customers.models import Client
from portal.entities.models import IssuingEntity
from portal.invoicing.models import Invoice
from portal.orders.models import ConfirmationChannel, Order, OrderAttachment, OrderLine, OrderStatus, PlannedInvoice

from . import data, invoice_bulk
from .budget_bulk import BATCH, assign_budgets
from .expense_data import FILES

CLIENT_NAME = "Großkunde Nord GmbH"
CONTACT_EMAIL = "client-bulk@example.com"
#: The generated members the client works with.
MEMBERS = 50
#: Statuses of the generated orders, in per cent; ``rejected_offer`` is rejected after the client saw the offer.
STATUSES: dict[str, int] = {
    OrderStatus.ACTIVE.value: 30,
    OrderStatus.COMPLETED.value: 40,
    OrderStatus.CLIENT_CONFIRMATION.value: 4,
    "rejected_offer": 4,
    OrderStatus.CANCELLED.value: 3,
    OrderStatus.CANCELLATION_REVIEW.value: 1,
    OrderStatus.REJECTED.value: 2,
    OrderStatus.SMART_REVIEW.value: 5,
    OrderStatus.DRAFT.value: 11,
}
#: One in this many orders the portal would show is hidden by its member.
HIDDEN_EVERY = 20
#: One in this many shown orders has a file shared with the client; one in ``INTERNAL_FILE_EVERY`` an internal one.
SHARED_FILE_EVERY = 10
INTERNAL_FILE_EVERY = 20
#: One request per this many orders; statuses in per cent.
ORDERS_PER_REQUEST = 20
REQUEST_STATUSES: dict[str, int] = {
    ClientRequest.Status.SUBMITTED.value: 20,
    ClientRequest.Status.ACCEPTED.value: 40,
    ClientRequest.Status.DECLINED.value: 25,
    ClientRequest.Status.WITHDRAWN.value: 15,
}
#: What the orders are about (the first word of their title, e.g. for a search).
KINDS = (
    "Workshop",
    "Moderation",
    "Fotoreportage",
    "Illustration",
    "Übersetzung",
    "Videoproduktion",
    "Lektorat",
    "Webdesign",
    "Beratung",
    "Schulung",
)
OFFER_FILE = "generated-offer.pdf"
ATTACHMENT_FILE = "generated-attachment.pdf"
#: The sample files of this module (``files/``).
SAMPLE_FILES = (OFFER_FILE, ATTACHMENT_FILE)
HISTORY_DAYS = 720


def _stored(sample: str, folder: str) -> tuple[str, int, str]:
    """The one stored copy of a sample file (written once): its storage name, size and SHA-256."""
    content = (FILES / sample).read_bytes()
    name = f"{folder}/generated/{sample}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(content))
    return name, len(content), hashlib.sha256(content).hexdigest()


def bulk_client() -> Client:
    """The client and its contact with every permission (once)."""
    client, _created = Client.objects.get_or_create(
        name=CLIENT_NAME,
        defaults={
            "kind": Client.Kind.BUSINESS,
            "street": "Am Sandtorkai 50",
            "postal_code": "20457",
            "city": "Hamburg",
            "invoice_email": "rechnungseingang@grosskunde.example",
        },
    )
    contact = data.demo_login(CONTACT_EMAIL, "Greta", "Großmann")
    Role.objects.get_or_create(user=contact, kind=Role.Kind.CLIENT_CONTACT, client=client)
    ContactAccess.objects.get_or_create(user=contact, client=client, defaults={"invited_at": timezone.now()})
    return client


class _Seeder:
    def __init__(self, client: Client, members: list[tuple[int, int, str]], rng: random.Random, fake: Faker):
        self.client, self.members, self.rng, self.fake = client, members, rng, fake
        self.now, self.today = timezone.now(), timezone.localdate()
        self.offer = _stored(OFFER_FILE, "offers")
        self.attachment = _stored(ATTACHMENT_FILE, "order-files")
        self.contact = User.objects.get(email=CONTACT_EMAIL)

    def order(self, chosen: str) -> Order:
        rng, now = self.rng, self.now
        member_id, entity_id, _name = rng.choice(self.members)
        status = OrderStatus.REJECTED if chosen == "rejected_offer" else OrderStatus(chosen)
        created = now - timedelta(days=rng.randint(1, HISTORY_DAYS), minutes=rng.randint(0, 1439))
        start = timezone.localdate(created) + timedelta(days=rng.randint(5, 40))
        quantity, price = Decimal(rng.randint(1, 10)), Decimal(rng.randint(80, 900))
        order = Order(
            member_id=member_id,
            entity_id=entity_id,
            client=self.client,
            status=status,
            title=f"{rng.choice(KINDS)}: {self.fake.catch_phrase()}"[:200],
            description=self.fake.sentence(),
            contact_name=self.contact.get_full_name(),
            contact_email=self.client.invoice_email,
            service_start=start,
            service_end=start + timedelta(days=rng.randint(0, 120)),
            offer_valid_until=timezone.localdate(created) + timedelta(days=14),
            submitted_at=None if status == OrderStatus.DRAFT else created + timedelta(hours=rng.randint(1, 48)),
            net_total=quantity * price,
        )
        order.created_at = order.updated_at = created
        offered = chosen in ("rejected_offer", OrderStatus.CLIENT_CONFIRMATION) or (
            status in invoice_bulk.INVOICED_ORDER_STATUSES and rng.random() < 0.7
        )
        if offered:
            name, _size, sha = self.offer
            order.offer_pdf, order.offer_pdf_sha256 = name, sha
            if status in invoice_bulk.INVOICED_ORDER_STATUSES:  # confirmed by the client
                assert order.submitted_at is not None
                order.confirmed_at = order.submitted_at + timedelta(days=rng.randint(1, 10))
                order.confirmed_by_name = self.contact.get_full_name()
                order.confirmed_via = rng.choice([ConfirmationChannel.LINK, ConfirmationChannel.PORTAL])
                order.confirmed_pdf_sha256 = sha
        else:
            order.skip_client_confirmation = status != OrderStatus.REJECTED
        shown = status != OrderStatus.REJECTED or offered
        if shown and status not in (OrderStatus.DRAFT, OrderStatus.SMART_REVIEW):
            order.portal_hidden = rng.randrange(HIDDEN_EVERY) == 0
        return order

    @transaction.atomic
    def write_orders(self, count: int) -> list[Order]:
        chosen = self.rng.choices(list(STATUSES), list(STATUSES.values()), k=count)
        orders = [self.order(status) for status in chosen]
        assign_budgets(orders)  # as approval does
        created = [(order.created_at, order.updated_at) for order in orders]
        orders = Order.objects.bulk_create(orders, batch_size=BATCH)
        for order, (created_at, updated_at) in zip(orders, created, strict=True):
            order.created_at, order.updated_at = created_at, updated_at  # ``auto_now_add`` stamped them now
        Order.objects.bulk_update(orders, ["created_at", "updated_at"], batch_size=BATCH)
        OrderLine.objects.bulk_create(
            [
                OrderLine(
                    order=order,
                    position=1,
                    description="Leistung",
                    quantity=order.net_total,
                    unit="C62",
                    unit_price=Decimal("1.00"),
                    vat_rate=Decimal("19.00"),
                )
                for order in orders
            ],
            batch_size=BATCH,
        )
        PlannedInvoice.objects.bulk_create(
            [
                PlannedInvoice(order=order, date=order.service_end or self.today, amount=order.net_total)
                for order in orders
            ],
            batch_size=BATCH,
        )
        self.write_files(orders)
        return orders

    def write_files(self, orders: list[Order]) -> None:
        name, size, _sha = self.attachment
        files: list[tuple[OrderAttachment, datetime]] = []
        shown = [o for o in orders if o.status not in (OrderStatus.DRAFT, OrderStatus.SMART_REVIEW)]
        for index, order in enumerate(shown):
            for every, shared in ((SHARED_FILE_EVERY, True), (INTERNAL_FILE_EVERY, False)):
                if index % every == 0:
                    attachment = OrderAttachment(
                        order=order,
                        file=name,
                        original_name=f"{'anlage' if shared else 'intern'}-{order.pk}.pdf",
                        content_type="application/pdf",
                        size=size,
                        uploaded_by_id=order.member_id,
                        shared_with_client=shared,
                    )
                    files.append((attachment, order.created_at + timedelta(hours=self.rng.randint(1, 24))))
        OrderAttachment.objects.bulk_create([attachment for attachment, _day in files], batch_size=BATCH)
        for attachment, uploaded in files:
            attachment.uploaded_at = uploaded
        OrderAttachment.objects.bulk_update([a for a, _day in files], ["uploaded_at"], batch_size=BATCH)

    def write_invoices(self, count: int) -> int:
        """``count`` issued invoices on the client's invoiced orders, written as ``invoice_bulk`` writes them."""
        orders = list(
            Order.objects.filter(client=self.client, status__in=invoice_bulk.INVOICED_ORDER_STATUSES)
            .select_related("client")
            .order_by("pk")
        )
        if not orders:
            return 0
        factory = invoice_bulk.RowFactory(today=self.today, rng=self.rng)
        codes = dict(IssuingEntity.objects.values_list("pk", "code"))
        written = 0
        for start in range(0, count, 2000):
            rows = [factory.row(orders[i % len(orders)], issued=True) for i in range(start, min(count, start + 2000))]
            written += invoice_bulk.write_rows(rows, codes)
        return written

    @transaction.atomic
    def write_requests(self, count: int) -> int:
        rng = self.rng
        members = {member_id for member_id, _entity, _name in self.members}
        taken = set(ClientRequest.objects.filter(order__isnull=False).values_list("order_id", flat=True))
        free = [
            (pk, member_id)
            for pk, member_id in Order.objects.filter(client=self.client, member_id__in=members)
            .exclude(pk__in=taken)
            .values_list("pk", "member_id")
            .order_by("?")[: count + 1]
        ]
        requests, stamps = [], []
        statuses = rng.choices(list(REQUEST_STATUSES), list(REQUEST_STATUSES.values()), k=count)
        for status in statuses:
            created = self.now - timedelta(days=rng.randint(0, HISTORY_DAYS), minutes=rng.randint(0, 1439))
            kind = rng.choice(RequestType.values)
            order_id: int | None = None
            member_id = rng.choice(self.members)[0]
            if status == ClientRequest.Status.ACCEPTED:
                if free:  # accepted: the order made from it, of the member who accepted it
                    order_id, member_id = free.pop()
                else:
                    status = ClientRequest.Status.SUBMITTED
            request = ClientRequest(
                client=self.client,
                contact=self.contact,
                member_id=member_id,
                status=status,
                kind=kind,
                title=f"{rng.choice(KINDS)}: {self.fake.catch_phrase()}"[:200],
                description=self.fake.paragraph(),
                budget_idea=Decimal(rng.randint(2, 80) * 100) if rng.random() < 0.6 else None,
                order_id=order_id,
                decision_reason=self.fake.sentence() if status == ClientRequest.Status.DECLINED else "",
                decided_at=None if status == ClientRequest.Status.SUBMITTED else created + timedelta(days=2),
            )
            requests.append(request)
            stamps.append(created)
        ClientRequest.objects.bulk_create(requests, batch_size=BATCH)
        for request, created in zip(requests, stamps, strict=True):
            request.created_at = request.updated_at = created
        ClientRequest.objects.bulk_update(requests, ["created_at", "updated_at"], batch_size=BATCH)
        return len(requests)


def _members(entities: dict[str, IssuingEntity]) -> list[tuple[int, int, str]]:
    """(member, entity, name) of the generated members the client works with (made if missing)."""
    data.seed_generated_members(MEMBERS, entities)
    users = (
        User.objects.filter(email__endswith="@" + data.GENERATED_DOMAIN, roles__kind=Role.Kind.MEMBER)
        .order_by("pk")
        .values_list("pk", "roles__entity_id", "last_name")[:MEMBERS]
    )
    return list(users)


def seed_client_portal_rows(count: int, entities: dict[str, IssuingEntity], *, seed: int = 2029) -> dict[str, int]:
    """Bring the big client to ``count`` orders, ``count`` issued invoices and ``count / 20`` requests.
    Returns how many of each were added."""
    added = {"orders": 0, "invoices": 0, "requests": 0}
    if count <= 0:
        return added
    client = bulk_client()
    fake = Faker("de_DE")
    have = Order.objects.filter(client=client).count()
    Faker.seed(seed + have)
    seeder = _Seeder(client, _members(entities), random.Random(seed + have), fake)
    if count > have:
        added["orders"] = len(seeder.write_orders(count - have))
    issued = Invoice.objects.filter(client=client, kind=Invoice.Kind.INVOICE).exclude(number="").count()
    if count > issued:
        added["invoices"] = seeder.write_invoices(count - issued)
    requests = ClientRequest.objects.filter(client=client).aggregate(n=Count("id"))["n"]
    if count // ORDERS_PER_REQUEST > requests:
        added["requests"] = seeder.write_requests(count // ORDERS_PER_REQUEST - requests)
    invoice_bulk.analyse()
    return added
