"""Membership (DESIGN §10): the terms of an entity's shares, online applications (Beitritt), the share
register with consecutive entry numbers per entity, and members' requests for more shares or to leave."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from portal.core.models import StoredDocument, TimeStampedModel
from portal.core.validators import https_only


class ShareTerms(models.Model):
    """What a share of an entity costs and how many a member may hold: data, not code.

    Terminations take effect at the end of a business year; the business year is the calendar year.
    """

    entity = models.OneToOneField(
        "entities.IssuingEntity", on_delete=models.CASCADE, related_name="share_terms", verbose_name=_("entity")
    )
    nominal_value = models.DecimalField(_("nominal value per share"), max_digits=10, decimal_places=2)
    min_shares = models.PositiveIntegerField(_("fewest shares"), default=1)
    max_shares = models.PositiveIntegerField(_("most shares"), default=100)
    notice_months = models.PositiveSmallIntegerField(
        _("notice period in months"), default=3, help_text=_("Months before the end of a business year.")
    )
    statutes_version = models.CharField(_("version of the statutes"), max_length=40)
    privacy_version = models.CharField(_("version of the privacy notice"), max_length=40)
    statutes_url = models.URLField(
        _("statutes (link)"), blank=True, validators=[https_only], help_text=_("Where applicants read the statutes.")
    )
    privacy_url = models.URLField(
        _("privacy notice (link)"),
        blank=True,
        validators=[https_only],
        help_text=_("Where applicants read the privacy notice."),
    )
    accepts_applications = models.BooleanField(_("accepts applications online"), default=True)

    class Meta:
        verbose_name = _("share terms")
        verbose_name_plural = _("share terms")
        ordering = ["entity__code"]
        constraints = [
            models.CheckConstraint(name="share_terms_positive_value", condition=Q(nominal_value__gt=0)),
            models.CheckConstraint(name="share_terms_min_at_least_one", condition=Q(min_shares__gte=1)),
            models.CheckConstraint(name="share_terms_max_not_below_min", condition=Q(max_shares__gte=F("min_shares"))),
            models.CheckConstraint(name="share_terms_notice_at_most_24", condition=Q(notice_months__lte=24)),
        ]

    def __str__(self) -> str:
        return f"{self.entity.code} {self.nominal_value}"


class ApplicationStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("E-mail not confirmed")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class PaymentSource(models.TextChoices):
    STAFF = "staff", _("Marked by the Smart team")
    BANK = "bank", _("Recognised in a bank statement")


class MembershipApplication(TimeStampedModel):
    """An application to become a member of an entity, filled in without an account."""

    entity = models.ForeignKey(
        "entities.IssuingEntity", on_delete=models.PROTECT, related_name="+", verbose_name=_("entity")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.UNVERIFIED
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail address"))
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=16)
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"), default="DE")
    birth_date = models.DateField(_("date of birth"))
    artist_name = models.CharField(_("artist or company name"), max_length=200, blank=True)
    shares = models.PositiveIntegerField(_("shares"))
    #: The nominal value per share when the applicant applied (the terms may change later).
    nominal_value = models.DecimalField(_("nominal value per share"), max_digits=10, decimal_places=2)
    statutes_version = models.CharField(_("statutes accepted (version)"), max_length=40)
    privacy_version = models.CharField(_("privacy notice accepted (version)"), max_length=40)
    #: The applicant's full name typed as signature, when no signed declaration was uploaded.
    typed_name = models.CharField(_("name typed as signature"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="de")
    verified_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    payment_received_on = models.DateField(_("share payment received"), null=True, blank=True)
    payment_source = models.CharField(_("payment noted by"), max_length=8, choices=PaymentSource.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    #: The account that became a member when the application was accepted.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membership_applications",
        verbose_name=_("account"),
    )

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["entity", "status", "created_at"], name="application_queue")]
        constraints = [models.CheckConstraint(name="application_has_shares", condition=Q(shares__gte=1))]

    def __str__(self) -> str:
        return f"{self.reference} {self.first_name} {self.last_name}"

    @property
    def reference(self) -> str:
        """The payment reference the applicant is asked to use for the share money."""
        return f"ANT-{self.pk}"

    @property
    def amount(self) -> Decimal:
        return self.nominal_value * self.shares

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class SignedDeclaration(StoredDocument):
    """The membership declaration the applicant signed and uploaded (a PDF)."""

    application = models.OneToOneField(
        MembershipApplication, on_delete=models.CASCADE, related_name="declaration", verbose_name=_("application")
    )
    file = models.FileField(_("file"), upload_to="membership-declarations/%Y/")

    class Meta:
        verbose_name = _("signed declaration")
        verbose_name_plural = _("signed declarations")

    def __str__(self) -> str:
        return self.original_name


class ShareKind(models.TextChoices):
    SUBSCRIPTION = "subscription", _("Subscription")
    ADDITIONAL = "additional", _("Additional shares")
    TRANSFER = "transfer", pgettext_lazy("share register", "Transfer")
    TERMINATION = "termination", _("Termination")


class ShareRegisterCounter(models.Model):
    """The last entry number of an entity's register; locked while an entry is written, so numbers
    follow each other without gaps even when several acceptances run at once."""

    entity = models.OneToOneField(
        "entities.IssuingEntity", on_delete=models.CASCADE, related_name="+", verbose_name=_("entity")
    )
    last_number = models.PositiveIntegerField(_("last entry number"), default=0)

    class Meta:
        verbose_name = _("share register counter")
        verbose_name_plural = _("share register counters")

    def __str__(self) -> str:
        return f"{self.entity_id}: {self.last_number}"


class ShareEntry(models.Model):
    """One entry of an entity's share register (Mitgliederliste): shares gained (positive) or given up
    (negative)."""

    entity = models.ForeignKey(
        "entities.IssuingEntity", on_delete=models.PROTECT, related_name="+", verbose_name=_("entity")
    )
    number = models.PositiveIntegerField(_("entry number"))
    entry_date = models.DateField(_("date"))
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="share_entries", verbose_name=_("member")
    )
    shares = models.IntegerField(_("shares"))
    nominal_value = models.DecimalField(_("nominal value per share"), max_digits=10, decimal_places=2)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ShareKind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        verbose_name = _("share register entry")
        verbose_name_plural = _("share register entries")
        ordering = ["entity", "number"]
        indexes = [models.Index(fields=["member", "entity"], name="share_entry_member")]
        constraints = [
            models.UniqueConstraint(fields=["entity", "number"], name="unique_share_entry_number"),
            models.CheckConstraint(name="share_entry_not_zero", condition=~Q(shares=0)),
            models.CheckConstraint(
                name="share_entry_sign_matches_kind",
                condition=Q(kind__in=["subscription", "additional"], shares__gt=0)
                | Q(kind="termination", shares__lt=0)
                | Q(kind="transfer"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity_id}/{self.number}"

    @property
    def amount(self) -> Decimal:
        return self.nominal_value * self.shares

    @property
    def payment_reference(self) -> str:
        """The reference a member uses to pay shares entered before their money arrived."""
        return f"{PAYMENT_REFERENCE_PREFIX}-{self.number}"


#: Share entries are paid with ``ANTEIL-<entry number>`` (the number is the entity's, as is the account).
PAYMENT_REFERENCE_PREFIX = "ANTEIL"


class RequestKind(models.TextChoices):
    ADDITIONAL = "additional", _("Additional shares")
    TERMINATION = "termination", _("Termination")
    TRANSFER = "transfer", pgettext_lazy("share register", "Transfer")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("In review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECLINED = "declined", _("Declined by the recipient")


class ShareRequest(TimeStampedModel):
    """A member asks for additional shares, gives notice (termination) or transfers shares to another
    member (who agrees first); the Smart team decides."""

    entity = models.ForeignKey(
        "entities.IssuingEntity", on_delete=models.PROTECT, related_name="+", verbose_name=_("entity")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="share_requests", verbose_name=_("member")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=RequestKind.choices)
    status = models.CharField(_("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    #: Additional shares asked for or shares transferred; for a termination, the shares held when notice was given.
    shares = models.PositiveIntegerField(_("shares"))
    #: The member who receives the shares of a transfer, and when they agreed to take them on.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incoming_share_transfers",
        verbose_name=_("recipient"),
    )
    recipient_agreed_at = models.DateTimeField(_("recipient agreed"), null=True, blank=True)
    #: When a termination takes effect: the end of the business year after the notice period.
    effective_on = models.DateField(_("takes effect on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    #: The register entry written for it (additional shares at acceptance, a termination when it takes effect).
    entry = models.OneToOneField(
        ShareEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="request", verbose_name=_("entry")
    )
    #: The recipient's entry of a transfer (``entry`` is the giver's).
    recipient_entry = models.OneToOneField(
        ShareEntry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incoming_request",
        verbose_name=_("recipient's entry"),
    )

    class Meta:
        verbose_name = _("share request")
        verbose_name_plural = _("share requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["entity", "status", "created_at"], name="share_request_queue")]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "entity", "kind"], condition=Q(status="pending"), name="one_pending_share_request"
            ),
            models.CheckConstraint(name="share_request_has_shares", condition=Q(shares__gte=1)),
            models.CheckConstraint(
                name="share_transfer_has_recipient",
                condition=Q(kind="transfer", recipient__isnull=False)
                | (~Q(kind="transfer") & Q(recipient__isnull=True)),
            ),
            models.CheckConstraint(name="share_transfer_not_to_self", condition=~Q(recipient=F("member"))),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind}"
