"""Access rules shared by all views: every view names the role it serves; anyone else gets a 404."""

from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.utils.translation import gettext_lazy

from portal.core.errors import BusinessError

#: Who may open a view, recorded on it by the decorators below (``access_of`` reads it): a tuple of
#: role kinds, ``SIGNED_IN`` (any role, e.g. the settings) or ``PUBLIC`` (e.g. a client's link page).
SIGNED_IN = "signed_in"
PUBLIC = "public"


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

        wrapped.access = tuple(kinds)
        return wrapped

    return decorator


def signed_in_required(view):
    """Allow the view to every signed-in user, whatever role they act in; others go to the login page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.access = SIGNED_IN
    return wrapped


def public(view):
    """Mark a view that anybody may open; it must check what it hands out itself (e.g. a token)."""
    view.access = PUBLIC
    return view


def access_of(view: Any) -> str | tuple[str, ...] | None:
    """Who may open ``view``, as recorded by the outermost access decorator; ``None`` when nobody said."""
    while view is not None:
        access = getattr(view, "access", None)
        if access is not None:
            return access
        view = getattr(view, "__wrapped__", None)
    return None


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
