"""Invoices of the cooperative to clients (DESIGN §5).

An invoice is a draft until it is issued; issuing allocates its number, freezes issuer and client data
(``issuer`` / ``recipient`` snapshots) and stores the documents write-once with their SHA-256. After
that only its payment state may change (see ``Invoice.save`` and ``InvoiceLine.save``).
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core import money
from portal.core.models import TimeStampedModel
from portal.core.units import Unit
from portal.entities import vat
from portal.orders.models import UNIT_PRICE_LIMITS, Discounted


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_UPDATE = "awaiting_update", _("Awaiting update")
    ISSUED = "issued", _("Issued")
    DISPUTED = "disputed", _("Disputed")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


UNISSUED = (InvoiceStatus.DRAFT, InvoiceStatus.AWAITING_UPDATE)
OPEN = (InvoiceStatus.ISSUED, InvoiceStatus.DISPUTED)


class InvoiceQuerySet(models.QuerySet):
    """Bulk writes obey the same rule as ``Invoice.save``: issued invoices keep their content."""

    def payable(self):
        """Those the client still owes money for (see ``Invoice.is_payable``)."""
        return self.filter(kind=Invoice.Kind.INVOICE, status__in=OPEN)

    def update(self, **kwargs):
        changed = {self.model._meta.get_field(name).attname for name in kwargs}
        forbidden = changed - self.model.MUTABLE_AFTER_ISSUE
        if forbidden and self.exclude(number="").exists():
            raise ValidationError(
                _("An issued invoice cannot be changed (%(fields)s).") % {"fields": ", ".join(sorted(forbidden))}
            )
        return super().update(**kwargs)

    def delete(self):
        if self.exclude(number="").exists():
            raise ValidationError(_("An issued invoice cannot be deleted."))
        return super().delete()


def payable(*, kind: str, status: str) -> bool:
    """Whether the client still owes money for an invoice (``Invoice.is_payable``, from its values)."""
    return status in OPEN and kind == "invoice"


def overdue_on(day: date, *, kind: str, status: str, due_date: date | None) -> bool:
    """Whether an invoice is overdue on ``day`` (``Invoice.overdue_on``, from its values)."""
    return payable(kind=kind, status=status) and due_date is not None and due_date < day


class Invoice(Discounted, TimeStampedModel):
    Status = InvoiceStatus

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CANCELLATION = "cancellation", _("Cancellation invoice")

    #: What may still change once the invoice has a number: its payment state, never its content.
    MUTABLE_AFTER_ISSUE = frozenset(
        {"status", "paid_amount", "paid_at", "reminder_level", "last_reminder_on", "updated_at"}
    )

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.INVOICE)
    status = models.CharField(_("status"), max_length=16, choices=InvoiceStatus.choices, default=InvoiceStatus.DRAFT)
    order = models.ForeignKey(
        "orders.Order", verbose_name=_("order"), on_delete=models.PROTECT, related_name="invoices"
    )
    planned_invoice = models.OneToOneField(
        "orders.PlannedInvoice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invoice",
        verbose_name=_("planned invoice"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="invoices"
    )
    entity = models.ForeignKey("entities.IssuingEntity", verbose_name=_("entity"), on_delete=models.PROTECT)
    client = models.ForeignKey("customers.Client", verbose_name=_("client"), on_delete=models.PROTECT)
    cancels = models.OneToOneField(
        "self",
        verbose_name=_("cancels invoice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cancelled_by",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("service description"), blank=True)
    service_start = models.DateField(_("service period from"), null=True, blank=True)
    service_end = models.DateField(_("service period until"), null=True, blank=True)
    planned_date = models.DateField(_("planned invoice date"))
    language = models.CharField(_("language"), max_length=8, default="de")
    #: VAT category for the whole invoice (see ``portal.entities.vat``); lines keep their nominal rate.
    vat_treatment = models.CharField(_("VAT treatment"), max_length=2, choices=vat.TREATMENTS, default="S")
    #: The stated legal basis of 0 % lines under ``S`` (BT-120), copied from the order.
    vat_exemption = models.CharField(_("VAT exemption"), max_length=200, blank=True)
    # Set when issued.
    number = models.CharField(_("invoice number"), max_length=32, blank=True)
    issue_date = models.DateField(_("invoice date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issuer = models.JSONField(_("issuer (as issued)"), default=dict, blank=True)
    recipient = models.JSONField(_("client (as issued)"), default=dict, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="invoices/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("PDF checksum (SHA-256)"), max_length=64, blank=True)
    xml = models.FileField(_("e-invoice (XML)"), upload_to="invoices/%Y/", blank=True)
    xml_sha256 = models.CharField(_("XML checksum (SHA-256)"), max_length=64, blank=True)
    # Amounts, kept in sync with the lines so lists need no aggregation.
    net_total = models.DecimalField(_("net amount"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    vat_total = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    gross_total = models.DecimalField(_("gross amount"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    #: The cooperative fee in percent valid on the issue date (``portal.entities.fees``); set when issued.
    fee_rate = models.DecimalField(_("fee rate in percent"), max_digits=5, decimal_places=2, null=True, blank=True)
    # Payment state.
    paid_amount = models.DecimalField(_("paid"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    paid_at = models.DateField(_("paid on"), null=True, blank=True)
    reminder_level = models.PositiveSmallIntegerField(_("reminder level"), default=0)
    last_reminder_on = models.DateField(_("last reminder"), null=True, blank=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-planned_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "number"], condition=~models.Q(number=""), name="unique_invoice_number"
            ),
        ]
        indexes = [
            models.Index(fields=["member", "entity", "-planned_date", "-id"], name="invoice_member_list"),
            models.Index(fields=["entity", "-planned_date", "-id"], name="invoice_staff_list"),
            models.Index(fields=["member", "status", "-planned_date"], name="invoice_member_status"),
            models.Index(fields=["status", "planned_date"], name="invoice_status_date"),
            models.Index(fields=["status", "due_date"], name="invoice_status_due"),
            # The client portal's list of a client's issued invoices, newest first.
            models.Index(
                fields=["client", "-issue_date", "-id"], condition=~models.Q(number=""), name="invoice_client_list"
            ),
            # The client portal's documents (newest issued first) and open invoices (next due first).
            models.Index(
                fields=["client", "-issued_at", "-id"], condition=~models.Q(number=""), name="invoice_client_documents"
            ),
            models.Index(
                fields=["client", "due_date", "id"],
                condition=models.Q(kind="invoice", status__in=["issued", "disputed"]) & ~models.Q(number=""),
                name="invoice_client_open",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"{_('Draft')} #{self.pk}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored = dict(zip(field_names, values, strict=True))
        return instance

    @property
    def is_issued(self) -> bool:
        return bool(self.number)

    @property
    def was_issued(self) -> bool:
        """Whether the stored row has a number (the instance may carry unsaved changes)."""
        return bool(getattr(self, "_stored", {}).get("number"))

    def save(self, *args, **kwargs):
        if self._issued_meanwhile(kwargs.get("update_fields")):
            # A stale copy would overwrite the issued invoice (the database refuses that too).
            raise ValidationError(_("The invoice has been issued meanwhile and can no longer be changed."))
        if self.was_issued:
            changed = {
                field.attname
                for field in self._meta.concrete_fields
                if field.attname in self._stored and self._stored[field.attname] != getattr(self, field.attname)
            }
            forbidden = changed - self.MUTABLE_AFTER_ISSUE
            if forbidden:
                raise ValidationError(
                    _("An issued invoice cannot be changed (%(fields)s).") % {"fields": ", ".join(sorted(forbidden))}
                )
        super().save(*args, **kwargs)
        self._stored = {field.attname: getattr(self, field.attname) for field in self._meta.concrete_fields}

    def refresh_from_db(
        self, using: str | None = None, fields: Iterable[str] | None = None, from_queryset: Any = None
    ) -> None:
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        names = None if fields is None else {_attname(self, name) for name in fields}
        stored = getattr(self, "_stored", {})
        for field in self._meta.concrete_fields:
            if names is None or field.attname in names:
                stored[field.attname] = getattr(self, field.attname)
        self._stored = stored

    def _issued_meanwhile(self, update_fields: Iterable[str] | None) -> bool:
        """Whether this instance, read as a draft, would change the content of a row issued since."""
        if self._state.adding or self.pk is None or self.was_issued:
            return False
        if update_fields is not None and all(
            _attname(self, name) in self.MUTABLE_AFTER_ISSUE for name in update_fields
        ):
            return False
        return Invoice.objects.filter(pk=self.pk).exclude(number="").exists()

    def delete(self, *args, **kwargs):
        if self.was_issued:
            raise ValidationError(_("An issued invoice cannot be deleted."))
        return super().delete(*args, **kwargs)

    @property
    def is_overdue(self) -> bool:
        return self.overdue_on(timezone.localdate())

    def overdue_on(self, day: date) -> bool:
        return overdue_on(day, kind=self.kind, status=self.status, due_date=self.due_date)

    @property
    def is_payable(self) -> bool:
        """Whether the client still owes money for it (a cancellation invoice settles, it is never paid)."""
        return payable(kind=self.kind, status=self.status)

    @property
    def outstanding(self) -> Decimal:
        return self.gross_total - self.paid_amount

    def totals(self) -> money.Totals:
        """Totals at the rates actually charged (none under reverse charge)."""
        return money.totals(
            (
                (line.quantity, line.unit_price, vat.effective_rate(self.vat_treatment, line.vat_rate))
                for line in self.lines.all()
            ),
            self.discount,
        )


def _attname(instance: models.Model, name: str) -> str:
    """The column attribute of field ``name`` (``client_id`` for ``client``)."""
    return getattr(instance._meta.get_field(name), "attname", name)


class InvoiceLineQuerySet(models.QuerySet["InvoiceLine"]):
    def _refuse_if_any_issued(self):
        if self.filter(invoice__number__gt="").exists():
            raise ValidationError(_("The lines of an issued invoice cannot be changed."))

    def bulk_create(  # type: ignore[override]  # passes the other arguments on unchanged
        self, objs: Iterable["InvoiceLine"], *args: Any, **kwargs: Any
    ) -> list["InvoiceLine"]:
        objs = list(objs)
        invoice_ids = {line.invoice_id for line in objs}
        if invoice_ids and Invoice.objects.filter(pk__in=invoice_ids).exclude(number="").exists():
            raise ValidationError(_("The lines of an issued invoice cannot be changed."))
        return super().bulk_create(objs, *args, **kwargs)  # type: ignore[arg-type,return-value]

    def update(self, **kwargs):
        self._refuse_if_any_issued()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_any_issued()
        return super().delete()


class InvoiceLine(models.Model):
    #: What a line says; the rest (invoice, position) is where it stands.
    CONTENT = ("description", "quantity", "unit", "unit_price", "vat_rate")

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines", verbose_name=_("invoice"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    description = models.CharField(_("description"), max_length=500)
    #: Negative only on cancellation invoices, which the services write (the forms never accept it).
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=30, choices=Unit.choices, default=Unit.PIECE)
    unit_price = models.DecimalField(
        _("unit price (net)"), max_digits=12, decimal_places=2, validators=UNIT_PRICE_LIMITS
    )
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=5, decimal_places=2, choices=vat.RATE_CHOICES)

    objects = InvoiceLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description

    def save(self, *args, **kwargs):
        self._refuse_if_issued()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_issued()
        return super().delete(*args, **kwargs)

    @property
    def net(self) -> Decimal:
        return money.line_net(self.quantity, self.unit_price)

    def values(self) -> dict:
        """The line's content, as the line forms and ``update_draft`` take it."""
        return {name: getattr(self, name) for name in self.CONTENT}

    def _refuse_if_issued(self):
        if Invoice.objects.filter(pk=self.invoice_id).exclude(number="").exists():
            raise ValidationError(_("The lines of an issued invoice cannot be changed."))


class NumberSequence(models.Model):
    """The last number given per entity, year and series. Its row lock serialises concurrent issuing."""

    class Series(models.TextChoices):
        INVOICE = "invoice", _("Invoices")
        CANCELLATION = "cancellation", _("Cancellation invoices")

    entity = models.ForeignKey(
        "entities.IssuingEntity", on_delete=models.PROTECT, related_name="+", verbose_name=_("entity")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    series = models.CharField(_("series"), max_length=16, choices=Series.choices)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [
            models.UniqueConstraint(fields=["entity", "year", "series"], name="unique_number_sequence"),
        ]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.year} {self.series}: {self.last}"


class Payment(models.Model):
    """Money received for an invoice (partial payments allowed)."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Recorded by hand")
        BANK_IMPORT = "bank_import", _("Bank statement")

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments", verbose_name=_("invoice"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    received_on = models.DateField(_("received on"))
    reference = models.CharField(_("reference"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.MANUAL)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"{self.amount} ({self.received_on})"
