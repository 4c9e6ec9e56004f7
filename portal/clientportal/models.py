"""The client portal (Kundenportal, DESIGN §9): settings, contacts' access and their requests."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.core.models import StoredDocument, TimeStampedModel
from portal.orders import rules


class RequestType(models.TextChoices):
    """What a client contact can ask a member for; the settings name the types a client may use."""

    QUOTE = "quote", _("Request for a quote")
    BOOKING = "booking", _("Booking")
    CHANGE = "change", _("Change to an order")
    QUESTION = "question", pgettext_lazy("client request type", "Question")


def all_request_types() -> list[str]:
    return [choice.value for choice in RequestType]


class EntityPortalSettings(models.Model):
    """What the portal shows the clients of one entity unless a client's own settings say otherwise."""

    entity = models.OneToOneField(
        "entities.IssuingEntity", on_delete=models.CASCADE, related_name="portal_settings", verbose_name=_("entity")
    )
    show_invoices = models.BooleanField(_("show invoices"), default=True)
    show_prices = models.BooleanField(_("show prices"), default=True)
    show_documents = models.BooleanField(_("show documents"), default=True)
    request_types = models.JSONField(_("allowed request types"), default=all_request_types, blank=True)
    requests_need_acceptance = models.BooleanField(_("requests need the member's acceptance"), default=True)
    contacts_may_edit_profile = models.BooleanField(_("contacts may edit the client's profile"), default=False)

    class Meta:
        verbose_name = _("client portal settings of an entity")
        verbose_name_plural = _("client portal settings of entities")

    def __str__(self) -> str:
        return str(self.entity_id)


class ClientPortalSettings(TimeStampedModel):
    """A client's own portal settings; an empty value follows the entity's default."""

    client = models.OneToOneField(
        "customers.Client", on_delete=models.CASCADE, related_name="portal_settings", verbose_name=_("client")
    )
    show_invoices = models.BooleanField(_("show invoices"), null=True, blank=True)
    show_prices = models.BooleanField(_("show prices"), null=True, blank=True)
    show_documents = models.BooleanField(_("show documents"), null=True, blank=True)
    request_types = models.JSONField(_("allowed request types"), null=True, blank=True)
    requests_need_acceptance = models.BooleanField(_("requests need the member's acceptance"), null=True, blank=True)
    contacts_may_edit_profile = models.BooleanField(_("contacts may edit the client's profile"), null=True, blank=True)

    class Meta:
        verbose_name = _("client portal settings of a client")
        verbose_name_plural = _("client portal settings of clients")

    def __str__(self) -> str:
        return str(self.client_id)


class ContactAccess(TimeStampedModel):
    """A person's access to one client's portal and what they may do there.

    The access itself is the person's client-contact role; this row keeps the permissions and survives
    a deactivation (the role is removed then), so access can be given back as it was.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_accesses", verbose_name=_("person")
    )
    client = models.ForeignKey(
        "customers.Client", on_delete=models.CASCADE, related_name="portal_accesses", verbose_name=_("client")
    )
    may_confirm = models.BooleanField(_("may confirm orders"), default=True)
    may_request = models.BooleanField(_("may send requests"), default=True)
    may_see_invoices = models.BooleanField(_("may see invoices"), default=True)
    active = models.BooleanField(_("access active"), default=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)

    class Meta:
        verbose_name = _("client portal access")
        verbose_name_plural = _("client portal accesses")
        ordering = ["client", "user__last_name", "user__email"]
        constraints = [models.UniqueConstraint(fields=["user", "client"], name="one_access_per_client_contact")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.client_id}"

    @property
    def view_only(self) -> bool:
        return not (self.may_confirm or self.may_request or self.may_see_invoices)


class ClientRequestStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("client request status", "Received")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ClientRequest(TimeStampedModel):
    """A client's request (Anfrage) to a member, which the member turns into an order draft or declines."""

    Status = ClientRequestStatus

    client = models.ForeignKey(
        "customers.Client", on_delete=models.PROTECT, related_name="portal_requests", verbose_name=_("client")
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="client_requests",
        verbose_name=_("member"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ClientRequestStatus.choices, default=ClientRequestStatus.SUBMITTED
    )
    kind = models.CharField(_("type"), max_length=16, choices=RequestType.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10000)
    desired_start = models.DateField(_("desired from"), null=True, blank=True)
    desired_end = models.DateField(_("desired until"), null=True, blank=True)
    budget_idea = models.DecimalField(
        _("budget idea (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, message=_("The budget cannot be negative.")),
            MaxValueValidator(rules.MAX_ORDER_NET, message=_("The budget can be at most 10,000,000.00 EUR.")),
        ],
    )
    order = models.OneToOneField(
        "orders.Order",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="client_request",
        verbose_name=_("order"),
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("client request")
        verbose_name_plural = _("client requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["client", "-created_at", "-id"], name="client_request_list"),
            models.Index(fields=["member", "-created_at", "-id"], name="member_request_list"),
            models.Index(fields=["member"], condition=Q(status="submitted"), name="member_request_open"),
        ]

    def __str__(self) -> str:
        return self.title


class ClientRequestFile(StoredDocument):
    request = models.ForeignKey(
        ClientRequest, on_delete=models.CASCADE, related_name="files", verbose_name=_("request")
    )
    file = models.FileField(_("file"), upload_to="client-requests/%Y/%m/")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
