"""Statement rows booked for an employment (its monthly cost, a special payment, a payroll difference)
link to the employment's page for whoever may open it (DESIGN §6: each row links to its document), and
their text is written in the reader's language when shown (the rows keep the month and a payroll
difference's reason; rows booked before keep the text of the language they were booked in, which is
read for the reason only)."""

import re
from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.budget import documents, texts
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


_MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})")


def employment_text(key: str, text: str, source_label: str) -> str:
    """The text of a row with key ``employment:<id>:<YYYY-MM>`` (the month's cost),
    ``employment:<id>:special:<change>`` (a special payment) or ``employment:<id>:payroll:<YYYY-MM>:<token>``
    (a payroll difference; the stored text ends with ": <reason>"), the month from the document label."""
    found = _MONTH.fullmatch(source_label)
    if found is None:
        return text
    month = f"{found['month']}/{found['year']}"
    parts = key.split(":")
    if len(parts) == 3:
        return _("Employment cost %(month)s") % {"month": month}
    if parts[2] == "special":
        return _("Special payment %(month)s") % {"month": month}
    if parts[2] == "payroll":
        reason = text.split(": ", 1)[1] if ": " in text else text
        return _("Payroll difference %(month)s: %(reason)s") % {"month": month, "reason": reason}
    return text


def register_links() -> None:
    documents.register_links(Employment, employment_links)
    texts.register_texts("employment", employment_text)
