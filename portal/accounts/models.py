from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from portal.core.models import TimeStampedModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A login. What the person may do comes from their roles (see ``Role``)."""

    username = None  # type: ignore[assignment]  # log in with the e-mail address
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="de")
    must_change_password = models.BooleanField(_("must change password at next login"), default=False)
    active_role_key = models.CharField(_("active role"), max_length=32, blank=True, editable=False)
    notify_orders = models.BooleanField(_("orders"), default=True)
    notify_invoices = models.BooleanField(_("invoices"), default=True)
    notify_budget = models.BooleanField(_("budget and payments"), default=True)
    notify_community = models.BooleanField(_("community digest"), default=True)
    notify_news = models.BooleanField(_("news from the cooperative"), default=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[misc,assignment]  # no usernames

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Role(models.Model):
    """A role assignment. The admin role is not stored: it is ``User.is_superuser``."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("Member")
        STAFF = "staff", _("Smart team")
        CLIENT_CONTACT = "client_contact", _("Client")
        ADMIN = "admin", _("Administration")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles", verbose_name=_("user")
    )
    kind = models.CharField(_("role"), max_length=16, choices=Kind.choices)
    entity = models.ForeignKey(
        "entities.IssuingEntity", verbose_name=_("entity"), null=True, blank=True, on_delete=models.PROTECT
    )
    client = models.ForeignKey(
        "customers.Client", verbose_name=_("client"), null=True, blank=True, on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["kind", "entity__code", "id"]
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_kind",
                condition=(
                    Q(kind__in=["member", "staff"], entity__isnull=False, client__isnull=True)
                    | Q(kind="client_contact", entity__isnull=True, client__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "entity"], condition=Q(entity__isnull=False), name="unique_entity_role"
            ),
            models.UniqueConstraint(
                fields=["user", "client"], condition=Q(kind="client_contact"), name="unique_client_contact"
            ),
        ]
        indexes = [models.Index(fields=["kind", "entity"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.kind}"


class MemberProfile(TimeStampedModel):
    """A member's cooperative membership and the legal/payment data staff keep for them."""

    class MembershipStatus(models.TextChoices):
        APPLICANT = "applicant", _("Applied")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ENDED = "ended", _("Ended")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_profile", verbose_name=_("user")
    )
    member_number = models.CharField(_("member number"), max_length=20, unique=True)
    membership_status = models.CharField(
        _("membership"), max_length=16, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    member_since = models.DateField(_("member since"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=16, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), default="DE")
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    tax_id = models.CharField(_("tax ID"), max_length=20, blank=True)
    social_security_number = models.CharField(_("social security number"), max_length=20, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    health_insurance = models.CharField(_("health insurance"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self) -> str:
        return f"{self.member_number} {self.user}"


class PersonalDataChangeRequest(TimeStampedModel):
    """A member asks to change legal/payment data; staff approve or reject it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("In review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="personal_data_requests",
        verbose_name=_("member"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    changes = models.JSONField(_("requested values"))
    previous = models.JSONField(_("values at submission"))
    note = models.TextField(_("note"), blank=True)
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

    class Meta:
        verbose_name = _("personal data change request")
        verbose_name_plural = _("personal data change requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(status="pending"), name="one_pending_personal_data_request"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.member}"
