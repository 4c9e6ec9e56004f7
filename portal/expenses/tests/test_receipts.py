"""The rules of a receipt (DESIGN §7), checked by the service whatever the form lets through."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from portal.core.errors import BusinessError
from portal.expenses.models import Receipt
from portal.expenses.receipts import ReceiptData, VatLine, receipt_delete, receipt_save
from portal.expenses.tests.factories import HEIC, PNG, long_ago, pdf, receipt

pytestmark = pytest.mark.django_db


def _error(callable_, *args, **kwargs) -> BusinessError:
    with pytest.raises(BusinessError) as caught:
        callable_(*args, **kwargs)
    return caught.value


def test_gross_is_paid_out_and_net_debited_with_the_vat_computed_from_the_rate(member):
    saved = receipt(member, gross="119.00", rate="19")
    assert (saved.vat, saved.net, saved.payout, saved.debit) == (
        Decimal("19.00"),
        Decimal("100.00"),
        Decimal("119.00"),
        Decimal("100.00"),
    )
    assert len(saved.file_hash) == 64 and saved.content_type == "application/pdf"


def test_hospitality_reimburses_70_percent_of_the_net_plus_the_full_vat(member):
    saved = receipt(member, gross="119.00", rate="19", category="hospitality", attendees="A, B", occasion="Pitch")
    # net 100.00: 70.00 debited; 70.00 + 19.00 VAT paid out
    assert (saved.debit, saved.payout) == (Decimal("70.00"), Decimal("89.00"))


def test_hospitality_needs_attendees_and_occasion(member):
    error = _error(receipt, member, category="hospitality")
    assert set(error.errors) == {"attendees", "occasion"}


def test_several_vat_rates_each_with_its_amount(member):
    data = ReceiptData(
        receipt_date=timezone.localdate(),
        supplier="Markt",
        description="Food and drinks",
        category="material",
        gross=Decimal("30.00"),
        vat_lines=[VatLine(Decimal("7"), Decimal("1.31")), VatLine(Decimal("19"), Decimal("1.60"))],
    )
    saved = receipt_save(member=member, data=data, upload=pdf())
    assert saved.vat == Decimal("2.91")
    assert sorted(saved.vat_lines.values_list("rate", "amount")) == [
        (Decimal("7.00"), Decimal("1.31")),
        (Decimal("19.00"), Decimal("1.60")),
    ]
    no_amounts = ReceiptData(**{**data.__dict__, "vat_lines": [VatLine(Decimal("7")), VatLine(Decimal("19"))]})
    assert _error(receipt_save, member=member, data=no_amounts, upload=pdf()).field == "vat"


@pytest.mark.parametrize(
    ("rate", "vat", "message"),
    [
        ("19", "20.00", "more than a gross amount"),
        ("16", None, "VAT rates"),
        ("0", "1.00", "no VAT amount"),
    ],
)
def test_impossible_vat_is_refused(member, rate, vat, message):
    assert message in _error(receipt, member, rate=rate, vat=vat).message


def test_receipts_from_250_eur_must_be_addressed_to_the_cooperative(member):
    error = _error(receipt, member, gross="250.00")
    assert error.field == "addressed_to_cooperative" and "250.00 EUR" in error.message
    assert receipt(member, gross="250.00", addressed_to_cooperative=True).gross == Decimal("250.00")


def test_receipts_before_the_membership_or_in_the_future_are_refused(member):
    assert "three years" in _error(receipt, member, receipt_date=long_ago()).message
    member.member_profile.member_since = timezone.localdate() - timedelta(days=10)
    member.member_profile.save()
    before = _error(receipt, member, receipt_date=timezone.localdate() - timedelta(days=11))
    assert "before your membership" in before.message
    future = _error(receipt, member, receipt_date=timezone.localdate() + timedelta(days=1))
    assert "future" in future.message
    assert not Receipt.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("IMG_0001.HEIC", HEIC, "HEIC"),
        ("photo.jpg", HEIC, "HEIC"),
        ("receipt.pdf", PNG, "PDF, PNG or JPEG"),
        ("receipt.exe", b"MZ\x90\x00", "PDF, PNG or JPEG"),
    ],
)
def test_files_are_judged_by_their_content(member, name, content, message):
    error = _error(receipt, member, upload=pdf(name, content))
    assert error.field == "file" and message in error.message


def test_a_file_above_the_limit_is_refused(member, settings):
    settings.MAX_UPLOAD_BYTES = 100
    assert "too large" in _error(receipt, member, upload=pdf(content=b"%PDF-" + b"x" * 200)).message


def test_a_member_edits_and_deletes_only_their_own_receipts(member, member2):
    saved = receipt(member)
    data = ReceiptData(
        receipt_date=saved.receipt_date,
        supplier="Other",
        description="x",
        category="office",
        gross="10.00",
        vat_lines=[VatLine(Decimal("0"))],
    )
    assert "does not exist" in _error(receipt_save, member=member2, data=data, receipt_id=saved.pk).message
    assert "does not exist" in _error(receipt_delete, member=member2, receipt_id=saved.pk).message
    changed = receipt_save(member=member, data=data, receipt_id=saved.pk)
    assert (changed.supplier, changed.gross, changed.vat) == ("Other", Decimal("10.00"), Decimal("0.00"))
    receipt_delete(member=member, receipt_id=saved.pk)
    assert not Receipt.objects.exists()
