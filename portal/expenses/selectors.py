"""Reads of expense requests and receipts, narrowed by ``Scope``: a member reads their own, the Smart
team those of their entities, anybody else nothing (404)."""

from django.db.models import Count, Min, Q, QuerySet
from django.http import Http404

from portal.core.scope import Scope
from portal.core.transitions import Actor
from portal.core.views import parse_id
from portal.expenses.models import ExpenseRequest, Receipt


def requests_in(scope: Scope) -> QuerySet[ExpenseRequest]:
    """A member's own requests; the Smart team's entities' requests once submitted (drafts stay private)."""
    requests = scope.rows(ExpenseRequest.objects.select_related("budget", "entity", "member"))
    if scope.actor == Actor.STAFF:
        return requests.exclude(status=ExpenseRequest.Status.DRAFT)
    return requests


def request_in(scope: Scope, pk: int) -> ExpenseRequest:
    return scope.one(requests_in(scope), pk)


def search(requests: QuerySet[ExpenseRequest], text: str) -> QuerySet[ExpenseRequest]:
    """Requests whose title, reference (A-000123) or member matches ``text``."""
    text = text.strip()[:100]
    if not text:
        return requests
    condition = Q(title__icontains=text)
    number = parse_id(text.upper().removeprefix("A-"))
    if number is not None:
        condition |= Q(pk=number)
    condition |= Q(member__last_name__icontains=text) | Q(member__member_profile__member_number=text)
    return requests.filter(condition)


def receipts_in(scope: Scope) -> QuerySet[Receipt]:
    """A member's own receipts; for the Smart team the receipts of requests of their entities."""
    receipts = Receipt.objects.select_related("request")
    if scope.actor == Actor.MEMBER:
        return receipts.filter(member_id=scope.user_id)
    if scope.actor == Actor.STAFF:
        return receipts.filter(request__entity_id__in=scope.entity_ids).exclude(
            request__status=ExpenseRequest.Status.DRAFT
        )
    return receipts.none()


def receipt_in(scope: Scope, pk: int) -> Receipt:
    found = receipts_in(scope).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def expense_queue_summary(entity_ids: list[int]) -> dict:
    """How many requests wait for the Smart team of these entities, and since when the oldest (one query)."""
    return ExpenseRequest.objects.filter(entity_id__in=entity_ids, status=ExpenseRequest.Status.SUBMITTED).aggregate(
        count=Count("id"), oldest=Min("submitted_at")
    )
