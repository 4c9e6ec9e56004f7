"""Expense reimbursements, direct payments and travel-cost claims (DESIGN §7).

One ``ExpenseRequest`` model holds all three kinds, so they share one state machine, one back-office
queue, one budget reservation and one payout: the kind-specific facts live beside it (``Receipt`` rows
of a reimbursement, the ``SupplierInvoice`` of a direct payment). A request stores the two amounts
that matter for money when it is submitted: ``payout`` (what the cooperative pays out: gross) and
``debit`` (what the budget is debited: net; hospitality 70 % of net).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.core import money
from portal.core.models import StoredDocument, TimeStampedModel

#: Hospitality (Bewirtung): share of the net amount that is reimbursed and debited (DESIGN §7).
HOSPITALITY_SHARE = Decimal("0.70")
#: Receipts from this gross amount on must be addressed to the cooperative.
ADDRESSED_FROM = Decimal("250.00")


class Status(models.TextChoices):
    """DESIGN §7's labels; "Approved" and "Paid" mean "Bestätigt" and "Ausgezahlt" here, hence the context."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("In progress")
    NEEDS_INFO = "needs_info", _("More information needed")
    APPROVED = "approved", pgettext_lazy("expense status", "Approved")
    REJECTED = "rejected", _("Rejected")
    PAID = "paid", pgettext_lazy("expense status", "Paid")


#: Submitted but not decided yet: the debit is reserved in the budget (DESIGN §6).
RESERVING = (Status.SUBMITTED, Status.NEEDS_INFO)
#: What the member may still change.
EDITABLE = (Status.DRAFT, Status.NEEDS_INFO)


class Category(models.TextChoices):
    MATERIAL = "material", _("Material and goods")
    EQUIPMENT = "equipment", _("Equipment and tools")
    SOFTWARE = "software", _("Software and licences")
    OFFICE = "office", _("Office supplies")
    COMMUNICATION = "communication", _("Phone and internet")
    TRAVEL = "travel", _("Tickets and transport")
    TRAINING = "training", _("Training and literature")
    SERVICES = "services", _("Services by others")
    HOSPITALITY = "hospitality", _("Hospitality")
    OTHER = "other", _("Other")


