"""Bulk expense requests for benchmarks (``--expense-requests-per-member N``).

Every generated member with a personal budget, and the demo member on its budget of Smart eG, is brought
to ``N`` expense requests: four in five reimbursements of one to three receipts, one in five direct
payments of a supplier's invoice; most of them paid or approved, some submitted, waiting for an answer
to the Smart team's question, drafts or rejected. Each member also keeps a few saved receipts that are
in no request yet. Rows are written with ``bulk_create`` in batches, as the services would leave them:

* a request's ``payout`` and ``debit`` are the sums of its receipts' (gross paid out, net debited,
  hospitality 70 % of the net), a direct payment's its invoice's gross and net;
* approved and paid requests have the ledger rows approval books (``budget_link.request_postings``:
  one row per receipt, keys ``expense:{request}:receipt:{receipt}``), built by ``ledger.build_rows`` on
  the day of the decision;
* paid requests are in executed payout batches (one per entity and weekly execution day) with their
  payout lines and the SEPA file ``payouts.batch_create`` would have written;
* what approved, paid, submitted and waiting requests debit or reserve together stays within half of
  what the budget had available for expenses before, so no budget is overdrawn; members without
  money get drafts and rejected requests only.

Dates lie in the last two years, after the membership started. All generated receipts and supplier
invoices point to one small stored file (``files/generated-*.pdf``); their hashes stand for the scans
the members would have uploaded, one each, so that they are not all possible duplicates of each other.
"""

import hashlib
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from schwifty import IBAN

from portal.accounts.models import MemberProfile, Role, User
from portal.banking.pain001 import CreditTransfer, Debtor, pain001, sepa_text
from portal.budget.figures import figures_for
from portal.budget.ledger import Posting, build_rows
from portal.budget.models import Budget, LedgerEntry
from portal.core import money
from portal.entities.models import IssuingEntity
from portal.expenses.budget_link import KIND_OF_ENTRY
from portal.expenses.models import (
    ADDRESSED_FROM,
    HOSPITALITY_SHARE,
    Category,
    ExpenseRequest,
    PayoutBatch,
    PayoutLine,
    Receipt,
    ReceiptVat,
    Status,
    SupplierInvoice,
)

from .budget_bulk import BATCH
from .data import GENERATED_DOMAIN
from .expense_data import FILES
from .invoice_bulk import MEMBERS_PER_BATCH, analyse

Kind = ExpenseRequest.Kind
#: Kinds of the generated requests, in per cent.
KINDS: dict[str, int] = {Kind.REIMBURSEMENT.value: 80, Kind.DIRECT_PAYMENT.value: 20}
#: Statuses of the generated requests, in per cent.
STATUSES: dict[str, int] = {
    Status.PAID.value: 60,
    Status.APPROVED.value: 12,
    Status.SUBMITTED.value: 8,
    Status.NEEDS_INFO.value: 4,
    Status.DRAFT.value: 8,
    Status.REJECTED.value: 8,
}
#: Statuses whose debit is booked (approved, paid) or reserved (submitted, needs_info).
COUNTED = (Status.APPROVED, Status.PAID, Status.SUBMITTED, Status.NEEDS_INFO)
BOOKED = (Status.APPROVED, Status.PAID)
#: The share of the budget's available money that the generated requests may take together.
SPEND_SHARE = Decimal("0.5")
#: The smallest debit of a counted request; with less available per request, none is counted.
MIN_DEBIT = Decimal("1.00")
#: Typical debits (log-normal: median e**mu, spread sigma) and their limits, per kind.
TYPICAL_DEBIT = {
    Kind.REIMBURSEMENT.value: (4.3, 0.8, Decimal("5.00"), Decimal("1500.00")),  # median ~74 EUR
    Kind.DIRECT_PAYMENT.value: (6.2, 0.7, Decimal("50.00"), Decimal("5000.00")),  # median ~490 EUR
}
HISTORY_DAYS = 720
#: One saved receipt (in no request) per this many requests, at least one.
REQUESTS_PER_SAVED_RECEIPT = 25
#: Payouts are executed weekly, on this weekday (Tuesday).
PAYOUT_WEEKDAY = 1
RECEIPT_FILE = "generated-receipt.pdf"
INVOICE_FILE = "generated-invoice.pdf"

