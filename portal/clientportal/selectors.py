"""Reads of the client portal, always through a contact's ``Portal`` (``access.py``): what is not allowed
is not found (404), whatever id is typed."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection
from django.db.models import CharField, F, Q, QuerySet, Sum, Value
from django.shortcuts import get_object_or_404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal.clientportal.access import Portal, shown_to_client_q
from portal.clientportal.models import ClientRequest
from portal.core.audit import audit_history
from portal.invoicing.models import Invoice
from portal.orders.models import Order, OrderAttachment, OrderStatus

#: How many rows the overview shows of each kind; the lists are one link away.
OVERVIEW_ROWS = 5


def orders_for(portal: Portal, *, status: str = "", search: str = "") -> QuerySet[Order]:
    orders = Order.objects.filter(shown_to_client_q(), client=portal.client)
    if status:
        orders = orders.filter(status=status)
    if search:
        condition = Q(title__icontains=search)
        if search.isascii() and search.lstrip("#").isdigit() and len(search) < 12:
            condition |= Q(pk=int(search.lstrip("#")))
        orders = orders.filter(condition)
    return orders.select_related("member", "entity").order_by("-created_at", "-id")


def order_for(portal: Portal, pk: int) -> Order:
    return get_object_or_404(orders_for(portal).prefetch_related("lines"), pk=pk)


def awaiting_answer(portal: Portal) -> QuerySet[Order]:
    return orders_for(portal, status=OrderStatus.CLIENT_CONFIRMATION).order_by("offer_valid_until", "id")


def invoices_for(portal: Portal, *, state: str = "", search: str = "") -> QuerySet[Invoice]:
    """Issued invoices and cancellation invoices of the entities whose invoices the contact sees."""
    invoices = Invoice.objects.filter(client=portal.client, entity_id__in=portal.invoice_entity_ids).exclude(number="")
    if state == "open":
        invoices = invoices.payable()
    elif state:
        invoices = invoices.filter(status=state)
    if search:
        invoices = invoices.filter(Q(number__icontains=search) | Q(title__icontains=search))
    return invoices.select_related("entity", "order").order_by("-issue_date", "-id")


def open_invoices(portal: Portal) -> QuerySet[Invoice]:
    return invoices_for(portal, state="open").order_by("due_date", "id")


def invoice_for(portal: Portal, pk: int) -> Invoice:
    return get_object_or_404(invoices_for(portal).prefetch_related("lines"), pk=pk)


# --- documents --------------------------------------------------------------------------------------


class DocumentKind:
    OFFER = "offer"
    INVOICE = "invoice"
    FILE = "file"


DOCUMENT_KINDS: tuple[tuple[str, Promise], ...] = (
    (DocumentKind.OFFER, _("Offers")),
    (DocumentKind.INVOICE, _("Invoices")),
    (DocumentKind.FILE, _("Files from the member")),
)


@dataclass(frozen=True)
class Document:
    kind: str
    pk: int
    name: str
    when: date | datetime
    order_id: int | None


def _shown_orders(portal: Portal) -> QuerySet[Order]:
    """Orders whose documents the client may read."""
    return Order.objects.filter(
        shown_to_client_q(), client=portal.client, entity_id__in=portal.document_entity_ids, portal_hide_documents=False
    )


def documents_for(portal: Portal, *, kind: str = "", search: str = "", first: int | None = None) -> QuerySet:
    """Offer PDFs, issued invoices and the files members shared, newest first, as one sliceable query
    of ``kind, pk, name, day, order_id`` rows (``Document``).

    ``first``: only the newest ``first`` rows of the union are wanted, so each part is cut there before
    the union sorts (a client with thousands of documents); where the database cannot order and cut
    the parts of a union (SQLite), the whole union is sorted.
    """
    parts: list[QuerySet] = []
    if kind in ("", DocumentKind.OFFER):
        offers = _shown_orders(portal).exclude(offer_pdf="")
        if search:
            offers = offers.filter(title__icontains=search)
        parts.append(
            offers.annotate(
                k=Value(DocumentKind.OFFER, output_field=CharField()),
                name=F("title"),
                day=F("submitted_at"),
                order_ref=F("pk"),
            )
            .order_by()
            .values_list("k", "pk", "name", "day", "order_ref")
        )
    if kind in ("", DocumentKind.INVOICE):
        invoices = invoices_for(portal, search=search).order_by()
        parts.append(
            invoices.annotate(
                k=Value(DocumentKind.INVOICE, output_field=CharField()),
                name=F("number"),
                day=F("issued_at"),
                order_ref=F("order_id"),
            )
            .order_by()
            .values_list("k", "pk", "name", "day", "order_ref")
        )
    if kind in ("", DocumentKind.FILE):
        files = OrderAttachment.objects.filter(
            shared_with_client=True, order__in=_shown_orders(portal), kind=OrderAttachment.Kind.ATTACHMENT
        )
        if search:
            files = files.filter(original_name__icontains=search)
        parts.append(
            files.annotate(
                k=Value(DocumentKind.FILE, output_field=CharField()),
                name=F("original_name"),
                day=F("uploaded_at"),
                order_ref=F("order_id"),
            )
            .order_by()
            .values_list("k", "pk", "name", "day", "order_ref")
        )
    if not parts:
        return Order.objects.none().values_list("pk")
    if first is not None and connection.features.supports_slicing_ordering_in_compound:
        parts = [part.order_by("-day", "-pk")[:first] for part in parts]
    if len(parts) == 1:
        return parts[0] if parts[0].query.is_sliced else parts[0].order_by("-day", "-pk")
    return parts[0].union(*parts[1:], all=True).order_by("-day", "-pk")


def shared_file_for(portal: Portal, pk: int) -> OrderAttachment:
    return get_object_or_404(
        OrderAttachment.objects.filter(
            shared_with_client=True, order__in=_shown_orders(portal), kind=OrderAttachment.Kind.ATTACHMENT
        ),
        pk=pk,
    )


def order_files(portal: Portal, order: Order) -> list[OrderAttachment]:
    if not portal.shows_documents(order):
        return []
    return list(
        order.attachments.filter(shared_with_client=True, kind=OrderAttachment.Kind.ATTACHMENT).order_by("uploaded_at")
    )


# --- requests -----------------------------------------------------------------------------------------


def requests_for(portal: Portal, *, status: str = "", search: str = "") -> QuerySet[ClientRequest]:
    requests = ClientRequest.objects.filter(client=portal.client)
    if status:
        requests = requests.filter(status=status)
    if search:
        requests = requests.filter(title__icontains=search)
    return requests.select_related("member", "contact", "order").order_by("-created_at", "-id")


def request_for(portal: Portal, pk: int) -> ClientRequest:
    return get_object_or_404(requests_for(portal).prefetch_related("files"), pk=pk)


# --- an order's history as the client sees it -----------------------------------------------------------

#: Audit actions of an order the client is shown, with the client's wording.
CLIENT_HISTORY = {
    "order.approve": _("Offer sent"),
    "order.confirm": _("Confirmed"),
    "order.decline": _("Declined"),
    "order.request_changes": _("Changes requested"),
    "order.expire": _("Offer expired"),
    "order.approve_cancellation": _("Cancelled"),
    "order.complete": _("Completed"),
}


STARTED = _("Order started")


@dataclass(frozen=True)
class HistoryStep:
    when: datetime
    label: Promise
    name: str  # who answered for the client, if they typed a name


def client_history(order: Order) -> list[HistoryStep]:
    steps = []
    for entry in audit_history(order):
        if entry.action not in CLIENT_HISTORY:
            continue
        label = CLIENT_HISTORY[entry.action]
        if entry.action == "order.approve" and entry.to_state == OrderStatus.ACTIVE:
            label = STARTED  # confirmed otherwise: no offer was sent
        steps.append(HistoryStep(entry.created_at, label, (entry.data or {}).get("client_name", "")))
    return steps


def outstanding_total(portal: Portal):
    totals = open_invoices(portal).order_by().aggregate(gross=Sum("gross_total"), paid=Sum("paid_amount"))
    return (totals["gross"] or 0) - (totals["paid"] or 0)
