"""Every write to budgets besides ledger postings: transfers and corrections (DESIGN §6).

Collective budgets and their members are in ``portal.budget.collective``.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.accounts.models import MemberProfile, Role
from portal.budget import selectors
from portal.budget.figures import budget_check_available
from portal.budget.ledger import Posting, budget_personal, ledger_book
from portal.budget.models import Budget, Correction, EntryKind, Participant, Transfer
from portal.budget.transitions import CORRECTION_TRANSITIONS, TRANSFER_TRANSITIONS, Event
from portal.core.amounts import checked_amount
from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.outbox import queue_email
from portal.core.permissions import refuse_self_decision
from portal.core.transitions import Actor, apply_transition

#: The earliest day a correction may be booked on (the statement's period filter starts there too).
EARLIEST_BOOKING = date(2000, 1, 1)
#: Corrections above this amount need a second staff member's approval (four-eyes rule).
FOUR_EYES_LIMIT = Decimal("1000.00")
#: The same transfer asked for again within this time is taken for the same form sent twice (double
#: click, back button and resend) and refused.
DUPLICATE_TRANSFER_WINDOW = timedelta(minutes=10)


def _amount(value: Any, *, allow_negative: bool = False) -> Decimal:
    return checked_amount(value, allow_negative=allow_negative)


def require_team_of(user: Any, entity_id: int) -> None:
    """Only the Smart team of the budget's entity decides on its money."""
    user_id = getattr(user, "pk", None)
    if user_id is None or not Role.objects.filter(user_id=user_id, kind=Role.Kind.STAFF, entity_id=entity_id).exists():
        raise BusinessError(_("You are not allowed to do this."))


def _budget(pk: int, *, lock: bool = False, field: str = "") -> Budget:
    budgets = Budget.objects.select_for_update() if lock else Budget.objects
    found = budgets.filter(pk=pk).first()
    if found is None:
        raise BusinessError(_("This budget does not exist."), field=field or None)
    return found


# --- transfers ---------------------------------------------------------------------------------------


def may_spend(*, member_id: int, budget: Budget) -> bool:
    """Who spends a budget's money (transfers, expenses, direct payments): a personal budget its member,
    an active collective budget its managers (DESIGN §6)."""
    if budget.kind == Budget.Kind.PERSONAL:
        return budget.owner_id == member_id
    return selectors.role_in(budget, member_id) == Participant.Role.MANAGER and budget.status == Budget.Status.ACTIVE


def _check_route(source: Budget, target: Budget, member_id: int) -> None:
    if not may_spend(member_id=member_id, budget=source):
        raise BusinessError(_("You cannot transfer money from this budget."), field="source")
    if source.pk == target.pk:
        raise BusinessError(_("Please choose a budget other than the one the money comes from."), field="target")
    if source.entity_id != target.entity_id:
        raise BusinessError(_("Money can only be transferred between budgets of the same entity."), field="target")
    if target.kind == Budget.Kind.COLLECTIVE:
        if target.status != Budget.Status.ACTIVE:
            raise BusinessError(_("This collective budget is not active yet."), field="target")
        if source.kind == Budget.Kind.COLLECTIVE or selectors.role_in(target, member_id) is None:
            raise BusinessError(
                _("Only your personal budget can transfer to a collective budget, and only to one you belong to."),
                field="target",
            )
    elif source.kind == Budget.Kind.COLLECTIVE and selectors.role_in(source, target.owner_id) is None:
        raise BusinessError(
            _("A collective budget transfers to the personal budgets of its own members only."), field="target"
        )


def payee_budget(*, entity_id: int, member_number: str = "", member_id: int | None = None) -> Budget:
    """The personal budget of a colleague who is to receive a transfer, named by member number or id;
    opened now if the colleague has none yet (e.g. a new member of a collective budget)."""
    members = MemberProfile.objects.filter(membership_status=MemberProfile.MembershipStatus.ACTIVE)
    if member_id is not None:
        profile = members.filter(user_id=member_id).first()
    else:
        member_number = member_number.strip()[:20]
        if not member_number:
            raise BusinessError(_("Please enter the member number of the colleague."), field="member_number")
        profile = members.filter(member_number=member_number).first()
    if (
        profile is None
        or not Role.objects.filter(user_id=profile.user_id, kind=Role.Kind.MEMBER, entity_id=entity_id).exists()
    ):
        raise BusinessError(
            _("No active member of this entity has the member number %(numbers)s.") % {"numbers": member_number},
            field="member_number",
        )
    return budget_personal(member_id=profile.user_id, entity_id=entity_id)


