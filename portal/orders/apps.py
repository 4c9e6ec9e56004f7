from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "portal.orders"
    label = "orders"
    verbose_name = _("Orders")

    def ready(self):
        from portal.core.audit import register_action_labels

        register_action_labels(
            {
                "order.created": _("Draft created"),
                "order.duplicated": _("Created as a copy"),
                "order.submit": _("Sent to the Smart team"),
                "order.approve": _("Approved by the Smart team"),
                "order.return": _("Returned to the member"),
                "order.reject": _("Rejected by the Smart team"),
                "order.confirm": _("Confirmed by the client"),
                "order.decline": _("Declined by the client"),
                "order.request_changes": _("Client asked for changes"),
                "order.expire": _("Offer expired"),
                "order.request_cancellation": _("Cancellation requested"),
                "order.approve_cancellation": _("Cancellation approved"),
                "order.deny_cancellation": _("Cancellation denied"),
                "order.complete": _("Completed"),
                "order.file_added": _("File added"),
                "order.file_removed": _("File removed"),
                "order.confirmation_resent": _("Confirmation link sent again"),
                "order.portal_visibility": _("Client portal visibility changed"),
                "order.file_shared": _("File shared with the client"),
                "order.file_unshared": _("File no longer shared with the client"),
            }
        )
