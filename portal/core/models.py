from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class StoredDocument(models.Model):
    """What is kept of an uploaded file besides the file itself (``portal.core.uploads.store_upload``)."""

    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    file_hash = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One thing that happened to one object: who, when, from which state to which, why.

    Append-only: the database refuses to UPDATE or DELETE its rows (``portal.core.immutability``), so
    neither the actor nor the target type can be deleted while an entry names them (PROTECT).
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("target type")
    )
    target_id = models.CharField(_("target ID"), max_length=64)
    from_state = models.CharField(_("from"), max_length=32, blank=True)
    to_state = models.CharField(_("to"), max_length=32, blank=True)
    message = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type_id}:{self.target_id}"

    @property
    def label(self):
        from portal.core.audit import action_label

        return action_label(self.action)

    @property
    def facts(self) -> str:
        """The amount, day and invoice of ``data`` (recorded neutrally, see ``audit.money_facts``) as
        the reader writes them: “1.234,50 EUR (04.12.2026) → SC-2026-00001”."""
        from portal.core.audit import describe_facts

        return describe_facts(self.data)


class OutboundEmail(models.Model):
    """An e-mail written in the same transaction as the change that caused it; a task sends it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipient = models.EmailField(_("recipient"), db_index=True)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recipient (user)"),
    )
    entity = models.ForeignKey(
        "entities.IssuingEntity",
        verbose_name=_("entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    template = models.CharField(_("template"), max_length=100)
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    sensitive = models.BooleanField(
        _("contains secrets"),
        default=False,
        help_text=_("Contains secrets (links, passwords); the body is never shown to staff."),
    )
    #: Stored files sent along: ``[storage name, file name, content type]`` each.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    related_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("related object type"),
    )
    related_id = models.CharField(_("related object ID"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    #: Generated once and sent with every attempt, so a resend after an unknown outcome (a worker killed
    #: mid-send) is recognisable as the same message by the receiving servers.
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    #: When the secrets in the body of a sensitive mail were removed after it was sent.
    redacted_at = models.DateTimeField(_("content removed"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["related_type", "related_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient}"
