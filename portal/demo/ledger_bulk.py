"""Budgets with many ledger rows for benchmarks (``--ledger-rows-per-member N``).

Each generated member's personal budget (and the demo member's) is brought to exactly ``N`` rows, all
of them real postings of real documents, so the figures still follow from the invoices, transfers and
corrections tables: about nine in ten rows are income and fee of further bulk invoices on the member's
invoiced orders (``invoice_bulk``, in every status, with cancellations and payments), the rest approved
transfers between members of the same entity (each member sends as many as it receives) and booked
corrections, which also make the count exact. Booking dates spread over the last two years.
"""

import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from portal.accounts.models import User
from portal.budget.ledger import Posting, build_rows
from portal.budget.models import Budget, Correction, LedgerEntry, Transfer
from portal.budget.services import correction_postings, transfer_postings
from portal.entities.models import IssuingEntity
from portal.invoicing.budget_postings import invoice_postings
from portal.orders.models import Order

from . import invoice_bulk
from .budget_bulk import BATCH
from .data import GENERATED_DOMAIN

#: Share of a budget's rows that are transfers (each member of an entity's ring sends and receives).
TRANSFER_PERCENT = 8
#: Share that are corrections at least (they also fill up to the exact count).
CORRECTION_PERCENT = 2
#: The most rows one bulk invoice books: income and fee, and their reversal when it is cancelled.
MAX_ROWS_PER_INVOICE = 4
TRANSFER_REASONS = (
    "Honorar für die Mitarbeit am gemeinsamen Projekt",
    "Anteil an der Gemeinschaftsproduktion",
    "Geteilte Materialkosten",
    "Vertretung während des Urlaubs",
)
CORRECTION_REASONS = (
    "Bankgebühr der Rücklastschrift weiterberechnet",
    "Gutschrift: Smart-Beitrag zu hoch berechnet",
    "Kursdifferenz einer Zahlung in Fremdwährung",
    "Erstattung einer doppelt gebuchten Gebühr",
)


def _rows_of(row: Any) -> int:
    """How many ledger rows a generated invoice (and its cancellation) books."""
    invoice = row.invoice
    if not invoice.issue_date:
        return 0
    booked = len(
        invoice_postings(invoice_id=0, budget_id=0, title="", net=invoice.net_total, fee_rate=invoice.fee_rate)
    )
    return booked * 2 if row.cancellation else booked


