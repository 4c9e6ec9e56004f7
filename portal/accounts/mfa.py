"""Two-factor authentication rules: staff and admin logins must use an authenticator app (TOTP)."""

from allauth.mfa.models import Authenticator
from django.conf import settings

from portal.accounts.models import Role, User
from portal.accounts.roles import ActiveRole

#: Session key: the login's authenticator app was found (set at sign-in or at the first guarded page).
TWO_FACTOR_SESSION_KEY = "portal_two_factor_user"


def role_needs_two_factor(role: ActiveRole) -> bool:
    return role.is_staff or role.is_admin


def two_factor_required(user: User, roles: list[ActiveRole] | None = None) -> bool:
    """Whether ``user`` may only reach the back office and the Django admin with TOTP set up.

    ``roles`` (the login's roles, when the caller has them) saves the query for them.
    """
    if not settings.MFA_REQUIRED_FOR_STAFF or not user.is_authenticated or not user.is_active:
        return False
    if roles is not None:
        return any(role_needs_two_factor(role) for role in roles)
    return user.is_superuser or Role.objects.filter(user=user, kind=Role.Kind.STAFF).exists()


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
