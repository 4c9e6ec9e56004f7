"""Access rules shared by all views: every view names the role it serves; anyone else gets a 404."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404


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
