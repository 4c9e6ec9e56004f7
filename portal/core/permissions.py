"""Access rules shared by all views: every view names the role it serves; anyone else gets a 404."""

from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.utils.translation import gettext_lazy

from portal.core.errors import BusinessError


def role_required(*kinds: str):
    """Allow the view only when the active role is one of ``kinds``.

    Anonymous users are sent to the login page; signed-in users acting in another role get a 404,
    so the existence of the page or object is not revealed.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.role is None or request.role.kind not in kinds:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def member_required(view):
    return role_required("member")(view)


def staff_required(view):
    return role_required("staff")(view)


def client_contact_required(view):
    return role_required("client_contact")(view)


# --- nobody decides their own case ------------------------------------------------------------------

#: What a login holding both the member and the staff role may not decide on for itself.
SELF_DECISION_MESSAGES = {
    "order": gettext_lazy("You cannot decide on your own order; another member of the Smart team has to."),
    "invoice": gettext_lazy("You cannot decide on your own invoice; another member of the Smart team has to."),
    "request": gettext_lazy("You cannot decide on your own request; another member of the Smart team has to."),
}


def is_own(user: Any, owner_id: int | None) -> bool:
    """Whether ``user`` is the member an order, invoice or request belongs to."""
    return user is not None and owner_id is not None and getattr(user, "pk", None) == owner_id


def refuse_self_decision(user: Any, owner_id: int | None, *, what: str) -> None:
    """Four-eyes rule: staff decisions on one's own order, invoice or request are refused (``what`` names it)."""
    if is_own(user, owner_id):
        raise BusinessError(str(SELF_DECISION_MESSAGES.get(what, SELF_DECISION_MESSAGES["request"])))
