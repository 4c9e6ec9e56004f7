"""Travel-cost claims (DESIGN §7): employed members state their trip; the portal computes the allowance
day by day from the dated rate tables (``portal.travelrates``) and the claim goes through the one state
machine of expenses. It is debited from the personal budget when approved and paid with the salary.

Who may claim is decided in one place (``travel_rules.may_claim_travel``): a member with an active
employment (DESIGN §8), since the allowance is paid with the salary.
"""

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from portal.budget.models import Budget
from portal.budget.services import require_team_of
from portal.core.amounts import MAX_AMOUNT
from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.permissions import refuse_self_decision
from portal.core.transitions import Actor
from portal.expenses.models import ExpenseRequest, Status, TravelClaim
from portal.expenses.services import own_editable, request_paid, spendable
from portal.expenses.travel_rules import check_may_claim_travel, check_trip_in_employment
from portal.orders.models import Order
from portal.travelrates import compute
from portal.travelrates.compute import Day, Stage, Trip, TripError

#: The longest trip one claim covers, in days.
MAX_TRIP_DAYS = 92
MAX_STAGES = 12
MAX_KILOMETRES = Decimal("20000")
#: The entity's country decides whose rules apply.
JURISDICTIONS = {"DE": "DE", "AT": "AT"}


@dataclass(frozen=True)
class StageInput:
    starts_at: datetime  # local wall time, naive
    country: str
    city: str = ""
    transit: bool = False


@dataclass(frozen=True)
class TripInput:
    starts_at: datetime  # local wall time, naive
    ends_at: datetime
    stages: Sequence[StageInput]
    days: Mapping[date, Day]
    kilometres: Decimal = Decimal(0)
    overnight_stay: bool = True


def _checked(trip: TripInput, jurisdiction: str) -> None:
    """The trip's plausibility in the member's words, before the rules are applied."""
    errors: dict[str, str] = {}
    if trip.ends_at <= trip.starts_at:
        errors["ends_at"] = _("The trip must end after it starts.")
    elif (trip.ends_at - trip.starts_at).days > MAX_TRIP_DAYS:
        errors["ends_at"] = _("One claim covers at most %(days)s days; please split the trip.") % {
            "days": MAX_TRIP_DAYS
        }
    if trip.starts_at.date() < date(2000, 1, 1):
        errors["starts_at"] = _("Please check the start date.")
    if not trip.stages:
        errors["stages"] = _("Please add where you travelled to.")
    elif len(trip.stages) > MAX_STAGES:
        errors["stages"] = _("A trip can have at most %(count)s stages.") % {"count": MAX_STAGES}
    else:
        if trip.stages[0].starts_at != trip.starts_at:
            errors["stages"] = _("The first stage starts when the trip starts.")
        moments = [stage.starts_at for stage in trip.stages]
        if moments != sorted(moments) or len(set(moments)) != len(moments):
            errors["stages"] = _("Each stage must start after the one before it.")
        if any(not trip.starts_at <= moment < trip.ends_at for moment in moments):
            errors["stages"] = _("Each stage must start during the trip.")
        for stage in trip.stages:
            if stage.country not in countries:
                errors["stages"] = _("Please choose the country of each stage.")
            elif jurisdiction == "AT" and stage.country != "AT":
                errors["stages"] = _("Travel costs of SMartAt are computed for trips within Austria only.")
    if not Decimal(0) <= trip.kilometres <= MAX_KILOMETRES:
        errors["kilometres"] = _("Please enter the kilometres driven, from 0 to %(most)s.") % {"most": MAX_KILOMETRES}
    if errors:
        raise BusinessError(next(iter(errors.values())), errors=errors)


def computed(trip: TripInput, jurisdiction: str) -> compute.Allowance:
    """The allowance of the trip, or a ``BusinessError`` saying what keeps it from being computed."""
    _checked(trip, jurisdiction)
    last_day = (trip.ends_at - timedelta(microseconds=1)).date()
    days = {day: value for day, value in trip.days.items() if trip.starts_at.date() <= day <= last_day}
    overnight_stay = trip.overnight_stay or (last_day - trip.starts_at.date()).days != 1
    stages = tuple(
        Stage(starts_at=s.starts_at, country=s.country, city=s.city.strip()[:100], transit=s.transit)
        for s in trip.stages
    )
    plan = Trip(
        jurisdiction=jurisdiction,
        starts_at=trip.starts_at,
        ends_at=trip.ends_at,
        stages=stages,
        days=days,
        kilometres=trip.kilometres,
        overnight_stay=overnight_stay,
    )
    try:
        return compute.allowance(plan)
    except compute.NoRateInForce as error:
        raise BusinessError(
            _("The travel allowance rates for these days are not loaded yet; the Smart team has been told.")
        ) from error
    except TripError as error:
        raise BusinessError(
            _("The allowance cannot be computed for this trip: please check times and places.")
        ) from error


def _aware(moment: datetime, zone: str) -> datetime:
    return moment.replace(tzinfo=ZoneInfo(zone))


