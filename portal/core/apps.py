from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = _("Audit log and e-mails")

    def ready(self) -> None:
        from portal.core import immutability

        # Once per migrate run (sender: this app only): see portal/core/immutability.py.
        pre_migrate.connect(immutability.before_migrate, sender=self, dispatch_uid="immutability.before_migrate")
        post_migrate.connect(immutability.after_migrate, sender=self, dispatch_uid="immutability.after_migrate")
