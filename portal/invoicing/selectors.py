from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from portal.invoicing.models import OPEN, Invoice


def _matching(search: str) -> Q:
    return Q(number__icontains=search) | Q(title__icontains=search) | Q(client__name__icontains=search)


def _with_details() -> QuerySet[Invoice]:
    """What an invoice page shows; lines prefetched so the page and ``Invoice.totals()`` share one query."""
    return Invoice.objects.select_related("client", "entity", "order", "member", "cancels").prefetch_related("lines")


def invoices_for_member(*, member, entity=None, status: str = "", search: str = "") -> QuerySet[Invoice]:
    invoices = Invoice.objects.filter(member=member).select_related("client", "entity")
    if entity is not None:
        invoices = invoices.filter(entity=entity)
    if status:
        invoices = invoices.filter(status=status)
    if search:
        invoices = invoices.filter(_matching(search))
    return invoices.order_by("-planned_date", "-pk")


def invoice_for_member(*, member, pk: int) -> Invoice:
    return get_object_or_404(_with_details(), member=member, pk=pk)


def invoices_for_staff(
    *, entity, status: str = "", overdue: bool = False, date_from=None, date_to=None, search: str = "", today=None
) -> QuerySet[Invoice]:
    invoices = Invoice.objects.filter(entity=entity).select_related("client", "member")
    if status:
        invoices = invoices.filter(status=status)
    if overdue:
        invoices = invoices.filter(status__in=OPEN, due_date__lt=today)
    if date_from:
        invoices = invoices.filter(planned_date__gte=date_from)
    if date_to:
        invoices = invoices.filter(planned_date__lte=date_to)
    if search:
        invoices = invoices.filter(_matching(search))
    return invoices.order_by("-planned_date", "-pk")


def invoice_for_staff(*, entity, pk: int) -> Invoice:
    return get_object_or_404(_with_details(), entity=entity, pk=pk)
