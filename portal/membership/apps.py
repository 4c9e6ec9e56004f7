from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "portal.membership"
    label = "membership"
    verbose_name = _("Membership")

    def ready(self) -> None:
        from portal.banking import credits
        from portal.core.audit import register_action_labels
        from portal.membership.bank import recognise_share_money

        credits.register("share_payments", recognise_share_money)
        register_action_labels(
            {
                "membership_application.created": _("Application filled in"),
                "membership_application.verified": _("E-mail address confirmed, application submitted"),
                "membership_application.payment_received": _("Share payment received"),
                "membership_application.accepted": _("Application accepted"),
                "membership_application.rejected": _("Application rejected"),
                "share_request.submitted": _("Share request sent"),
                "share_request.accepted": _("Share request accepted"),
                "share_request.rejected": _("Share request rejected"),
                "share_request.withdrawn": _("Share request withdrawn"),
                "share_request.recipient_agreed": _("Recipient agreed to the transfer"),
                "share_request.declined": _("Recipient declined the transfer"),
                "share_request.took_effect": _("Termination took effect"),
                "share_entry.paid": _("Share payment noted"),
            }
        )
