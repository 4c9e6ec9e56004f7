from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssemblyConfig(AppConfig):
    name = "portal.assembly"
    label = "assembly"
    verbose_name = _("General assembly")

    def ready(self):
        from portal.core.audit import register_action_labels

        # Casting a ballot is never audited: an audit row would link the voter to the moment of a ballot.
        register_action_labels(
            {
                "assembly.created": _("Assembly created"),
                "assembly.changed": _("Assembly changed"),
                "assembly.invited": _("Invitation sent to the members"),
                "assembly.minutes": _("Minutes uploaded"),
                "assembly.document": _("Document added"),
                "assembly.document_deleted": _("Document deleted"),
                "assembly.item_deleted": _("Agenda item deleted"),
                "assembly.item_changed": _("Agenda item changed"),
                "assembly.vote_deleted": _("Online vote deleted"),
                "assemblyvote.created": _("Vote created"),
                "assemblyvote.changed": _("Vote changed"),
                "assemblyvote.frozen": _("Voter list frozen"),
                "proxy.submitted": _("Proxy authorisation submitted"),
                "proxy.accepted": _("Proxy authorisation accepted"),
                "proxy.rejected": _("Proxy authorisation rejected"),
                "proxy.withdrawn": _("Proxy authorisation withdrawn"),
            }
        )
