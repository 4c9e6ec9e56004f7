"""Reads of applications, register entries and share requests, always for one actor (``Scope``): a member
reads their own, the Smart team those of its entities (applications only once confirmed by e-mail);
anybody else nothing (404)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from portal.core.scope import Scope
from portal.core.transitions import Actor
from portal.entities.models import IssuingEntity
from portal.membership.models import (
    ApplicationStatus,
    MembershipApplication,
    RequestKind,
    RequestStatus,
    ShareEntry,
    ShareRequest,
    ShareTerms,
)


def applications_in(scope: Scope, *, status: str = "", search: str = "", entity_id: int | None = None):
    if scope.actor not in (Actor.MEMBER, Actor.STAFF):
        return MembershipApplication.objects.none()
    rows = scope.rows(MembershipApplication.objects.select_related("entity"), member="user")
    if scope.actor == Actor.STAFF:
        rows = rows.exclude(status=ApplicationStatus.UNVERIFIED)
    if status:
        rows = rows.filter(status=status)
    if entity_id:
        rows = rows.filter(entity_id=entity_id)
    if search:
        words = Q()
        for word in search.split()[:5]:
            words &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(artist_name__icontains=word)
            )
        number = search.upper().removeprefix("ANT-").strip()
        rows = (
            rows.filter(words | Q(pk=int(number)))
            if number.isascii() and number.isdigit() and len(number) < 12
            else rows.filter(words)
        )
    return rows


def application_in(scope: Scope, pk: int) -> MembershipApplication:
    found = applications_in(scope).select_related("decided_by", "user").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def application_counts(scope: Scope) -> dict[str, int]:
    rows = applications_in(scope).values("status").annotate(count=Count("pk"))
    counts = {row["status"]: row["count"] for row in rows}
    counts["requests"] = share_requests_in(scope, status=RequestStatus.PENDING).count()
    return counts


@dataclass(frozen=True)
class RegisterFilter:
    entity_id: int | None = None
    kind: str = ""
    search: str = ""
    start: date | None = None
    end: date | None = None
    unpaid: bool = False


def entries_in(scope: Scope, filters: RegisterFilter | None = None) -> QuerySet[ShareEntry]:
    if scope.actor not in (Actor.MEMBER, Actor.STAFF):
        return ShareEntry.objects.none()
    filters = filters or RegisterFilter()
    rows = scope.rows(ShareEntry.objects.select_related("entity", "member", "member__member_profile"))
    if filters.entity_id:
        rows = rows.filter(entity_id=filters.entity_id)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.start:
        rows = rows.filter(entry_date__gte=filters.start)
    if filters.end:
        rows = rows.filter(entry_date__lte=filters.end)
    if filters.unpaid:
        rows = rows.filter(paid_on__isnull=True, shares__gt=0)
    for word in filters.search.split()[:5]:
        rows = rows.filter(
            Q(member__first_name__icontains=word)
            | Q(member__last_name__icontains=word)
            | Q(member__email__icontains=word)
            | Q(member__member_profile__member_number=word)
        )
    return rows.order_by("entity__code", "number")


def share_requests_in(scope: Scope, *, status: str = "", kind: str = "") -> QuerySet[ShareRequest]:
    if scope.actor not in (Actor.MEMBER, Actor.STAFF):
        return ShareRequest.objects.none()
    rows = scope.rows(ShareRequest.objects.select_related("entity", "member", "entry", "recipient"))
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    return rows


def share_request_in(scope: Scope, pk: int) -> ShareRequest:
    found = share_requests_in(scope).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class Holding:
    """What a member holds in one entity."""

    entity: IssuingEntity
    shares: int
    amount: Decimal
    unpaid: int
    terms: ShareTerms | None


def holdings_of(member_id: int) -> list[Holding]:
    """The member's shares per entity (entities with entries only), in two queries."""
    sums = list(
        ShareEntry.objects.filter(member_id=member_id)
        .values("entity_id")
        .annotate(
            total=Sum("shares"),
            unpaid=Count("pk", filter=Q(paid_on__isnull=True, shares__gt=0)),
        )
        .order_by("entity_id")
    )
    terms = {
        row.entity_id: row
        for row in ShareTerms.objects.select_related("entity").filter(entity_id__in=[row["entity_id"] for row in sums])
    }
    entities = {entity.pk: entity for entity in IssuingEntity.objects.filter(pk__in=[row["entity_id"] for row in sums])}
    holdings = []
    for row in sums:
        term = terms.get(row["entity_id"])
        nominal = term.nominal_value if term else Decimal("0")
        holdings.append(Holding(entities[row["entity_id"]], row["total"], nominal * row["total"], row["unpaid"], term))
    return holdings


def membership_end(member_id: int) -> date | None:
    """The day the member's latest accepted termination takes (or took) effect, if any."""
    return (
        ShareRequest.objects.filter(member_id=member_id, kind=RequestKind.TERMINATION, status=RequestStatus.ACCEPTED)
        .order_by("-effective_on")
        .values_list("effective_on", flat=True)
        .first()
    )


def entity_for_application(code: Any) -> ShareTerms | None:
    """The terms of the entity an application link names by its code (``?entity=SC``), if it takes applications."""
    if not isinstance(code, str) or not code.strip() or len(code) > 8:
        return None
    return (
        ShareTerms.objects.select_related("entity")
        .filter(entity__code__iexact=code.strip(), accepts_applications=True)
        .first()
    )


def open_terms() -> list[ShareTerms]:
    return list(ShareTerms.objects.select_related("entity").filter(accepts_applications=True))


def incoming_transfers(member_id: int) -> list[ShareRequest]:
    """Transfers to the member that wait for their answer or the Smart team's decision."""
    return list(
        ShareRequest.objects.select_related("entity", "member")
        .filter(recipient_id=member_id, kind=RequestKind.TRANSFER, status=RequestStatus.PENDING)
        .order_by("-created_at", "-pk")[:20]
    )


def incoming_transfer(member_id: int, pk: int) -> ShareRequest:
    found = ShareRequest.objects.filter(recipient_id=member_id, kind=RequestKind.TRANSFER, pk=pk).first()
    if found is None:
        raise Http404
    return found


def open_payments(member_id: int) -> list[ShareEntry]:
    """The member's entries whose money has not arrived, with the account to pay to."""
    return list(
        ShareEntry.objects.select_related("entity")
        .filter(member_id=member_id, shares__gt=0, paid_on__isnull=True)
        .order_by("entity__code", "number")[:20]
    )
