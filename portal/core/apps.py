from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"

    def ready(self) -> None:
        from portal.core import immutability

        # Once per migrate run (sender: this app only): see portal/core/immutability.py.
        pre_migrate.connect(immutability.before_migrate, sender=self, dispatch_uid="immutability.before_migrate")
        post_migrate.connect(immutability.after_migrate, sender=self, dispatch_uid="immutability.after_migrate")
