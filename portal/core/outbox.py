"""Transactional e-mail outbox.

``queue_email`` renders a localized e-mail and stores it in the same database transaction as the
business change that caused it; after commit a task delivers it. Delivery claims the row with a
conditional UPDATE, so a mail is never sent twice, and failed deliveries are retried with backoff.
"""

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.core.models import OutboundEmail

logger = logging.getLogger(__name__)

#: Categories a user may switch off in the notification settings; anything else is always sent.
OPTIONAL_CATEGORIES = ("orders", "invoices", "budget", "community", "news")
STALE_SENDING_AFTER = timedelta(hours=1)


def render_email(template: str, context: dict[str, Any], language: str) -> tuple[str, str, str]:
    """Render subject, text and HTML body of ``emails/<template>.*`` in ``language``."""
    context = {"portal_url": settings.PORTAL_BASE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{template}.subject.txt", context).strip()
        subject = " ".join(subject.split())
        text = render_to_string(f"emails/{template}.txt", context).strip() + "\n"
        html = render_to_string(f"emails/{template}.html", {**context, "subject": subject})
    return subject, text, html


def wants_email(user: Any, category: str) -> bool:
    if user is None or category not in OPTIONAL_CATEGORIES:
        return True
    return bool(getattr(user, f"notify_{category}", True))


def queue_email(
    *,
    to: Any,
    template: str,
    context: dict[str, Any] | None = None,
    category: str = "account",
    related: models.Model | None = None,
    entity: Any = None,
    language: str | None = None,
    sensitive: bool = False,
    attachments: list | None = None,
) -> OutboundEmail | None:
    """Store an e-mail for ``to`` (a user or an address) and deliver it after commit.

    Returns ``None`` when the recipient switched this category off.
    """
    user = None if isinstance(to, str) else to
    if not wants_email(user, category):
        return None
    address = to if user is None else user.email
    language = language or getattr(user, "language", None) or settings.LANGUAGE_CODE
    subject, text, html = render_email(template, {"recipient": user, **(context or {})}, language)
    return store_email(
        recipient=address,
        user=user,
        template=template,
        language=language,
        subject=subject,
        text=text,
        html=html,
        sensitive=sensitive,
        related=related,
        entity=entity,
        attachments=attachments,
    )


def store_email(
    *,
    recipient: str,
    user: Any,
    template: str,
    language: str,
    subject: str,
    text: str,
    html: str = "",
    sensitive: bool = False,
    related: models.Model | None = None,
    entity: Any = None,
    attachments: list | None = None,
) -> OutboundEmail:
    """Store an already rendered e-mail and deliver it after the surrounding transaction commits."""
    email = OutboundEmail.objects.create(
        recipient=recipient,
        recipient_user=user,
        entity=entity,
        template=template,
        language=language,
        subject=subject,
        body_text=text,
        body_html=html,
        sensitive=sensitive,
        attachments=[list(attachment) for attachment in attachments or []],
        related_type=ContentType.objects.get_for_model(related) if related is not None else None,
        related_id=str(related.pk) if related is not None else "",
    )
    transaction.on_commit(lambda: _enqueue_delivery(email.pk))
    return email


def _enqueue_delivery(email_id: int) -> None:
    from portal.core.tasks import deliver_email

    deliver_email.enqueue(email_id)


def deliver(email_id: int) -> bool:
    """Send one queued e-mail. Returns True when this call sent it."""
    claimed = OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.PENDING).update(
        status=OutboundEmail.Status.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
    )
    if not claimed:
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(email.subject, email.body_text, settings.DEFAULT_FROM_EMAIL, [email.recipient])
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        for name, filename, content_type in email.attachments:
            with default_storage.open(name, "rb") as stored:
                message.attach(filename, stored.read(), content_type)
        message.send()
    except Exception as exc:  # any transport error is retried later
        logger.warning("E-mail %s failed (attempt %s): %s", email.pk, email.attempts, exc)
        email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            email.status = OutboundEmail.Status.FAILED
        else:
            email.status = OutboundEmail.Status.PENDING
            email.next_attempt_at = timezone.now() + timedelta(minutes=2**email.attempts)
        email.save(update_fields=["status", "last_error", "next_attempt_at"])
        return False
    email.status = OutboundEmail.Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    email.save(update_fields=["status", "sent_at", "last_error"])
    return True


def deliver_due(now=None, limit: int = 200) -> int:
    """Send pending e-mails whose (re)try is due. Safe to run concurrently with the worker."""
    now = now or timezone.now()
    due = (
        OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING)
        .filter(models.Q(next_attempt_at__isnull=True) | models.Q(next_attempt_at__lte=now))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = sum(1 for pk in list(due) if deliver(pk))
    # A delivery that died mid-way may or may not have reached the server: never resend it blindly.
    OutboundEmail.objects.filter(status=OutboundEmail.Status.SENDING, claimed_at__lt=now - STALE_SENDING_AFTER).update(
        status=OutboundEmail.Status.FAILED, last_error="Delivery interrupted; state unknown, not resent."
    )
    return sent
