"""Invoice numbers: per entity, year and series, consecutive, without gaps or duplicates.

The number is taken inside the issuing transaction while the sequence row is locked, so concurrent
issuers for the same entity wait for each other, and a transaction that fails gives its number back
by rolling back. Numbers therefore only exist on invoices that were really issued.
"""

from django.db import IntegrityError, transaction

from portal.invoicing.models import Invoice, NumberSequence

PREFIX: dict[str, str] = {NumberSequence.Series.INVOICE: "", NumberSequence.Series.CANCELLATION: "ST-"}


def series_of(invoice: Invoice) -> str:
    if invoice.kind == Invoice.Kind.CANCELLATION:
        return NumberSequence.Series.CANCELLATION
    return NumberSequence.Series.INVOICE


def next_number(*, entity, year: int, series: str) -> str:
    """Allocate the next number; must run inside the transaction that issues the invoice."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Invoice numbers must be allocated inside the issuing transaction.")
    _ensure_sequence(entity, year, series)
    sequence = NumberSequence.objects.select_for_update().get(entity=entity, year=year, series=series)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{entity.code}-{PREFIX[series]}{year}-{sequence.last:05d}"


def _ensure_sequence(entity, year: int, series: str) -> None:
    if NumberSequence.objects.filter(entity=entity, year=year, series=series).exists():
        return
    try:
        with transaction.atomic():  # savepoint: a concurrent creator wins, we use its row
            NumberSequence.objects.create(entity=entity, year=year, series=series)
    except IntegrityError:
        pass
