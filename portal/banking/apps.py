from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BankingConfig(AppConfig):
    name = "portal.banking"
    verbose_name = _("Banking")

    def ready(self) -> None:
        from portal.core.audit import register_action_labels

        register_action_labels(
            {
                "bank_statement.imported": _("Statement imported"),
                "bank_statement.line_assigned": _("Payment assigned to an invoice"),
                "bank_statement.line_ignored": _("Payment ignored"),
                "bank_statement.booked": _("Payments booked"),
            }
        )
