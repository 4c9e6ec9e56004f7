"""Receipts: uploaded one by one, kept as saved receipts until a request bundles them (DESIGN §7).

Every rule on a receipt is checked here, so a form, the back office and a command agree: the date
(not in the future, not before the membership started), the amounts (VAT per rate below the gross),
hospitality (attendees and occasion), receipts from 250 € addressed to the cooperative, the file
(PDF, JPEG or PNG by content, size-limited; HEIC photos refused with a clear message).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.core import money
from portal.core.amounts import checked_amount
from portal.core.errors import BusinessError
from portal.core.uploads import store_upload
from portal.expenses.models import ADDRESSED_FROM, Category, Receipt, ReceiptVat
from portal.expenses.totals import refresh_amounts

#: VAT rates a receipt may carry: Germany (19, 7) and Austria (20, 13, 10), and none.
VAT_RATES = (Decimal("0"), Decimal("7"), Decimal("10"), Decimal("13"), Decimal("19"), Decimal("20"))
#: The oldest receipt accepted, in days (a cooperative keeps books for ten years; older is a typo).
MAX_AGE_DAYS = 3 * 366


@dataclass(frozen=True)
class VatLine:
    rate: Decimal
    amount: Decimal | None = None  # None: computed from the gross (only with a single rate)


@dataclass(frozen=True)
class ReceiptData:
    receipt_date: date
    supplier: str
    description: str
    category: str
    gross: Any
    vat_lines: Sequence[VatLine]
    addressed_to_cooperative: bool = False
    attendees: str = ""
    occasion: str = ""


def included_vat(gross: Decimal, rate: Decimal) -> Decimal:
    """The VAT contained in a gross amount at ``rate`` percent."""
    return money.to_money(gross * rate / (100 + rate))


def _vat(gross: Decimal, lines: Sequence[VatLine]) -> list[tuple[Decimal, Decimal]]:
    """The receipt's VAT per rate, checked: known rates, each once, amounts that fit the gross."""
    rates = [line.rate for line in lines]
    if len(set(rates)) != len(rates):
        raise BusinessError(_("Please enter each VAT rate only once."), field="vat")
    if any(rate not in VAT_RATES for rate in rates):
        allowed = ", ".join(f"{rate:g} %" for rate in VAT_RATES)
        raise BusinessError(_("Please choose one of the VAT rates %(rates)s.") % {"rates": allowed}, field="vat")
    result = []
    for line in lines:
        if line.amount is None:
            if len(lines) > 1:
                raise BusinessError(_("With several VAT rates, please enter the VAT amount of each."), field="vat")
            amount = included_vat(gross, line.rate)
        else:
            amount = checked_amount(line.amount, field="vat", allow_zero=True)
        if line.rate == 0 and amount:
            raise BusinessError(_("A VAT rate of 0 % has no VAT amount."), field="vat")
        if amount > included_vat(gross, line.rate) + money.CENT:
            raise BusinessError(
                _("%(amount)s VAT at %(rate)s %% is more than a gross amount of %(gross)s can contain.")
                % {"amount": money.display(amount), "rate": f"{line.rate:g}", "gross": money.display(gross)},
                field="vat",
            )
        result.append((line.rate, amount))
    if sum((amount for _rate, amount in result), money.ZERO) >= gross:
        raise BusinessError(_("The VAT must be less than the gross amount."), field="vat")
    return result or [(Decimal("0"), money.ZERO)]


def _check(member: Any, data: ReceiptData) -> tuple[Decimal, list[tuple[Decimal, Decimal]]]:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if data.receipt_date > today:
        errors["receipt_date"] = _("The receipt date cannot be in the future.")
    elif (today - data.receipt_date).days > MAX_AGE_DAYS:
        errors["receipt_date"] = _("Receipts older than three years cannot be reimbursed.")
    profile = getattr(member, "member_profile", None)
    since = getattr(profile, "member_since", None)
    if since and data.receipt_date < since:
        errors["receipt_date"] = _("The receipt is dated before your membership started on %(date)s.") % {
            "date": date_format(since, "SHORT_DATE_FORMAT")
        }
    if not data.supplier.strip():
        errors["supplier"] = _("Please enter the supplier.")
    if not data.description.strip():
        errors["description"] = _("Please describe what you bought.")
    if data.category not in Category.values:
        errors["category"] = _("Please choose a category.")
    if data.category == Category.HOSPITALITY:
        if not data.attendees.strip():
            errors["attendees"] = _("For hospitality, please name the attendees.")
        if not data.occasion.strip():
            errors["occasion"] = _("For hospitality, please name the occasion.")
    if errors:
        raise BusinessError(next(iter(errors.values())), errors=errors)
    gross = checked_amount(data.gross, field="gross")
    if gross >= ADDRESSED_FROM and not data.addressed_to_cooperative:
        raise BusinessError(
            _("Receipts of %(limit)s or more must be addressed to the cooperative: please confirm that it is.")
            % {"limit": money.display(ADDRESSED_FROM)},
            field="addressed_to_cooperative",
        )
    return gross, _vat(gross, data.vat_lines)


def receipt_save(*, member: Any, data: ReceiptData, upload: Any = None, receipt_id: int | None = None) -> Receipt:
    """Save a new receipt (a file is required) or change one that no submitted request holds."""
    gross, vat = _check(member, data)
    with transaction.atomic():
        if receipt_id is None:
            if upload is None:
                raise BusinessError(_("Please add the receipt as a file."), field="file")
            receipt = Receipt(member=member)
        else:
            found = (
                Receipt.objects.select_for_update(of=("self",))
                .select_related("request")
                .filter(pk=receipt_id, member=member)
                .first()
            )
            if found is None:
                raise BusinessError(_("This receipt does not exist."))
            receipt = found
            if not receipt.is_editable:
                raise BusinessError(_("This receipt belongs to a submitted request and cannot be changed."))
        if upload is not None:
            store_upload(receipt, upload)
        receipt.receipt_date = data.receipt_date
        receipt.supplier = data.supplier.strip()[:200]
        receipt.description = data.description.strip()[:500]
        receipt.category = data.category
        receipt.gross = gross
        receipt.vat = sum((amount for _rate, amount in vat), money.ZERO)
        receipt.addressed_to_cooperative = data.addressed_to_cooperative
        hospitality = data.category == Category.HOSPITALITY
        receipt.attendees = data.attendees.strip()[:2000] if hospitality else ""
        receipt.occasion = data.occasion.strip()[:300] if hospitality else ""
        receipt.save()
        receipt.vat_lines.all().delete()
        ReceiptVat.objects.bulk_create(
            [ReceiptVat(receipt=receipt, rate=rate, amount=amount) for rate, amount in vat if rate or amount]
        )
        if receipt.request is not None:
            refresh_amounts(receipt.request)
    return receipt


def receipt_delete(*, member: Any, receipt_id: int) -> None:
    """Delete a saved receipt; one in a request is removed from it first (only while it is editable)."""
    with transaction.atomic():
        receipt = (
            Receipt.objects.select_for_update(of=("self",))
            .select_related("request")
            .filter(pk=receipt_id, member=member)
            .first()
        )
        if receipt is None:
            raise BusinessError(_("This receipt does not exist."))
        request = receipt.request
        if not receipt.is_editable:
            raise BusinessError(_("This receipt belongs to a submitted request and cannot be deleted."))
        stored = receipt.file
        receipt.delete()
        transaction.on_commit(lambda: stored.delete(save=False))  # the file goes only if the row does
        if request is not None:
            refresh_amounts(request)
