"""Demo employments (DESIGN §8) of the demo members in every status, made through the employment services.

First the shipped salary tables are loaded (every CSV of ``portal/employment/data``, oldest year first,
as the Smart team would have loaded them: each new table ends the previous one). Then, once:

* the first member (Anna Schmidt) has been **active** with Smart eG for four months: the contract runs
  to the end of the month after next, each month's cost is booked on her personal budget, the Smart team
  uploaded her payslips of the past months, and her request to change to the next category from next
  month waits for the team. This employment is what lets her claim travel costs (``expense_data``). With
  the Bildungswerk she has a minijob contract **approved**: the contract waits for her signature.
* the second member (Jonas Weber) had an employment that **ended** three months ago (its months booked,
  its payslips uploaded); his request for a higher category from next month was **rejected** with the
  reason, and his new request is **submitted**, waiting in the Smart team's queue.
* the third member (Lena Fischer) signed her contract from next month (uploaded the signed PDF):
  **contract_signed**, waiting for the team to confirm the signature; with the Bildungswerk she keeps a
  **draft** whose start her still empty budget there does not cover yet.

The services refuse to request a start in the past (the deadline is the day before the start), so the
back-dated employments are requested for next month like any other, approved with their contract, signed
and confirmed, and then moved to their real months, as ``invoice_data`` dates invoices back: start, end,
the category of the table in force then and the first contract version together, so that the data stays
what the services would have left. Then they start and cost their months as the daily
``process_employments`` would have done on each first of the month (``services.activate_due`` and
``costs.book_month_costs`` with that day as "today": ledger keys ``employment:<id>:<YYYY-MM>``, booked
on the first of the month), and the ended one ends. Audit entries and e-mails carry the day the demo is
seeded (both are append-only), as for the demo invoices.

Contracts and payslips are PDFs written when the demo is seeded (``employment_documents``). The journeys
need the money of ``budget_data``'s history; a database seeded by a version without it (whose budgets
cannot pay the employments) is left without them, and ``seed_demo`` says so.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from portal.accounts.models import User
from portal.budget.figures import figures_for
from portal.budget.ledger import budget_personal
from portal.core.scope import Scope
from portal.employment import changes, costs, documents, rules, services
from portal.employment.categories import DATA_DIR, FILE_NAME, salary_categories_load
from portal.employment.models import (
    ChangeRequest,
    ContractVersion,
    Employment,
    Payslip,
    SalaryCategory,
)
from portal.entities.models import IssuingEntity

from .employment_documents import Contract, contract_pdf, payslip_pdf

REJECTION = (
    "Kategorie 4 kostet dein Budget 980 EUR im Monat; deine Einnahmen der letzten Monate tragen das nicht "
    "dauerhaft. Bitte beantrage eine niedrigere Kategorie, z. B. Kategorie 1."
)
DRAFT_NOTE = "Minijob für die Kursbegleitung im Frühjahr; ich warte noch auf die Zahlung der ersten Kurse."
APPROVED_NOTE = "Minijob für die Kursleitung der Ferienkurse Trickfilm."


def salary_tables_load() -> int:
    """Load every shipped salary table, oldest year first (safe to run again); returns the rows added."""
    paths = sorted(DATA_DIR.glob("*.csv"), key=lambda path: _table_key(path.name))
    added = 0
    for path in paths:
        match = FILE_NAME.fullmatch(path.name)
        if match is None or not IssuingEntity.objects.filter(code=match["entity"]).exists():
            continue
        added += salary_categories_load(path=path).created
    return added


def _table_key(name: str) -> tuple[str, str]:
    match = FILE_NAME.fullmatch(name)
    return (match["year"], match["entity"]) if match else ("", name)


def _category(entity: IssuingEntity, code: str, day: date) -> SalaryCategory:
    """The entity's category ``code`` of the table in force on ``day``."""
    return services.categories_on(entity.pk, day).get(code=code)


def _moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@dataclass(frozen=True)
class Plan:
    member: User
    entity: IssuingEntity
    code: str
    start: date
    end: date
    note: str = ""


