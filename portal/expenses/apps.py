from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpensesConfig(AppConfig):
    name = "portal.expenses"
    verbose_name = _("Expenses")

    def ready(self):
        from portal.core.audit import register_action_labels
        from portal.expenses import budget_link

        budget_link.register_contributions()
        register_action_labels(
            {
                "expenserequest.saved": _("Request saved"),
                "expenserequest.submit": _("Submitted to the Smart team"),
                "expenserequest.approve": _("Approved and debited from the budget"),
                "expenserequest.reject": _("Rejected"),
                "expenserequest.ask": _("Question to the member"),
                "expenserequest.pay": _("Paid"),
            }
        )
