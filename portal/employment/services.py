"""Every write to employments (DESIGN §8). Status changes go through the state machine of
``transitions.py``; each rule of ``rules.py`` is checked here, so a form, the back office and a command
agree, and nobody decides their own request."""

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import Role
from portal.budget.figures import figures_of
from portal.budget.ledger import budget_personal
from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.outbox import queue_email
from portal.core.scheduled import note_failure
from portal.core.scope import Scope
from portal.core.transitions import Actor, apply_transition
from portal.core.uploads import check_file
from portal.employment import rules
from portal.employment.models import ContractVersion, Employment, EmploymentStatus, SalaryCategory
from portal.employment.transitions import TRANSITIONS, Event
from portal.entities.models import IssuingEntity

#: Employments that block another one of the same member and entity in an overlapping period.
OPEN_STATUSES = (
    EmploymentStatus.DRAFT,
    EmploymentStatus.SUBMITTED,
    EmploymentStatus.APPROVED,
    EmploymentStatus.CONTRACT_SIGNED,
    EmploymentStatus.ACTIVE,
)


def categories_on(entity_id: int, day: date) -> QuerySet[SalaryCategory]:
    """The entity's salary categories valid on ``day``, in table order."""
    valid = SalaryCategory.objects.filter(entity_id=entity_id, valid_from__lte=day)
    return valid.exclude(valid_to__lt=day).order_by("position", "id")


def entity_today(entity: IssuingEntity) -> date:
    """Today in the entity's time zone (deadlines are the entity's days)."""
    return entity.today()


@dataclass(frozen=True)
class RequestData:
    entity_id: int | None
    category_id: int | None
    start: date | None
    end: date | None
    note: str = ""


def coverage_of(*, member: Any, entity_id: int, category: SalaryCategory) -> rules.Coverage:
    """How many months of ``category`` the member's personal budget of the entity pays now."""
    budget = budget_personal(member_id=member.pk, entity_id=entity_id)
    return rules.Coverage(available=figures_of(budget.pk).available_for_salary, monthly_cost=category.total_cost)


def _problems(member: Any, data: RequestData, today: date, *, exclude_id: int | None) -> dict[str, str]:
    problems: dict[str, str] = {}
    if (
        data.entity_id is None
        or not Role.objects.filter(user=member, kind=Role.Kind.MEMBER, entity_id=data.entity_id).exists()
    ):
        return {"entity": _("Please choose an entity you work with.")}
    problems.update(rules.period_problems(data.start, data.end, today))
    day = data.start or today
    if data.category_id is None or not categories_on(data.entity_id, day).filter(pk=data.category_id).exists():
        problems["category"] = _("Please choose one of the salary categories valid at the start.")
    if data.start and data.end and not problems:
        others = Employment.objects.filter(member=member, entity_id=data.entity_id, status__in=OPEN_STATUSES)
        if exclude_id is not None:
            others = others.exclude(pk=exclude_id)
        if any(rules.overlaps((data.start, data.end), (other.start, other.end)) for other in others):
            problems["start"] = _("You already have an employment or a request with this entity in this period.")
    return problems


def employment_save(*, member: Any, employment_id: int | None, data: RequestData) -> Employment:
    """Create or change a draft request on the member's personal budget of the entity."""
    entity = IssuingEntity.objects.filter(pk=data.entity_id).first() if data.entity_id else None
    today = entity_today(entity) if entity else timezone.localdate()
    problems = _problems(member, data, today, exclude_id=employment_id)
    if problems:
        raise BusinessError(_("Please check the request."), errors=problems)
    entity_id, category_id, start, end = data.entity_id, data.category_id, data.start, data.end
    assert entity_id is not None and category_id is not None and start is not None and end is not None  # checked
    with transaction.atomic():
        if employment_id is None:
            employment = Employment(member=member)
        else:
            employment = _lock(employment_id, member=member)
            if employment.status != EmploymentStatus.DRAFT:
                raise BusinessError(_("Only drafts can be changed."))
        employment.entity_id = entity_id
        employment.budget = budget_personal(member_id=member.pk, entity_id=entity_id)
        employment.category_id = category_id
        employment.start, employment.end = start, end
        employment.note = data.note.strip()[:4000]
        creating = employment.pk is None
        employment.save()
        if creating:
            audit_record(actor=member, action="employment.created", target=employment, to_state=employment.status)
    return employment


