"""Bulk employments for benchmarks (``--employments N``).

``N`` employments are spread over the generated members with a Smart eG or Bildungswerk role (each such
member and entity is a "pair"). Each pair gets a history that runs back from now, one employment after
the other, never two open ones at once (the services' rule): its latest employment is active for about
half of the pairs (started up to a year ago, ending this month up to eight months ahead, so some end
soon), requested for one of the next months for a third (a draft, submitted, approved with the contract
or signed), and ended for the rest; before it, ended ones and now and then a rejected request. Pairs are
filled round by round, one employment each, until ``N`` are made or no pair's history has room: an
employment starts on the first of a month after the member joined and once the entity's salary table is
in force, and lasts four to ten months (a coming one up to twelve, an active one up to eighteen), with
up to two months between two. So a pair holds three to five employments (the Bildungswerk's table starts
in 2025, Smart eG's in 2024): 10 000 need about 5 000 generated members (3 333 pairs), of which about
a sixth are then active. Running it again adds employments to pairs that have none, up to ``N``
altogether.

Rows are written with ``bulk_create`` in batches, as the services would leave them:

* the category is one of the entity's table in force on the first day (mostly the lower ones), version
  1 of the contract from the start to the end costs its total cost a month and points to one stored
  sample contract (``files/generated-contract.pdf``); a signed contract also to it as the signed copy;
* about one in five active or ended employments of six months or more changed its category from a month
  on: an approved change request and version 2 from that month; one in ten active ones has a change
  request waiting for the Smart team;
* the months of active and ended employments up to this one are booked as ``costs.book_month_costs``
  books them (``build_rows``, key ``employment:<id>:<YYYY-MM>``, on the first of the month, the cost of
  the version in force), so the budgets' figures follow from the employments as from the other documents;
* request, signature and confirmation times lie before the start, in the past.

Unlike the demo's, generated employments are not checked against the budget's money (the services'
coverage rule): the benchmark needs the rows, and generated members without invoices have no income, so
their budgets go below zero. No payslips are generated.
"""

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import MemberProfile, Role
from portal.budget.ledger import Posting, build_rows
from portal.budget.models import EntryKind, LedgerEntry
from portal.core.models import TimeStampedModel
from portal.employment import costs, rules
from portal.employment.models import (
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    ContractVersion,
    Employment,
    EmploymentStatus,
    SalaryCategory,
)

from .budget_bulk import BATCH, personal_budgets
from .data import GENERATED_DOMAIN
from .employment_data import salary_tables_load
from .expense_data import FILES
from .invoice_bulk import analyse

S = EmploymentStatus
#: The latest employment of a pair, in per cent ("ended" also for the pairs whose latest one is over).
LATEST: dict[str, int] = {
    S.ACTIVE.value: 50,
    S.ENDED.value: 17,
    S.DRAFT.value: 6,
    S.SUBMITTED.value: 12,
    S.APPROVED.value: 7,
    S.CONTRACT_SIGNED.value: 8,
}
#: One earlier employment in this many is a rejected request rather than an ended employment.
REJECTED_EVERY = 8
#: Of active and ended employments of at least six months, one in this many changed its category.
CHANGED_EVERY = 5
#: Of active employments, one in this many has a change request waiting for the Smart team.
WAITING_CHANGE_EVERY = 10
CONTRACT_FILE = "generated-contract.pdf"
REJECTIONS = (
    "Das Budget deckt die ersten drei Monate dieser Kategorie nicht.",
    "Die Kategorie passt nicht zur angegebenen Tätigkeit; bitte wähle eine niedrigere.",
    "Bitte reiche zuerst die fehlenden Personaldaten (Steuer-ID, Krankenkasse) nach.",
)


def _stored_contract() -> str:
    """The one stored copy of the sample contract (written once)."""
    name = f"contracts/generated/{CONTRACT_FILE}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile((FILES / CONTRACT_FILE).read_bytes()))
    return name


@dataclass
class _Pair:
    member_id: int
    entity_id: int
    budget_id: int
    earliest: date  # the first month an employment may start
    cursor: date  # the next earlier employment ends before this month
    done: bool = False


@dataclass
class _Plan:
    employment: Employment
    versions: list[ContractVersion] = field(default_factory=list)
    changes: list[ChangeRequest] = field(default_factory=list)


