from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TravelratesConfig(AppConfig):
    name = "portal.travelrates"
    verbose_name = _("Travel allowance rates")
