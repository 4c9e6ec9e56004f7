"""Connects allauth's account events to our services (allauth owns those views)."""

from typing import Any

from allauth.account.signals import password_changed, password_reset, password_set
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import translation

from portal.accounts import services
from portal.accounts.mfa import TWO_FACTOR_SESSION_KEY, has_totp, two_factor_required
from portal.accounts.models import User


@receiver(password_changed)
@receiver(password_set)
@receiver(password_reset)
def clear_forced_password_change(sender, request, user, **kwargs):
    services.user_password_changed(user=user)


@receiver(user_logged_in)
def speak_the_users_language(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """From the moment of login the user's saved language wins, so allauth's "signed in as …" message
    (added right after this signal) and the rest of the response already use it, whatever the session
    spoke before. ``UserLanguageMiddleware`` stores it in the language cookie on this response."""
    if user.language:
        translation.activate(user.language)
        if request is not None:
            request.LANGUAGE_CODE = user.language


@receiver(user_logged_in)
def remember_two_factor(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """A staff or admin login with an authenticator app passes the 2FA check of its pages without a query."""
    if request is not None and hasattr(request, "session") and two_factor_required(user) and has_totp(user):
        request.session[TWO_FACTOR_SESSION_KEY] = user.pk
