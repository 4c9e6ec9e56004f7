"""Small helpers that keep views thin."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.shortcuts import redirect

from portal.core.errors import BusinessError


def report_business_error(request, error: BusinessError, form=None) -> None:
    """Show a rule violation next to the field it concerns, or as a message."""
    if form is not None:
        form.add_error(error.field if error.field in form.fields else None, error.message)
    else:
        messages.error(request, error.message)


#: The largest id a database column holds (64-bit); larger numbers are no id.
MAX_ID = 2**63 - 1


def parse_id(value: object) -> int | None:
    """``value`` (a raw GET/POST parameter) as a positive id, or ``None`` if it is none.

    Only ASCII digits count: ``str.isdigit()`` also accepts ``"²"`` or ``"٣"``, which ``int()`` then
    refuses or reads as another number.
    """
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def parse_ids(values: list[str]) -> list[int]:
    """The ids among ``values`` (e.g. ``request.POST.getlist("line")``), others left out."""
    return [number for number in map(parse_id, values) if number is not None]


def chosen_status(request, statuses) -> str:
    """The ``status`` filter of a list page if it is one of ``statuses`` (values), else ``""`` (all)."""
    status = request.GET.get("status", "")
    return status if status in statuses else ""


class ListPaginator(Paginator):
    """Django's paginator, without the COUNT when the first page shows the whole list.

    Most of a member's lists fit on one page: reading one row more than a page holds tells whether
    there are more, and only then are all matching rows counted (for "page 1 of N").
    """

    def get_page(self, number: int | float | str | None) -> Page:
        if number not in (None, "", "1") or self.orphans:
            return super().get_page(number)
        rows = list(self.object_list[: self.per_page + 1])
        if len(rows) > self.per_page:
            return Page(rows[: self.per_page], 1, self)
        self.count = len(rows)  # the cached property, known without a query
        return Page(rows, 1, self)


def paginate(request, queryset, per_page: int | None = None) -> Page:
    return ListPaginator(queryset, per_page or settings.PAGINATE_BY).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    """The current filters as a query string, for pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def perform(request, action, *, success: str, redirect_to: str):
    """Run a service call for a POST view: its business error or ``success`` becomes a message,
    then redirect to ``redirect_to`` (a URL)."""
    try:
        action()
    except BusinessError as error:
        report_business_error(request, error)
    else:
        messages.success(request, success)
    return redirect(redirect_to)
