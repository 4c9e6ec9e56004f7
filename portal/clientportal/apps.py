from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientportalConfig(AppConfig):
    name = "portal.clientportal"
    label = "clientportal"
    verbose_name = _("Client portal")

    def ready(self):
        from portal.core.audit import register_action_labels

        register_action_labels(
            {
                "client.contact_invited": _("Invited to the client portal"),
                "client.contact_permissions": _("Client portal permissions changed"),
                "client.contact_activated": _("Client portal access given back"),
                "client.contact_deactivated": _("Client portal access withdrawn"),
                "client.portal_settings": _("Client portal settings changed"),
                "client.updated_by_client": _("Company data changed by the client"),
                "entity.portal_settings": _("Client portal defaults changed"),
                "clientrequest.submitted": _("Request sent"),
                "clientrequest.accept": _("Request accepted"),
                "clientrequest.decline": _("Request declined"),
                "clientrequest.withdraw": _("Request withdrawn"),
            }
        )
