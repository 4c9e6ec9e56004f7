"""The loaded rate tables (DESIGN §7, "Travel costs"): dated rows, never rates in code.

Rows come from the CSV files in ``data/`` (migration ``0002``) and from ``load_travel_rates``; a row is in
force from ``valid_from`` to ``valid_to`` (empty: open-ended). The loader refuses two rows of the same
jurisdiction, country and city (or rule) whose periods overlap; the database guards the start date.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Jurisdiction(models.TextChoices):
    """The country whose tax rules the employing entity applies."""

    DE = "DE", _("Germany")
    AT = "AT", _("Austria")


class TravelRate(models.Model):
    """One row of a per-diem table: a country (or a city in it) and its rates over a period."""

    jurisdiction = models.CharField(_("jurisdiction"), max_length=2, choices=Jurisdiction.choices)
    country = models.CharField(_("country"), max_length=2)
    city = models.CharField(_("city"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    full_day = models.DecimalField(_("full-day rate"), max_digits=7, decimal_places=2)
    partial_day = models.DecimalField(_("partial-day rate"), max_digits=7, decimal_places=2, null=True, blank=True)
    overnight = models.DecimalField(_("overnight flat rate"), max_digits=7, decimal_places=2)
    label = models.CharField(_("wording in the source"), max_length=200, blank=True)
    source = models.CharField(_("source file"), max_length=100)

    class Meta:
        verbose_name = _("travel allowance rate")
        verbose_name_plural = _("travel allowance rates")
        ordering = ["jurisdiction", "country", "city", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "country", "city", "valid_from"], name="travelrate_one_row_per_start"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="travelrate_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        place = f"{self.country} {self.city}".strip()
        return f"{self.jurisdiction}: {place} {self.valid_from}-{self.valid_to or ''}"


class TravelRule(models.Model):
    """One dated rule of a jurisdiction: the kilometre rate, a meal cut, an hour threshold, the fallback."""

    jurisdiction = models.CharField(_("jurisdiction"), max_length=2, choices=Jurisdiction.choices)
    rule = models.CharField(_("rule"), max_length=40)
    value = models.CharField(_("value"), max_length=20)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    label = models.CharField(_("wording in the source"), max_length=200, blank=True)
    source = models.CharField(_("source file"), max_length=100)

    class Meta:
        verbose_name = _("travel allowance rule")
        verbose_name_plural = _("travel allowance rules")
        ordering = ["jurisdiction", "rule", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "rule", "valid_from"], name="travelrule_one_row_per_start"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="travelrule_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction}: {self.rule}={self.value} {self.valid_from}-{self.valid_to or ''}"
