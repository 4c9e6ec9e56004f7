"""Reads of the Smart team's employment pages (DESIGN §8): what waits for a decision, the list of
employments with its filters, and one employment with everything the team acts on.

Everything follows the staff scope (``portal.core.scope``: every entity in which the login holds a
staff role). Drafts are the member's own business and stay invisible to the team, as drafts of orders
do; anybody acting in another role reads nothing (404).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, QuerySet, Value
from django.http import Http404

from portal.accounts.selectors import member_matches
from portal.core.scope import Scope
from portal.core.transitions import Actor
from portal.core.workdays import add_working_hours
from portal.employment.models import (
    CertificateRequest,
    ChangeRequest,
    ChangeStatus,
    Employment,
    EmploymentStatus,
)
from portal.employment.selectors import employments_in

#: The team decides on an employment request within this many hours on the entity's working days.
REVIEW_SLA_HOURS = 24
#: "Ending soon": active employments whose last day is at most this many days away.
ENDING_SOON_DAYS = 60


def employments_for_staff(scope: Scope) -> QuerySet[Employment]:
    """The employments of the team's entities (no drafts), with member, profile, entity and category."""
    if scope.actor != Actor.STAFF:
        return Employment.objects.none()
    return (
        employments_in(scope)
        .exclude(status=EmploymentStatus.DRAFT)
        .select_related("member__member_profile", "entity", "category")
    )


def employment_for_staff(scope: Scope, pk: int) -> Employment:
    """One employment of the team's entities; 404 for drafts, other entities and other roles."""
    found = employments_for_staff(scope).select_related("budget").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def employment_list(
    scope: Scope,
    *,
    entity_ids: Iterable[int] | None = None,
    status: str = "",
    ending_soon: bool = False,
    search: str = "",
    today: date,
) -> QuerySet[Employment]:
    """The list page's employments: latest start first, or the next to end first for ``ending_soon``."""
    employments = employments_for_staff(scope)
    if entity_ids is not None:
        employments = employments.filter(entity_id__in=list(entity_ids))
    if status:
        employments = employments.filter(status=status)
    if search:
        employments = employments.filter(member_matches(search))
    if ending_soon:
        soon = today + timedelta(days=ENDING_SOON_DAYS)
        return employments.filter(status=EmploymentStatus.ACTIVE, end__gte=today, end__lte=soon).order_by("end", "pk")
    return employments.order_by("-start", "-pk")


# --- the queues ------------------------------------------------------------------------------------


def requests_to_decide(scope: Scope) -> QuerySet[Employment]:
    """Submitted employment requests, oldest first (the order of their service level)."""
    return employments_for_staff(scope).filter(status=EmploymentStatus.SUBMITTED).order_by("submitted_at", "pk")


def signatures_to_confirm(scope: Scope) -> QuerySet[Employment]:
    """Contracts the member signed whose signature the team has not confirmed yet, oldest first."""
    return (
        employments_for_staff(scope)
        .filter(status=EmploymentStatus.CONTRACT_SIGNED, signature_confirmed_at__isnull=True)
        .order_by("signed_at", "pk")
    )


def changes_for_staff(scope: Scope) -> QuerySet[ChangeRequest]:
    if scope.actor != Actor.STAFF:
        return ChangeRequest.objects.none()
    return ChangeRequest.objects.filter(employment__entity_id__in=scope.entity_ids).exclude(
        employment__status=EmploymentStatus.DRAFT
    )


def changes_to_decide(scope: Scope) -> QuerySet[ChangeRequest]:
    """Submitted change requests, oldest first."""
    return (
        changes_for_staff(scope)
        .filter(status=ChangeStatus.SUBMITTED)
        .select_related("employment__member__member_profile", "employment__entity", "new_category")
        .order_by("created_at", "pk")
    )


def certificates_for_staff(scope: Scope) -> QuerySet[CertificateRequest]:
    if scope.actor != Actor.STAFF:
        return CertificateRequest.objects.none()
    return CertificateRequest.objects.filter(employment__entity_id__in=scope.entity_ids).exclude(
        employment__status=EmploymentStatus.DRAFT
    )


def certificates_open(scope: Scope) -> QuerySet[CertificateRequest]:
    """Certificate requests not answered yet, oldest first."""
    return (
        certificates_for_staff(scope)
        .filter(status=CertificateRequest.Status.OPEN)
        .select_related("employment__member__member_profile", "employment__entity")
        .order_by("created_at", "pk")
    )


def review_deadline(employment: Employment) -> datetime | None:
    """When the team should have decided a request: 24 hours on the entity's working days after it
    was submitted (as for orders)."""
    if employment.submitted_at is None:
        return None
    entity = employment.entity
    return add_working_hours(
        employment.submitted_at,
        REVIEW_SLA_HOURS,
        country=entity.country,
        subdivision=entity.holiday_subdivision,
        tz=entity.time_zone,
    )


@dataclass(frozen=True)
class QueueCounts:
    requests: int = 0
    changes: int = 0
    signatures: int = 0
    certificates: int = 0

    @property
    def total(self) -> int:
        return self.requests + self.changes + self.signatures + self.certificates


def _counted(queryset: QuerySet, kind: str) -> QuerySet:
    return queryset.order_by().annotate(kind=Value(kind)).values("kind").annotate(count=Count("pk"))


def queue_counts(scope: Scope) -> QueueCounts:
    """How many items wait in each queue, in one query (the back office's home and the tabs show them)."""
    if scope.actor != Actor.STAFF:
        return QueueCounts()
    parts = [
        _counted(requests_to_decide(scope), "requests"),
        _counted(changes_for_staff(scope).filter(status=ChangeStatus.SUBMITTED), "changes"),
        _counted(signatures_to_confirm(scope), "signatures"),
        _counted(certificates_for_staff(scope).filter(status=CertificateRequest.Status.OPEN), "certificates"),
    ]
    rows = parts[0].union(*parts[1:], all=True).values_list("kind", "count")
    return QueueCounts(**{str(kind): int(count) for kind, count in rows})
