from collections.abc import Iterable
from datetime import date

from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from portal.core.models import AuditEntry
from portal.core.scope import Scope
from portal.entities.models import IssuingEntity
from portal.invoicing.models import OPEN, Invoice, InvoiceStatus


def _matching(search: str) -> Q:
    return Q(number__icontains=search) | Q(title__icontains=search) | Q(client__name__icontains=search)


def _with_details() -> QuerySet[Invoice]:
    """What an invoice page shows; lines prefetched so the page and ``Invoice.totals()`` share one query."""
    return Invoice.objects.select_related("client", "entity", "order", "member", "cancels").prefetch_related("lines")


def invoices_in(
    scope: Scope,
    *,
    entities: Iterable[IssuingEntity] | None = None,
    status: str = "",
    overdue: bool = False,
    date_from: date | None = None,
    date_to: date | None = None,
    search: str = "",
    today: date | None = None,
) -> QuerySet[Invoice]:
    """The invoices ``scope`` may read, optionally of some ``entities`` only; dates filter on the invoice
    date, which for drafts is the planned one."""
    invoices = scope.rows(Invoice.objects.all()).select_related("client", "member", "entity")
    if entities is not None:
        invoices = invoices.filter(entity__in=list(entities))
    if status:
        invoices = invoices.filter(status=status)
    if overdue:
        invoices = invoices.filter(
            kind=Invoice.Kind.INVOICE, status__in=OPEN, due_date__lt=today or timezone.localdate()
        )
    if date_from or date_to:
        invoices = invoices.alias(invoice_date=Coalesce("issue_date", "planned_date"))
        if date_from:
            invoices = invoices.filter(invoice_date__gte=date_from)
        if date_to:
            invoices = invoices.filter(invoice_date__lte=date_to)
    if search:
        invoices = invoices.filter(_matching(search) | Q(member__last_name__icontains=search))
    return invoices.order_by("-planned_date", "-pk")


def invoice_in(scope: Scope, pk: int) -> Invoice:
    """One invoice ``scope`` may read (with what its page shows), or a 404."""
    return scope.one(_with_details(), pk)


def awaiting_update_for_staff(*, entity) -> QuerySet[Invoice]:
    """The Smart team's queue: drafts whose member asked for changes, oldest request first."""
    return (
        Invoice.objects.filter(entity=entity, status=InvoiceStatus.AWAITING_UPDATE)
        .select_related("client", "member", "entity")
        .order_by("updated_at", "pk")
    )


def late_drafts_for_staff(*, entity, today) -> QuerySet[Invoice]:
    """Drafts whose invoice date has passed: the scheduler could not issue them (e.g. the client's
    address is incomplete), or their member's change request was only just released.

    ``issue_failure`` is the reason of the scheduler's last failed attempt (empty when there was none).
    """
    failures = AuditEntry.objects.filter(
        action="invoice.issue_failed",
        target_type__app_label=Invoice._meta.app_label,
        target_type__model=Invoice._meta.model_name,
        target_id=Cast(OuterRef("pk"), output_field=CharField()),
    ).order_by("-created_at", "-id")
    return (
        Invoice.objects.filter(entity=entity, status=InvoiceStatus.DRAFT, planned_date__lt=today)
        .select_related("client")
        .annotate(issue_failure=Coalesce(Subquery(failures.values("message")[:1]), Value(""), output_field=TextField()))
        .order_by("planned_date", "pk")
    )
