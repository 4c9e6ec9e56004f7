"""E-mail backends for development.

``CompactConsoleBackend`` prints one short block per e-mail (recipient, subject, the links of the
text body, attachment names and sizes) instead of the whole MIME message, so the development
console stays readable: a PDF attachment would otherwise print thousands of lines of base64.
"""

import re
import sys
import threading
from collections.abc import Sequence
from email.mime.base import MIMEBase
from typing import Any, TextIO

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

LINK = re.compile(r"https?://[^\s<>\"')\]]+")


def links(text: str) -> list[str]:
    """The distinct http(s) links of ``text`` in order of appearance (trailing punctuation dropped)."""
    found: list[str] = []
    for match in LINK.findall(text):
        link = match.rstrip(".,;:!?")
        if link not in found:
            found.append(link)
    return found


def attachment_summary(attachment: Any) -> str:
    """``name (size)`` of an attachment given as a MIME part or as a (filename, content, mimetype) tuple."""
    if isinstance(attachment, MIMEBase):
        name = attachment.get_filename() or attachment.get_content_type()
        payload = attachment.get_payload(decode=True)
        size = len(payload) if isinstance(payload, bytes) else 0
    else:
        filename, content, mimetype = attachment
        name = filename or mimetype or "attachment"
        size = len(content.encode() if isinstance(content, str) else content or b"")
    return f"{name} ({_size(size)})"


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} kB"
    return f"{size / (1024 * 1024):.1f} MB"


def summary(message: EmailMessage) -> str:
    """The block printed for one e-mail."""
    lines = [f"✉ to {', '.join(message.recipients())}: {message.subject}"]
    lines += [f"  {link}" for link in links(str(message.body or ""))]
    lines += [f"  attachment: {attachment_summary(attachment)}" for attachment in message.attachments]
    return "\n".join(lines) + "\n"


class CompactConsoleBackend(BaseEmailBackend):
    """Prints recipient, subject, links and attachment names of every e-mail; never bodies or attachments."""

    def __init__(self, *args: Any, stream: TextIO | None = None, **kwargs: Any) -> None:
        self.stream = stream or sys.stdout
        self._lock = threading.RLock()
        super().__init__(*args, **kwargs)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        with self._lock:
            for message in email_messages:
                try:
                    self.stream.write(summary(message))
                    self.stream.flush()
                except Exception:
                    if not self.fail_silently:
                        raise
                else:
                    sent += 1
        return sent
