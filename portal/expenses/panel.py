"""The dashboard's "Expenses" panel: what needs the member's action first (questions of the Smart
team), then how many requests are drafts, waiting or approved and not paid yet. Two queries."""

from django.db.models import Count

from portal.expenses.models import ExpenseRequest, Status

#: At most this many questions are listed; the expense list holds the rest.
QUESTIONS_SHOWN = 3


def expense_panel(member_id: int, entity_id: int) -> dict:
    requests = ExpenseRequest.objects.filter(member_id=member_id, entity_id=entity_id)
    counts = dict(requests.values("status").annotate(n=Count("id")).order_by().values_list("status", "n"))
    questions = []
    if counts.get(Status.NEEDS_INFO):
        questions = list(
            requests.filter(status=Status.NEEDS_INFO).order_by("decided_at", "pk").only("pk", "title")[:QUESTIONS_SHOWN]
        )
    return {
        "expense_counts": {
            "questions": counts.get(Status.NEEDS_INFO, 0),
            "drafts": counts.get(Status.DRAFT, 0),
            "waiting": counts.get(Status.SUBMITTED, 0),
            "to_be_paid": counts.get(Status.APPROVED, 0),
        },
        "expense_questions": questions,
    }