class _Tables:
    """The entities' salary categories by table (valid from), in table order."""

    def __init__(self) -> None:
        self.tables: dict[int, list[tuple[date, list[SalaryCategory]]]] = defaultdict(list)
        by_table: dict[tuple[int, date], list[SalaryCategory]] = defaultdict(list)
        for category in SalaryCategory.objects.order_by("entity_id", "valid_from", "position", "pk"):
            by_table[(category.entity_id, category.valid_from)].append(category)
        for (entity_id, valid_from), categories in sorted(by_table.items()):
            self.tables[entity_id].append((valid_from, categories))

    def first_day(self, entity_id: int) -> date | None:
        tables = self.tables.get(entity_id)
        return tables[0][0] if tables else None

    def on(self, entity_id: int, day: date) -> list[SalaryCategory]:
        valid = [categories for valid_from, categories in self.tables[entity_id] if valid_from <= day]
        return valid[-1] if valid else []


class _Seeder:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.this_month = rules.month_start(self.today)
        self.tables = _Tables()
        self.contract = _stored_contract()
        self.source_type = ContentType.objects.get_for_model(Employment).pk

    def moment(self, day: date) -> datetime:
        at = timezone.make_aware(datetime.combine(day, time(self.rng.randint(8, 18), self.rng.randint(0, 59))))
        return min(at, self.now - timedelta(minutes=5))

    def category(self, entity_id: int, day: date) -> SalaryCategory:
        """Mostly one of the lower categories of the table in force on ``day``."""
        categories = self.tables.on(entity_id, day)
        weights = [1 / (1 + position) ** 0.8 for position in range(len(categories))]
        return self.rng.choices(categories, weights)[0]

    # --- one employment ------------------------------------------------------------------------------

    def employment(self, pair: _Pair, status: str, start: date, end: date) -> _Plan:
        category = self.category(pair.entity_id, start)
        employment = Employment(
            member_id=pair.member_id,
            entity_id=pair.entity_id,
            budget_id=pair.budget_id,
            category=category,
            status=status,
            start=start,
            end=end,
        )
        future = start > self.today
        if future:  # requested in the last weeks
            asked = self.today - timedelta(days=self.rng.randint(1, 25))
        else:
            asked = start - timedelta(days=self.rng.randint(20, 60))
        created = employment.created_at = self.moment(asked - timedelta(days=self.rng.randint(0, 5)))
        submitted = max(created, self.moment(asked))
        if status != S.DRAFT:
            employment.submitted_at = submitted
        if status in (S.CONTRACT_SIGNED, S.ACTIVE, S.ENDED):
            day = min(asked + timedelta(days=self.rng.randint(3, 12)), start - timedelta(days=2), self.today)
            signed = employment.signed_at = max(submitted, self.moment(day))
            employment.signed_by_name = "generated"
            if status != S.CONTRACT_SIGNED or self.rng.random() < 0.5:
                confirmed = self.moment(min(day + timedelta(days=1), self.today))
                employment.signature_confirmed_at = max(signed, confirmed)
        plan = _Plan(employment)
        if status in (S.APPROVED, S.CONTRACT_SIGNED, S.ACTIVE, S.ENDED):
            approved = submitted + timedelta(days=self.rng.randint(1, 3))
            plan.versions.append(
                ContractVersion(
                    number=1,
                    valid_from=start,
                    category=category,
                    monthly_cost=category.total_cost,
                    end=end,
                    file=self.contract,
                    signed_file=self.contract if employment.signed_at else "",
                    created_at=min(approved, self.now - timedelta(minutes=1)),
                )
            )
        months = rules.months_between(start, end)
        if status in (S.ACTIVE, S.ENDED) and len(months) >= 6 and self.rng.randrange(CHANGED_EVERY) == 0:
            self.category_change(plan, months[self.rng.randint(2, len(months) - 2)])
        if status == S.ACTIVE and self.rng.randrange(WAITING_CHANGE_EVERY) == 0:
            self.waiting_change(plan)
        return plan

    def category_change(self, plan: _Plan, month: date) -> None:
        """An approved change to another category of the table in force from ``month``: version 2."""
        employment, first = plan.employment, plan.versions[0]
        others = [c for c in self.tables.on(employment.entity_id, month) if c.code != first.category.code]
        if not others:
            return
        new = self.rng.choice(others[:6])
        asked = self.moment(max(month - timedelta(days=25), employment.start))
        decided = min(asked + timedelta(days=2), self.now - timedelta(minutes=2))
        change = ChangeRequest(
            status=ChangeStatus.APPROVED,
            kinds=[ChangeKind.CATEGORY.value],
            new_category=new,
            category_from=month,
            decided_at=decided,
            created_at=asked,
        )
        plan.changes.append(change)
        plan.versions.append(
            ContractVersion(
                number=2,
                valid_from=month,
                category=new,
                monthly_cost=new.total_cost,
                end=employment.end,
                file=self.contract,
                created_at=decided,
            )
        )

    def waiting_change(self, plan: _Plan) -> None:
        employment = plan.employment
        next_month = self.this_month + relativedelta(months=1)
        later_end = rules.month_end(employment.end + relativedelta(months=self.rng.randint(1, 6)))
        plan.changes.append(
            ChangeRequest(
                status=ChangeStatus.SUBMITTED,
                kinds=[ChangeKind.END.value],
                new_end=later_end if later_end >= next_month else None,
                created_at=self.moment(self.today - timedelta(days=self.rng.randint(0, 6))),
            )
        )

    # --- a pair's history ----------------------------------------------------------------------------

    def latest(self, pair: _Pair) -> _Plan | None:
        """The pair's latest employment: active, requested for a coming month, or ended."""
        status = self.rng.choices(list(LATEST), list(LATEST.values()))[0]
        if status == S.ACTIVE:
            back = min(self.rng.randint(0, 11), _months_from(pair.earliest, self.this_month))
            if back < 0:
                return None
            start = self.this_month - relativedelta(months=back)
            length = max(rules.MIN_MONTHS, back + 1 + self.rng.randint(0, 8))
            end = rules.month_end(start + relativedelta(months=length - 1))
            pair.cursor = start
            return self.employment(pair, status, start, end)
        if status != S.ENDED:
            start = max(self.this_month + relativedelta(months=self.rng.randint(1, 3)), pair.earliest)
            end = rules.month_end(start + relativedelta(months=self.rng.randint(4, 12) - 1))
            pair.cursor = self.this_month  # the earlier ones are over
            return self.employment(pair, status, start, end)
        return self.earlier(pair, latest=True)

    def earlier(self, pair: _Pair, *, latest: bool = False) -> _Plan | None:
        """An ended employment (or a rejected request) before the pair's earliest one so far."""
        gap = 0 if latest and self.rng.random() < 0.3 else self.rng.randint(0, 2)
        last_month = pair.cursor - relativedelta(months=1 + gap)
        for length in (self.rng.randint(4, 10), rules.MIN_MONTHS):
            start = last_month - relativedelta(months=length - 1)
            if start >= pair.earliest:
                break
        else:
            return None
        pair.cursor = start
        status = S.ENDED if latest or self.rng.randrange(REJECTED_EVERY) else S.REJECTED
        return self.employment(pair, status, start, rules.month_end(last_month))

    # --- writing -------------------------------------------------------------------------------------

    @transaction.atomic
    def write(self, plans: list[_Plan]) -> None:
        employments = [plan.employment for plan in plans]
        made = _Stamps(employments)
        Employment.objects.bulk_create(employments, batch_size=BATCH)
        made.restore(Employment)
        changes = []
        for plan in plans:
            for change in plan.changes:
                change.employment_id = plan.employment.pk
                changes.append(change)
        made = _Stamps(changes)
        ChangeRequest.objects.bulk_create(changes, batch_size=BATCH)
        made.restore(ChangeRequest)
        versions = []
        for plan in plans:
            approved_change = next((c for c in plan.changes if c.status == ChangeStatus.APPROVED), None)
            for version in plan.versions:
                version.employment_id = plan.employment.pk
                if version.number == 2 and approved_change is not None:
                    version.change_id = approved_change.pk
                versions.append(version)
        made = _Stamps(versions)
        ContractVersion.objects.bulk_create(versions, batch_size=BATCH)
        made.restore(ContractVersion)
        LedgerEntry.objects.bulk_create(self.ledger_rows(plans), batch_size=BATCH)

    def ledger_rows(self, plans: list[_Plan]) -> list[LedgerEntry]:
        """What ``costs.book_month_costs`` books for each month up to this one of the active and ended ones."""
        rows: list[LedgerEntry] = []
        for plan in plans:
            employment = plan.employment
            if employment.status not in (S.ACTIVE, S.ENDED):
                continue
            for month in costs.due_months(employment, self.today):
                cost = costs.cost_of_month(plan.versions, month)
                if cost <= 0:
                    continue
                text = _("Employment cost %(month)s") % {"month": f"{month:%m/%Y}"}
                posting = Posting(
                    employment.budget_id, EntryKind.EMPLOYMENT_COST, -cost, text, costs.month_key(employment.pk, month)
                )
                rows += build_rows(
                    LedgerEntry,
                    [posting],
                    booking_date=month,
                    source_type_id=self.source_type,
                    source_id=employment.pk,
                    source_label=f"{month:%Y-%m}",
                    user_id=None,
                )
        return rows


