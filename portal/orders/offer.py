"""The offer PDF the client confirms (DESIGN §4): the invoice's page, lines and totals, and the payment schedule.

The offer is in the client's language only (invoices are bilingual). It shows what the client will be
invoiced: the rates of the client's VAT treatment (none under reverse charge), and each planned
invoice with the amounts its draft will have (``payment_schedule``).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.core import money
from portal.core.pdf import (
    DOCUMENT_LABELS,
    document_labels,
    entity_logo_uri,
    foreign_country,
    html_to_pdf,
    line_columns,
    printed_iban,
)
from portal.entities import tax, vat
from portal.orders.models import Order
from portal.orders.splitting import Instalment, payment_schedule

OFFER_LABELS: dict[str, Promise] = {
    **DOCUMENT_LABELS,
    "offer": _("Offer"),
    "number": _("Offer no."),
    "date": _("Date"),
    "valid_until": _("Offer valid until"),
    "service_period": _("Service period"),
    "place": _("Place of performance"),
    "client_reference": _("Your reference"),
    "client_vat_id": _("Client VAT ID"),
    "schedule": _("Payment schedule"),
    "planned_date": _("Invoice date"),
    "gross": _("Gross"),
    "schedule_total": _("Total of the invoices"),
    "whole_order": _("Invoice for the whole order"),
}


@dataclass(frozen=True)
class OfferLine:
    position: int
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    rate: Decimal
    net: Decimal
    running_net: Decimal


@dataclass(frozen=True)
class TaxRow:
    rate: Decimal
    basis: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Allowance:
    rate: Decimal
    amount: Decimal
    reason: str


@dataclass(frozen=True)
class OfferContent:
    """Everything the offer PDF shows of ``order``, in the client's ``language``."""

    order: Order
    language: str
    lines: list[OfferLine]
    totals: money.Totals
    schedule: list[Instalment]
    notes: list[str] = field(default_factory=list)

    @property
    def net(self) -> Decimal:
        return self.totals.net

    @property
    def vat(self) -> Decimal:
        return self.totals.vat

    @property
    def gross(self) -> Decimal:
        return self.totals.gross

    @property
    def line_total(self) -> Decimal:
        return self.totals.line_total

    @property
    def tax_rows(self) -> list[TaxRow]:
        net_by_rate, vat_by_rate = self.totals.net_by_rate, self.totals.vat_by_rate
        return [TaxRow(rate, net_by_rate[rate], vat_by_rate[rate]) for rate in sorted(net_by_rate, reverse=True)]

    @property
    def allowances(self) -> list[Allowance]:
        by_rate = self.totals.allowance_by_rate
        reason = self.order.discount_reason
        return [Allowance(rate, by_rate[rate], reason) for rate in sorted(by_rate, reverse=True)]

    @property
    def schedule_rows(self) -> list[tuple[Instalment, str]]:
        """Each planned invoice with its description: what the invoice's lines will say."""
        with translation.override(self.language):
            return [
                (
                    instalment,
                    str(OFFER_LABELS["whole_order"])
                    if instalment.whole_order
                    else gettext("Instalment %(number)s of %(count)s")
                    % {"number": instalment.number, "count": instalment.count},
                )
                for instalment in self.schedule
            ]

    @property
    def schedule_net(self) -> Decimal:
        return sum((instalment.totals.net for instalment in self.schedule), money.ZERO)

    @property
    def schedule_vat(self) -> Decimal:
        return sum((instalment.totals.vat for instalment in self.schedule), money.ZERO)

    @property
    def schedule_gross(self) -> Decimal:
        return sum((instalment.totals.gross for instalment in self.schedule), money.ZERO)

    @property
    def payment_days(self) -> int:
        return settings.INVOICE_PAYMENT_DAYS


def client_language(order: Order) -> str:
    """The client's language (an order reaches confirmation only with a client)."""
    return order.client.language if order.client else settings.LANGUAGE_CODE


def offer_content(order: Order) -> OfferContent:
    language = client_language(order)
    treatment = vat.client_treatment(issuer_country=order.entity.country, client=order.client) if order.client else "S"
    lines = []
    running_net = money.ZERO
    for position, line in enumerate(order.lines.all(), start=1):
        running_net += line.net
        lines.append(
            OfferLine(
                position=position,
                description=line.description,
                quantity=line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                rate=vat.effective_rate(treatment, line.vat_rate),
                net=line.net,
                running_net=running_net,
            )
        )
    totals = money.totals(((line.quantity, line.unit_price, line.rate) for line in lines), order.discount)
    categories = [
        tax.line_category(treatment, rate, order.vat_exemption) for rate in sorted(totals.net_by_rate, reverse=True)
    ]
    notes = [category.note_en if language == "en" else category.note_de for category in categories]
    return OfferContent(
        order=order,
        language=language,
        lines=lines,
        totals=totals,
        schedule=payment_schedule(order),
        notes=list(dict.fromkeys(note for note in notes if note)),
    )


def offer_pdf(order: Order, *, today: date) -> bytes:
    """The offer as the client receives it with the confirmation link, dated ``today``."""
    return html_to_pdf(offer_html(order, today=today))


def offer_html(order: Order, *, today: date) -> str:
    content = offer_content(order)
    entity, client = order.entity, order.client
    labels = document_labels(OFFER_LABELS, content.language, bilingual=False)
    context = {
        "c": content,
        "order": order,
        "today": today,
        "document_title": f"{labels['offer']} {order.pk}",
        "language": content.language,
        "labels": labels,
        "issuer": entity,
        "recipient": {
            "name": client.name if client else "",
            "contact_name": order.contact_name,
            "street": client.street if client else "",
            "postal_code": client.postal_code if client else "",
            "city": client.city if client else "",
        },
        "recipient_country": foreign_country(str(client.country) if client else "", entity.country),
        "logo": entity_logo_uri(entity.code),
        "iban": printed_iban(entity.iban),
    }
    with translation.override(content.language):
        context["columns"] = line_columns(content, labels)
        return render_to_string("orders/offer_pdf.html", context)
