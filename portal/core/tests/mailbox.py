"""What recipients got: sensitive mails lose their links in the outbox once sent, so tests that follow a
link read the delivered message."""

from django.core import mail

from portal.core.models import OutboundEmail


def delivered_text(email: OutboundEmail) -> str:
    """The text body of ``email`` as delivered (matched by Message-ID), or as stored while unsent."""
    for message in reversed(mail.outbox):
        if message.extra_headers.get("Message-ID") == email.message_id:
            return str(message.body)
    return email.body_text
