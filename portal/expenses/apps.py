from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ExpensesConfig(AppConfig):
    name = "portal.expenses"
    verbose_name = _("Expenses")

    def ready(self):
        from portal.banking import debits
        from portal.core.audit import register_action_labels
        from portal.expenses import budget_link, payouts

        budget_link.register_contributions()
        debits.register("payout_batches", payouts.recognise_debits)
        register_action_labels(
            {
                "expenserequest.saved": _("Request saved"),
                "expenserequest.submit": _("Submitted to the Smart team"),
                "expenserequest.approve": _("Approved and debited from the budget"),
                "expenserequest.reject": _("Rejected"),
                "expenserequest.ask": _("Question to the member"),
                "expenserequest.pay": pgettext_lazy("expense status", "Paid"),
            }
        )
