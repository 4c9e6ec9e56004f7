from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from portal.core.models import TimeStampedModel


class Client(TimeStampedModel):
    """A client (Kund*in) of the cooperative's members. Shared across members; access follows orders."""

    class Kind(models.TextChoices):
        BUSINESS_EU_VAT = "business_vat", _("Business with EU VAT ID")
        BUSINESS = "business", _("Business without VAT ID")
        PRIVATE = "private", _("Private person")

    class Language(models.TextChoices):
        GERMAN = "de", _("German")
        ENGLISH = "en", _("English")

    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.BUSINESS)
    name = models.CharField(_("legal name"), max_length=200, db_index=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=16, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), default="DE")
    vat_id = models.CharField(_("VAT ID"), max_length=32, blank=True)
    invoice_email = models.EmailField(_("invoice e-mail"), blank=True)
    language = models.CharField(_("language for documents"), max_length=2, choices=Language.choices, default="de")
    is_public_sector = models.BooleanField(_("public sector"), default=False)
    leitweg_id = models.CharField(_("Leitweg-ID"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ContactPerson(models.Model):
    """A person at the client that members deal with (not necessarily with a portal login)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("client"))
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
