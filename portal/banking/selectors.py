"""What staff see of bank statements: always only their own entity's."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.shortcuts import get_object_or_404

from portal.banking.models import BankStatement, BankStatementLine
from portal.core.money import ZERO

Status = BankStatementLine.Status
#: The review shows first what needs a decision, then what is settled.
REVIEW_ORDER = (Status.MATCHED, Status.UNMATCHED, Status.DUPLICATE, Status.BOOKED, Status.IGNORED)


def statements_for_staff(*, entity) -> QuerySet[BankStatement]:
    """With the number of lines per status (``matched_count`` …) counted in the same query."""
    counts = {f"{status}_count": Count("lines", filter=Q(lines__status=status)) for status in REVIEW_ORDER}
    return (
        BankStatement.objects.filter(entity=entity)
        .select_related("uploaded_by")
        .annotate(**counts)
        .order_by("-created_at", "-pk")
    )


def statement_for_staff(*, entity, pk: int) -> BankStatement:
    return get_object_or_404(BankStatement.objects.select_related("uploaded_by", "entity"), entity=entity, pk=pk)


def statement_line_for_staff(*, entity, statement_pk: int, pk: int) -> BankStatementLine:
    # Both ids are looked up as primary keys: Django compares a foreign key column (``statement_id=``)
    # with an id beyond 64 bits on SQLite by raising OverflowError instead of finding nothing.
    statement = statement_for_staff(entity=entity, pk=statement_pk)
    return get_object_or_404(statement.lines.select_related("statement"), pk=pk)


def status_counts(statement: BankStatement) -> list[tuple[str, str, int]]:
    """(status, label, number of lines) in review order, from one query."""
    counts = dict(statement.lines.order_by().values_list("status").annotate(count=Count("pk")))
    return [(status.value, str(status.label), counts.get(status.value, 0)) for status in REVIEW_ORDER]


def lines_for_review(statement: BankStatement, *, status: str = "") -> QuerySet[BankStatementLine]:
    lines = statement.lines.select_related("invoice")
    if status:
        lines = lines.filter(status=status)
    rank = Case(
        *(When(status=value, then=Value(position)) for position, value in enumerate(REVIEW_ORDER)),
        output_field=IntegerField(),
    )
    return lines.order_by(rank, "pk")


@dataclass(frozen=True)
class ReviewRow:
    line: BankStatementLine
    #: What stays open on the proposed invoice once the statement's proposed payments for it are booked.
    remaining: Decimal | None = None
    #: How much those payments together exceed what is outstanding (booked all the same: staff decide).
    excess: Decimal | None = None


def review_rows(statement: BankStatement, lines) -> list[ReviewRow]:
    """Lines with the amounts staff compare before booking, for proposed matches."""
    proposed = dict(
        statement.lines.filter(status=Status.MATCHED).order_by().values_list("invoice").annotate(total=Sum("amount"))
    )
    rows = []
    for line in lines:
        if line.status != Status.MATCHED or line.invoice is None:
            rows.append(ReviewRow(line))
            continue
        balance = line.invoice.outstanding - proposed.get(line.invoice_id, line.amount)
        rows.append(ReviewRow(line, remaining=max(balance, ZERO), excess=max(-balance, ZERO)))
    return rows
