from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "portal.community"
    label = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        from portal.core.audit import register_action_labels

        register_action_labels(
            {
                "communitypost.created": _("Post sent for moderation"),
                "communitypost.edit": _("Post changed by the author, back to moderation"),
                "communitypost.approve": _("Post published"),
                "communitypost.reject": _("Post rejected"),
                "communitypost.deleted": _("Post deleted by the author"),
                "communityprofile.saved": _("Community profile saved"),
                "communitysubscription.saved": _("Community subscriptions saved"),
            }
        )
