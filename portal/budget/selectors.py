"""Reads with a rule: which budgets an actor may see or use, and the statement of a budget."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.urls import reverse

from portal.budget.models import Budget, Correction, LedgerEntry, Participant, Transfer
from portal.core import money
from portal.core.scope import Scope
from portal.core.transitions import Actor


def seats_of(member_id: int) -> QuerySet[Participant]:
    return Participant.objects.filter(member_id=member_id, status=Participant.Status.ACTIVE)


def budgets_of_member(member_id: int) -> QuerySet[Budget]:
    """The member's personal budgets and the collective budgets they belong to (active or pending)."""
    seats = seats_of(member_id).values("budget_id")  # a subquery: no join, no DISTINCT
    return Budget.objects.filter(
        Q(kind=Budget.Kind.PERSONAL, owner_id=member_id) | Q(kind=Budget.Kind.COLLECTIVE, pk__in=seats)
    )


def usable_for_orders(*, member_id: int, entity_id: int) -> QuerySet[Budget]:
    """The active collective budgets of the entity the member manages (the order form's choices)."""
    return Budget.objects.filter(
        kind=Budget.Kind.COLLECTIVE,
        status=Budget.Status.ACTIVE,
        entity_id=entity_id,
        participants__member_id=member_id,
        participants__status=Participant.Status.ACTIVE,
        participants__role=Participant.Role.MANAGER,
    )


def collective_budgets_managed_by(member: Any) -> QuerySet[Budget]:
    """The order form's choices besides the personal budget: active collective budgets the member manages,
    of any entity they work with (the order's entity is checked when it is saved)."""
    return (
        Budget.objects.filter(
            kind=Budget.Kind.COLLECTIVE,
            status=Budget.Status.ACTIVE,
            participants__member_id=member.pk,
            participants__status=Participant.Status.ACTIVE,
            participants__role=Participant.Role.MANAGER,
        )
        .select_related("entity")
        .order_by("entity__code", "name")
    )


def visible_budgets(scope: Scope) -> QuerySet[Budget]:
    """Every budget the actor may open: a member their own, staff those of their entities."""
    if scope.actor == Actor.MEMBER and scope.user_id is not None:
        return budgets_of_member(scope.user_id)
    if scope.actor == Actor.STAFF:
        return Budget.objects.filter(entity_id__in=scope.entity_ids)
    return Budget.objects.none()


def budget_in(scope: Scope, pk: int) -> Budget:
    found = visible_budgets(scope).select_related("entity", "owner", "owner__member_profile").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def role_in(budget: Budget, member_id: int | None) -> str | None:
    """``"owner"`` for one's personal budget, the participant role in a collective one, else ``None``."""
    if budget.kind == Budget.Kind.PERSONAL:
        return "owner" if budget.owner_id == member_id else None
    return (
        Participant.objects.filter(budget=budget, member_id=member_id, status=Participant.Status.ACTIVE)
        .values_list("role", flat=True)
        .first()
    )


# --- statement -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date | None
    end: date | None


def rows_in(budget_id: int, period: Period) -> QuerySet[LedgerEntry]:
    """The budget's rows booked within ``period`` (open ends are unbounded)."""
    rows = LedgerEntry.objects.filter(budget_id=budget_id)
    if period.start:
        rows = rows.filter(booking_date__gte=period.start)
    if period.end:
        rows = rows.filter(booking_date__lte=period.end)
    return rows


def statement_rows(budget_id: int, period: Period) -> QuerySet[LedgerEntry]:
    """The rows of the period, oldest first, each with its ``running`` balance computed by the database
    (a window sum over the period plus the opening balance, see ``opening_balance``)."""
    rows = rows_in(budget_id, period)
    return rows.annotate(
        running_in_period=Window(Sum("amount"), order_by=[F("booking_date").asc(), F("id").asc()])
    ).order_by("booking_date", "id")


def opening_balance(budget_id: int, start: date | None, monthly: list[tuple[date, Decimal]] | None = None) -> Decimal:
    """The balance before ``start``; from ``monthly`` (all of ``monthly_sums``) when it starts a month."""
    if start is None:
        return money.ZERO
    if monthly is not None and start.day == 1:
        return sum((total for month, total in monthly if month < start), start=money.ZERO)
    total = LedgerEntry.objects.filter(budget_id=budget_id, booking_date__lt=start).aggregate(total=Sum("amount"))
    return total["total"] or money.ZERO