#: (supplier, description, category, VAT rate) of the generated receipts.
PURCHASES = (
    ("Bürobedarf Meier", "Papier und Toner", Category.OFFICE, "19"),
    ("Modulor GmbH", "Material für Modellbau", Category.MATERIAL, "19"),
    ("Thomann GmbH", "Mikrofonkabel und Adapter", Category.EQUIPMENT, "19"),
    ("Cyberport GmbH", "Speicherkarten und Festplatte", Category.EQUIPMENT, "19"),
    ("Adobe Systems Software Ireland Ltd.", "Creative Cloud, ein Monat", Category.SOFTWARE, "19"),
    ("Figma, Inc.", "Figma Professional, ein Monat", Category.SOFTWARE, "0"),
    ("Telekom Deutschland GmbH", "Mobilfunk, ein Monat", Category.COMMUNICATION, "19"),
    ("DB Fernverkehr AG", "Bahnfahrt zum Kunden", Category.TRAVEL, "7"),
    ("Taxi Berlin", "Taxifahrt zum Termin", Category.TRAVEL, "7"),
    ("Dussmann das KulturKaufhaus", "Fachbuch", Category.TRAINING, "7"),
    ("Volkshochschule Berlin Mitte", "Kursgebühr Weiterbildung", Category.TRAINING, "0"),
    ("Copyshop Druckpunkt", "Ausdrucke und Bindung", Category.SERVICES, "19"),
    ("Restaurant Hafenblick", "Arbeitsessen mit der Auftraggeberin", Category.HOSPITALITY, "19"),
    ("Café Einstein", "Besprechung mit dem Kunden", Category.HOSPITALITY, "19"),
    ("Deutsche Post AG", "Porto für Belegexemplare", Category.OTHER, "0"),
)
#: (supplier, IBAN, BIC, title) of the generated direct payments.
SUPPLIERS = (
    ("Druckerei Gutenberg GmbH", "DE75512108001245126199", "", "Flyer und Plakate"),
    ("Kameraverleih Nord GmbH", "DE27100777770209299700", "", "Kameramiete"),
    ("Tonstudio Elbklang GmbH", "DE12500105170648489890", "", "Tonmischung"),
    ("Übersetzungsbüro Lingua", "DE91100000000123456789", "", "Übersetzung ins Englische"),
    ("Webhosting Nord GmbH", "DE11520513735120710131", "", "Webhosting, ein Jahr"),
)
ATTENDEES = "Teilnehmende laut Beleg: das Mitglied und zwei Personen der Auftraggeberin"
QUESTIONS = (
    "Bitte lade den Beleg noch einmal lesbar hoch.",
    "Für welches Projekt war diese Ausgabe? Bitte ergänze die Beschreibung.",
    "Auf dem Beleg fehlt die Anschrift der Genossenschaft. Bitte lass ihn korrigieren.",
)
REJECTIONS = (
    "Private Lebenshaltungskosten können nicht erstattet werden.",
    "Dieser Beleg wurde bereits mit einem anderen Antrag erstattet.",
    "Der Beleg ist keine Rechnung, sondern eine Bestellbestätigung.",
)


@dataclass
class _Member:
    pk: int
    name: str
    iban: str
    since: date | None
    budget_id: int
    entity_id: int
    available: Decimal


@dataclass
class _Plan:
    """One request before it is written, with its receipts or invoice and its dates."""

    request: ExpenseRequest
    created_at: datetime
    receipts: list[Receipt] = field(default_factory=list)
    invoice: SupplierInvoice | None = None
    execution: date | None = None


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _stored(sample: str, folder: str) -> tuple[str, int]:
    """The one stored copy of a sample file (written once): its storage name and size."""
    content = (FILES / sample).read_bytes()
    name = f"{folder}/generated/{sample}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(content))
    return name, len(content)


