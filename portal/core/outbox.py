"""Transactional e-mail outbox: every mail is delivered at least once, and never twice at the same time.

``queue_email`` renders a localized e-mail and stores it in the same database transaction as the
business change that caused it; after commit a task delivers it (and ``send_queued_emails`` picks up
whatever the task missed). Delivery claims the row with a conditional UPDATE, so two workers never send
the same row at once; failed deliveries are retried with backoff. A delivery whose worker died mid-send
has an unknown outcome: it is retried, with the Message-ID generated when the mail was queued, so a
receiving server that already got it recognises the second copy as the same message. Sensitive mails
(links with tokens) lose their secrets once sent.
"""

import logging
import re
from datetime import datetime, timedelta
from email.utils import make_msgid, parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import F
from django.template import Context, engines
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.audit import audit_record, register_action_labels
from portal.core.errors import BusinessError
from portal.core.models import OutboundEmail

logger = logging.getLogger(__name__)

#: Categories a user may switch off in the notification settings; anything else is always sent.
OPTIONAL_CATEGORIES = ("orders", "invoices", "budget", "community", "news")
#: A row claimed longer ago than this was abandoned by its worker (killed, machine restarted): sending a
#: mail takes seconds, so after this long it is safe to assume nobody is still sending it.
STALE_SENDING_AFTER = timedelta(minutes=15)
#: Any link with a path or query in a sensitive mail may carry a token (confirmation, password reset).
_URL = re.compile(r"https?://[^\s<>\"']+")

register_action_labels({"email.resent": gettext_lazy("E-mail sent again")})


def render_email(template: str, context: dict[str, Any], language: str) -> tuple[str, str, str]:
    """Render subject, text and HTML body of ``emails/<template>.*`` in ``language``.

    Subject and text body are plain text: they are rendered without HTML autoescaping, so a client
    named "Müller & Söhne" is not mailed as "Müller &amp; Söhne". Only the HTML body is escaped.
    """
    context = {"portal_url": settings.PORTAL_BASE_URL, **context}
    with translation.override(language):
        subject = _render_plain(f"emails/{template}.subject.txt", context).strip()
        subject = " ".join(subject.split())
        text = _render_plain(f"emails/{template}.txt", context).strip() + "\n"
        html = render_to_string(f"emails/{template}.html", {**context, "subject": subject})
    return subject, text, html


def _render_plain(name: str, context: dict[str, Any]) -> str:
    template = engines["django"].engine.get_template(name)  # type: ignore[attr-defined]
    return str(template.render(Context(context, autoescape=False)))


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
        message_id=new_message_id(),
        attachments=[list(attachment) for attachment in attachments or []],
        related_type=ContentType.objects.get_for_model(related) if related is not None else None,
        related_id=str(related.pk) if related is not None else "",
    )
    transaction.on_commit(lambda: _enqueue_delivery(email.pk))
    return email


