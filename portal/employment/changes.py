"""Change requests on an active employment (DESIGN §8): one request, one or more kinds, each with its
fields; the Smart team approves or rejects. An approved change takes effect as a new contract version
(new end, new category from a month, an interruption costing nothing in its months) or as a booking
(a special payment); a correction of a past month is a note for payroll, whose difference the Smart
team books with ``payroll_difference_book``.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.budget.ledger import Posting, ledger_book
from portal.budget.models import EntryKind, LedgerEntry
from portal.core.amounts import checked_amount
from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.outbox import queue_email
from portal.core.permissions import refuse_self_decision
from portal.core.scope import Scope
from portal.core.transitions import Actor
from portal.core.uploads import check_file, store_upload
from portal.employment import rules
from portal.employment.costs import category_of_month, cost_of_month
from portal.employment.models import (
    ChangeKind,
    ChangeProof,
    ChangeRequest,
    ChangeStatus,
    ContractVersion,
    Employment,
    EmploymentStatus,
)
from portal.employment.services import categories_on, entity_today

#: The furthest a change may reach into the future, in months.
MAX_MONTHS_AHEAD = 60


@dataclass(frozen=True)
class ChangeData:
    kinds: list[str]
    new_end: date | None = None
    new_category_id: int | None = None
    category_from: date | None = None
    interruption_from: date | None = None
    interruption_to: date | None = None
    special_amount: Any = None
    special_month: date | None = None
    correction_month: date | None = None
    correction_text: str = ""
    proofs: list[Any] = field(default_factory=list)


def _outside(employment: Employment, end: date) -> str:
    return _("Please choose a month within the employment (%(start)s – %(end)s).") % {
        "start": f"{employment.start:%m/%Y}",
        "end": f"{end:%m/%Y}",
    }


def _problems(employment: Employment, data: ChangeData, today: date) -> dict[str, str]:
    problems: dict[str, str] = {}
    kinds = [kind for kind in ChangeKind.values if kind in data.kinds]
    if not kinds or len(kinds) != len(set(data.kinds)):
        return {"kinds": _("Please choose what should change.")}
    this_month = rules.month_start(today)
    latest = this_month + relativedelta(months=MAX_MONTHS_AHEAD)
    for name in ("new_end", "category_from", "interruption_from", "interruption_to", "special_month"):
        value = getattr(data, name)
        if value is not None and not date(2000, 1, 1) <= value <= latest:
            return {name: _("Please choose a month within the next %(months)d months.") % {"months": MAX_MONTHS_AHEAD}}
    if ChangeKind.END in kinds:
        if data.new_end is None or data.new_end != rules.month_end(data.new_end):
            problems["new_end"] = _("The new end is the last day of a month.")
        elif data.new_end < this_month:
            problems["new_end"] = _("The new end cannot be in a past month.")
        elif len(rules.months_between(employment.start, data.new_end)) < rules.MIN_MONTHS:
            problems["new_end"] = _("An employment lasts at least %(months)d months.") % {"months": rules.MIN_MONTHS}
    # The months of the other changes lie within the employment, as it will run if a new end asked for
    # in the same request is valid.
    end = data.new_end if ChangeKind.END in kinds and data.new_end and "new_end" not in problems else employment.end
    if ChangeKind.CATEGORY in kinds:
        month = data.category_from
        if month is None or month.day != 1 or month < this_month:
            problems["category_from"] = _("Please choose the first day of this or a later month.")
        elif not employment.start <= month <= end:
            problems["category_from"] = _outside(employment, end)
        elif (
            data.new_category_id is None
            or not categories_on(employment.entity_id, month).filter(pk=data.new_category_id).exists()
        ):
            problems["new_category"] = _("Please choose one of the salary categories valid from that month.")
    if ChangeKind.INTERRUPTION in kinds:
        first, last = data.interruption_from, data.interruption_to
        if first is None or first.day != 1 or last is None or last != rules.month_end(last) or last < first:
            problems["interruption_from"] = _("An interruption runs from the first of a month to the last of a month.")
        elif not (employment.start <= first and last <= end):
            problems["interruption_from"] = _("The interruption must lie within the employment.")
        if not data.proofs:
            problems["proofs"] = _("Please add a proof of the interruption (e.g. a certificate).")
        for proof in data.proofs:
            try:
                check_file(proof, field="proofs")
            except BusinessError as error:
                problems["proofs"] = f"{proof.name[-80:]}: {error.message}"
                break
    if ChangeKind.SPECIAL_PAYMENT in kinds:
        if data.special_month is None or data.special_month.day != 1 or data.special_month < this_month:
            problems["special_month"] = _("Please choose the first day of this or a later month.")
        elif not employment.start <= data.special_month <= end:
            problems["special_month"] = _outside(employment, end)
        try:
            checked_amount(data.special_amount, field="special_amount")
        except BusinessError as error:
            problems["special_amount"] = error.message
    if ChangeKind.CORRECTION in kinds:
        if data.correction_month is None or data.correction_month >= this_month:
            problems["correction_month"] = _("Please choose a past month.")
        elif not rules.month_start(employment.start) <= data.correction_month <= employment.end:
            problems["correction_month"] = _outside(employment, employment.end)
        if not data.correction_text.strip():
            problems["correction_text"] = _("Please describe what should be corrected.")
    return problems


def change_submit(*, member: Any, employment_id: int, data: ChangeData) -> ChangeRequest:
    """A change request on the member's active employment; the Smart team is to decide."""
    with transaction.atomic():
        employment = (
            Employment.objects.select_for_update(of=("self",))
            .select_related("entity")
            .filter(pk=employment_id, member=member)
            .first()
        )
        if employment is None or employment.status != EmploymentStatus.ACTIVE:
            raise BusinessError(_("Changes can be requested for an active employment only."))
        if employment.changes.filter(status=ChangeStatus.SUBMITTED).exists():
            raise BusinessError(_("A change request is already waiting for the Smart team's decision."))
        problems = _problems(employment, data, entity_today(employment.entity))
        if problems:
            raise BusinessError(_("Please check the change request."), errors=problems)
        kinds = [kind for kind in ChangeKind.values if kind in data.kinds]
        change = ChangeRequest.objects.create(
            employment=employment,
            kinds=kinds,
            new_end=data.new_end if ChangeKind.END in kinds else None,
            new_category_id=data.new_category_id if ChangeKind.CATEGORY in kinds else None,
            category_from=data.category_from if ChangeKind.CATEGORY in kinds else None,
            interruption_from=data.interruption_from if ChangeKind.INTERRUPTION in kinds else None,
            interruption_to=data.interruption_to if ChangeKind.INTERRUPTION in kinds else None,
            special_amount=checked_amount(data.special_amount, field="special_amount")
            if ChangeKind.SPECIAL_PAYMENT in kinds
            else None,
            special_month=data.special_month if ChangeKind.SPECIAL_PAYMENT in kinds else None,
            correction_month=data.correction_month if ChangeKind.CORRECTION in kinds else None,
            correction_text=data.correction_text.strip()[:4000] if ChangeKind.CORRECTION in kinds else "",
        )
        for upload in data.proofs if ChangeKind.INTERRUPTION in kinds else []:
            proof = ChangeProof(change=change)
            store_upload(proof, upload, field="proofs")
            proof.save()
        audit_record(actor=member, action="employmentchange.submitted", target=change, to_state=change.status)
    return change