def _counts(budget_ids: Sequence[int]) -> dict[int, int]:
    counts = (
        LedgerEntry.objects.filter(budget_id__in=budget_ids)
        .values("budget_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("budget_id", "n")
    )
    return dict.fromkeys(budget_ids, 0) | dict(counts)


class _Seeder:
    def __init__(self, per_member: int, rng: random.Random, staff: User):
        self.per_member, self.rng, self.staff = per_member, rng, staff
        self.today = timezone.localdate()
        self.factory = invoice_bulk.RowFactory(today=self.today, rng=rng)
        self.codes = dict(IssuingEntity.objects.values_list("pk", "code"))
        self.rounds = max(1, per_member * TRANSFER_PERCENT // 200)  # each round: one row out, one row in
        self.corrections = max(1, per_member * CORRECTION_PERCENT // 100)
        self.transfer_type = ContentType.objects.get_for_model(Transfer).pk
        self.correction_type = ContentType.objects.get_for_model(Correction).pk

    def day(self) -> date:
        return self.today - timedelta(days=self.rng.randint(0, 364))

    def decided(self, day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(11, self.rng.randint(0, 59))))

    @transaction.atomic
    def top_up(self, budgets: dict[int, Budget], orders: dict[int, list[Order]], *, ring: bool) -> None:
        """Bring each budget (by member id) to ``per_member`` rows."""
        counts = _counts([budget.pk for budget in budgets.values()])
        room = {member: self.per_member - counts[budget.pk] - self.corrections for member, budget in budgets.items()}
        rings: dict[int, list[int]] = defaultdict(list)
        if ring:
            for member, budget in budgets.items():
                if room[member] >= 2 * self.rounds:
                    rings[budget.entity_id].append(member)
            rings = {entity: members for entity, members in rings.items() if len(members) > 1}
            for members in rings.values():
                for member in members:
                    room[member] -= 2 * self.rounds
        rows = []
        for member, member_orders in orders.items():
            member_orders = [order for order in member_orders if order.budget_id == budgets[member].pk]
            index = 0
            while member_orders and room[member] >= MAX_ROWS_PER_INVOICE:
                row = self.factory.row(member_orders[index % len(member_orders)])
                room[member] -= _rows_of(row)
                rows.append(row)
                index += 1
        if rows:
            invoice_bulk.write_rows(rows, self.codes)
        self.transfers(budgets, rings)
        counts = _counts([budget.pk for budget in budgets.values()])
        self.book_corrections([(budget, self.per_member - counts[budget.pk]) for budget in budgets.values()])

    def transfers(self, budgets: dict[int, Budget], rings: dict[int, list[int]]) -> None:
        """``rounds`` approved transfers out of and into each budget of a ring (members of one entity)."""
        transfers = []
        for members in rings.values():
            size = len(members)
            for turn in range(self.rounds):
                offset = 1 + turn % (size - 1)
                for position, member in enumerate(members):
                    day = self.day()
                    transfers.append(
                        Transfer(
                            source=budgets[member],
                            target=budgets[members[(position + offset) % size]],
                            amount=Decimal(self.rng.randint(2000, 40000)) / 100,
                            reason=self.rng.choice(TRANSFER_REASONS),
                            status=Transfer.Status.APPROVED,
                            requested_by_id=member,
                            decided_by=self.staff,
                            decided_at=self.decided(day),
                        )
                    )
        Transfer.objects.bulk_create(transfers, batch_size=BATCH)
        entries = []
        for transfer in transfers:
            assert transfer.decided_at is not None
            postings = transfer_postings(transfer)
            entries += self.rows(postings, transfer.decided_at.date(), self.transfer_type, transfer.pk)
        LedgerEntry.objects.bulk_create(entries, batch_size=BATCH)

    def book_corrections(self, wanted: list[tuple[Budget, int]]) -> None:
        """``count`` booked corrections on each budget (below the four-eyes limit: one staff member books)."""
        corrections = []
        for budget, count in wanted:
            for _number in range(count):
                day = self.day()
                sign = self.rng.choice((-1, 1))
                corrections.append(
                    Correction(
                        budget=budget,
                        amount=sign * Decimal(self.rng.randint(100, 30000)) / 100,
                        reason=self.rng.choice(CORRECTION_REASONS),
                        booking_date=day,
                        status=Correction.Status.BOOKED,
                        requested_by=self.staff,
                        decided_by=self.staff,
                        decided_at=self.decided(day),
                    )
                )
        Correction.objects.bulk_create(corrections, batch_size=BATCH)
        entries = []
        for correction in corrections:
            postings = correction_postings(correction)
            entries += self.rows(postings, correction.booking_date, self.correction_type, correction.pk)
        LedgerEntry.objects.bulk_create(entries, batch_size=BATCH)

    def rows(self, postings: list[Posting], day: date, source_type_id: int, pk: int) -> list[LedgerEntry]:
        return build_rows(
            LedgerEntry,
            postings,
            booking_date=day,
            source_type_id=source_type_id,
            source_id=pk,
            source_label=f"#{pk}",
            user_id=self.staff.pk,
        )


def seed_ledger_rows(per_member: int, *, seed: int = 2027) -> int:
    """Bring the personal budget of every generated member with one, and the demo member's of Smart eG,
    to ``per_member`` ledger rows (budgets that have as many already stay as they are). Returns the number
    of rows booked."""
    if per_member <= 0:
        return 0
    staff = User.objects.get(email="staff@example.com")
    seeder = _Seeder(per_member, random.Random(seed), staff)
    members = list(
        User.objects.filter(email__endswith="@" + GENERATED_DOMAIN)
        .filter(Exists(Budget.objects.filter(kind=Budget.Kind.PERSONAL, owner=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    before = LedgerEntry.objects.count()
    for start in range(0, len(members), invoice_bulk.MEMBERS_PER_BATCH):
        batch = members[start : start + invoice_bulk.MEMBERS_PER_BATCH]
        budgets = {
            budget.owner_id: budget
            for budget in Budget.objects.filter(kind=Budget.Kind.PERSONAL, owner_id__in=batch).order_by("-pk")
        }
        seeder.top_up(budgets, invoice_bulk.invoiced_orders(batch), ring=True)
    demo_member = User.objects.filter(email="member@example.com").first()
    if demo_member is not None:
        entity = IssuingEntity.objects.get(code="SC")
        orders, _new = invoice_bulk.demo_member_orders(demo_member, entity)
        budget = Budget.objects.get(kind=Budget.Kind.PERSONAL, owner=demo_member, entity=entity)
        seeder.top_up({demo_member.pk: budget}, {demo_member.pk: orders}, ring=False)
    invoice_bulk.analyse()
    return LedgerEntry.objects.count() - before
