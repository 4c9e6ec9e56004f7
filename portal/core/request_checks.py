"""Requests the portal refuses before any view reads them."""

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseBase, QueryDict
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from portal.core.text import INVISIBLE, without_invisible

NUL = "\x00"


def _has_nul(values: Iterable[str]) -> bool:
    return any(NUL in value for value in values)


def has_nul_byte(request: HttpRequest) -> bool:
    """Whether the path, a cookie, or a query or form parameter (name or value) contains a NUL character.

    (Uploaded file names need no check: Django's multipart parser already removes it from them.)"""
    if NUL in request.path or _has_nul(request.COOKIES) or _has_nul(request.COOKIES.values()):
        return True
    for data in (request.GET, request.POST):
        for name, values in data.lists():
            if NUL in name or _has_nul(values):
                return True
    return False


class RefuseNulBytesMiddleware:
    """Answer 400 to a request with a NUL character anywhere a view or a selector might read it.

    No form a person fills in can send one, PostgreSQL cannot store or even compare text containing it
    (every such query is a server error), and views read plain parameters (filters, buttons, tokens)
    without a form field to refuse it. Placed after the locale middleware, so the message is in the
    visitor's language, and before anything that reads the session or the parameters. The answer is a
    page of the portal that points to the browser's back button, which keeps what was typed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if has_nul_byte(request):
            return refusal_page()
        return self.get_response(request)


def refusal_page() -> HttpResponseBadRequest:
    """The 400 page for a request with a NUL character: the portal's layout, rendered without the
    request (no session, login or role has been read yet, and none is needed)."""
    message = _("The request contains invalid characters (NUL). Please remove them and try again.")
    return HttpResponseBadRequest(render_to_string("core/bad_request.html", {"message": message}))


def _visible(data: QueryDict) -> QueryDict | None:
    """``data`` without invisible characters (``portal.core.text``), or ``None`` if it has none."""
    if not any(INVISIBLE.search(name) or any(map(INVISIBLE.search, values)) for name, values in data.lists()):
        return None
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for name, values in data.lists():
        cleaned.setlist(without_invisible(name), [without_invisible(value) for value in values])
    cleaned._mutable = False
    return cleaned


class DropInvisibleCharactersMiddleware:
    """Remove control and text-direction characters from query and form parameters before any form or
    view reads them: nobody types them, yet pasted text may carry them, and an invoice whose text holds
    one cannot become XML. Removing them keeps everything the person sees and typed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        query = _visible(request.GET)
        if query is not None:
            request.GET = query  # type: ignore[assignment]  # immutable, as Django's own
        if request.method == "POST":
            form = _visible(request.POST)
            if form is not None:
                request.POST = form  # type: ignore[assignment]
        return self.get_response(request)
