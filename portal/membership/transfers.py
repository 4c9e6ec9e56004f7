"""Transfers of shares between members of an entity (§76 GenG: the credit on shares passes to another
member, who must agree to take it on).

1. The giver asks, naming the recipient by member number (``transfer_submit``);
2. the recipient agrees or declines on their membership page (``transfer_agree`` / ``transfer_decline``;
   declining stays possible until the Smart team has decided);
3. the Smart team accepts an agreed transfer (``share_request_accept``, which calls ``transfer_write``) or
   rejects it; accepting writes two register entries, the giver's negative and the recipient's positive.

Rules, checked when asked and again when written: both are active members of the entity, the giver's
shares are paid, the giver keeps none or at least the fewest shares, the recipient holds at most the
most shares afterwards. A giver with no shares left anywhere is no longer a member.
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import MemberProfile, Role
from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.membership import register
from portal.membership.mail import tell
from portal.membership.models import RequestKind, RequestStatus, ShareEntry, ShareKind, ShareRequest, ShareTerms

MAX_MEMBER_NUMBER_TYPED = 20


def _recipient(entity_id: int, member_number: str, giver: Any) -> Any:
    number = (member_number or "").strip()[:MAX_MEMBER_NUMBER_TYPED]
    profile = (
        MemberProfile.objects.select_related("user")
        .filter(
            member_number__iexact=number,
            membership_status=MemberProfile.MembershipStatus.ACTIVE,
            user__is_active=True,
            user__roles__kind=Role.Kind.MEMBER,
            user__roles__entity_id=entity_id,
        )
        .first()
        if number
        else None
    )
    if profile is None:
        raise BusinessError(_("No active member of this entity has this member number."), field="recipient_number")
    if profile.user_id == giver.pk:
        raise BusinessError(_("You cannot transfer shares to yourself."), field="recipient_number")
    return profile.user


def check_transfer(terms: ShareTerms, giver_id: int, recipient_id: int, shares: int) -> None:
    """The share rules of a transfer, against the register as it is now."""
    held = register.shares_held(giver_id, terms.entity_id)
    if not 1 <= shares <= held:
        if held == 1:
            raise BusinessError(_("You hold one share; you can transfer only that one."), field="shares")
        raise BusinessError(
            _("You can transfer 1 to %(held)d shares.") % {"held": held}
            if held > 0
            else _("You hold no shares to transfer."),
            field="shares",
        )
    if 0 < held - shares < terms.min_shares:
        raise BusinessError(
            _("Keep at least %(min)d shares, or transfer all of them.") % {"min": terms.min_shares}, field="shares"
        )
    if ShareEntry.objects.filter(
        member_id=giver_id, entity_id=terms.entity_id, shares__gt=0, paid_on__isnull=True
    ).exists():
        raise BusinessError(_("Shares can be transferred once they are paid."))
    room = terms.max_shares - register.shares_held(recipient_id, terms.entity_id)
    if shares > room:
        raise BusinessError(
            _("The recipient can take on at most %(room)d more shares.") % {"room": max(room, 0)}, field="shares"
        )


def transfer_submit(*, member: Any, terms: ShareTerms, recipient_number: str, shares: int, note: str) -> ShareRequest:
    """Called by ``share_request_submit`` inside its transaction, the giver's profile locked."""
    recipient = _recipient(terms.entity_id, recipient_number, member)
    check_transfer(terms, member.pk, recipient.pk, shares)
    request = ShareRequest.objects.create(
        entity=terms.entity,
        member=member,
        kind=RequestKind.TRANSFER,
        shares=shares,
        recipient=recipient,
        note=note.strip()[:1000],
    )
    audit_record(actor=member, action="share_request.submitted", target=request, to_state=request.status)
    tell(recipient, request, "share_transfer_asked", giver=member)
    return request


def _incoming(recipient: Any, request_id: int) -> ShareRequest:
    request = (
        ShareRequest.objects.select_for_update(of=("self",))
        .select_related("entity", "member")
        .filter(pk=request_id, recipient=recipient, kind=RequestKind.TRANSFER)
        .first()
    )
    if request is None:
        raise BusinessError(_("This request no longer exists."))
    if request.status != RequestStatus.PENDING:
        raise BusinessError(_("This request has been decided already."))
    return request


def transfer_agree(*, recipient: Any, request_id: int) -> ShareRequest:
    with transaction.atomic():
        request = _incoming(recipient, request_id)
        if request.recipient_agreed_at is not None:
            raise BusinessError(_("You have agreed already."))
        terms = ShareTerms.objects.select_related("entity").get(entity_id=request.entity_id)
        check_transfer(terms, request.member_id, recipient.pk, request.shares)
        request.recipient_agreed_at = timezone.now()
        request.save(update_fields=["recipient_agreed_at", "updated_at"])
        audit_record(actor=recipient, action="share_request.recipient_agreed", target=request)
    return request


def transfer_decline(*, recipient: Any, request_id: int) -> ShareRequest:
    with transaction.atomic():
        request = _incoming(recipient, request_id)
        request.status = RequestStatus.DECLINED
        request.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=recipient,
            action="share_request.declined",
            target=request,
            from_state=RequestStatus.PENDING,
            to_state=RequestStatus.DECLINED,
        )
        tell(request.member, request, "share_transfer_declined")
    return request


def transfer_write(request: ShareRequest, terms: ShareTerms, today: date, actor: Any) -> None:
    """The two register entries of an accepted transfer (inside the caller's transaction, request locked)."""
    recipient_id = request.recipient_id
    if recipient_id is None or request.recipient_agreed_at is None:
        raise BusinessError(_("The recipient has not agreed yet."))
    register.lock_register(request.entity_id)
    recipient = MemberProfile.objects.filter(
        user_id=recipient_id, membership_status=MemberProfile.MembershipStatus.ACTIVE
    ).first()
    if recipient is None:
        raise BusinessError(_("The recipient is no longer an active member."))
    check_transfer(terms, request.member_id, recipient_id, request.shares)
    giver = MemberProfile.objects.get(user_id=request.member_id)
    common = {"entity_id": request.entity_id, "nominal_value": terms.nominal_value, "entry_date": today, "actor": actor}
    request.entry = register.entry_add(
        member_id=request.member_id,
        kind=ShareKind.TRANSFER,
        shares=-request.shares,
        note=f"→ {recipient.member_number}",
        **common,
    )
    request.recipient_entry = register.entry_add(
        member_id=recipient_id,
        kind=ShareKind.TRANSFER,
        shares=request.shares,
        paid_on=today,  # the giver's paid credit passes over
        note=f"← {giver.member_number}",
        **common,
    )
    if not register.holds_shares_anywhere(request.member_id):
        MemberProfile.objects.filter(user_id=request.member_id).update(
            membership_status=MemberProfile.MembershipStatus.ENDED
        )