def _deciders(staff: User) -> dict[int, int]:
    """Who decides for each entity: its first Smart team member, the staff login where there is none."""
    deciders: dict[int, int] = {}
    for entity_id, user_id in Role.objects.filter(kind=Role.Kind.STAFF).order_by("pk").values_list("entity", "user"):
        if entity_id is not None:
            deciders.setdefault(entity_id, user_id)
    return defaultdict(lambda: staff.pk, deciders)


class _Seeder:
    def __init__(self, rng: random.Random, staff: User):
        self.rng = rng
        self.today, self.now = timezone.localdate(), timezone.now()
        self.deciders = _deciders(staff)
        self.receipt_file = _stored(RECEIPT_FILE, "receipts")
        self.invoice_file = _stored(INVOICE_FILE, "supplier-invoices")
        self.request_type = ContentType.objects.get_for_model(ExpenseRequest).pk
        self.payments: list[tuple[int, date, int, CreditTransfer]] = []  # entity, execution, request, transfer
        self.rates: dict[int, Decimal] = {}  # the VAT rate of each receipt not written yet (by ``id``)
        self.written = 0

    # --- dates ---------------------------------------------------------------------------------------

    def day(self, first: date, last: date) -> date:
        return last if first >= last else first + timedelta(days=self.rng.randint(0, (last - first).days))

    def moment(self, day: date) -> datetime:
        at = timezone.make_aware(datetime.combine(day, time(self.rng.randint(7, 19), self.rng.randint(0, 59))))
        return min(at, self.now - timedelta(minutes=5))

    def dates(self, status: str, first: date) -> tuple[date, date | None, date | None] | None:
        """(created, submitted, decided) days for a request of ``status`` by a member whose requests may
        start on ``first``; ``None`` when a paid one would not have been paid out by today."""
        today, day = self.today, self.day
        decided: date | None = None
        if status == Status.PAID:
            if first + timedelta(days=5) > today - timedelta(days=8):
                return None
            decided = day(first + timedelta(days=5), today - timedelta(days=8))
        elif status == Status.REJECTED:
            decided = day(first + timedelta(days=5), today - timedelta(days=1))
        elif status == Status.APPROVED:
            decided = day(max(first, today - timedelta(days=6)), today)
        elif status == Status.NEEDS_INFO:
            decided = day(max(first, today - timedelta(days=20)), today)
        if status == Status.DRAFT:
            return day(max(first, today - timedelta(days=60)), today), None, None
        if decided is None:  # submitted, waiting for the Smart team
            submitted = day(max(first, today - timedelta(days=10)), today)
        else:
            submitted = max(first, decided - timedelta(days=self.rng.randint(0, 4)))
        return max(first, submitted - timedelta(days=self.rng.randint(0, 3))), submitted, decided

    # --- amounts -------------------------------------------------------------------------------------

    def typical(self, kind: str) -> Decimal:
        mu, sigma, low, high = TYPICAL_DEBIT[kind]
        amount = Decimal(self.rng.lognormvariate(mu, sigma)).quantize(money.CENT, ROUND_DOWN)
        return min(high, max(low, amount))

    def targets(self, member: _Member, plans: list[tuple[str, str]]) -> list[tuple[str, str, Decimal]]:
        """The debit each request aims at: typical amounts, but the counted ones together within half of
        what is available (each at most its even share)."""
        counted = sum(1 for _kind, status in plans if status in COUNTED)
        allowance = (member.available * SPEND_SHARE / counted) if counted else money.ZERO
        result = []
        for index, (kind, status) in enumerate(plans):
            if status in COUNTED and allowance < MIN_DEBIT:  # no money: the member's requests stay drafts
                status = Status.DRAFT.value if index % 2 else Status.REJECTED.value
            target = self.typical(kind)
            if status in COUNTED and target > allowance:
                target = max(
                    MIN_DEBIT, (allowance * Decimal(self.rng.uniform(0.3, 1))).quantize(money.CENT, ROUND_DOWN)
                )
            result.append((kind, status, target))
        return result

    def receipt(self, member: _Member, debit: Decimal, receipt_date: date) -> Receipt:
        """A receipt debiting at most ``debit``."""
        supplier, description, category, rate_text = self.rng.choice(PURCHASES)
        rate = Decimal(rate_text)
        hospitality = category == Category.HOSPITALITY
        net = (debit / HOSPITALITY_SHARE).quantize(money.CENT, ROUND_DOWN) if hospitality else debit
        vat = money.to_money(net * rate / 100)
        gross = net + vat
        name, size = self.receipt_file
        receipt = Receipt(
            member_id=member.pk,
            receipt_date=receipt_date,
            supplier=supplier,
            description=description,
            category=category.value,
            gross=gross,
            vat=vat,
            addressed_to_cooperative=gross >= ADDRESSED_FROM,
            attendees=ATTENDEES if hospitality else "",
            occasion="Besprechung des Auftrags" if hospitality else "",
            file=name,
            original_name=f"beleg-{receipt_date:%Y%m%d}.pdf",
            content_type="application/pdf",
            size=size,
        )
        self.rates[id(receipt)] = rate
        return receipt

    def reimbursement(self, member: _Member, request: ExpenseRequest, target: Decimal, created: date) -> _Plan:
        count = self.rng.choice((1, 1, 2, 2, 3)) if target >= 3 * MIN_DEBIT else 1
        weights = [self.rng.uniform(1, 3) for _n in range(count)]
        parts = [(target * Decimal(w) / Decimal(sum(weights))).quantize(money.CENT, ROUND_DOWN) for w in weights]
        parts[-1] = target - sum(parts[:-1], money.ZERO)
        oldest = max(d for d in (member.since, created - timedelta(days=45)) if d is not None)
        receipts = [self.receipt(member, part, self.day(oldest, created)) for part in parts]
        request.title = receipts[0].description + (" und weitere Belege" if count > 1 else "")
        request.payout = sum((receipt.payout for receipt in receipts), money.ZERO)
        request.debit = sum((receipt.debit for receipt in receipts), money.ZERO)
        return _Plan(request, self.moment(created), receipts=receipts)

    def direct_payment(self, request: ExpenseRequest, target: Decimal, created: date) -> _Plan:
        supplier, iban, bic, title = self.rng.choice(SUPPLIERS)
        rate = Decimal(self.rng.choice(("19", "19", "19", "19", "7", "0")))
        vat = money.to_money(target * rate / 100)
        invoice_date = created - timedelta(days=self.rng.randint(0, 10))
        name, size = self.invoice_file
        invoice = SupplierInvoice(
            supplier=supplier,
            iban=iban,
            bic=bic,
            invoice_number=f"RE-{invoice_date:%Y}-{self.rng.randint(1000, 99999)}",
            invoice_date=invoice_date,
            due_date=invoice_date + timedelta(days=self.rng.choice((14, 30))),
            gross=target + vat,
            vat=vat,
            vat_rate=rate,
            addressed_to_cooperative=True,
            file=name,
            original_name=f"rechnung-{invoice_date:%Y%m%d}.pdf",
            content_type="application/pdf",
            size=size,
        )
        request.title = title
        request.payout, request.debit = invoice.gross, invoice.net
        return _Plan(request, self.moment(created), invoice=invoice)

    # --- one member ----------------------------------------------------------------------------------

    def plans(self, member: _Member, count: int) -> list[_Plan]:
        first = max(d for d in (member.since, self.today - timedelta(days=HISTORY_DAYS)) if d is not None)
        if first >= self.today:
            return []
        chosen = list(
            zip(
                self.rng.choices(list(KINDS), list(KINDS.values()), k=count),
                self.rng.choices(list(STATUSES), list(STATUSES.values()), k=count),
                strict=True,
            )
        )
        result = []
        for kind, status, target in self.targets(member, chosen):
            days = self.dates(status, first)
            if days is None:  # too new a member for a paid one: it waits for the next payout
                status = Status.APPROVED.value
                days = self.dates(status, first)
            assert days is not None
            created, submitted, decided = days
            request = ExpenseRequest(
                kind=kind,
                member_id=member.pk,
                budget_id=member.budget_id,
                entity_id=member.entity_id,
                status=status,
                submitted_at=self.moment(submitted) if submitted else None,
            )
            if kind == Kind.REIMBURSEMENT:
                plan = self.reimbursement(member, request, target, created)
            else:
                plan = self.direct_payment(request, target, created)
            if request.submitted_at is not None:
                plan.created_at = min(plan.created_at, request.submitted_at)
            if decided is not None:
                assert request.submitted_at is not None
                request.decided_at = max(request.submitted_at, self.moment(decided))
                request.decided_by_id = self.deciders[member.entity_id]
                if status == Status.NEEDS_INFO:
                    request.staff_message = self.rng.choice(QUESTIONS)
                elif status == Status.REJECTED:
                    request.staff_message = self.rng.choice(REJECTIONS)
                elif status == Status.PAID:
                    days_to_payout = (PAYOUT_WEEKDAY - decided.weekday()) % 7 or 7
                    plan.execution = request.paid_on = decided + timedelta(days=days_to_payout)
            result.append(plan)
        return result

    def saved_receipts(self, member: _Member, count: int) -> list[Receipt]:
        first = max(d for d in (member.since, self.today - timedelta(days=30)) if d is not None)
        if first > self.today:
            return []
        return [
            self.receipt(member, Decimal(self.rng.randint(500, 8000)) / 100, self.day(first, self.today))
            for _n in range(count)
        ]

    # --- writing -------------------------------------------------------------------------------------

    @transaction.atomic
    def write(self, members: list[_Member], wanted: dict[int, int], saved: dict[int, int]) -> None:
        plans = [plan for member in members for plan in self.plans(member, wanted[member.pk])]
        requests = [plan.request for plan in plans]
        ExpenseRequest.objects.bulk_create(requests, batch_size=BATCH)
        for plan in plans:  # ``auto_now_add`` stamped them now: they were made on their day
            plan.request.created_at = plan.request.updated_at = plan.created_at
        ExpenseRequest.objects.bulk_update(requests, ["created_at", "updated_at"], batch_size=BATCH)
        receipts = []
        for plan in plans:
            for position, receipt in enumerate(plan.receipts):
                receipt.request_id = plan.request.pk
                receipt.file_hash = _sha(f"generated receipt {plan.request.pk}/{position}")
                receipts.append(receipt)
        for member in members:
            for position, receipt in enumerate(self.saved_receipts(member, saved[member.pk])):
                receipt.file_hash = _sha(f"generated saved receipt {member.pk}/{uuid.uuid4()}/{position}")
                receipts.append(receipt)
        Receipt.objects.bulk_create(receipts, batch_size=BATCH)
        ReceiptVat.objects.bulk_create(
            [
                ReceiptVat(receipt_id=receipt.pk, rate=rate, amount=receipt.vat)
                for receipt, rate in ((receipt, self.rates.pop(id(receipt))) for receipt in receipts)
                if rate  # as ``receipt_save`` stores them: a line per rate other than 0 %
            ],
            batch_size=BATCH,
        )
        invoices = []
        for plan in plans:
            if plan.invoice is not None:
                plan.invoice.request_id = plan.request.pk
                plan.invoice.file_hash = _sha(f"generated supplier invoice {plan.request.pk}")
                invoices.append(plan.invoice)
        SupplierInvoice.objects.bulk_create(invoices, batch_size=BATCH)
        rows = []
        for plan in plans:
            request = plan.request
            if request.status in BOOKED:
                assert request.decided_at is not None
                rows += build_rows(
                    LedgerEntry,
                    postings(request, plan.receipts),
                    booking_date=timezone.localdate(request.decided_at),
                    source_type_id=self.request_type,
                    source_id=request.pk,
                    source_label=request.reference,
                    user_id=request.decided_by_id,
                )
        LedgerEntry.objects.bulk_create(rows, batch_size=BATCH)
        names = {member.pk: member for member in members}
        for plan in plans:
            if plan.execution is not None:
                self.payments.append(
                    (
                        plan.request.entity_id,
                        plan.execution,
                        plan.request.pk,
                        transfer(plan, names[plan.request.member_id]),
                    )
                )
        self.written += len(plans)

    @transaction.atomic
    def pay_out(self) -> None:
        """The paid requests in executed batches: one per entity and execution day."""
        groups: dict[tuple[int, date], list[tuple[int, CreditTransfer]]] = defaultdict(list)
        for entity_id, execution, request_id, credit in self.payments:
            groups[(entity_id, execution)].append((request_id, credit))
        entities = IssuingEntity.objects.in_bulk([entity_id for entity_id, _day in groups])
        keys = sorted(groups, key=lambda key: (key[1], key[0]))
        batches = PayoutBatch.objects.bulk_create(
            [
                PayoutBatch(
                    entity_id=entity_id,
                    status=PayoutBatch.Status.EXECUTED,
                    execution_date=day,
                    message_id=f"pending-{uuid.uuid4().hex}"[:35],
                    total=sum((credit.amount for _pk, credit in groups[(entity_id, day)]), money.ZERO),
                    count=len(groups[(entity_id, day)]),
                    created_by_id=self.deciders[entity_id],
                    executed_on=day,
                    executed_by_id=self.deciders[entity_id],
                )
                for entity_id, day in keys
            ],
            batch_size=BATCH,
        )
        lines = []
        for batch, key in zip(batches, keys, strict=True):
            entity, paid = entities[key[0]], groups[key]
            batch.message_id = f"{entity.code}-PAYOUT-{batch.pk:06d}"
            batch.created_at = batch.updated_at = self.moment(batch.execution_date - timedelta(days=1))
            xml = pain001(
                message_id=batch.message_id,
                created_at=timezone.localtime(batch.created_at),
                execution_date=batch.execution_date,
                debtor=Debtor(name=entity.name, iban=entity.iban, bic=entity.bic),
                transfers=[credit for _pk, credit in paid],
            )
            batch.sepa_file.save(f"{batch.message_id}.xml", ContentFile(xml), save=False)
            lines += [
                PayoutLine(
                    batch_id=batch.pk,
                    request_id=request_id,
                    end_to_end_id=credit.end_to_end_id,
                    creditor_name=credit.creditor_name,
                    iban=credit.iban,
                    bic=credit.bic,
                    amount=credit.amount,
                    remittance=credit.remittance,
                )
                for request_id, credit in paid
            ]
            ExpenseRequest.objects.filter(pk__in=[pk for pk, _credit in paid]).update(batch_id=batch.pk)
        PayoutBatch.objects.bulk_update(batches, ["message_id", "sepa_file", "created_at", "updated_at"])
        PayoutLine.objects.bulk_create(lines, batch_size=BATCH)
        self.payments = []