class _Stamps:
    """The creation times planned for rows that ``bulk_create`` stamps with now (``auto_now_add``): they
    are written back after the insert, as made on their day (and last changed then)."""

    def __init__(self, rows: Sequence[TimeStampedModel]) -> None:
        self.rows = rows
        self.created = [row.created_at for row in rows]

    def restore(self, model: type[TimeStampedModel]) -> None:
        for row, created in zip(self.rows, self.created, strict=True):
            row.created_at = row.updated_at = created
        model._default_manager.bulk_update(self.rows, ["created_at", "updated_at"], batch_size=BATCH)


def _months_from(first: date, last: date) -> int:
    """Whole months from ``first``'s month to ``last``'s (negative when ``first`` is later)."""
    return (last.year - first.year) * 12 + last.month - first.month


def _pairs(seeder: _Seeder) -> list[_Pair]:
    """Every generated member's Smart eG or Bildungswerk role without employments yet, with its budget."""
    roles = list(
        Role.objects.filter(
            kind=Role.Kind.MEMBER,
            entity__code__in=("SC", "BW"),
            user__email__endswith="@" + GENERATED_DOMAIN,
        )
        .exclude(user__employments__entity_id=F("entity_id"))
        .order_by("user_id", "entity_id")
        .values_list("user_id", "entity_id")
    )
    since = dict(
        MemberProfile.objects.filter(user_id__in={member for member, _entity in roles}).values_list(
            "user_id", "member_since"
        )
    )
    budgets = personal_budgets(roles)
    pairs = []
    for member_id, entity_id in roles:
        first_table = seeder.tables.first_day(entity_id)
        if first_table is None:
            continue
        joined = since.get(member_id)
        earliest = max(first_table, rules.month_start(joined) + relativedelta(months=1) if joined else first_table)
        pairs.append(_Pair(member_id, entity_id, budgets[(member_id, entity_id)], earliest, seeder.this_month))
    return pairs


def seed_generated_employments(count: int, *, seed: int = 2029) -> int:
    """Bring the generated members' employments (Smart eG and Bildungswerk) to ``count``; returns how many
    were added (fewer when the generated members' histories have no more room: raise ``--scale``)."""
    if count <= 0:
        return 0
    salary_tables_load()
    existing = Employment.objects.filter(member__email__endswith="@" + GENERATED_DOMAIN).count()
    missing = count - existing
    if missing <= 0:
        return 0
    seeder = _Seeder(random.Random(seed + existing))
    pairs = _pairs(seeder)
    plans: list[_Plan] = []
    written = 0
    first_round = True
    while written + len(plans) < missing and any(not pair.done for pair in pairs):
        for pair in pairs:
            if pair.done or written + len(plans) >= missing:
                continue
            plan = seeder.latest(pair) if first_round else seeder.earlier(pair)
            if plan is None:
                pair.done = True
                continue
            plans.append(plan)
            if len(plans) >= BATCH * 5:
                seeder.write(plans)
                written += len(plans)
                plans = []
        first_round = False
    if plans:
        seeder.write(plans)
        written += len(plans)
    analyse()
    return written
