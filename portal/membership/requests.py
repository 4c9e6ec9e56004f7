"""Members' requests on their shares, decided by the Smart team: additional shares (an entry at
acceptance), transfers to another member (see ``transfers``) and termination (notice given now,
effective at the end of the business year after the notice period — see ``rules``; the entry is
written and the membership ends when that day has come).
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import MemberProfile, Role
from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.permissions import refuse_self_decision
from portal.core.scheduled import note_failure
from portal.core.scope import Scope
from portal.core.transitions import Actor
from portal.membership import register, transfers
from portal.membership.mail import tell
from portal.membership.models import RequestKind, RequestStatus, ShareEntry, ShareKind, ShareRequest, ShareTerms
from portal.membership.rules import entity_day, entity_today, termination_effective_on


def _member_terms(member: Any, entity_id: int) -> ShareTerms:
    """The terms of an entity the member belongs to (member role, active membership)."""
    if not Role.objects.filter(user=member, kind=Role.Kind.MEMBER, entity_id=entity_id).exists():
        raise BusinessError(_("You are not a member of this entity."))
    profile = MemberProfile.objects.filter(user=member).first()
    if profile is None or profile.membership_status != MemberProfile.MembershipStatus.ACTIVE:
        raise BusinessError(_("Only active members can ask for this."))
    terms = ShareTerms.objects.select_related("entity").filter(entity_id=entity_id).first()
    if terms is None:
        raise BusinessError(_("This entity has no shares to request."))
    return terms


def pending_termination(member_id: int, entity_id: int) -> ShareRequest | None:
    """A termination that is in review or accepted and has not taken effect yet."""
    return (
        ShareRequest.objects.filter(
            member_id=member_id,
            entity_id=entity_id,
            kind=RequestKind.TERMINATION,
            status__in=(RequestStatus.PENDING, RequestStatus.ACCEPTED),
            entry__isnull=True,
        )
        .order_by("-pk")
        .first()
    )


def share_request_submit(
    *, member: Any, entity_id: int, kind: str, shares: int | None = None, note: str = "", recipient_number: str = ""
) -> ShareRequest:
    if kind not in RequestKind.values:
        raise BusinessError(_("Please choose what you are asking for."), field="kind")
    with transaction.atomic():
        terms = _member_terms(member, entity_id)
        # One request at a time per member: lock the member's profile row.
        MemberProfile.objects.select_for_update().filter(user=member).first()
        if ShareRequest.objects.filter(
            member=member, entity_id=entity_id, kind=kind, status=RequestStatus.PENDING
        ).exists():
            raise BusinessError(_("You already have such a request in review. Withdraw it or wait for the decision."))
        if pending_termination(member.pk, entity_id) is not None:
            raise BusinessError(_("You have given notice; no further requests are possible."))
        if kind == RequestKind.TRANSFER:
            return transfers.transfer_submit(
                member=member, terms=terms, recipient_number=recipient_number, shares=shares or 0, note=note
            )
        held = register.shares_held(member.pk, entity_id)
        today = entity_today(terms.entity)
        effective_on = None
        if kind == RequestKind.ADDITIONAL:
            room = terms.max_shares - held
            if shares is None or not 1 <= shares <= room:
                raise BusinessError(
                    _("You can ask for 1 to %(room)d more shares (at most %(max)d in all).")
                    % {"room": max(room, 0), "max": terms.max_shares}
                    if room > 0
                    else _("You hold the most shares allowed already."),
                    field="shares",
                )
        else:
            if held < 1:
                raise BusinessError(_("You hold no shares to give notice on."))
            shares = held
            effective_on = termination_effective_on(today, terms.notice_months)
        request = ShareRequest.objects.create(
            entity=terms.entity,
            member=member,
            kind=kind,
            shares=shares,
            effective_on=effective_on,
            note=note.strip()[:1000],
        )
        audit_record(actor=member, action="share_request.submitted", target=request, to_state=request.status)
    return request


def share_request_withdraw(*, member: Any, request_id: int) -> ShareRequest:
    with transaction.atomic():
        request = ShareRequest.objects.select_for_update().filter(pk=request_id, member=member).first()
        if request is None:
            raise BusinessError(_("This request no longer exists."))
        if request.status != RequestStatus.PENDING:
            raise BusinessError(_("This request has been decided already."))
        _decide(request, member, RequestStatus.WITHDRAWN)
    return request


def _locked(scope: Scope, actor: Any, request_id: int) -> ShareRequest:
    if scope.actor != Actor.STAFF:
        raise BusinessError(_("Only the Smart team can do this."))
    request = (
        ShareRequest.objects.select_for_update(of=("self",))
        .select_related("entity", "member")
        .filter(pk=request_id, entity_id__in=scope.entity_ids)
        .first()
    )
    if request is None:
        raise BusinessError(_("This request no longer exists."))
    if request.status != RequestStatus.PENDING:
        raise BusinessError(_("This request has been decided already."))
    refuse_self_decision(actor, request.member_id, what="request")
    if request.recipient_id is not None:
        refuse_self_decision(actor, request.recipient_id, what="request")
    return request


def _decide(request: ShareRequest, actor: Any, status: str, reason: str = "") -> None:
    previous = request.status
    request.status, request.decision_reason = status, reason
    if status != RequestStatus.WITHDRAWN:
        request.decided_by, request.decided_at = actor, timezone.now()
    request.save(
        update_fields=[
            "status",
            "decision_reason",
            "decided_by",
            "decided_at",
            "entry",
            "recipient_entry",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action=f"share_request.{status}",
        target=request,
        from_state=previous,
        to_state=status,
        message=reason,
    )


def _tell(request: ShareRequest) -> None:
    """The member hears of the decision with its reason; the recipient of a transfer of the outcome only."""
    tell(request.member, request, "share_request_decided")
    if request.recipient is not None:  # told the outcome, never the reason given to the member
        tell(request.recipient, request, "share_request_decided", as_recipient=True)


def share_request_accept(*, actor: Any, scope: Scope, request_id: int, paid_on: date | None = None) -> ShareRequest:
    """Additional shares: the next register entry now (paid on ``paid_on`` if the money is in). A
    termination: accepted with its date; it takes effect then (at once if that day has passed)."""
    with transaction.atomic():
        request = _locked(scope, actor, request_id)
        terms = ShareTerms.objects.filter(entity_id=request.entity_id).first()
        if terms is None:
            raise BusinessError(_("This entity has no share terms."))
        today = entity_today(request.entity)
        if request.kind == RequestKind.ADDITIONAL:
            if paid_on is not None and paid_on > today:
                raise BusinessError(_("The payment cannot have been received in the future."), field="paid_on")
            if paid_on is not None and paid_on < entity_day(request.entity, request.created_at):
                raise BusinessError(_("The payment cannot have been received before the request."), field="paid_on")
            register.lock_register(request.entity_id)
            if register.shares_held(request.member_id, request.entity_id) + request.shares > terms.max_shares:
                raise BusinessError(_("The member would hold more than %(max)d shares.") % {"max": terms.max_shares})
            request.entry = register.entry_add(
                entity_id=request.entity_id,
                member_id=request.member_id,
                kind=ShareKind.ADDITIONAL,
                shares=request.shares,
                nominal_value=terms.nominal_value,
                entry_date=today,
                paid_on=paid_on,
                actor=actor,
            )
        elif request.kind == RequestKind.TRANSFER:
            transfers.transfer_write(request, terms, today, actor)
        _decide(request, actor, RequestStatus.ACCEPTED)
        _tell(request)
    if request.kind == RequestKind.TERMINATION and request.effective_on and request.effective_on <= today:
        termination_take_effect(request_id=request.pk, today=today)
    return request


def share_request_reject(*, actor: Any, scope: Scope, request_id: int, reason: str) -> ShareRequest:
    reason = reason.strip()
    if not reason:
        raise BusinessError(_("Please give a reason; the member reads it."), field="reason")
    with transaction.atomic():
        request = _locked(scope, actor, request_id)
        _decide(request, actor, RequestStatus.REJECTED, reason[:4000])
        _tell(request)
    return request


def termination_take_effect(*, request_id: int, today: date) -> bool:
    """Write the termination entry of an accepted termination whose day has come, and end the membership
    when no shares are left anywhere. Safe to run twice or at the same time: ``False`` if nothing was due."""
    with transaction.atomic():
        request = ShareRequest.objects.select_for_update().select_related("entity").filter(pk=request_id).first()
        if (
            request is None
            or request.kind != RequestKind.TERMINATION
            or request.status != RequestStatus.ACCEPTED
            or request.entry_id is not None
            or request.effective_on is None
            or request.effective_on > today
        ):
            return False
        register.lock_register(request.entity_id)
        held = register.shares_held(request.member_id, request.entity_id)
        if held > 0:
            terms = ShareTerms.objects.get(entity_id=request.entity_id)
            request.entry = register.entry_add(
                entity_id=request.entity_id,
                member_id=request.member_id,
                kind=ShareKind.TERMINATION,
                shares=-held,
                nominal_value=terms.nominal_value,
                entry_date=request.effective_on,
            )
            request.save(update_fields=["entry", "updated_at"])
        if not register.holds_shares_anywhere(request.member_id):
            MemberProfile.objects.filter(user_id=request.member_id).update(
                membership_status=MemberProfile.MembershipStatus.ENDED
            )
        audit_record(actor=None, action="share_request.took_effect", target=request, message=str(request.effective_on))
    return True


def terminations_due(today: date, failures: list[str] | None = None) -> int:
    """Every accepted termination whose day has come takes effect (a phase of ``process_memberships``)."""
    due = ShareRequest.objects.filter(
        kind=RequestKind.TERMINATION, status=RequestStatus.ACCEPTED, entry__isnull=True, effective_on__lte=today
    ).values_list("pk", flat=True)
    done = 0
    for pk in list(due):
        try:
            done += termination_take_effect(request_id=pk, today=today)
        except Exception as error:  # one broken termination must not stop the others
            note_failure(failures, f"termination #{pk}", error)
    return done


def share_entry_mark_paid(*, actor: Any, scope: Scope, entry_id: int, paid_on: date) -> ShareEntry:
    """Staff note the payment of shares entered before their money arrived."""
    if scope.actor != Actor.STAFF:
        raise BusinessError(_("Only the Smart team can do this."))
    with transaction.atomic():
        entry = (
            ShareEntry.objects.select_for_update(of=("self",))
            .select_related("entity")
            .filter(pk=entry_id, entity_id__in=scope.entity_ids)
            .first()
        )
        if entry is None:
            raise BusinessError(_("This entry no longer exists."))
        refuse_self_decision(actor, entry.member_id, what="request")
        if entry.paid_on is not None or entry.shares < 0:
            raise BusinessError(_("This entry needs no payment."))
        if not entry.entry_date <= paid_on <= entity_today(entry.entity):
            raise BusinessError(_("Please give a day between the entry and today."), field="paid_on")
        note_entry_paid(entry, paid_on, actor)
    return entry


def note_entry_paid(entry: ShareEntry, paid_on: date, actor: Any) -> None:
    """Note the payment of a locked, unpaid entry (by staff, or by the bank import with no actor)."""
    entry.paid_on = paid_on
    entry.save(update_fields=["paid_on"])
    audit_record(actor=actor, action="share_entry.paid", target=entry, message=paid_on.isoformat())
