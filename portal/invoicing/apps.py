from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    name = "portal.invoicing"
    verbose_name = _("Invoicing")

    def ready(self):
        from portal.core.audit import register_action_labels
        from portal.invoicing.handlers import on_order_status_changed
        from portal.orders.signals import order_status_changed

        order_status_changed.connect(on_order_status_changed, dispatch_uid="invoicing.order_status_changed")
        register_action_labels(
            {
                "bank_statement.imported": _("Statement imported"),
                "bank_statement.line_assigned": _("Payment assigned to an invoice"),
                "bank_statement.line_ignored": _("Payment ignored"),
                "bank_statement.booked": _("Payments booked"),
            }
        )