def new_message_id() -> str:
    """A globally unique Message-ID in the portal's mail domain."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    return make_msgid(domain=domain or urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost")


def _enqueue_delivery(email_id: int) -> None:
    from portal.core.tasks import deliver_email

    deliver_email.enqueue(email_id)


def deliver(email_id: int) -> bool:
    """Send one queued e-mail. Returns True when this call sent it.

    The claim is a conditional UPDATE (``pending → sending``): of two workers only one sends the row.
    """
    claimed = OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.PENDING).update(
        status=OutboundEmail.Status.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
    )
    if not claimed:
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    if not email.message_id:  # queued before Message-IDs were stored: fix one before the first attempt
        email.message_id = new_message_id()
        email.save(update_fields=["message_id"])
    message = EmailMultiAlternatives(
        email.subject,
        email.body_text,
        settings.DEFAULT_FROM_EMAIL,
        [email.recipient],
        headers={"Message-ID": email.message_id},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        for name, filename, content_type in email.attachments:
            with default_storage.open(name, "rb") as stored:
                message.attach(filename, stored.read(), content_type)
        message.send()
    except Exception as exc:  # any transport error is retried later
        logger.warning("E-mail %s failed (attempt %s): %s", email.pk, email.attempts, exc)
        _schedule_retry(email, f"{type(exc).__name__}: {exc}")
        return False
    email.status = OutboundEmail.Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    fields = ["status", "sent_at", "last_error"]
    if email.sensitive:
        _redact(email)
        fields += ["body_text", "body_html", "redacted_at"]
    email.save(update_fields=fields)
    return True


def _schedule_retry(email: OutboundEmail, error: str) -> None:
    email.last_error = error[:2000]
    if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        email.status = OutboundEmail.Status.FAILED
    else:
        email.status = OutboundEmail.Status.PENDING
        email.next_attempt_at = timezone.now() + timedelta(minutes=2**email.attempts)
    email.save(update_fields=["status", "last_error", "next_attempt_at"])


def _redact(email: OutboundEmail) -> None:
    """Remove the links of a sent sensitive mail (they carry tokens); subject and recipient stay."""
    with translation.override(email.language or settings.LANGUAGE_CODE):
        removed = _("[link removed after sending]")

    def replace(match: re.Match[str]) -> str:
        parts = urlsplit(match.group(0))
        return removed if parts.path.strip("/") or parts.query or parts.fragment else match.group(0)

    email.body_text = _URL.sub(replace, email.body_text)
    email.body_html = _URL.sub(replace, email.body_html)
    email.redacted_at = timezone.now()


def recover_interrupted(now: datetime | None = None) -> int:
    """Rows whose worker died mid-send go back to the queue (the attempt counts), or fail after the
    last attempt. Returns how many were given back for a retry."""
    now = now or timezone.now()
    stale = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENDING, claimed_at__lt=now - STALE_SENDING_AFTER)
    error = "Delivery interrupted; outcome unknown."
    # Conditional UPDATEs: a worker that finishes meanwhile has moved the row on, and nothing changes.
    stale.filter(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS).update(
        status=OutboundEmail.Status.FAILED, last_error=error
    )
    return stale.update(
        status=OutboundEmail.Status.PENDING,
        next_attempt_at=now,
        last_error=f"{error} Retried with the same Message-ID.",
    )


def deliver_due(now: datetime | None = None, limit: int = 200) -> int:
    """Send pending e-mails whose (re)try is due. Safe to run concurrently with the worker."""
    now = now or timezone.now()
    recover_interrupted(now)
    due = (
        OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING)
        .filter(models.Q(next_attempt_at__isnull=True) | models.Q(next_attempt_at__lte=now))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for pk in list(due) if deliver(pk))


def email_resend(*, email_id: int, actor: Any) -> OutboundEmail:
    """Staff send a mail again: a failed one is queued once more (same Message-ID, fresh attempts); a
    sent one is copied with a new Message-ID, unless its confidential content was removed after sending.
    Returns the mail that will be delivered."""
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().get(pk=email_id)
        previous = email.status
        if email.redacted_at:
            raise BusinessError(
                _(
                    "This e-mail contained confidential links, which were removed after sending; it cannot be "
                    "sent again. Please trigger a new e-mail instead (e.g. a new confirmation or reset link)."
                )
            )
        if email.status == OutboundEmail.Status.FAILED:
            email.status = OutboundEmail.Status.PENDING
            email.attempts = 0
            email.next_attempt_at = None
            email.claimed_at = None
            email.save(update_fields=["status", "attempts", "next_attempt_at", "claimed_at"])
            queued = email
        elif email.status == OutboundEmail.Status.SENT:
            queued = OutboundEmail.objects.create(
                **{
                    field: getattr(email, field)
                    for field in (
                        "recipient",
                        "recipient_user",
                        "entity",
                        "template",
                        "language",
                        "subject",
                        "body_text",
                        "body_html",
                        "sensitive",
                        "attachments",
                        "related_type",
                        "related_id",
                    )
                },
                message_id=new_message_id(),
            )
        else:
            raise BusinessError(_("This e-mail is still waiting to be sent."))
        audit_record(actor=actor, action="email.resent", target=email, from_state=previous, data={"queued": queued.pk})
        transaction.on_commit(lambda: _enqueue_delivery(queued.pk))
    return queued