def postings(request: ExpenseRequest, receipts: list[Receipt]) -> list[Posting]:
    """What ``budget_link.request_postings`` books for ``request`` approved, from its receipts in memory."""
    kind = KIND_OF_ENTRY[Kind(request.kind)]
    if request.kind == Kind.REIMBURSEMENT:
        return [
            Posting(
                request.budget_id,
                kind,
                -receipt.debit,
                f"{request.title}: {receipt.supplier}",
                f"expense:{request.pk}:receipt:{receipt.pk}",
            )
            for receipt in sorted(receipts, key=lambda r: (r.receipt_date, r.pk))
            if receipt.debit
        ]
    if not request.debit:
        return []
    return [Posting(request.budget_id, kind, -request.debit, request.title, f"expense:{request.pk}:{request.kind}")]


def transfer(plan: _Plan, member: _Member) -> CreditTransfer:
    """The credit transfer ``payouts.batch_create`` makes for a paid request."""
    request, invoice = plan.request, plan.invoice
    if invoice is not None:
        name, iban, bic = invoice.supplier, invoice.iban, invoice.bic
        remittance = f"{invoice.invoice_number} {request.reference}"
    else:
        name, iban, bic = member.name, member.iban, ""
        remittance = f"{request.reference} {request.title}"
    return CreditTransfer(
        end_to_end_id=request.reference,
        creditor_name=sepa_text(name, 70) or request.reference,
        iban=str(IBAN(iban)),
        bic=bic,
        amount=request.payout,
        remittance=sepa_text(remittance, 140),
    )


