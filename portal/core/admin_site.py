from django.utils.translation import gettext_lazy as _


def restrict_admin_to_superusers(site) -> None:
    """Only holders of the admin role (superusers) may use the Django admin."""
    site.site_header = _("Smart Portal administration")
    site.site_title = _("Smart Portal administration")
    site.has_permission = lambda request: request.user.is_active and request.user.is_superuser
