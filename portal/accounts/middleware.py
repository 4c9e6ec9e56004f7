from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.accounts.roles import pick_role, roles_of

ROLE_SESSION_KEY = "portal_active_role"


class UserLanguageMiddleware:
    """A signed-in user's saved language wins over cookie and browser; the cookie follows it
    so that the login page after logout keeps speaking the user's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        language = user.language if user.is_authenticated else None
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
                samesite="Lax",
            )
        return response


class ActiveRoleMiddleware:
    """Sets ``request.roles`` (all roles of the user) and ``request.role`` (the active one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.roles = roles_of(request.user)
        request.role = None
        if request.roles:
            request.role = pick_role(
                request.roles, request.session.get(ROLE_SESSION_KEY, ""), request.user.active_role_key
            )
        return self.get_response(request)


class ForcePasswordChangeMiddleware:
    """Accounts created by staff must set their own password before doing anything else."""

    allowed_url_names = ("account_change_password", "account_logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in self.allowed_url_names}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                messages.info(request, _("Please choose your own password before you continue."))
                return redirect("account_change_password")
        return self.get_response(request)