def transfer_request(*, source_id: int, target_id: int, amount: Any, reason: str, user: Any) -> Transfer:
    """A member asks to move money; the Smart team decides. Checked against available for expenses."""
    amount = _amount(amount)
    reason = (reason or "").strip()
    if not reason:
        raise BusinessError(_("Please give a reason."), field="reason")
    with transaction.atomic():
        # Lock the source budget: two requests from it are checked one after the other.
        source = _budget(source_id, lock=True, field="source")
        target = _budget(target_id, field="target")
        _check_route(source, target, user.pk)
        # Checked under the source's lock, so two copies of one form sent at once cannot both pass.
        _refuse_duplicate_transfer(source, target, amount, reason[:500], user)
        budget_check_available(source, amount, "expenses")
        transfer = Transfer.objects.create(
            source=source, target=target, amount=amount, reason=reason[:500], requested_by=user
        )
        audit_record(actor=user, action="transfer.submit", target=transfer, to_state=transfer.status, message=reason)
    return transfer


def _refuse_duplicate_transfer(source: Budget, target: Budget, amount: Decimal, reason: str, user: Any) -> None:
    """Refuse the transfer ``user`` asked for a moment ago and that is still waiting: the same form sent again."""
    earlier = (
        Transfer.objects.filter(
            source=source,
            target=target,
            amount=amount,
            reason=reason,
            requested_by_id=user.pk,
            status=Transfer.Status.SUBMITTED,
            created_at__gte=timezone.now() - DUPLICATE_TRANSFER_WINDOW,
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if earlier is not None:
        raise BusinessError(
            _(
                "You sent this transfer a moment ago (transfer #%(number)s); it is waiting for the Smart team's "
                "approval. To transfer the same amount once more, please give a different reason."
            )
            % {"number": earlier.pk}
        )


def transfer_decide(*, transfer_id: int, event: str, user: Any, actor: str = Actor.STAFF, reason: str = "") -> Transfer:
    """Approve (books the pair), reject (reason) or - by the member who asked - withdraw a transfer."""
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().select_related("source", "target").get(pk=transfer_id)
        if actor == Actor.MEMBER and transfer.requested_by_id != getattr(user, "pk", None):
            raise BusinessError(_("You are not allowed to do this."))
        if actor == Actor.STAFF:
            require_team_of(user, transfer.source.entity_id)
            for budget in (transfer.source, transfer.target):
                if budget.kind == Budget.Kind.PERSONAL:
                    refuse_self_decision(user, budget.owner_id, what="request")
        # The transition first: a transfer decided already is refused for its status, not for money.
        apply_transition(
            TRANSFER_TRANSITIONS,
            transfer,
            event=event,
            actor=actor,
            user=user,
            reason=reason,
            owner_id=transfer.requested_by_id,
        )
        if event == Event.APPROVE:
            Budget.objects.select_for_update().filter(pk=transfer.source_id).first()
            # The money may have gone meanwhile (a cancelled invoice); this transfer's own reservation
            # (still "submitted" in the database) counts as available for it.
            budget_check_available(transfer.source, transfer.amount, "expenses", reserved_by_it=transfer.amount)
        if actor == Actor.STAFF:
            transfer.record_decision(user, reason)
        transfer.save()
        if transfer.status == Transfer.Status.APPROVED:
            _book_transfer(transfer, user)
            for recipient in _told_of_bookings(transfer.target):
                if recipient.pk != transfer.requested_by_id:
                    queue_email(
                        to=recipient,
                        template="budget_transfer_received",
                        context={"transfer": transfer},
                        category="budget",
                        related=transfer,
                        entity=transfer.target.entity,
                    )
        if actor == Actor.STAFF:
            queue_email(
                to=transfer.requested_by,
                template="budget_transfer_decided",
                context={"transfer": transfer, "reason": reason.strip()},
                category="budget",
                related=transfer,
                entity=transfer.source.entity,
            )
    return transfer


def transfer_postings(transfer: Transfer) -> list[Posting]:
    """The pair an approved transfer books: out of the source, into the target (no fee)."""
    return [
        Posting(
            transfer.source_id, EntryKind.TRANSFER_OUT, -transfer.amount, transfer.reason, f"transfer:{transfer.pk}:out"
        ),
        Posting(
            transfer.target_id, EntryKind.TRANSFER_IN, transfer.amount, transfer.reason, f"transfer:{transfer.pk}:in"
        ),
    ]


def _book_transfer(transfer: Transfer, user: Any) -> None:
    ledger_book(
        postings=transfer_postings(transfer),
        booking_date=timezone.localdate(),
        source=transfer,
        source_label=f"#{transfer.pk}",
        user=user,
    )


# --- corrections -------------------------------------------------------------------------------------


def correction_request(
    *, budget_id: int, amount: Any, reason: str, user: Any, booking_date: date | None = None
) -> Correction:
    """A staff booking: up to the four-eyes limit booked at once, above it once a second staff member approves."""
    amount = _amount(amount, allow_negative=True)
    reason = (reason or "").strip()
    if not reason:
        raise BusinessError(_("Please give a reason."), field="reason")
    today = timezone.localdate()
    booking_date = booking_date or today
    if not EARLIEST_BOOKING <= booking_date <= today:
        raise BusinessError(
            _("The booking date must lie between %(earliest)s and today.")
            % {"earliest": date_format(EARLIEST_BOOKING, "SHORT_DATE_FORMAT")},
            field="booking_date",
        )
    with transaction.atomic():
        budget = _budget(budget_id, lock=True)
        require_team_of(user, budget.entity_id)
        if budget.kind == Budget.Kind.PERSONAL:
            refuse_self_decision(user, budget.owner_id, what="request")
        correction = Correction.objects.create(
            budget=budget,
            amount=amount,
            reason=reason[:500],
            booking_date=booking_date,
            requested_by=user,
        )
        audit_record(
            actor=user, action="correction.request", target=correction, to_state=correction.status, message=reason
        )
        if abs(amount) <= FOUR_EYES_LIMIT:
            correction.status = Correction.Status.BOOKED
            correction.record_decision(user)
            correction.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"])
            audit_record(
                actor=user, action="correction.book", target=correction, from_state="pending", to_state="booked"
            )
            _book_correction(correction, user)
    return correction


def correction_decide(*, correction_id: int, event: str, user: Any, reason: str = "") -> Correction:
    with transaction.atomic():
        correction = Correction.objects.select_for_update().select_related("budget").get(pk=correction_id)
        require_team_of(user, correction.budget.entity_id)
        if correction.budget.kind == Budget.Kind.PERSONAL:
            refuse_self_decision(user, correction.budget.owner_id, what="request")
        apply_transition(
            CORRECTION_TRANSITIONS,
            correction,
            event=event,
            actor=Actor.STAFF,
            user=user,
            reason=reason,
            owner_id=correction.requested_by_id,
        )
        correction.record_decision(user, reason)
        correction.save()
        if correction.status == Correction.Status.BOOKED:
            _book_correction(correction, user)
    return correction


def correction_postings(correction: Correction) -> list[Posting]:
    return [
        Posting(
            correction.budget_id,
            EntryKind.CORRECTION,
            correction.amount,
            correction.reason,
            f"correction:{correction.pk}",
        )
    ]


def _book_correction(correction: Correction, user: Any) -> None:
    ledger_book(
        postings=correction_postings(correction),
        booking_date=correction.booking_date,
        source=correction,
        source_label=f"#{correction.pk}",
        user=user,
    )
    for recipient in _told_of_bookings(correction.budget):
        queue_email(
            to=recipient,
            template="budget_correction_booked",
            context={"correction": correction},
            category="budget",
            related=correction,
            entity=correction.budget.entity,
        )


def _told_of_bookings(budget: Budget) -> list[Any]:
    """Who is told of a booking: the member of a personal budget, the active managers of a collective one
    (its creator may have left it, and must not hear of it any more)."""
    if budget.kind == Budget.Kind.PERSONAL:
        return [budget.owner]
    managers = budget.participants.filter(role=Participant.Role.MANAGER, status=Participant.Status.ACTIVE)
    return [participant.member for participant in managers.select_related("member").order_by("id")]