class _Journeys:
    def __init__(self, staff: User, entities: dict[str, IssuingEntity]):
        self.staff = staff
        self.entities = entities
        self.scope = Scope.staff(staff, [entity.pk for entity in entities.values()])
        self.today = services.entity_today(entities["SC"])
        self.this_month = rules.month_start(self.today)

    def month(self, offset: int) -> date:
        return self.this_month + relativedelta(months=offset)

    def month_end(self, offset: int) -> date:
        return rules.month_end(self.month(offset))

    # --- through the services --------------------------------------------------------------------

    def requested(self, plan: Plan) -> Employment:
        """The member's request, saved and submitted (the rules, the deadline and the coverage checked)."""
        category = _category(plan.entity, plan.code, plan.start)
        data = services.RequestData(plan.entity.pk, category.pk, plan.start, plan.end, plan.note)
        employment = services.employment_save(member=plan.member, employment_id=None, data=data)
        return services.employment_submit(member=plan.member, employment_id=employment.pk)

    def approved(self, employment: Employment, contract: Contract | None = None) -> Employment:
        """Approved by the Smart team with the contract (for its months unless ``contract`` says otherwise)."""
        contract = contract or self.contract(employment, employment.category, employment.start, employment.end)
        return services.employment_approve(
            staff=self.staff,
            scope=self.scope,
            employment_id=employment.pk,
            contract=contract_pdf(contract, f"Arbeitsvertrag-{employment.pk}.pdf"),
        )

    def contract(self, employment: Employment, category: SalaryCategory, start: date, end: date) -> Contract:
        return Contract(member=employment.member, entity=employment.entity, category=category, start=start, end=end)

    # --- dated back --------------------------------------------------------------------------------

    def running(self, plan: Plan) -> Employment:
        """An employment from ``plan.start`` (a past month): requested for next month, as long, through the
        services, approved with the contract of its real months, signed and confirmed; then moved to its
        months with the category of the table in force then, started on its first day and its months
        booked on their first days."""
        length = len(rules.months_between(plan.start, plan.end))
        requested = self.requested(
            Plan(plan.member, plan.entity, plan.code, self.month(1), self.month_end(length), plan.note)
        )
        category = _category(plan.entity, plan.code, plan.start)
        employment = self.approved(requested, self.contract(requested, category, plan.start, plan.end))
        services.employment_sign(member=plan.member, employment_id=employment.pk, name=plan.member.get_full_name())
        services.employment_confirm_signature(staff=self.staff, scope=self.scope, employment_id=employment.pk)
        asked = plan.start - timedelta(days=40)
        Employment.objects.filter(pk=employment.pk).update(
            start=plan.start,
            end=plan.end,
            category=category,
            created_at=_moment(asked, 9),
            submitted_at=_moment(asked, 11),
            signed_at=_moment(plan.start - timedelta(days=20), 18),
            signature_confirmed_at=_moment(plan.start - timedelta(days=19), 9),
        )
        ContractVersion.objects.filter(employment=employment, number=1).update(
            valid_from=plan.start,
            end=plan.end,
            category=category,
            monthly_cost=category.total_cost,
            created_at=_moment(plan.start - timedelta(days=30), 14),
        )
        services.activate_due(plan.start)  # the daily run on its first day
        for month in rules.months_between(plan.start, min(plan.end, self.today)):
            costs.book_month_costs(month)  # the daily run on each first of the month
        employment.refresh_from_db()
        return employment

    def payslips(self, employment: Employment, last: date) -> None:
        """The payslips of the employment's months up to ``last``, uploaded after each month's payroll."""
        contract = self.contract(employment, employment.category, employment.start, employment.end)
        number = employment.member.member_profile.member_number
        for month in rules.months_between(employment.start, last):
            upload = payslip_pdf(contract, month, f"{number}_{month:%Y-%m}.pdf")
            payslip = documents.payslip_upload(
                staff=self.staff, scope=self.scope, employment_id=employment.pk, month=month, upload=upload
            )
            uploaded = _moment(rules.month_end(month) - timedelta(days=2), 15)
            Payslip.objects.filter(pk=payslip.pk).update(created_at=uploaded, updated_at=uploaded)

    # --- the journeys ------------------------------------------------------------------------------

    def ended(self, member: User) -> Employment:
        """Seven months ago to three months ago, ended after its last day."""
        sc = self.entities["SC"]
        employment = self.running(Plan(member, sc, "1", self.month(-7), self.month_end(-4)))
        self.payslips(employment, employment.end)
        services.end_finished(employment.end + timedelta(days=1))
        employment.refresh_from_db()
        return employment

    def active(self, member: User) -> Employment:
        """Four months ago until the end of the month after next, with payslips and a change request."""
        sc = self.entities["SC"]
        employment = self.running(Plan(member, sc, "2", self.month(-4), self.month_end(2)))
        self.payslips(employment, self.month(-1))
        higher = _category(sc, "3", self.month(1))
        change = changes.change_submit(
            member=member,
            employment_id=employment.pk,
            data=changes.ChangeData(kinds=["category"], new_category_id=higher.pk, category_from=self.month(1)),
        )
        asked = timezone.now() - timedelta(days=2)
        ChangeRequest.objects.filter(pk=change.pk).update(created_at=asked, updated_at=asked)
        return employment

    def seed(self, member: User, member2: User, member3: User) -> None:
        sc, bw = self.entities["SC"], self.entities["BW"]
        self.ended(member2)
        self.active(member)

        approved = self.approved(
            self.requested(Plan(member, bw, "M11", self.month(1), self.month_end(4), APPROVED_NOTE))
        )
        _backdate(approved, days=6)

        rejected = self.requested(Plan(member2, sc, "4", self.month(1), self.month_end(6)))
        services.employment_reject(staff=self.staff, scope=self.scope, employment_id=rejected.pk, reason=REJECTION)
        _backdate(rejected, days=9)
        waiting = self.requested(Plan(member2, sc, "1", self.month(1), self.month_end(6)))
        _backdate(waiting, days=1)

        signed = self.approved(self.requested(Plan(member3, sc, "2", self.month(1), self.month_end(6))))
        contract = self.contract(signed, signed.category, signed.start, signed.end)
        name = member3.get_full_name()
        services.employment_sign(
            member=member3,
            employment_id=signed.pk,
            signed_file=contract_pdf(contract, "Arbeitsvertrag-unterschrieben.pdf", signed_by=name),
        )
        _backdate(signed, days=4)

        draft_data = services.RequestData(
            bw.pk, _category(bw, "1", self.month(2)).pk, self.month(2), self.month_end(5), DRAFT_NOTE
        )
        services.employment_save(member=member3, employment_id=None, data=draft_data)


