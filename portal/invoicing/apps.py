from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    name = "portal.invoicing"
    verbose_name = _("Invoicing")

    def ready(self):
        from portal.core.audit import register_action_labels
        from portal.customers.signals import client_copied
        from portal.invoicing import budget_postings, handlers
        from portal.orders import signals

        signals.order_activated.connect(handlers.on_order_activated, dispatch_uid="invoicing.order_activated")
        signals.order_cancelled.connect(handlers.on_order_cancelled, dispatch_uid="invoicing.order_cancelled")
        signals.order_rejected.connect(handlers.on_order_rejected, dispatch_uid="invoicing.order_rejected")
        signals.register_fully_invoiced(handlers.fully_invoiced)
        budget_postings.register_contributions()
        client_copied.connect(handlers.on_client_copied, dispatch_uid="invoicing.client_copied")
        register_action_labels(
            {
                "invoice.created": _("Invoice created"),
                "invoice.updated": _("Draft changed by the Smart team"),
                "invoice.request_changes": _("Member asked for changes"),
                "invoice.release": _("Draft released"),
                "invoice.issue": _("Issued and sent"),
                "invoice.issue_failed": _("Could not be issued"),
                "invoice.dispute": _("Marked as disputed"),
                "invoice.resolve_dispute": _("Dispute resolved"),
                "invoice.payment": _("Payment recorded"),
                "invoice.pay": _("Paid in full"),
                "invoice.cancel": _("Cancelled"),
                "invoice.reminder": _("Payment reminder sent"),
            }
        )