def _lock_for_staff(scope: Scope, staff: Any, change_id: int) -> ChangeRequest:
    if scope.actor != Actor.STAFF:
        raise BusinessError(_("Only the Smart team can do this."))
    change = (
        ChangeRequest.objects.select_for_update(of=("self",))
        .select_related("employment", "employment__entity", "employment__member", "new_category")
        .filter(pk=change_id, employment__entity_id__in=scope.entity_ids)
        .first()
    )
    if change is None:
        raise BusinessError(_("This change request no longer exists."))
    if change.status != ChangeStatus.SUBMITTED:
        raise BusinessError(_("This change request has been decided already."))
    refuse_self_decision(staff, change.employment.member_id, what="request")
    return change


def change_reject(*, staff: Any, scope: Scope, change_id: int, reason: str) -> ChangeRequest:
    if not reason.strip():
        raise BusinessError(_("Please give a reason."), field="reason")
    with transaction.atomic():
        change = _lock_for_staff(scope, staff, change_id)
        change.status, change.decision_reason, change.decided_at = ChangeStatus.REJECTED, reason.strip(), timezone.now()
        change.save(update_fields=["status", "decision_reason", "decided_at", "updated_at"])
        audit_record(
            actor=staff,
            action="employmentchange.rejected",
            target=change,
            from_state=ChangeStatus.SUBMITTED,
            to_state=change.status,
            message=change.decision_reason,
        )
        _tell(change)
    return change


