from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoopLifeConfig(AppConfig):
    name = "portal.cooplife"
    label = "cooplife"
    verbose_name = _("Cooperative life")

    def ready(self):
        from portal.core.audit import register_action_labels

        register_action_labels(
            {
                "news.created": _("News created"),
                "news.changed": _("News changed"),
                "news.publish": _("News published"),
                "news.unpublish": _("News taken back to a draft"),
                "news.deleted": _("News deleted"),
                "coopevent.created": _("Event created"),
                "coopevent.changed": _("Event changed"),
                "coopevent.cancel": _("Event cancelled"),
                "eventsignup.join": _("Signed up for the event"),
                "eventsignup.cancel": _("Sign-up cancelled"),
                "eventsignup.move_up": _("Moved up from the waiting list"),
            }
        )