def _members(member_ids: list[int]) -> list[_Member]:
    """The members with their personal budget (the one with the most available) and its available money."""
    budgets: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pk, owner_id, entity_id in Budget.objects.filter(
        kind=Budget.Kind.PERSONAL, owner_id__in=member_ids
    ).values_list("pk", "owner_id", "entity_id"):
        budgets[owner_id].append((pk, entity_id))
    figures = figures_for(sorted(pk for found in budgets.values() for pk, _entity in found))
    users = {user.pk: user for user in User.objects.filter(pk__in=member_ids).only("email", "first_name", "last_name")}
    profiles = {
        user_id: (since, iban)
        for user_id, since, iban in MemberProfile.objects.filter(user_id__in=member_ids).values_list(
            "user_id", "member_since", "iban"
        )
    }
    result = []
    for member_id in member_ids:
        since, iban = profiles.get(member_id, (None, ""))
        if not budgets[member_id] or not iban:  # no budget to spend, no account to be paid to
            continue
        budget_id, entity_id = max(budgets[member_id], key=lambda b: figures[b[0]].available_for_expenses)
        user = users[member_id]
        result.append(
            _Member(
                pk=member_id,
                name=user.get_full_name() or user.email,
                iban=iban,
                since=since,
                budget_id=budget_id,
                entity_id=entity_id,
                available=max(money.ZERO, figures[budget_id].available_for_expenses),
            )
        )
    return result


