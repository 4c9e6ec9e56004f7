from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "portal.customers"
    label = "customers"
    verbose_name = _("Clients")

    def ready(self) -> None:
        from portal.core.audit import register_action_labels

        register_action_labels(
            {
                "client.created": _("Client created"),
                "client.updated": _("Client changed"),
                "client.copied": _("Created as your own copy of a client other members also work with"),
            }
        )
