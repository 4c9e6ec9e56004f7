from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploymentConfig(AppConfig):
    name = "portal.employment"
    label = "employment"
    verbose_name = _("Employment")

    def ready(self):
        from portal.core.audit import register_action_labels
        from portal.employment import budget_link, costs

        costs.register_contributions()
        budget_link.register_links()
        register_action_labels(
            {
                "employment.created": _("Request created"),
                "employment.deleted": _("Draft deleted"),
                "employment.submit": _("Sent to the Smart team"),
                "employment.approve": _("Approved with the contract to sign"),
                "employment.reject": _("Rejected"),
                "employment.sign": _("Contract signed by the member"),
                "employment.signature_confirmed": _("Signature confirmed by the Smart team"),
                "employment.activate": _("Employment started"),
                "employment.end": _("Employment ended"),
                "employment.payroll_difference": _("Payroll difference booked"),
                "employment.payslip": _("Payslip uploaded"),
                "employment.payslip_deleted": _("Payslip deleted"),
                "employment.certificate_requested": _("Employment certificate requested"),
                "employment.certificate_answered": _("Employment certificate sent"),
                "employmentchange.submitted": _("Change requested"),
                "employmentchange.approved": _("Change approved"),
                "employmentchange.rejected": _("Change rejected"),
            }
        )
