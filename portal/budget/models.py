"""Budgets and their append-only ledger (DESIGN §6).

A budget belongs to one issuing entity: the **personal** budget of a member (one per entity) or a
**collective** budget shared by several members. Money moves only as ``LedgerEntry`` rows, which the
database refuses to change or delete (migration ``0002``); a mistake is undone by a new row that
``reverses`` it. The figures a member sees (balance, outstanding, reserved, available …) are computed
by ``portal.budget.figures`` from these rows and the contributions other apps register there.
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.models import TimeStampedModel


class Budget(TimeStampedModel):
    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Personal budget")
        COLLECTIVE = "collective", _("Collective budget")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an invitee to accept")
        ACTIVE = "active", _("Active")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PERSONAL)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    entity = models.ForeignKey("entities.IssuingEntity", verbose_name=_("entity"), on_delete=models.PROTECT)
    #: The member of a personal budget; the creator of a collective one.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="budgets"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["kind", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "entity"], condition=models.Q(kind="personal"), name="one_personal_budget_per_entity"
            ),
        ]
        indexes = [models.Index(fields=["entity", "kind"], name="budget_entity_kind")]

    def __str__(self) -> str:
        if self.kind == self.Kind.COLLECTIVE:
            return self.name
        return str(_("Personal budget"))

    @property
    def is_collective(self) -> bool:
        return self.kind == self.Kind.COLLECTIVE


class Participant(TimeStampedModel):
    """A member of a collective budget, or someone invited to become one."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("Budget manager")
        MEMBER = "member", _("Member")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Declined")
        REMOVED = "removed", _("Removed")

    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="budget_seats"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.INVITED)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: SHA-256 of the invitation link's token; cleared once the invitation is answered (single use).
    token_hash = models.CharField(
        _("invitation token (hash)"), max_length=64, blank=True, db_index=True, editable=False
    )
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("budget member")
        verbose_name_plural = _("budget members")
        ordering = ["-role", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["budget", "member"], name="one_seat_per_budget")]

    def __str__(self) -> str:
        return f"{self.member} ({self.get_role_display()})"


class EntryKind(models.TextChoices):
    INCOME = "income", _("Income")
    FEE = "fee", _("Smart fee")
    INCOME_REVERSAL = "income_reversal", _("Income reversed")
    FEE_REVERSAL = "fee_reversal", _("Smart fee reversed")
    EXPENSE = "expense", _("Expense reimbursement")
    DIRECT_PAYMENT = "direct_payment", _("Direct payment")
    TRAVEL_COSTS = "travel_costs", _("Travel costs")
    EMPLOYMENT_COST = "employment_cost", _("Employment cost")
    TRANSFER_OUT = "transfer_out", _("Transfer out")
    TRANSFER_IN = "transfer_in", _("Transfer in")
    CORRECTION = "correction", _("Correction")


#: The sign each kind's amount must have (+1 credit, -1 debit, 0 either: reversals and corrections).
ENTRY_SIGNS = {
    EntryKind.INCOME: 1,
    EntryKind.FEE: -1,
    EntryKind.INCOME_REVERSAL: -1,
    EntryKind.FEE_REVERSAL: 1,
    EntryKind.EXPENSE: -1,
    EntryKind.DIRECT_PAYMENT: -1,
    EntryKind.TRAVEL_COSTS: -1,
    EntryKind.EMPLOYMENT_COST: -1,
    EntryKind.TRANSFER_OUT: -1,
    EntryKind.TRANSFER_IN: 1,
    EntryKind.CORRECTION: 0,
}


class LedgerEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Ledger rows cannot be changed; book a reversing row instead."))

    def delete(self):
        raise ValidationError(_("Ledger rows cannot be deleted; book a reversing row instead."))


class LedgerEntry(models.Model):
    """One booking on a budget. Never changed, never deleted (the database refuses both)."""

    Kind = EntryKind

    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.PROTECT, related_name="entries")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    kind = models.CharField(_("kind"), max_length=24, choices=EntryKind.choices)
    booking_date = models.DateField(_("booking date"))
    text = models.CharField(_("text"), max_length=300)
    #: The document the row comes from (an invoice, a transfer, a request …), without importing its app.
    source_type = models.ForeignKey(
        ContentType, verbose_name=_("document type"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(_("document"), null=True, blank=True)
    #: How the document is called on a statement, e.g. the invoice number.
    source_label = models.CharField(_("document"), max_length=64, blank=True)
    #: Shared by all rows of one business event (income and fee of an invoice, both sides of a transfer).
    group = models.UUIDField(_("booking group"), db_index=True)
    reverses = models.OneToOneField(
        "self", verbose_name=_("reverses"), null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    #: Makes a booking happen at most once: the posting of an invoice's income has the key
    #: ``invoice:<id>:income`` whoever posts it and however often.
    key = models.CharField(_("booking key"), max_length=100, unique=True, null=True, blank=True, editable=False)
    fee_rate = models.DecimalField(_("fee rate in percent"), max_digits=5, decimal_places=2, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger row")
        verbose_name_plural = _("ledger rows")
        ordering = ["booking_date", "id"]
        indexes = [
            # Covering on PostgreSQL (``include``; other databases ignore it): balances, opening balances,
            # monthly and per-kind sums read the index alone, never the table.
            models.Index(fields=["budget", "booking_date", "id"], include=["amount", "kind"], name="ledger_statement"),
            models.Index(fields=["source_type", "source_id"], name="ledger_source"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(amount=Decimal("0")), name="ledger_amount_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.booking_date} {self.get_kind_display()} {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(_("Ledger rows cannot be changed; book a reversing row instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Ledger rows cannot be deleted; book a reversing row instead."))


class Decided(TimeStampedModel):
    """A request a member or staff member makes and the Smart team decides."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        abstract = True

    def record_decision(self, user: Any, reason: str = "") -> None:
        self.decided_by = user
        self.decided_at = timezone.now()
        self.decision_reason = reason.strip()


class Transfer(Decided):
    """Money moved from one budget to another of the same entity, once the Smart team approves."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("In progress")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    source = models.ForeignKey(Budget, verbose_name=_("from"), on_delete=models.PROTECT, related_name="transfers_out")
    target = models.ForeignKey(Budget, verbose_name=_("to"), on_delete=models.PROTECT, related_name="transfers_in")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=500)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["created_at", "id"], condition=models.Q(status="submitted"), name="transfer_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}: {self.amount}"


class Correction(Decided):
    """A booking by the Smart team; above the four-eyes limit a second staff member approves it first."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a second approval")
        BOOKED = "booked", _("Booked")
        REJECTED = "rejected", _("Rejected")

    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.PROTECT, related_name="corrections")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=500)
    booking_date = models.DateField(_("booking date"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.budget}: {self.amount}"
