"""The development e-mail backend prints one compact block per e-mail, never bodies or attachments."""

import io
from email.mime.application import MIMEApplication

from django.core.mail import EmailMultiAlternatives, get_connection

from portal.core.mail_backends import links

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 200  # 51 209 bytes, prints thousands of base64 lines in full


def send(message: EmailMultiAlternatives) -> str:
    stream = io.StringIO()
    connection = get_connection("portal.core.mail_backends.CompactConsoleBackend", stream=stream)
    message.connection = connection
    assert message.send() == 1
    return stream.getvalue()


def test_prints_recipient_subject_and_links_never_the_attachment():
    message = EmailMultiAlternatives(
        "Rechnung SC-2026-00001",
        "Hallo Anna,\n\ndeine Rechnung: http://127.0.0.1:8123/invoices/7/.\n"
        "Passwort: https://portal.example/reset/abc-def/ (gilt 3 Tage)\nNochmals: http://127.0.0.1:8123/invoices/7/\n",
        "portal@smart.example",
        ["client@example.com"],
    )
    message.attach_alternative("<p>HTML-only text <a href='http://html.example/'>link</a></p>", "text/html")
    message.attach("SC-2026-00001.pdf", PDF, "application/pdf")

    output = send(message)

    assert output.splitlines() == [
        "✉ to client@example.com: Rechnung SC-2026-00001",
        "  http://127.0.0.1:8123/invoices/7/",
        "  https://portal.example/reset/abc-def/",
        "  attachment: SC-2026-00001.pdf (50.0 kB)",
    ]


def test_mime_attachments_are_summarised_too():
    message = EmailMultiAlternatives("Subject", "No links here.", "a@example.com", ["b@example.com", "c@example.com"])
    part = MIMEApplication(b"x" * 2048, Name="x.bin")
    part.add_header("Content-Disposition", "attachment", filename="x.bin")
    message.attach(part)

    assert send(message) == "✉ to b@example.com, c@example.com: Subject\n  attachment: x.bin (2.0 kB)\n"


def test_links_drop_trailing_punctuation_and_duplicates():
    text = "See http://a.example/x, then (https://b.example/y) and http://a.example/x."
    assert links(text) == ["http://a.example/x", "https://b.example/y"]
