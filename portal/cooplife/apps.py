from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoopLifeConfig(AppConfig):
    name = "portal.cooplife"
    label = "cooplife"
    verbose_name = _("Cooperative life")
