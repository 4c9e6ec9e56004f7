"""Writing the share register: entries numbered consecutively per entity.

The entity's counter row is locked (``select_for_update``) before the next number is taken and held
until the transaction ends, so concurrent writers wait for each other and no number is skipped or
taken twice. Lock order everywhere: the application or request row first, then the counter.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from portal.membership.models import ShareEntry, ShareRegisterCounter


def lock_register(entity_id: int) -> ShareRegisterCounter:
    """The entity's counter, locked for the rest of the transaction (created on first use)."""
    ShareRegisterCounter.objects.get_or_create(entity_id=entity_id)
    return ShareRegisterCounter.objects.select_for_update().get(entity_id=entity_id)


def entry_add(
    *,
    entity_id: int,
    member_id: int,
    kind: str,
    shares: int,
    nominal_value: Decimal,
    entry_date: date,
    paid_on: date | None = None,
    note: str = "",
    actor: Any = None,
) -> ShareEntry:
    """Append an entry with the entity's next number (inside the caller's transaction)."""
    assert transaction.get_connection().in_atomic_block, "register entries are written inside a transaction"
    counter = lock_register(entity_id)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return ShareEntry.objects.create(
        entity_id=entity_id,
        number=counter.last_number,
        entry_date=entry_date,
        member_id=member_id,
        shares=shares,
        nominal_value=nominal_value,
        paid_on=paid_on,
        kind=kind,
        note=note[:200],
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def shares_held(member_id: int, entity_id: int) -> int:
    total = ShareEntry.objects.filter(member_id=member_id, entity_id=entity_id).aggregate(total=Sum("shares"))["total"]
    return int(total or 0)


def holds_shares_anywhere(member_id: int) -> bool:
    """Whether the member still holds shares in any entity (a membership ends with the last share)."""
    totals = ShareEntry.objects.filter(member_id=member_id).values("entity_id").annotate(total=Sum("shares"))
    return any(row["total"] > 0 for row in totals)