def totals_by_kind(budget_id: int, period: Period) -> list[tuple[str, Decimal, int]]:
    """Per kind of row in the period: the sum and the number of rows (so a statement page needs no count)."""
    rows = rows_in(budget_id, period)
    totals = (
        rows.values("kind")
        .annotate(total=Sum("amount"), rows=Count("id"))
        .order_by("kind")
        .values_list("kind", "total", "rows")
    )
    order = {kind: index for index, kind in enumerate(LedgerEntry.Kind.values)}
    return sorted(totals, key=lambda item: order.get(item[0], 99))


def monthly_sums(budget_id: int, since: date | None = None) -> list[tuple[date, Decimal]]:
    """The sum of the rows per month (from ``since`` on; months without rows are missing)."""
    rows = LedgerEntry.objects.filter(budget_id=budget_id)
    if since is not None:
        rows = rows.filter(booking_date__gte=since)
    sums = (
        rows.annotate(month=TruncMonth("booking_date"))
        .values("month")
        .annotate(total=Sum("amount"))
        .order_by("month")
        .values_list("month", "total")
    )
    return list(sums)


def pending_transfers(budget_ids: Sequence[int]) -> QuerySet[Transfer]:
    return Transfer.objects.filter(
        Q(source_id__in=budget_ids) | Q(target_id__in=budget_ids), status=Transfer.Status.SUBMITTED
    )


# --- transfers ---------------------------------------------------------------------------------------


def transfers_in(scope: Scope) -> QuerySet[Transfer]:
    """The transfers the actor may open: a member those from or to their budgets, staff those of their
    entities."""
    transfers = Transfer.objects.select_related("source", "target", "source__owner", "target__owner", "requested_by")
    if scope.actor == Actor.MEMBER and scope.user_id is not None:
        mine = budgets_of_member(scope.user_id).values("pk")
        return transfers.filter(Q(source__in=mine) | Q(target__in=mine))
    if scope.actor == Actor.STAFF:
        return transfers.filter(source__entity_id__in=scope.entity_ids)
    return transfers.none()


def transfer_in(scope: Scope, pk: int) -> Transfer:
    found = transfers_in(scope).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def transfer_links(scope: Scope, ids: Sequence[int]) -> dict[int, str]:
    """The transfer pages of a statement's rows, for those transfers ``scope`` may open."""
    name = "backoffice:transfer_detail" if scope.actor == Actor.STAFF else "budget:transfer_detail"
    visible = transfers_in(scope).filter(pk__in=ids).values_list("pk", flat=True)
    return {pk: reverse(name, args=[pk]) for pk in visible}


# --- the Smart team ----------------------------------------------------------------------------------


def budgets_for_staff(scope: Scope, *, search: str = "") -> QuerySet[Budget]:
    """The budgets of the staff's entities, searched by member number, member name or budget name."""
    budgets = visible_budgets(scope).select_related("entity", "owner", "owner__member_profile")
    search = search.strip()
    if search:
        budgets = budgets.filter(
            Q(owner__member_profile__member_number=search)
            | Q(owner__first_name__icontains=search)
            | Q(owner__last_name__icontains=search)
            | Q(owner__email__icontains=search)
            | Q(name__icontains=search)
        )
    return budgets.order_by("entity__code", "owner__last_name", "owner__first_name", "kind", "name", "pk")


def transfer_queue(entity_ids: Sequence[int]) -> QuerySet[Transfer]:
    """Transfers waiting for the Smart team of these entities, oldest first (partial index ``transfer_queue``)."""
    return (
        Transfer.objects.filter(status=Transfer.Status.SUBMITTED, source__entity_id__in=entity_ids)
        .select_related("source", "target", "source__owner", "target__owner", "requested_by")
        .order_by("created_at", "pk")
    )


def corrections_awaiting_approval(entity_ids: Sequence[int]) -> QuerySet[Correction]:
    """Corrections above the four-eyes limit that a second staff member has to approve."""
    return (
        Correction.objects.filter(status=Correction.Status.PENDING, budget__entity_id__in=entity_ids)
        .select_related("budget", "budget__owner", "requested_by")
        .order_by("created_at", "pk")
    )


def corrections_of(budget_id: int) -> QuerySet[Correction]:
    return Correction.objects.filter(budget_id=budget_id).select_related("requested_by", "decided_by")


def correction_in(scope: Scope, pk: int) -> Correction:
    """A correction of a budget the actor may open (staff only: members never see correction requests)."""
    if scope.actor != Actor.STAFF:
        raise Http404
    found = Correction.objects.filter(pk=pk, budget__entity_id__in=scope.entity_ids).first()
    if found is None:
        raise Http404
    return found
