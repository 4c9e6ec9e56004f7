"""Which open invoice a received payment is for: its number in the reference, else a unique amount.

Payers write invoice numbers however they like (``sc 2026 42``, ``SC.2026.00042``, split over two
lines), so numbers are compared as (prefix, year, sequence), not as text.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from portal.banking.models import BankStatementLine
from portal.invoicing.models import Invoice

#: ``SC-2026-00042`` written with any of `` -._/`` or nothing between the parts, leading zeros optional.
#: The optional ``ST`` part marks cancellation invoices, which nobody pays.
NUMBER_IN_TEXT = re.compile(
    r"(?<![A-Z0-9])(?P<prefix>[A-Z]{1,8})[\s._/-]*(?P<cancellation>ST[\s._/-]*)?"
    r"(?P<year>\d{4})[\s._/-]*(?P<sequence>\d{1,9})(?!\d)",
    re.IGNORECASE,
)

NumberKey = tuple[str, int, int]


@dataclass(frozen=True)
class OpenInvoice:
    pk: int
    number: str
    outstanding: Decimal


def number_keys(text: str, *, cancellations: bool = False) -> list[NumberKey]:
    """The invoice numbers mentioned in ``text``, in order of appearance; cancellation numbers only on request."""
    keys: list[NumberKey] = []
    # Banks wrap long references at fixed widths, possibly inside a number: look at it joined up too.
    for variant in (text, "".join(text.split())):
        for match in NUMBER_IN_TEXT.finditer(variant):
            key = (match["prefix"].upper(), int(match["year"]), int(match["sequence"]))
            if (cancellations or not match["cancellation"]) and key not in keys:
                keys.append(key)
    return keys


def open_invoices(entity) -> list[OpenInvoice]:
    """The entity's invoices that can still receive payments, in one query."""
    rows = (
        Invoice.objects.payable()
        .filter(entity=entity, gross_total__gt=0)
        .exclude(number="")
        .values_list("pk", "number", "gross_total", "paid_amount")
    )
    return [OpenInvoice(pk, number, gross - paid) for pk, number, gross, paid in rows]


class InvoiceIndex:
    def __init__(self, invoices: Iterable[OpenInvoice]):
        self.by_key: dict[NumberKey, OpenInvoice] = {}
        self.by_outstanding: dict[Decimal, list[OpenInvoice]] = defaultdict(list)
        for invoice in invoices:
            for key in number_keys(invoice.number)[:1]:
                self.by_key[key] = invoice
            self.by_outstanding[invoice.outstanding].append(invoice)
        self.prefixes = {prefix for prefix, _year, _sequence in self.by_key}

    def named_in(self, text: str) -> tuple[list[OpenInvoice], bool]:
        """The open invoices whose numbers ``text`` mentions, and whether it mentions any number of ours."""
        found = [self.by_key[key] for key in number_keys(text) if key in self.by_key]
        names_ours = any(key[0] in self.prefixes for key in number_keys(text, cancellations=True))
        return list({invoice.pk: invoice for invoice in found}.values()), names_ours


def propose_matches(lines: list[BankStatementLine], invoices: Iterable[OpenInvoice]) -> None:
    """Set invoice, reason and status on unsaved credit ``lines`` in place.

    Numbers go first for the whole statement, so a payment naming its invoice is never beaten to it
    by another payment that merely has the same amount.
    """
    index = InvoiceIndex(invoices)
    proposed: set[int] = set()
    by_amount = []
    for line in lines:
        found, names_ours = index.named_in(line.reference)
        if len(found) > 1:  # one transfer for several invoices: the one it pays exactly, if any
            found = [invoice for invoice in found if invoice.outstanding == line.amount]
        if len(found) == 1:
            _propose(line, found[0], BankStatementLine.MatchReason.NUMBER)
            proposed.add(found[0].pk)
        elif not names_ours:
            # A reference naming a paid, cancelled or unknown invoice of ours (or a cancellation invoice)
            # needs a person, not a guess by amount.
            by_amount.append(line)
    for line in by_amount:
        candidates = [invoice for invoice in index.by_outstanding.get(line.amount, []) if invoice.pk not in proposed]
        if len(candidates) == 1:
            _propose(line, candidates[0], BankStatementLine.MatchReason.AMOUNT)
            proposed.add(candidates[0].pk)


def _propose(line: BankStatementLine, invoice: OpenInvoice, reason: str) -> None:
    line.invoice_id = invoice.pk
    line.match_reason = reason
    line.status = BankStatementLine.Status.MATCHED


def open_invoice_by_number(entity, text: str) -> Invoice | None:
    """The entity's open invoice that staff mean by ``text`` (``SC-2026-00042``, ``sc 2026 42``, ``2026-42``)."""
    keys = number_keys(text) or number_keys(f"{entity.code}-{text}")
    numbers = {f"{prefix}-{year}-{sequence:05d}" for prefix, year, sequence in keys}
    return Invoice.objects.payable().filter(entity=entity, gross_total__gt=0, number__in=numbers).first()
