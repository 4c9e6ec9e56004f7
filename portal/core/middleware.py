"""Response headers every page of the portal gets."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control


class PrivateResponseMiddleware:
    """Nothing the portal renders or hands out may be kept by a browser or a shared cache.

    Pages of signed-in users, document downloads (PDF, XML, attachments) and the token pages for clients
    all carry personal or business data, so every response of the application gets
    ``Cache-Control: no-store, private`` (static files are served before this middleware and keep their
    long cache lifetimes). Every response also switches off browser features the portal never uses.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