def seed_expense_requests(per_member: int, *, seed: int = 2028) -> int:
    """Bring every generated member with a personal budget, and the demo member, to ``per_member``
    expense requests (members that have as many already stay as they are). Returns how many were added."""
    if per_member <= 0:
        return 0
    staff = User.objects.get(email="staff@example.com")
    seeder = _Seeder(random.Random(seed), staff)
    members = list(
        User.objects.filter(email__endswith="@" + GENERATED_DOMAIN)
        .filter(Exists(Budget.objects.filter(kind=Budget.Kind.PERSONAL, owner=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    demo_member = User.objects.filter(email="member@example.com").values_list("pk", flat=True).first()
    if demo_member is not None:
        members.append(demo_member)
    saved_wanted = max(1, per_member // REQUESTS_PER_SAVED_RECEIPT)
    for start in range(0, len(members), MEMBERS_PER_BATCH):
        batch = members[start : start + MEMBERS_PER_BATCH]
        have = dict(
            ExpenseRequest.objects.filter(member_id__in=batch)
            .values("member_id")
            .annotate(n=Count("id"))
            .order_by()
            .values_list("member_id", "n")
        )
        saved = dict(
            Receipt.objects.filter(member_id__in=batch, request__isnull=True)
            .values("member_id")
            .annotate(n=Count("id"))
            .order_by()
            .values_list("member_id", "n")
        )
        wanted = {pk: per_member - have.get(pk, 0) for pk in batch}
        missing = [pk for pk in batch if wanted[pk] > 0]
        if missing:
            seeder.write(
                _members(missing),
                wanted,
                {pk: max(0, saved_wanted - saved.get(pk, 0)) for pk in missing},
            )
    if seeder.payments:
        seeder.pay_out()
    analyse()
    return seeder.written
