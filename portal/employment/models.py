"""Employment by the cooperative (Anstellung, DESIGN §8): salary categories, employments with their
contract versions, change requests and payslips."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.core import money
from portal.core.models import StoredDocument, TimeStampedModel


class SalaryCategory(models.Model):
    """One category of an entity's salary table, valid from a day (until the next table starts)."""

    entity = models.ForeignKey(
        "entities.IssuingEntity", verbose_name=_("entity"), on_delete=models.PROTECT, related_name="salary_categories"
    )
    code = models.CharField(_("category"), max_length=16)
    label = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    total_cost = models.DecimalField(_("total monthly cost"), max_digits=10, decimal_places=2)
    gross = models.DecimalField(_("gross wage"), max_digits=10, decimal_places=2)
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=5, decimal_places=2, null=True, blank=True)
    net_estimate = models.DecimalField(_("net estimate"), max_digits=10, decimal_places=2)
    minijob = models.BooleanField(_("minijob"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("salary category")
        verbose_name_plural = _("salary categories")
        ordering = ["entity", "-valid_from", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "code", "valid_from"], name="one_category_per_table"),
            models.CheckConstraint(condition=Q(total_cost__gt=0), name="category_cost_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({money.display(self.total_cost)})"

    @property
    def display_name(self) -> str:
        """The name in the reader's language: the tables' generated names ("Category 5", "Minijob M13", as
        the CSV files write them) are built from the code when shown; a name of its own stays as it is."""
        code = {"code": self.code}
        if self.label in ("", f"Category {self.code}", f"Kategorie {self.code}"):
            return gettext("Category %(code)s") % code
        if self.label == f"Minijob {self.code}":
            return gettext("Minijob %(code)s") % code
        return self.label

    def required_turnover(self, fee_rate: Decimal) -> Decimal:
        """The monthly net turnover that pays the category after the fee: total cost / (1 - fee rate)."""
        return money.to_money(self.total_cost / (1 - fee_rate / 100))


class EmploymentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("In review")
    APPROVED = "approved", _("Contract ready to sign")
    CONTRACT_SIGNED = "contract_signed", _("Contract signed")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")
    REJECTED = "rejected", _("Rejected")


#: Statuses in which an employment will cost its budget money in the coming months ("reserved").
RESERVING = (EmploymentStatus.APPROVED, EmploymentStatus.CONTRACT_SIGNED, EmploymentStatus.ACTIVE)


class Employment(TimeStampedModel):
    """A member's employment by an entity, paid from their personal budget."""

    Status = EmploymentStatus

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="employments"
    )
    entity = models.ForeignKey("entities.IssuingEntity", verbose_name=_("entity"), on_delete=models.PROTECT)
    budget = models.ForeignKey(
        "budget.Budget", verbose_name=_("budget"), on_delete=models.PROTECT, related_name="employments"
    )
    category = models.ForeignKey(
        SalaryCategory, verbose_name=_("salary category"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EmploymentStatus.choices, default=EmploymentStatus.DRAFT
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    note = models.TextField(_("note to the Smart team"), blank=True, max_length=4000)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    signed_by_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signature_confirmed_at = models.DateTimeField(_("signature confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employments")
        ordering = ["-start", "-id"]
        indexes = [
            models.Index(fields=["member", "-start"], name="employment_member"),
            models.Index(fields=["entity", "status", "start"], name="employment_staff_list"),
            # The Smart team's list, latest start first, of all its entities at once (``entity_id IN (…)``),
            # which the index above cannot give in order: read in order and cut after the page.
            models.Index(fields=["-start", "-id"], name="employment_recent"),
            models.Index(fields=["entity", "end"], condition=Q(status="active"), name="employment_ending"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="employment_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.start:%Y-%m}–{self.end:%Y-%m}"


class ContractVersion(TimeStampedModel):
    """The contract as it stands from a month on: the first when staff approve, a new one per approved
    change. The monthly cost of a month is the one of the version in force on its first day."""

    employment = models.ForeignKey(
        Employment, verbose_name=_("employment"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    valid_from = models.DateField(_("valid from"))
    category = models.ForeignKey(
        SalaryCategory, verbose_name=_("salary category"), on_delete=models.PROTECT, related_name="+"
    )
    monthly_cost = models.DecimalField(
        _("monthly cost"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    end = models.DateField(_("end"))
    file = models.FileField(_("contract"), upload_to="contracts/%Y/", blank=True)
    signed_file = models.FileField(_("signed contract"), upload_to="contracts/%Y/", blank=True)
    change = models.OneToOneField(
        "ChangeRequest",
        verbose_name=_("change request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="version",
    )

    class Meta:
        verbose_name = _("contract version")
        verbose_name_plural = _("contract versions")
        ordering = ["employment", "number"]
        constraints = [models.UniqueConstraint(fields=["employment", "number"], name="one_version_number")]

    def __str__(self) -> str:
        return f"{self.employment_id} v{self.number}"


class ChangeKind(models.TextChoices):
    END = "end", _("Extend or change the end date")
    CATEGORY = "category", _("Change the salary category")
    INTERRUPTION = "interruption", _("Interruption")
    SPECIAL_PAYMENT = "special_payment", _("Special payment")
    CORRECTION = "correction", _("Correction of a past month")


class ChangeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("In review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ChangeRequest(TimeStampedModel):
    """A member's request to change an active employment: one or more kinds, each with its fields."""

    Status = ChangeStatus

    employment = models.ForeignKey(
        Employment, verbose_name=_("employment"), on_delete=models.PROTECT, related_name="changes"
    )
    status = models.CharField(_("status"), max_length=16, choices=ChangeStatus.choices, default=ChangeStatus.SUBMITTED)
    kinds = models.JSONField(_("changes"), default=list)
    new_end = models.DateField(_("new end"), null=True, blank=True)
    new_category = models.ForeignKey(
        SalaryCategory,
        verbose_name=_("new salary category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    category_from = models.DateField(_("category from"), null=True, blank=True)
    interruption_from = models.DateField(_("interruption from"), null=True, blank=True)
    interruption_to = models.DateField(_("interruption until"), null=True, blank=True)
    special_amount = models.DecimalField(_("special payment"), max_digits=10, decimal_places=2, null=True, blank=True)
    special_month = models.DateField(_("special payment in"), null=True, blank=True)
    correction_month = models.DateField(_("month to correct"), null=True, blank=True)
    correction_text = models.TextField(_("what to correct"), blank=True, max_length=4000)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="employment_change_queue")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.employment_id}"


class ChangeProof(StoredDocument):
    change = models.ForeignKey(
        ChangeRequest, verbose_name=_("change request"), on_delete=models.CASCADE, related_name="proofs"
    )
    file = models.FileField(_("file"), upload_to="employment-proofs/%Y/")

    class Meta:
        verbose_name = _("proof of a change")
        verbose_name_plural = _("proofs of changes")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class Payslip(StoredDocument, TimeStampedModel):
    """A month's payslip of an employment, uploaded by the Smart team."""

    employment = models.ForeignKey(
        Employment, verbose_name=_("employment"), on_delete=models.PROTECT, related_name="payslips"
    )
    month = models.DateField(_("month"))
    file = models.FileField(_("file"), upload_to="payslips/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("payslip")
        verbose_name_plural = _("payslips")
        ordering = ["-month", "-id"]
        constraints = [models.UniqueConstraint(fields=["employment", "month"], name="one_payslip_per_month")]

    def __str__(self) -> str:
        return f"{self.employment_id} {self.month:%Y-%m}"


class CertificateRequest(TimeStampedModel):
    """A member asks for an employment certificate (Arbeitsbescheinigung); staff answer with a file."""

    class Status(models.TextChoices):
        OPEN = "open", _("Requested")
        ANSWERED = "answered", _("Answered")

    employment = models.ForeignKey(
        Employment, verbose_name=_("employment"), on_delete=models.PROTECT, related_name="certificates"
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    file = models.FileField(_("certificate"), upload_to="certificates/%Y/", blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("employment certificate request")
        verbose_name_plural = _("employment certificate requests")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.employment_id}"
