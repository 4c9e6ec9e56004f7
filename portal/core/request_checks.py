"""Requests the portal refuses before any view reads them."""

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseBase
from django.utils.translation import gettext as _

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
    visitor's language, and before anything that reads the session or the parameters.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if has_nul_byte(request):
            return HttpResponseBadRequest(
                _("The request contains invalid characters (NUL). Please remove them and try again."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
