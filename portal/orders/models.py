from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from portal.core import money
from portal.core.models import TimeStampedModel
from portal.core.units import Unit
from portal.entities import vat
from portal.orders import rules


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SMART_REVIEW = "smart_review", _("Smart confirmation")
    CLIENT_CONFIRMATION = "client_confirmation", _("Client confirmation")
    ACTIVE = "active", _("Active")
    CANCELLATION_REVIEW = "cancellation_review", _("Cancellation review")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Completed")


#: Field limits of order and invoice lines (DESIGN §4); the services check the same rules (``rules.py``).
QUANTITY_LIMITS = [
    MinValueValidator(rules.MIN_QUANTITY, message=_("The quantity must be greater than 0.")),
    MaxValueValidator(rules.MAX_QUANTITY, message=_("The quantity can be at most 1,000,000.")),
]
UNIT_PRICE_LIMITS = [
    MinValueValidator(
        Decimal("0"), message=_("The unit price cannot be negative; enter a discount on the order instead.")
    ),
    MaxValueValidator(rules.MAX_UNIT_PRICE, message=_("The unit price can be at most 1,000,000.00 EUR.")),
]


class Discounted(models.Model):
    """A discount on the whole document (DESIGN §4): percent or a net amount, never a negative line."""

    class DiscountKind(models.TextChoices):
        NONE = "", _("No discount")
        PERCENT = money.Discount.PERCENT, _("Percent of the lines")
        AMOUNT = money.Discount.AMOUNT, _("Amount (net, EUR)")

    discount_kind = models.CharField(
        _("discount"), max_length=8, choices=DiscountKind.choices, default=DiscountKind.NONE, blank=True
    )
    discount_value = models.DecimalField(
        _("discount value"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[
            MinValueValidator(Decimal("0"), message=_("The discount cannot be negative.")),
            MaxValueValidator(rules.MAX_ORDER_NET, message=_("The discount can be at most 10,000,000.00 EUR.")),
        ],
    )
    discount_reason = models.CharField(_("reason for the discount"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def discount(self) -> money.Discount | None:
        if not self.discount_kind or not self.discount_value:
            return None
        return money.Discount(self.discount_kind, self.discount_value, self.discount_reason)


class ConfirmationChannel(models.TextChoices):
    """How a client's answer to an offer arrived."""

    LINK = "link", _("via e-mail link")
    PORTAL = "portal", _("via portal")


class Order(Discounted, TimeStampedModel):
    """A job a member does for a client through the cooperative (Auftrag)."""

    Status = OrderStatus

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="orders"
    )
    entity = models.ForeignKey("entities.IssuingEntity", verbose_name=_("entity"), on_delete=models.PROTECT)
    client = models.ForeignKey(
        "customers.Client", verbose_name=_("client"), null=True, blank=True, on_delete=models.PROTECT
    )
    status = models.CharField(_("status"), max_length=24, choices=OrderStatus.choices, default=OrderStatus.DRAFT)
    #: Where the income goes: a collective budget the member belongs to, or (empty) the member's personal
    #: budget of the entity, which is set here when the order is approved.
    budget = models.ForeignKey(
        "budget.Budget",
        verbose_name=_("budget"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    client_reference = models.CharField(
        _("client's reference"),
        max_length=100,
        blank=True,
        help_text=_("The client's purchase order number or reference, quoted on every invoice."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("service description"), blank=True)
    activity = models.CharField(_("activity"), max_length=200, blank=True)
    service_start = models.DateField(_("service period from"), null=True, blank=True)
    service_end = models.DateField(_("service period until"), null=True, blank=True)
    place_of_performance = models.CharField(_("place of performance"), max_length=200, blank=True)
    country_of_performance = CountryField(_("country of performance"), blank=True)
    offer_valid_until = models.DateField(_("offer valid until"), null=True, blank=True)
    skip_client_confirmation = models.BooleanField(_("skip client confirmation"), default=False)
    special_agreement = models.TextField(_("special agreement (note to the Smart team)"), blank=True)
    vat_exemption = models.CharField(
        _("VAT exemption"),
        max_length=200,
        blank=True,
        help_text=_(
            "Only for lines without VAT (0 %) to clients in the same country: the legal basis, e.g. “§ 4 Nr. 21 UStG”."
        ),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    expiry_reminder_sent_at = models.DateTimeField(_("expiry reminder sent at"), null=True, blank=True, editable=False)
    offer_pdf = models.FileField(_("offer PDF"), upload_to="offers/%Y/", blank=True, editable=False)
    offer_pdf_sha256 = models.CharField(_("offer PDF checksum (SHA-256)"), max_length=64, blank=True, editable=False)
    # Evidence of the client's online confirmation (DESIGN §4).
    confirmed_by_name = models.CharField(_("confirmed by"), max_length=200, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, editable=False)
    confirmed_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True, editable=False)
    confirmed_user_agent = models.CharField(_("browser"), max_length=500, blank=True, editable=False)
    confirmed_pdf_sha256 = models.CharField(
        _("SHA-256 of the confirmed offer"), max_length=64, blank=True, editable=False
    )
    confirmed_via = models.CharField(
        _("confirmed via"), max_length=8, choices=ConfirmationChannel.choices, blank=True, editable=False
    )
    # What the member keeps from the client portal (DESIGN §9: members may restrict, never widen).
    portal_hidden = models.BooleanField(_("hide from the client portal"), default=False)
    portal_hide_prices = models.BooleanField(_("hide prices in the client portal"), default=False)
    portal_hide_documents = models.BooleanField(_("hide documents in the client portal"), default=False)
    # Net total of the lines, kept in sync by the services so lists need no aggregation.
    net_total = models.DecimalField(_("net amount"), max_digits=12, decimal_places=2, default=Decimal("0.00"))

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["member", "entity", "-created_at", "-id"], name="order_member_list"),
            models.Index(fields=["member", "status", "-created_at"], name="order_member_status"),
            # The Smart team's queue: walked in submission order, only the few orders under review.
            models.Index(
                fields=["entity", "submitted_at", "id"],
                condition=models.Q(status__in=["smart_review", "cancellation_review"]),
                name="order_review_queue",
            ),
            models.Index(fields=["status", "offer_valid_until"], name="order_status_offer"),
            # The Smart team's list of all orders of an entity, newest first.
            models.Index(fields=["entity", "-created_at", "-id"], name="order_entity_list"),
            # The client portal's list of a client's orders.
            models.Index(fields=["client", "-created_at", "-id"], name="order_client_list"),
            # The client portal's documents: offers, newest first.
            models.Index(
                fields=["client", "-submitted_at", "-id"], condition=~models.Q(offer_pdf=""), name="order_client_offers"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"

    #: The statuses in which an order is invoiced: its planned invoices are drafted and the member
    #: may add invoices (DESIGN §5). Invoicing asks this instead of naming order statuses.
    INVOICEABLE = (OrderStatus.ACTIVE,)

    @property
    def is_invoiceable(self) -> bool:
        return self.status in self.INVOICEABLE

    @property
    def payment_guarantee(self) -> bool:
        """Online confirmation by the client, or skipped confirmation with an uploaded proof (DESIGN §4)."""
        if self.confirmed_at is not None:
            return True
        return self.skip_client_confirmation and any(
            attachment.kind == OrderAttachment.Kind.CONFIRMATION_PROOF for attachment in self.attachments.all()
        )

    def totals(self) -> money.Totals:
        return money.totals(
            ((line.quantity, line.unit_price, line.vat_rate) for line in self.lines.all()), self.discount
        )


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    description = models.CharField(_("description"), max_length=500)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=3, validators=QUANTITY_LIMITS)
    unit = models.CharField(_("unit"), max_length=30, choices=Unit.choices, default=Unit.PIECE)
    unit_price = models.DecimalField(
        _("unit price (net)"), max_digits=12, decimal_places=2, validators=UNIT_PRICE_LIMITS
    )
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=5, decimal_places=2, choices=vat.RATE_CHOICES)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description

    @property
    def net(self) -> Decimal:
        return money.line_net(self.quantity, self.unit_price)


class PlannedInvoice(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="planned_invoices", verbose_name=_("order"))
    date = models.DateField(_("invoice date"))
    amount = models.DecimalField(
        _("amount (net)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(rules.MAX_ORDER_NET)],
    )

    class Meta:
        verbose_name = _("planned invoice")
        verbose_name_plural = _("planned invoices")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date}: {self.amount}"


class OrderComment(models.Model):
    """A message between the member and the Smart team about one order."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="comments", verbose_name=_("order"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    by_staff = models.BooleanField(_("by the Smart team"), default=False)
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:50]


class ConfirmationLink(models.Model):
    """The single-purpose link that lets the client answer one offer without logging in.

    Only the SHA-256 of the token is stored; the token itself exists only in the e-mail.
    """

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="confirmation_links", verbose_name=_("order")
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("confirmation link")
        verbose_name_plural = _("confirmation links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.order_id} {self.created_at:%Y-%m-%d}"


class OrderAttachment(models.Model):
    """A file on an order: any attachment, or the proof that the client confirmed otherwise."""

    class Kind(models.TextChoices):
        ATTACHMENT = "attachment", _("Attachment")
        CONFIRMATION_PROOF = "confirmation_proof", _("Proof of the client's confirmation")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("order"))
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices, default=Kind.ATTACHMENT)
    file = models.FileField(_("file"), upload_to="order-files/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    shared_with_client = models.BooleanField(_("share with the client"), default=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


def payment_guarantee_q(prefix: str = "") -> models.Q:
    """``Order.payment_guarantee`` as a query condition; ``prefix`` leads from the queried model to the
    order (e.g. ``"order__"`` for invoices)."""
    proof = OrderAttachment.objects.filter(
        order_id=models.OuterRef(f"{prefix}pk" if prefix else "pk"), kind=OrderAttachment.Kind.CONFIRMATION_PROOF
    )
    return models.Q(**{f"{prefix}confirmed_at__isnull": False}) | (
        models.Q(**{f"{prefix}skip_client_confirmation": True}) & models.Q(models.Exists(proof))
    )
