from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from portal.accounts import receivers  # noqa: F401
        from portal.core.audit import register_action_labels

        register_action_labels(
            {
                "personal_data.submitted": _("Request submitted"),
                "personal_data.approved": _("Approved and applied"),
                "personal_data.rejected": _("Rejected"),
                "personal_data.withdrawn": _("Withdrawn by the member"),
                "member.created": _("Account created"),
                # Recorded until issue 14 (travel costs follow the employments now); kept for the history.
                "member.employed": _("Marked as employed by the cooperative"),
                "member.not_employed": _("No longer marked as employed"),
                "account.password_changed_after_first_login": _("Initial password changed"),
            }
        )