def change_approve(*, staff: Any, scope: Scope, change_id: int, contract: Any = None) -> ChangeRequest:
    """Approve: a new contract version from the change's month (with the new contract, if uploaded);
    a special payment is booked on the budget in its month."""
    if contract is not None:
        check_file(contract, pdf_only=True)
    with transaction.atomic():
        change = _lock_for_staff(scope, staff, change_id)
        employment = Employment.objects.select_for_update().get(pk=change.employment_id)
        if employment.status != EmploymentStatus.ACTIVE:
            raise BusinessError(_("The employment is no longer active."))
        versions = list(employment.versions.select_related("category").order_by("number"))
        today = entity_today(employment.entity)
        if {ChangeKind.END, ChangeKind.CATEGORY, ChangeKind.INTERRUPTION} & set(change.kinds):
            _new_versions(employment, change, versions, today, contract)
        if ChangeKind.SPECIAL_PAYMENT in change.kinds and change.special_amount and change.special_month:
            ledger_book(
                postings=[
                    Posting(
                        employment.budget_id,
                        EntryKind.EMPLOYMENT_COST,
                        -Decimal(change.special_amount),
                        f"{change.special_month:%m/%Y}",  # shown as "Special payment …" (budget_link)
                        f"employment:{employment.pk}:special:{change.pk}",
                    )
                ],
                booking_date=max(change.special_month, today),
                source=employment,
                source_label=f"{change.special_month:%Y-%m}",
                user=staff,
            )
        change.status, change.decided_at = ChangeStatus.APPROVED, timezone.now()
        change.save(update_fields=["status", "decided_at", "updated_at"])
        audit_record(
            actor=staff,
            action="employmentchange.approved",
            target=change,
            from_state=ChangeStatus.SUBMITTED,
            to_state=change.status,
        )
        _tell(change)
    return change


def _new_versions(
    employment: Employment, change: ChangeRequest, versions: list[ContractVersion], today: date, contract: Any
) -> None:
    """The contract versions the change creates. Month by month from the first month it touches, the
    cost and category are worked out (nothing during an interruption, the new category from its month,
    as before otherwise); each run of equal months becomes a version."""
    kinds = set(change.kinds)
    end = change.new_end if ChangeKind.END in kinds and change.new_end else employment.end
    touched = [rules.month_start(today)]
    if ChangeKind.CATEGORY in kinds and change.category_from:
        touched.append(change.category_from)
    if ChangeKind.INTERRUPTION in kinds and change.interruption_from:
        touched.append(change.interruption_from)
    runs: list[tuple[date, Decimal, Any]] = []
    for month in rules.months_between(min(touched), end):
        category, cost = category_of_month(versions, month), cost_of_month(versions, month)
        if ChangeKind.CATEGORY in kinds and change.category_from and month >= change.category_from:
            category, cost = change.new_category, change.new_category.total_cost  # type: ignore[union-attr]
        if (
            ChangeKind.INTERRUPTION in kinds
            and change.interruption_from
            and change.interruption_to
            and change.interruption_from <= month <= change.interruption_to
        ):
            cost = Decimal("0.00")
        unchanged = (cost, category) == (cost_of_month(versions, month), category_of_month(versions, month))
        if not runs and unchanged:
            continue  # the change has not begun yet: the contract stays as it is
        if not runs or (runs[-1][1], runs[-1][2]) != (cost, category):
            runs.append((month, cost, category))
    if not runs:  # a new end only: the same terms in a new version
        month = max(min(touched), employment.start)
        runs = [(month, cost_of_month(versions, month), category_of_month(versions, month))]
    number = versions[-1].number
    for index, (valid_from, cost, category) in enumerate(runs):
        number += 1
        version = ContractVersion(
            employment=employment,
            number=number,
            valid_from=valid_from,
            category=category,
            monthly_cost=cost,
            end=end,
            change=change if index == 0 else None,
        )
        if contract is not None and index == 0:
            version.file.save(f"contract-{employment.pk}-{number}.pdf", contract, save=False)
        version.save()
    if end != employment.end:
        employment.end = end
        employment.save(update_fields=["end", "updated_at"])