def employment_delete_draft(*, member: Any, employment_id: int) -> None:
    """A draft request is the member's to throw away; anything sent is kept."""
    with transaction.atomic():
        employment = _lock(employment_id, member=member)
        if employment.status != EmploymentStatus.DRAFT:
            raise BusinessError(_("Only drafts can be deleted."))
        audit_record(actor=member, action="employment.deleted", target=employment, from_state=employment.status)
        employment.delete()


def _lock(employment_id: int, **owner: Any) -> Employment:
    found = (
        Employment.objects.select_for_update(of=("self",))
        .select_related("entity", "category", "member", "budget")
        .filter(pk=employment_id, **owner)
        .first()
    )
    if found is None:
        raise BusinessError(_("This employment no longer exists."))
    return found


def _check_sendable(member: Any, employment: Employment) -> None:
    """Every rule of a request again, and the budget's coverage (raises ``BusinessError``)."""
    if employment.budget.kind != employment.budget.Kind.PERSONAL:
        raise BusinessError(_("Employments are paid from your personal budget only."))
    data = RequestData(employment.entity_id, employment.category_id, employment.start, employment.end)
    problems = _problems(member, data, entity_today(employment.entity), exclude_id=employment.pk)
    if problems:
        raise BusinessError(_("Please check the request."), errors=problems)
    coverage = coverage_of(member=member, entity_id=employment.entity_id, category=employment.category)
    if not coverage.enough:
        raise BusinessError(coverage.problem(), field="category")


def employment_check_draft(*, member: Any, employment_id: int) -> None:
    """What would stop the member's draft from being sent now (raises ``BusinessError``); changes nothing."""
    employment = (
        Employment.objects.select_related("entity", "category", "budget")
        .filter(pk=employment_id, member=member, status=EmploymentStatus.DRAFT)
        .first()
    )
    if employment is None:
        raise BusinessError(_("This employment no longer exists."))
    _check_sendable(member, employment)


