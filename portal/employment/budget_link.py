"""Statement rows booked for an employment (its monthly cost, a special payment, a payroll difference)
link to the employment's page for whoever may open it (DESIGN §6: each row links to its document)."""

from collections.abc import Sequence

from django.urls import reverse

from portal.budget import documents
from portal.core.scope import Scope
from portal.core.transitions import Actor
from portal.employment.models import Employment, EmploymentStatus


def employment_links(scope: Scope, ids: Sequence[int]) -> dict[int, str]:
    """The employment pages among ``ids`` that ``scope`` may open, one query: the member's own pages,
    the Smart team's back-office page (which shows no drafts; a draft books nothing anyway)."""
    if scope.actor == Actor.MEMBER:
        name, visible = "employment:detail", Employment.objects.filter(pk__in=ids)
    elif scope.actor == Actor.STAFF:
        name, visible = "backoffice:employment_detail", Employment.objects.filter(pk__in=ids)
        visible = visible.exclude(status=EmploymentStatus.DRAFT)
    else:
        return {}
    return {pk: reverse(name, args=[pk]) for pk in scope.rows(visible).values_list("pk", flat=True)}


def register_links() -> None:
    documents.register_links(Employment, employment_links)
