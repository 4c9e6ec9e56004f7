"""Booking on the ledger: the only code that writes ``LedgerEntry`` rows.

Other apps post through ``ledger_book`` (an invoice's income and fee, a request's debit, a month's
employment cost) and undo through ``ledger_reverse``, inside their own transaction, so a rolled-back
business change leaves no rows. Every booking carries keys, which makes it happen at most once: a
second call with the same keys returns the rows of the first.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from portal.budget.models import ENTRY_SIGNS, Budget, EntryKind, LedgerEntry
from portal.core import money
from portal.core.errors import BusinessError

#: The kind that undoes each kind.
REVERSAL_KIND = {
    EntryKind.INCOME: EntryKind.INCOME_REVERSAL,
    EntryKind.FEE: EntryKind.FEE_REVERSAL,
    EntryKind.INCOME_REVERSAL: EntryKind.INCOME,
    EntryKind.FEE_REVERSAL: EntryKind.FEE,
    EntryKind.TRANSFER_OUT: EntryKind.TRANSFER_IN,
    EntryKind.TRANSFER_IN: EntryKind.TRANSFER_OUT,
}


@dataclass(frozen=True)
class Posting:
    """One row to book: on which budget, what kind, how much (signed), with which text and key."""

    budget_id: int
    kind: str
    amount: Decimal
    text: str
    key: str
    fee_rate: Decimal | None = None
    reverses_id: int | None = None


def ledger_book(
    *,
    postings: Sequence[Posting],
    booking_date: date,
    source: models.Model | None = None,
    source_label: str = "",
    user: Any = None,
) -> list[LedgerEntry]:
    """Book ``postings`` as one group (one business event); returns the rows.

    Idempotent by key: when the rows were booked before, they are returned and nothing is booked.
    """
    if not postings:
        return []
    for posting in postings:
        _check(posting)
    keys = [posting.key for posting in postings]
    with transaction.atomic():
        existing = list(LedgerEntry.objects.filter(key__in=keys).order_by("id"))
        if existing:
            if len(existing) != len(keys):  # pragma: no cover - a programming error, never a user's
                raise RuntimeError(f"Partial booking found for keys {keys}")
            return existing
        rows = build_rows(
            LedgerEntry,
            postings,
            booking_date=booking_date,
            source_type_id=ContentType.objects.get_for_model(source).pk if source is not None else None,
            source_id=source.pk if source is not None else None,
            source_label=source_label,
            user_id=getattr(user, "pk", None),
        )
        for row in rows:
            row.save()
    return rows


def build_rows(
    model: type[models.Model],
    postings: Sequence[Posting],
    *,
    booking_date: date,
    source_type_id: int | None,
    source_id: int | None,
    source_label: str,
    user_id: int | None,
) -> list[Any]:
    """Unsaved rows of ``model`` for one group of postings (``model`` is a historical model in data
    migrations, which must not use the current one)."""
    group = uuid.uuid4()
    return [
        model(
            budget_id=posting.budget_id,
            amount=posting.amount,
            kind=posting.kind,
            booking_date=booking_date,
            text=posting.text[:300],
            source_type_id=source_type_id,
            source_id=source_id,
            source_label=source_label[:64],
            group=group,
            reverses_id=posting.reverses_id,
            key=posting.key,
            fee_rate=posting.fee_rate,
            created_by_id=user_id,
        )
        for posting in postings
    ]


def reversal_of(entry: LedgerEntry, *, text: str, key: str) -> Posting:
    """The posting that undoes ``entry`` (same budget, opposite amount, linked to it)."""
    return Posting(
        budget_id=entry.budget_id,
        kind=REVERSAL_KIND.get(EntryKind(entry.kind), EntryKind.CORRECTION),
        amount=-entry.amount,
        text=text,
        key=key,
        fee_rate=entry.fee_rate,
        reverses_id=entry.pk,
    )


def entries_of(source: models.Model) -> list[LedgerEntry]:
    """The rows booked for ``source`` (e.g. an invoice's income and fee), oldest first."""
    return list(
        LedgerEntry.objects.filter(source_type=ContentType.objects.get_for_model(source), source_id=source.pk).order_by(
            "id"
        )
    )


def _check(posting: Posting) -> None:
    if posting.kind not in EntryKind.values:
        raise ValueError(f"Unknown ledger kind {posting.kind!r}")
    amount = money.to_money(posting.amount)
    if amount != posting.amount or amount == 0:
        raise BusinessError(_("An amount in euros and cents other than zero is needed."), field="amount")
    sign = ENTRY_SIGNS[EntryKind(posting.kind)]
    if sign and (amount > 0) != (sign > 0):
        raise ValueError(f"A {posting.kind} row cannot be {amount}")


def budget_personal(*, member_id: int, entity_id: int) -> Budget:
    """The member's personal budget of the entity, opened on first use (race-safe)."""
    found = Budget.objects.filter(kind=Budget.Kind.PERSONAL, owner_id=member_id, entity_id=entity_id).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Budget.objects.create(kind=Budget.Kind.PERSONAL, owner_id=member_id, entity_id=entity_id)
    except IntegrityError:
        # Another request opened it at the same moment (unique constraint): use that one.
        return Budget.objects.get(kind=Budget.Kind.PERSONAL, owner_id=member_id, entity_id=entity_id)
