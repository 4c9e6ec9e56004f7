"""Bank statements of an entity and their lines (DESIGN §5).

A line keeps the signed amount the bank booked: credits (money received) are matched to invoices,
debits (money paid out) wait for the payout batches that will match them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.invoicing.models import Invoice, Payment


class BankStatement(models.Model):
    """An uploaded bank statement of one entity; its lines are reviewed and booked as payments."""

    entity = models.ForeignKey("entities.IssuingEntity", verbose_name=_("entity"), on_delete=models.PROTECT)
    file_name = models.CharField(_("file name"), max_length=255)
    #: The same file imported twice would offer every payment twice.
    sha256 = models.CharField(_("file checksum (SHA-256)"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    #: What staff should know about the import, e.g. accounts of the file that were left out.
    import_note = models.TextField(_("import note"), blank=True)

    class Meta:
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["entity", "sha256"], name="unique_bank_statement_file")]

    def __str__(self) -> str:
        return self.file_name


class BankStatementLine(models.Model):
    """One booking of a statement and what became of it."""

    class Status(models.TextChoices):
        MATCHED = "matched", _("Matched")
        UNMATCHED = "unmatched", _("Unmatched")
        BOOKED = "booked", _("Booked")
        IGNORED = "ignored", _("Ignored")
        DUPLICATE = "duplicate", _("Already booked")

    class Direction(models.TextChoices):
        CREDIT = "credit", _("Received")
        DEBIT = "debit", _("Paid out")

    class MatchReason(models.TextChoices):
        NUMBER = "number", _("Invoice number in the reference")
        AMOUNT = "amount", _("Amount equals the outstanding amount")
        STAFF = "staff", _("Chosen by staff")
        PAYOUT = "payout", _("A payout of the portal")
        SHARES = "shares", _("Payment for membership shares")

    # The (statement, status) index below serves every lookup by statement.
    statement = models.ForeignKey(
        BankStatement, on_delete=models.CASCADE, related_name="lines", db_index=False, verbose_name=_("bank statement")
    )
    booked_on = models.DateField(_("booked on"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    reference = models.CharField(_("reference"), max_length=500, blank=True)
    counterparty = models.CharField(_("counterparty"), max_length=200, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bank_reference = models.CharField(_("bank reference"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    match_reason = models.CharField(_("matched by"), max_length=8, choices=MatchReason.choices, blank=True)
    payment = models.OneToOneField(
        Payment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statement_line",
        verbose_name=_("payment"),
    )

    class Meta:
        verbose_name = _("bank statement line")
        verbose_name_plural = _("bank statement lines")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["statement", "status"], name="statement_line_status"),
            # Finding lines booked before from an earlier statement (duplicates) by date.
            models.Index(fields=["booked_on", "status"], name="statement_line_booked_on"),
        ]

    def __str__(self) -> str:
        return f"{self.booked_on} {self.amount}"

    #: Fields that identify the same booking in overlapping statements.
    FINGERPRINT = ("booked_on", "amount", "reference", "iban", "bank_reference")

    @property
    def direction(self) -> "BankStatementLine.Direction":
        return self.Direction.CREDIT if self.amount > 0 else self.Direction.DEBIT

    def fingerprint(self) -> tuple:
        return tuple(getattr(self, name) for name in self.FINGERPRINT)
