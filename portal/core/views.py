"""Small helpers that keep views thin."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect

from portal.core.errors import BusinessError


def report_business_error(request, error: BusinessError, form=None) -> None:
    """Show a rule violation next to the field (or each of the fields) it concerns, or as a message."""
    if form is not None and error.errors:
        for field, message in error.errors.items():
            form.add_error(field if field in form.fields else None, message)
    elif form is not None:
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
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > len(str(MAX_ID)):
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


#: How many pages past the current one a list counts its rows; a longer list reads "of more than N".
PAGES_COUNTED_AHEAD = 40
#: Page numbers beyond this are past the end of any list: the last page, counted as Django does (a
#: limit computed from a huge number would overflow the database's 64-bit integers).
HIGHEST_PAGE = 10**6


def _page_number(number: int | float | str | None) -> int | None:
    """``number`` as Django's paginator reads it: 1 for what is no whole number, ``None`` below 1
    (for which Django shows the last page)."""
    try:
        if isinstance(number, float) and not number.is_integer():
            raise ValueError
        value = int(number)  # type: ignore[arg-type]  # None raises TypeError, as in Django
    except (TypeError, ValueError):
        return 1
    return value if value >= 1 else None


class ListPaginator(Paginator):
    """Django's paginator, counting only what the page needs.

    * A first page that shows the whole list needs no COUNT: reading one row more than a page holds
      tells whether there are more (most of a member's lists fit on one page).
    * Otherwise rows are counted up to ``PAGES_COUNTED_AHEAD`` pages past the current one only: the
      Smart team's lists reach tens of thousands of rows, and counting them all took longer than the
      rest of the page. Such a list reads "page 1 of more than 40" (``more``, ``known_pages``).
    """

    #: Whether the list goes on beyond the rows counted (``count`` is then a lower bound).
    more = False

    def __init__(
        self, object_list: Any, per_page: int, *, counted: QuerySet[Any] | None = None, count: int | None = None
    ) -> None:
        """``counted``: the same rows as ``object_list`` to count, when that is cheaper; e.g. the
        queryset before ``values_list`` of related columns, whose joins a count does not need.
        ``count``: the number of rows, when the caller knows it already (no query at all)."""
        super().__init__(object_list, per_page)
        self.counted = counted
        self.known = count is not None
        if count is not None:
            self.count = count  # the cached property, known without a query

    def get_page(self, number: int | float | str | None) -> Page:
        if self.known:
            return super().get_page(number)
        wanted = _page_number(number)
        if wanted is None or wanted > HIGHEST_PAGE or self.orphans:
            return super().get_page(number)  # the last page: needs every row counted
        rows: list[Any] = []
        if wanted == 1:
            rows = list(self.object_list[: self.per_page + 1])
            if len(rows) <= self.per_page:
                self.count = len(rows)  # the cached property, known without a query
                return Page(rows, 1, self)
        limit = (wanted - 1 + PAGES_COUNTED_AHEAD) * self.per_page
        self.count = self._count_up_to(limit + 1)
        self.more = self.count > limit
        if rows:
            return Page(rows[: self.per_page], 1, self)
        return super().get_page(number)

    @property
    def known_pages(self) -> int:
        """The pages known to be full or last: all of them, unless the list goes on (``more``)."""
        return self.num_pages - 1 if self.more else self.num_pages

    def _count_up_to(self, most: int) -> int:
        rows = self.object_list if self.counted is None else self.counted
        if isinstance(rows, QuerySet):
            return rows.order_by()[:most].count()  # any ``most`` rows: no sorting
        return min(len(self.object_list), most)


def paginate(
    request, queryset, per_page: int | None = None, *, counted: QuerySet[Any] | None = None, count: int | None = None
) -> Page:
    """The requested page of ``queryset``; ``counted`` and ``count``: see :class:`ListPaginator`."""
    paginator = ListPaginator(queryset, per_page or settings.PAGINATE_BY, counted=counted, count=count)
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    """The current filters as a query string, for pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def perform(request, action: Callable[[], Any], *, success: str | Callable[[Any], str], redirect_to: str):
    """Run a service call for a POST view: its business error or ``success`` becomes a message,
    then redirect to ``redirect_to`` (a URL). ``success`` may be a function of what the call returned
    (a count, a month) that gives the message."""
    try:
        result = action()
    except BusinessError as error:
        report_business_error(request, error)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(redirect_to)


def perform_with_form(
    request,
    form,
    action: Callable[[dict[str, Any]], Any],
    *,
    success: str,
    redirect_to: str,
    page_again: Callable[[], HttpResponse],
    offered: bool = True,
) -> HttpResponse:
    """Run a service call with a valid form's data for a POST view.

    A refusal about one of the form's fields shows the page again (``page_again``) with the error next
    to the field and the input kept; any other refusal (decided meanwhile, one's own case) is a message
    above the page as it is now, at ``redirect_to``, where the form may no longer be offered. An invalid
    form shows the page again too, unless the page no longer offers the form (``offered``)."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except BusinessError as error:
            if not offered or not ({*error.errors, error.field} & set(form.fields)):
                report_business_error(request, error)
                return redirect(redirect_to)
            report_business_error(request, error, form)
        else:
            messages.success(request, success)
            return redirect(redirect_to)
    if not offered:
        return redirect(redirect_to)
    return page_again()
