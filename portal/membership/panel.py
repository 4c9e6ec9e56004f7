"""The dashboard's membership line: the day an ended membership ended."""

from portal.accounts.models import MemberProfile
from portal.membership.selectors import membership_end


def membership_panel(member_id: int, status: str | None) -> dict:
    """``membership_end``: for an ended membership, the day its termination took effect (the membership
    page shows the coming end of an active one); no query for the others."""
    if status != MemberProfile.MembershipStatus.ENDED:
        return {"membership_end": None}
    return {"membership_end": membership_end(member_id)}