def _backdate(employment: Employment, *, days: int) -> None:
    """Requested (and submitted) ``days`` ago rather than now; the deadline was met then all the more."""
    moment = timezone.now() - timedelta(days=days)
    values = {"created_at": moment}
    if employment.submitted_at is not None:
        values["submitted_at"] = moment + timedelta(minutes=20)
    Employment.objects.filter(pk=employment.pk).update(**values)


#: (who, entity code, category code, months) each employment that needs money costs: what ``seed`` needs
#: "available for salary" to cover when it is submitted (three months) or to reserve or book (all months).
NEEDS = (
    ("member", "SC", "2", 7),
    ("member", "BW", "M11", 4),
    ("member2", "SC", "1", 4),
    ("member2", "SC", "4", 3),
    ("member3", "SC", "2", 6),
)


def _affordable(people: dict[str, User], entities: dict[str, IssuingEntity], today: date) -> bool:
    """Whether the budgets pay the journeys (a database seeded before ``budget_data`` gave them the money
    does not): each budget's "available for salary" covers the months its employments book or reserve."""
    needed: dict[int, Decimal] = {}
    for who, code, category_code, months in NEEDS:
        entity = entities[code]
        category = services.categories_on(entity.pk, today + relativedelta(months=1)).filter(code=category_code).first()
        if category is None:
            return False
        budget = budget_personal(member_id=people[who].pk, entity_id=entity.pk).pk
        needed[budget] = needed.get(budget, Decimal(0)) + category.total_cost * months
    figures = figures_for(sorted(needed))
    return all(figures[budget].available_for_salary >= amount for budget, amount in needed.items())


def seed_demo_journeys(entities: dict[str, IssuingEntity]) -> str:
    """The salary tables, then the demo employments (once). Returns a warning when they were skipped."""
    salary_tables_load()
    member, member2, member3, staff = (
        User.objects.get(email=email)
        for email in ("member@example.com", "member2@example.com", "member3@example.com", "staff@example.com")
    )
    if Employment.objects.filter(member__in=[member, member2, member3]).exists():
        return ""
    people = {"member": member, "member2": member2, "member3": member3}
    if not _affordable(people, entities, services.entity_today(entities["SC"])):
        return (
            "The demo employments were skipped: the demo budgets cannot pay them (a database seeded by an older "
            "version). Seed a fresh database to get them."
        )
    with transaction.atomic():
        _Journeys(staff, entities).seed(member, member2, member3)
    return ""
