"""When a travel-cost claim may be made and submitted (DESIGN §7); used by the request services."""

import calendar
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.accounts.models import MemberProfile
from portal.core.errors import BusinessError
from portal.expenses.models import ExpenseRequest


def may_claim_travel(member: Any) -> bool:
    """Only members employed by the cooperative claim travel costs (DESIGN §7)."""
    return MemberProfile.objects.filter(user_id=member.pk, employed=True).exists()


def submission_deadline(trip_end: date) -> date:
    """Claims are submitted by the end of the month after the trip."""
    year, month = (trip_end.year + 1, 1) if trip_end.month == 12 else (trip_end.year, trip_end.month + 1)
    return date(year, month, calendar.monthrange(year, month)[1])


def check_travel_submission(request: ExpenseRequest, today: date) -> None:
    """A claim goes in once the trip is over and no later than the end of the month after it."""
    claim = request.travel_claim
    if claim.ends_at > timezone.now():
        raise BusinessError(_("Please submit the claim once the trip is over."))
    end = timezone.localtime(claim.ends_at, ZoneInfo(request.entity.time_zone)).date()
    deadline = submission_deadline(end)
    if today > deadline:
        raise BusinessError(
            _("Travel costs are claimed by the end of the month after the trip; this trip was due by %(date)s.")
            % {"date": date_format(deadline, "SHORT_DATE_FORMAT")}
        )
