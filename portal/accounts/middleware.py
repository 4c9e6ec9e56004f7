from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from portal.accounts.mfa import TWO_FACTOR_SESSION_KEY, has_totp, role_needs_two_factor, two_factor_required
from portal.accounts.models import User
from portal.accounts.roles import pick_role, roles_of, scope_of

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
        if not language and request.user.is_authenticated:  # signed in by this request
            language = request.user.language
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
    """Sets ``request.roles`` (all roles of the user), ``request.role`` (the active one) and
    ``request.scope`` (what the active role may read, ``portal.core.scope``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.roles = roles_of(request.user)
        request.role = None
        if request.roles:
            request.role = pick_role(
                request.roles, request.session.get(ROLE_SESSION_KEY, ""), request.user.active_role_key
            )
        request.scope = scope_of(request.user, request.role, request.roles)
        return self.get_response(request)


class ForcePasswordChangeMiddleware:
    """Accounts created by staff must set their own password before doing anything else."""

    allowed_url_names = ("account_change_password", "account_set_password", "account_logout", "set_language")

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


class StaffTwoFactorMiddleware:
    """Staff and admin logins without an authenticator app (TOTP) may sign in, but they are sent to
    the 2FA setup page instead of the back office or the Django admin until they have set it up.

    While such a login acts in a role that needs no second factor (member, client contact) those pages
    keep working; everything in the staff or admin role, ``/backoffice/`` and ``/admin/`` does not.
    The account pages (set up 2FA, sign out, password), the role switch and the language switch stay
    reachable. Once TOTP is found (at sign-in or here), the session remembers it, so back-office pages
    cost no extra query.
    """

    guarded_prefixes = ("/backoffice/", "/admin/")
    open_prefixes = ("/accounts/", "/i18n/")
    open_url_names = ("switch_role", "settings")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if self._must_set_up(request):
            messages.warning(
                request,
                _("The Smart team's pages need two-factor authentication. Please set up an authenticator app first."),
            )
            setup = reverse("mfa_activate_totp")
            if request.headers.get("HX-Request"):
                return HttpResponseClientRedirect(setup)
            return redirect(setup)
        return self.get_response(request)

    def _must_set_up(self, request: HttpRequest) -> bool:
        user = request.user
        roles = getattr(request, "roles", None)
        if not isinstance(user, User) or not two_factor_required(user, roles) or not self._guarded(request):
            return False
        if request.session.get(TWO_FACTOR_SESSION_KEY) == user.pk:
            return False
        if has_totp(user):
            request.session[TWO_FACTOR_SESSION_KEY] = user.pk
            return False
        return True

    def _guarded(self, request: HttpRequest) -> bool:
        path = request.path
        if path.startswith(self.guarded_prefixes):
            return True
        if path.startswith((*self.open_prefixes, settings.STATIC_URL)):
            return False
        if path in {reverse(name) for name in self.open_url_names}:
            return False
        role = getattr(request, "role", None)
        return role is not None and role_needs_two_factor(role)