class ExpenseRequest(TimeStampedModel):
    class Kind(models.TextChoices):
        REIMBURSEMENT = "reimbursement", _("Expense reimbursement")
        DIRECT_PAYMENT = "direct_payment", _("Direct payment")
        TRAVEL = "travel", _("Travel costs")

    Status = Status

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="expense_requests"
    )
    budget = models.ForeignKey(
        "budget.Budget", verbose_name=_("budget"), on_delete=models.PROTECT, related_name="expense_requests"
    )
    #: The budget's entity, kept on the request so that lists and queues filter by one column.
    entity = models.ForeignKey("entities.IssuingEntity", verbose_name=_("entity"), on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    payout = models.DecimalField(
        pgettext_lazy("expense amount", "paid out"), max_digits=12, decimal_places=2, default=money.ZERO
    )
    debit = models.DecimalField(_("debited"), max_digits=12, decimal_places=2, default=money.ZERO)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    #: A receipt of it (the same file, or the same supplier, date and gross) is in another request.
    possible_duplicate = models.BooleanField(_("possible duplicate"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    #: The last question of the Smart team (status "needs_info") or the reason for a rejection.
    staff_message = models.TextField(_("message of the Smart team"), blank=True)
    batch = models.ForeignKey(
        "expenses.PayoutBatch",
        verbose_name=_("payout batch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    #: Travel costs are paid with the salary: the first day of that month.
    salary_month = models.DateField(_("paid with the salary of"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("expense request")
        verbose_name_plural = _("expense requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["member", "-created_at", "-id"], name="expense_member_list"),
            models.Index(fields=["entity", "status", "submitted_at", "id"], name="expense_queue"),
            # The queue of several entities (a team of SC and BW), filtered by status, in submission order.
            models.Index(fields=["status", "submitted_at", "id"], name="expense_status_queue"),
            # What waits for a payout batch, oldest decision first.
            models.Index(
                fields=["entity", "decided_at", "id"],
                condition=models.Q(status="approved", batch__isnull=True),
                name="expense_payable",
            ),
            models.Index(fields=["budget", "status"], name="expense_budget_status"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def reference(self) -> str:
        """How the request is named on statements, bank transfers and e-mails."""
        return f"A-{self.pk:06d}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class Receipt(StoredDocument, TimeStampedModel):
    """One receipt a member uploaded; kept as a saved receipt until a request bundles it."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="receipts"
    )
    request = models.ForeignKey(
        ExpenseRequest,
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="receipts",
    )
    receipt_date = models.DateField(_("receipt date"))
    supplier = models.CharField(_("supplier"), max_length=200)
    description = models.CharField(_("description"), max_length=500)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    gross = models.DecimalField(_("gross amount"), max_digits=12, decimal_places=2)
    vat = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2, default=money.ZERO)
    addressed_to_cooperative = models.BooleanField(_("addressed to the cooperative"), default=False)
    attendees = models.TextField(_("attendees"), blank=True)
    occasion = models.CharField(_("occasion"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to="receipts/%Y/%m/")

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["-receipt_date", "-id"]
        indexes = [models.Index(fields=["supplier", "receipt_date", "gross"], name="receipt_same_purchase")]

    def __str__(self) -> str:
        return f"{self.receipt_date} {self.supplier} {self.gross}"

    @property
    def net(self) -> Decimal:
        return self.gross - self.vat

    @property
    def is_hospitality(self) -> bool:
        return self.category == Category.HOSPITALITY

    @property
    def is_editable(self) -> bool:
        """A saved receipt, or one in a request the member may still change."""
        return self.request is None or self.request.is_editable

    @property
    def debit(self) -> Decimal:
        """What the budget is debited: the net amount; for hospitality 70 % of it."""
        if self.is_hospitality:
            return money.to_money(self.net * HOSPITALITY_SHARE)
        return self.net

    @property
    def payout(self) -> Decimal:
        """What is paid out: the gross amount; for hospitality 70 % of the net plus the full VAT."""
        return self.debit + self.vat


class ReceiptVat(models.Model):
    """One VAT rate on a receipt and its amount (a receipt may carry several rates)."""

    receipt = models.ForeignKey(Receipt, verbose_name=_("receipt"), on_delete=models.CASCADE, related_name="vat_lines")
    rate = models.DecimalField(_("VAT rate"), max_digits=5, decimal_places=2)
    amount = models.DecimalField(_("VAT amount"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("VAT line")
        verbose_name_plural = _("VAT lines")
        ordering = ["-rate", "id"]

    def __str__(self) -> str:
        return f"{self.rate} %: {self.amount}"


class SupplierInvoice(StoredDocument):
    """The supplier's invoice a direct payment pays."""

    request = models.OneToOneField(
        ExpenseRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="supplier_invoice"
    )
    supplier = models.CharField(_("supplier"), max_length=200)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    invoice_number = models.CharField(_("supplier's invoice number"), max_length=100)
    invoice_date = models.DateField(_("invoice date"))
    due_date = models.DateField(_("due date"))
    gross = models.DecimalField(_("gross amount"), max_digits=12, decimal_places=2)
    vat = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=5, decimal_places=2)
    addressed_to_cooperative = models.BooleanField(_("a service addressed to the cooperative"), default=False)
    file = models.FileField(_("file"), upload_to="supplier-invoices/%Y/%m/")

    class Meta:
        verbose_name = _("supplier invoice")
        verbose_name_plural = _("supplier invoices")

    def __str__(self) -> str:
        return f"{self.supplier} {self.invoice_number}"

    @property
    def net(self) -> Decimal:
        return self.gross - self.vat


class TravelClaim(models.Model):
    """The trip a travel-cost claim is for, as the member states it, and the allowance computed from it.

    Times are local wall-clock times of the entity's time zone, as the rules count them. ``stages`` and
    ``days`` keep the member's input (validated by ``portal.expenses.travel``); ``computation`` keeps
    the day-by-day allowance as it was computed, so the claim shows what was approved even after new
    rate tables are loaded.
    """

    request = models.OneToOneField(
        ExpenseRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="travel_claim"
    )
    jurisdiction = models.CharField(_("rules of"), max_length=2)
    order = models.ForeignKey(
        "orders.Order", verbose_name=_("order"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField(_("trip start"))
    ends_at = models.DateTimeField(_("trip end"))
    overnight_stay = models.BooleanField(_("with an overnight stay"), default=True)
    kilometres = models.DecimalField(_("kilometres by own car"), max_digits=8, decimal_places=1, default=Decimal(0))
    #: ``[{"starts_at": "2026-03-02T08:00", "country": "FR", "city": "Paris", "transit": false}, …]``
    stages = models.JSONField(_("stages"), default=list)
    #: ``{"2026-03-02": {"breakfast": true, "lunch": false, "dinner": false, "night_without_receipt": true}, …}``
    days = models.JSONField(_("meals and nights"), default=dict)
    computation = models.JSONField(_("computation"), default=dict)

    class Meta:
        verbose_name = _("travel-cost claim")
        verbose_name_plural = _("travel-cost claims")

    def __str__(self) -> str:
        return f"{self.request} {self.starts_at:%Y-%m-%d}"


class PayoutBatch(TimeStampedModel):
    """Approved requests paid together: one SEPA credit transfer file for the entity's account."""

    class Status(models.TextChoices):
        EXPORTED = "exported", _("Exported")
        EXECUTED = "executed", _("Executed")

    entity = models.ForeignKey("entities.IssuingEntity", verbose_name=_("entity"), on_delete=models.PROTECT)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.EXPORTED)
    execution_date = models.DateField(_("execution date"))
    message_id = models.CharField(_("message ID"), max_length=35, unique=True)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2)
    count = models.PositiveIntegerField(_("payments"))
    #: The pain.001 file as created: downloading it again gives the same bytes.
    sepa_file = models.FileField(_("SEPA file"), upload_to="payouts/%Y/")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    executed_on = models.DateField(_("executed on"), null=True, blank=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked executed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("payout batch")
        verbose_name_plural = _("payout batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.message_id


class PayoutLine(models.Model):
    """One credit transfer of a batch, as exported: who was paid how much, to which account."""

    batch = models.ForeignKey(
        PayoutBatch, verbose_name=_("payout batch"), on_delete=models.PROTECT, related_name="lines"
    )
    request = models.OneToOneField(
        ExpenseRequest, verbose_name=_("request"), on_delete=models.PROTECT, related_name="payout_line"
    )
    end_to_end_id = models.CharField(_("end-to-end ID"), max_length=35, unique=True)
    creditor_name = models.CharField(_("payee"), max_length=200)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    remittance = models.CharField(_("reference"), max_length=140)

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.end_to_end_id} {self.amount}"
