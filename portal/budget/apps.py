from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "portal.budget"
    verbose_name = _("Budget")

    def ready(self):
        from portal.budget import documents, figures, selectors
        from portal.budget.models import Transfer
        from portal.core.audit import register_action_labels

        figures.register(
            "transfers",
            figures.Part.RESERVED,
            _("Transfers awaiting approval"),
            figures.pending_transfers_out,
            order=50,
        )

        documents.register_links(Transfer, selectors.transfer_links)

        register_action_labels(
            {
                "budget.created": _("Budget opened"),
                "budget.activated": _("Budget active"),
                "budgetmember.invited": _("Member invited"),
                "budgetmember.accepted": _("Invitation accepted"),
                "budgetmember.declined": _("Invitation declined"),
                "budgetmember.removed": _("Member removed"),
                "budgetmember.promoted": _("Made a budget manager"),
                "budgetmember.demoted": _("No longer a budget manager"),
                "transfer.submit": _("Transfer requested"),
                "transfer.approve": _("Transfer approved and booked"),
                "transfer.reject": _("Transfer rejected"),
                "transfer.withdraw": _("Transfer withdrawn"),
                "correction.request": _("Correction requested"),
                "correction.book": _("Correction booked"),
                "correction.reject": _("Correction rejected"),
            }
        )