#: A one-time token of the payroll difference form: the same form sent twice books once.
PAYROLL_TOKEN = re.compile(r"[0-9a-f]{32}")


def payroll_key(employment_id: int, month: date, token: str) -> str:
    return f"employment:{employment_id}:payroll:{month:%Y-%m}:{token}"


def payroll_difference_book(
    *, staff: Any, scope: Scope, employment_id: int, month: date, amount: Any, reason: str, token: str
) -> bool:
    """The Smart team books the difference between the booked cost and the actual payroll of a month
    of the employment. ``token`` is the form's one-time token: a second booking with it (a double click,
    the form sent again) books nothing and returns ``False``."""
    value = checked_amount(amount, allow_negative=True, allow_zero=True)
    if value == 0:  # a difference may be negative: "greater than zero" would be wrong here
        raise BusinessError(_("The amount cannot be zero."), field="amount")
    if not reason.strip():
        raise BusinessError(_("Please give a reason."), field="reason")
    if not PAYROLL_TOKEN.fullmatch(token or ""):
        raise BusinessError(_("The form has expired; please open the page again and book the difference."))
    with transaction.atomic():
        employment = (
            Employment.objects.select_for_update()
            .filter(pk=employment_id, entity_id__in=scope.entity_ids if scope.actor == Actor.STAFF else [])
            .first()
        )
        if employment is None:
            raise BusinessError(_("This employment no longer exists."))
        refuse_self_decision(staff, employment.member_id, what="request")
        if employment.status not in (EmploymentStatus.ACTIVE, EmploymentStatus.ENDED):
            raise BusinessError(_("Payroll differences belong to a running or ended employment."))
        entity_month = rules.month_start(month)
        if not rules.month_start(employment.start) <= entity_month <= employment.end:
            raise BusinessError(
                _("Please choose a month of the employment (%(start)s – %(end)s).")
                % {"start": f"{employment.start:%m/%Y}", "end": f"{employment.end:%m/%Y}"},
                field="month",
            )
        key = payroll_key(employment.pk, entity_month, token)
        if LedgerEntry.objects.filter(key=key).exists():  # the employment row is locked: no race
            return False
        # The statement shows the text in the reader's language (``budget_link.employment_text``); the
        # row keeps the month and the reason, which need no translation.
        text = f"{entity_month:%m/%Y}: {reason.strip()}"[:300]
        ledger_book(
            postings=[Posting(employment.budget_id, EntryKind.CORRECTION, value, text, key)],
            booking_date=entity_today(employment.entity),
            source=employment,
            source_label=f"{entity_month:%Y-%m}",
            user=staff,
        )
        audit_record(actor=staff, action="employment.payroll_difference", target=employment, message=reason.strip())
    return True


def _tell(change: ChangeRequest) -> None:
    queue_email(
        to=change.employment.member,
        template="employment_change_decided",
        context={"change": change},
        category="budget",
        related=change.employment,
        entity=change.employment.entity,
    )