def employment_submit(*, member: Any, employment_id: int) -> Employment:
    """Send the request to the Smart team: every rule again, and the budget's coverage."""
    with transaction.atomic():
        employment = _lock(employment_id, member=member)
        _check_sendable(member, employment)
        apply_transition(TRANSITIONS, employment, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
        employment.submitted_at = timezone.now()
        employment.save(update_fields=["status", "submitted_at", "updated_at"])
    return employment


def _staff_lock(scope: Scope, employment_id: int) -> Employment:
    if scope.actor != Actor.STAFF:
        raise BusinessError(_("Only the Smart team can do this."))
    employment = _lock(employment_id)
    if employment.entity_id not in scope.entity_ids:
        raise BusinessError(_("This employment no longer exists."))
    return employment


def employment_approve(*, staff: Any, scope: Scope, employment_id: int, contract: Any) -> Employment:
    """Approve with the contract to sign (a PDF): the first contract version fixes the monthly cost."""
    check_file(contract, pdf_only=True)
    with transaction.atomic():
        employment = _staff_lock(scope, employment_id)
        apply_transition(
            TRANSITIONS, employment, event=Event.APPROVE, actor=Actor.STAFF, user=staff, owner_id=employment.member_id
        )
        employment.save(update_fields=["status", "updated_at"])
        version = ContractVersion(
            employment=employment,
            number=1,
            valid_from=employment.start,
            category=employment.category,
            monthly_cost=employment.category.total_cost,
            end=employment.end,
        )
        version.file.save(f"contract-{employment.pk}-1.pdf", contract, save=False)
        version.save()
        _tell_member(employment)
    return employment


def employment_reject(*, staff: Any, scope: Scope, employment_id: int, reason: str) -> Employment:
    with transaction.atomic():
        employment = _staff_lock(scope, employment_id)
        apply_transition(
            TRANSITIONS,
            employment,
            event=Event.REJECT,
            actor=Actor.STAFF,
            user=staff,
            reason=reason,
            owner_id=employment.member_id,
        )
        employment.save(update_fields=["status", "updated_at"])
        _tell_member(employment, reason=reason.strip())
    return employment


def same_name(name: str) -> str:
    """A name compared as typed: case and spaces do not count, accents do ("Müller" is not "Muller")."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def _check_typed_name(name: str, full_name: str) -> None:
    if not full_name.strip():
        raise BusinessError(
            _("Your account has no name to sign with; please upload the signed contract instead."), field="name"
        )
    if same_name(name) != same_name(full_name):
        raise BusinessError(
            _("Please type your full name as in your account (%(name)s), or upload the signed contract.")
            % {"name": full_name.strip()},
            field="name",
        )


def employment_sign(*, member: Any, employment_id: int, name: str = "", signed_file: Any = None) -> Employment:
    """The member signs the contract: uploads the signed PDF or confirms by typing their full name."""
    name = name.strip()
    if not name and signed_file is None:
        raise BusinessError(_("Please type your full name or upload the signed contract."), field="name")
    if len(name) > Employment._meta.get_field("signed_by_name").max_length:  # type: ignore[operator]
        raise BusinessError(_("Please shorten your name to at most 200 characters."), field="name")
    if signed_file is not None:
        check_file(signed_file, pdf_only=True)
    with transaction.atomic():
        employment = _lock(employment_id, member=member)
        apply_transition(TRANSITIONS, employment, event=Event.SIGN, actor=Actor.MEMBER, user=member)
        if signed_file is None:
            _check_typed_name(name, member.get_full_name())
        employment.signed_by_name = name
        employment.signed_at = timezone.now()
        employment.save(update_fields=["status", "signed_by_name", "signed_at", "updated_at"])
        if signed_file is not None:
            version = employment.versions.order_by("-number").first()
            if version is not None:
                version.signed_file.save(f"contract-{employment.pk}-{version.number}-signed.pdf", signed_file)
    return employment


def employment_confirm_signature(*, staff: Any, scope: Scope, employment_id: int) -> Employment:
    """The Smart team checked the signature; the employment starts on its first day."""
    with transaction.atomic():
        employment = _staff_lock(scope, employment_id)
        if employment.status != EmploymentStatus.CONTRACT_SIGNED or employment.signature_confirmed_at:
            raise BusinessError(_("There is no signature to confirm."))
        if employment.member_id == staff.pk:
            raise BusinessError(_("You cannot decide on your own request; another member of the Smart team has to."))
        employment.signature_confirmed_at = timezone.now()
        employment.save(update_fields=["signature_confirmed_at", "updated_at"])
        audit_record(actor=staff, action="employment.signature_confirmed", target=employment)
        _tell_member(employment)
    return employment


def activate_due(today: date, failures: list[str] | None = None) -> int:
    """Signed contracts whose signature the Smart team confirmed start on their first day."""
    due = Employment.objects.filter(
        status=EmploymentStatus.CONTRACT_SIGNED, signature_confirmed_at__isnull=False, start__lte=today
    )
    return _move_each(due, Event.ACTIVATE, EmploymentStatus.CONTRACT_SIGNED, failures)


def end_finished(today: date, failures: list[str] | None = None) -> int:
    """Active employments end after their last day."""
    over = Employment.objects.filter(status=EmploymentStatus.ACTIVE, end__lt=today)
    return _move_each(over, Event.END, EmploymentStatus.ACTIVE, failures)


def _move_each(employments: QuerySet[Employment], event: str, status: str, failures: list[str] | None) -> int:
    moved = 0
    for employment_id in employments.values_list("pk", flat=True):
        try:
            with transaction.atomic():
                employment = _lock(employment_id)
                if employment.status != status:  # moved on meanwhile (another run)
                    continue
                apply_transition(TRANSITIONS, employment, event=event, actor=Actor.SYSTEM)
                employment.save(update_fields=["status", "updated_at"])
                _tell_member(employment)
            moved += 1
        except Exception as error:  # one employment must not stop the others
            note_failure(failures, f"employment {employment_id} {event}", error)
    return moved


def _tell_member(employment: Employment, *, reason: str = "") -> None:
    queue_email(
        to=employment.member,
        template="employment_event",
        context={"employment": employment, "reason": reason},
        category="budget",
        related=employment,
        entity=employment.entity,
    )