def _local(moment: datetime, zone: str) -> datetime:
    return timezone.localtime(moment, ZoneInfo(zone)).replace(tzinfo=None)


def _computation(result: compute.Allowance) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        return value

    rows = [{key: plain(value) for key, value in asdict(row).items()} for row in result.rows]
    totals = {
        key: plain(getattr(result, key))
        for key in ("per_diem", "overnight", "kilometres", "kilometre_rate", "mileage", "total")
    }
    return {"rows": rows, **totals}


def travel_claim_save(
    *,
    member: Any,
    budget_id: int | None,
    title: str,
    description: str = "",
    trip: TripInput,
    order_id: int | None = None,
    request_id: int | None = None,
) -> ExpenseRequest:
    """Create or change a travel-cost claim: the trip as stated and its allowance, computed now."""
    check_may_claim_travel(member)
    title = (title or "").strip()
    if not title:
        raise BusinessError(_("Please state the purpose of the trip."), field="title")
    with transaction.atomic():
        budget = spendable(member, budget_id)
        if budget.kind != Budget.Kind.PERSONAL:
            raise BusinessError(_("Travel costs are paid with the salary, from your personal budget."), field="budget")
        jurisdiction = JURISDICTIONS.get(budget.entity.country, "DE")
        result = computed(trip, jurisdiction)
        check_trip_in_employment(member, budget.entity, trip.starts_at.date(), trip.ends_at.date())
        if result.total <= 0:
            raise BusinessError(_("This trip gives no allowance (e.g. a single day of 8 hours or less)."))
        if result.total > MAX_AMOUNT:
            raise BusinessError(_("Please check the trip: the allowance is implausibly high."))
        order = None
        if order_id:
            order = Order.objects.filter(pk=order_id, member=member).first()
            if order is None:
                raise BusinessError(_("Please choose one of your orders."), field="order")
        if request_id is None:
            request = ExpenseRequest(kind=ExpenseRequest.Kind.TRAVEL, member=member)
            claim = TravelClaim()
        else:
            request = own_editable(member, request_id)
            if request.kind != ExpenseRequest.Kind.TRAVEL:
                raise BusinessError(_("This request does not exist."))
            if request.status == Status.NEEDS_INFO and budget.pk != request.budget_id:
                raise BusinessError(_("The budget of a submitted request cannot be changed."), field="budget")
            claim = request.travel_claim
        zone = budget.entity.time_zone
        request.budget, request.entity = budget, budget.entity
        request.title, request.description = title[:200], (description or "").strip()[:5000]
        request.payout = request.debit = result.total
        request.save()
        claim.request = request
        claim.jurisdiction = jurisdiction
        claim.order = order
        claim.starts_at, claim.ends_at = _aware(trip.starts_at, zone), _aware(trip.ends_at, zone)
        claim.overnight_stay = trip.overnight_stay
        claim.kilometres = trip.kilometres
        claim.stages = [
            {
                "starts_at": s.starts_at.isoformat(timespec="minutes"),
                "country": s.country,
                "city": s.city.strip()[:100],
                "transit": s.transit,
            }
            for s in trip.stages
        ]
        claim.days = {
            day.isoformat(): asdict(value) for day, value in sorted(trip.days.items()) if any(asdict(value).values())
        }
        claim.computation = _computation(result)
        claim.save()
        audit_record(actor=member, action="expenserequest.saved", target=request, to_state=request.status)
    return request


def trip_of(claim: TravelClaim) -> TripInput:
    """The trip of a stored claim, as the member stated it (to edit it again)."""
    zone = claim.request.entity.time_zone
    return TripInput(
        starts_at=_local(claim.starts_at, zone),
        ends_at=_local(claim.ends_at, zone),
        stages=[
            StageInput(datetime.fromisoformat(s["starts_at"]), s["country"], s.get("city", ""), bool(s.get("transit")))
            for s in claim.stages
        ],
        days={date.fromisoformat(day): Day(**values) for day, values in claim.days.items()},
        kilometres=claim.kilometres,
        overnight_stay=claim.overnight_stay,
    )


def salary_month_paid(*, user: Any, entity_id: int, request_ids: Sequence[int], month: date) -> int:
    """The Smart team records that approved travel-cost claims were paid with the salary of ``month``."""
    require_team_of(user, entity_id)
    if not request_ids:
        raise BusinessError(_("Please choose at least one claim."))
    month = month.replace(day=1)
    with transaction.atomic():
        claims = list(
            ExpenseRequest.objects.select_for_update(of=("self",))
            .filter(pk__in=set(request_ids))
            .select_related("member")
            .order_by("pk")
        )
        if len(claims) != len(set(request_ids)) or any(
            c.kind != ExpenseRequest.Kind.TRAVEL or c.status != Status.APPROVED or c.entity_id != entity_id
            for c in claims
        ):
            raise BusinessError(_("Only approved travel-cost claims of this entity that are not paid can be marked."))
        for claim in claims:
            refuse_self_decision(user, claim.member_id, what="request")
            request_paid(claim, user=user, actor=Actor.STAFF, paid_on=timezone.localdate(), salary_month=month)
    return len(claims)
