from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IssuingEntity(models.Model):
    """A legal person of the cooperative that invoices clients in its own name (e.g. Smart eG, ``SC``)."""

    class Country(models.TextChoices):
        GERMANY = "DE", _("Germany")
        AUSTRIA = "AT", _("Austria")

    code = models.CharField(_("short code"), max_length=8, unique=True)
    name = models.CharField(_("legal name"), max_length=200)
    legal_form = models.CharField(
        _("legal form"), max_length=100, blank=True, help_text=_("E.g. eingetragene Genossenschaft.")
    )
    seat = models.CharField(
        _("registered seat"), max_length=100, blank=True, help_text=_("The seat (Sitz), e.g. Berlin.")
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    holiday_subdivision = models.CharField(
        _("public holidays of"), max_length=8, blank=True, help_text=_("State code for public holidays, e.g. BE or W.")
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Berlin")
    street = models.CharField(_("street"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=16)
    city = models.CharField(_("city"), max_length=100)
    vat_id = models.CharField(_("VAT ID"), max_length=32, blank=True)
    tax_number = models.CharField(_("tax number"), max_length=32, blank=True)
    register_court = models.CharField(_("register court"), max_length=100, blank=True)
    register_number = models.CharField(_("register number"), max_length=64, blank=True)
    board_members = models.CharField(
        _("board members"), max_length=300, blank=True, help_text=_("Names of the board (Vorstand), comma-separated.")
    )
    supervisory_board_chair = models.CharField(_("chair of the supervisory board"), max_length=100, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("issuing entity")
        verbose_name_plural = _("issuing entities")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def day_of(self, moment: datetime) -> date:
        """The entity's day of ``moment``: its deadlines and dates are days of its own time zone."""
        return timezone.localtime(moment, ZoneInfo(self.time_zone)).date()

    def today(self) -> date:
        return self.day_of(timezone.now())


class FeeRate(models.Model):
    """The cooperative fee of an entity, dated so that past invoices keep their rate."""

    entity = models.ForeignKey(
        IssuingEntity, on_delete=models.CASCADE, related_name="fee_rates", verbose_name=_("entity")
    )
    valid_from = models.DateField(_("valid from"))
    percent = models.DecimalField(
        _("fee in percent"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = _("fee rate")
        verbose_name_plural = _("fee rates")
        ordering = ["entity", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["entity", "valid_from"], name="unique_fee_rate_per_day")]

    def __str__(self) -> str:
        return f"{self.entity.code} {self.percent} % from {self.valid_from}"
