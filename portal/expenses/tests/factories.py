"""Test data for expenses: funded budgets, receipt files and receipts saved through the service."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.budget.ledger import Posting, budget_personal, ledger_book
from portal.budget.models import EntryKind
from portal.expenses.receipts import ReceiptData, VatLine, receipt_save

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HEIC = b"\x00\x00\x00\x18ftypheic" + b"\x00" * 32


def pdf(name: str = "receipt.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def funded_budget(member, entity, amount: str = "1000.00"):
    """The member's personal budget with ``amount`` booked in (a correction by the Smart team)."""
    budget = budget_personal(member_id=member.pk, entity_id=entity.pk)
    ledger_book(
        postings=[
            Posting(budget.pk, EntryKind.CORRECTION, Decimal(amount), "Start", f"test:fund:{budget.pk}:{amount}")
        ],
        booking_date=timezone.localdate(),
    )
    return budget


def receipt(member, *, gross: str = "119.00", rate: str = "19", vat: str | None = None, upload=None, **data):
    values = {
        "receipt_date": timezone.localdate() - timedelta(days=3),
        "supplier": "Bürobedarf Meier",
        "description": "Paper and toner",
        "category": "office",
        "gross": gross,
        "vat_lines": [VatLine(Decimal(rate), None if vat is None else Decimal(vat))],
        **data,
    }
    return receipt_save(member=member, data=ReceiptData(**values), upload=upload or pdf(content=PDF + gross.encode()))


def long_ago() -> date:
    return timezone.localdate() - timedelta(days=5 * 365)
