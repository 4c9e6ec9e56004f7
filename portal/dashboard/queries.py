"""The dashboard's reads, written out in SQL (``portal.core.sql``): it is the page every member opens
first, and through the ORM building its queries cost three times what PostgreSQL needs to run them.

Each read is a member's own: the SQL restricts the rows to the member of the scope (as ``Scope.rows``
does for members) and one entity; any other scope reads nothing. The rows have the names and values of
the querysets they replace (``orders.rows.for_rows``, ``invoicing.rows.for_rows``), so the same row
builders turn them into table rows; tests compare both.
"""

from datetime import date, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType

from portal.core.scope import Scope
from portal.core.sql import Select, field_of
from portal.core.transitions import Actor
from portal.entities.models import IssuingEntity
from portal.invoicing.models import Invoice, InvoiceStatus
from portal.orders.models import Order, OrderComment, OrderStatus

MEMBERSHIP_STATUS = Select(
    "SELECT p.membership_status FROM accounts_memberprofile p WHERE p.user_id = %s",
    membership_status=None,
)

LATEST_ORDERS = Select(
    """
    SELECT o.id, o.status, o.title, o.created_at, o.net_total, o.member_id, c.name
    FROM orders_order o LEFT JOIN customers_client c ON c.id = o.client_id
    WHERE o.member_id = %s AND o.entity_id = %s
    ORDER BY o.created_at DESC, o.id DESC
    LIMIT %s""",
    pk=None,
    status=None,
    title=None,
    created_at=field_of(Order, "created_at"),
    net_total=field_of(Order, "net_total"),
    member_id=None,
    client__name=None,
)

LATEST_INVOICES = Select(
    """
    SELECT i.id, i.kind, i.status, i.title, i.number, i.issue_date, i.planned_date, i.due_date,
           i.net_total, i.gross_total, i.member_id, c.name, u.first_name, u.last_name
    FROM invoicing_invoice i
    JOIN customers_client c ON c.id = i.client_id
    JOIN accounts_user u ON u.id = i.member_id
    WHERE i.member_id = %s AND i.entity_id = %s
    ORDER BY COALESCE(i.issue_date, i.planned_date) DESC, i.id DESC
    LIMIT %s""",
    pk=None,
    kind=None,
    status=None,
    title=None,
    number=None,
    issue_date=field_of(Invoice, "issue_date"),
    planned_date=field_of(Invoice, "planned_date"),
    due_date=field_of(Invoice, "due_date"),
    net_total=field_of(Invoice, "net_total"),
    gross_total=field_of(Invoice, "gross_total"),
    member_id=None,
    client__name=None,
    member__first_name=None,
    member__last_name=None,
)

INVOICE_DRAFTS = Select(
    """
    SELECT i.id, i.title, i.planned_date, i.net_total, c.name
    FROM invoicing_invoice i JOIN customers_client c ON c.id = i.client_id
    WHERE i.member_id = %s AND i.entity_id = %s AND i.status = %s
    ORDER BY i.planned_date, i.id
    LIMIT %s""",
    pk=None,
    title=None,
    planned_date=field_of(Invoice, "planned_date"),
    net_total=field_of(Invoice, "net_total"),
    client__name=None,
)

# The audit entry that (last) sent an order back to draft: a return or a client's change request.
_LATEST_MOVE_TO_DRAFT = """
    FROM core_auditentry a
    WHERE a.target_type_id = %s AND a.target_id = CAST(o.id AS varchar(64))
      AND a.to_state = %s AND a.from_state NOT IN ('', %s)
    ORDER BY a.created_at DESC, a.id DESC LIMIT 1"""
_LATEST_COMMENT = """
    FROM orders_ordercomment k WHERE k.order_id = o.id ORDER BY k.created_at DESC, k.id DESC LIMIT 1"""

ORDERS_NEEDING_ATTENTION = Select(
    f"""
    SELECT id, title, status, offer_valid_until, client_name,
           returned_action, returned_reason, staff_asked, question
    FROM (
        SELECT o.id, o.title, o.status, o.offer_valid_until, o.created_at, c.name AS client_name,
               (SELECT a.action {_LATEST_MOVE_TO_DRAFT}) AS returned_action,
               (SELECT a.message {_LATEST_MOVE_TO_DRAFT}) AS returned_reason,
               (SELECT k.by_staff {_LATEST_COMMENT}) AS staff_asked,
               (SELECT k.body {_LATEST_COMMENT}) AS question
        FROM orders_order o LEFT JOIN customers_client c ON c.id = o.client_id
        WHERE o.member_id = %s AND o.entity_id = %s
    ) candidates
    WHERE (status = %s AND offer_valid_until BETWEEN %s AND %s)
       OR (status = %s AND returned_action IS NOT NULL)
       OR staff_asked
    ORDER BY created_at DESC, id DESC
    LIMIT %s""",  # noqa: S608 (fixed SQL fragments; every value is a parameter)
    pk=None,
    title=None,
    status=None,
    offer_valid_until=field_of(Order, "offer_valid_until"),
    client_name=None,
    returned_action=None,
    returned_reason=None,
    staff_asked=field_of(OrderComment, "by_staff"),
    question=None,
)


def _member(scope: Scope) -> int | None:
    return scope.user_id if scope.actor == Actor.MEMBER else None


def membership_status(scope: Scope) -> str | None:
    """The member's membership status, ``None`` without a member profile."""
    member = _member(scope)
    found = [] if member is None else MEMBERSHIP_STATUS.rows([member])
    return found[0].membership_status if found else None


def latest_orders(scope: Scope, entity: IssuingEntity, limit: int) -> list[Any]:
    """The member's newest orders in ``entity`` by creation, as ``orders.rows.for_rows`` reads them."""
    member = _member(scope)
    return [] if member is None else LATEST_ORDERS.rows([member, entity.pk, limit])


def latest_invoices(scope: Scope, entity: IssuingEntity, limit: int) -> list[Any]:
    """The member's newest invoices in ``entity`` by the date the panel shows (invoice date once issued,
    else the planned one), as ``invoicing.rows.for_rows`` reads them."""
    member = _member(scope)
    return [] if member is None else LATEST_INVOICES.rows([member, entity.pk, limit])


def invoice_drafts(scope: Scope, entity: IssuingEntity, limit: int) -> list[Any]:
    """The member's invoice drafts in ``entity`` waiting for their review, by planned date."""
    member = _member(scope)
    return [] if member is None else INVOICE_DRAFTS.rows([member, entity.pk, InvoiceStatus.DRAFT, limit])


def orders_needing_attention(
    scope: Scope, entity: IssuingEntity, *, today: date, offer_warning_days: int, limit: int
) -> list[Any]:
    """The member's orders in ``entity`` that wait for them, newest first: offers expiring within
    ``offer_warning_days``, drafts sent back (with the move's action and reason) and orders whose latest
    comment is from the Smart team (with that comment)."""
    member = _member(scope)
    if member is None:
        return []
    move = [ContentType.objects.get_for_model(Order).pk, OrderStatus.DRAFT, OrderStatus.DRAFT]
    until = today + timedelta(days=offer_warning_days)
    return ORDERS_NEEDING_ATTENTION.rows(
        [*move, *move, member, entity.pk, OrderStatus.CLIENT_CONFIRMATION, today, until, OrderStatus.DRAFT, limit]
    )
