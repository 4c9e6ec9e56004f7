"""The dashboard's "Employment" panel: the member's current employment in the entity, else the next
one (a request on its way counts), with its status and monthly cost; one query."""

from datetime import date

from django.db.models import Case, F, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest

from portal.employment.models import ContractVersion, Employment, EmploymentStatus
from portal.employment.rules import month_start

#: Employments the panel shows: running, or on their way to running.
SHOWN = (
    EmploymentStatus.ACTIVE,
    EmploymentStatus.CONTRACT_SIGNED,
    EmploymentStatus.APPROVED,
    EmploymentStatus.SUBMITTED,
    EmploymentStatus.DRAFT,
)


def employment_panel(member_id: int, entity_id: int, today: date) -> dict:
    """``employment_now``: the active employment, else the one starting first, or ``None``; its
    ``monthly_cost`` is that of this month's contract version (of its first month before it starts),
    the category's cost while there is no contract yet."""
    in_force = (
        ContractVersion.objects.filter(
            employment=OuterRef("pk"), valid_from__lte=Greatest(OuterRef("start"), Value(month_start(today)))
        )
        .order_by("-number")
        .values("monthly_cost")[:1]
    )
    employment = (
        Employment.objects.filter(member_id=member_id, entity_id=entity_id, status__in=SHOWN, end__gte=today)
        .select_related("category")
        .annotate(
            monthly_cost=Coalesce(Subquery(in_force), F("category__total_cost")),
            running=Case(When(status=EmploymentStatus.ACTIVE, then=0), default=1, output_field=IntegerField()),
        )
        .order_by("running", "start", "pk")
        .first()
    )
    return {"employment_now": employment}
