"""Outbox: secrets leave stored bodies once sent, staff send failed mails again, plain text is not escaped."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from conftest import logged_in
from portal.accounts.models import Role
from portal.core import outbox
from portal.core.errors import BusinessError
from portal.core.models import AuditEntry, OutboundEmail
from portal.core.tests.test_outbox import SET_PASSWORD_PATH, queue_welcome
from portal.invoicing.tests.factories import DESIGN, client_in, issued_invoice
from portal.orders import confirmation
from portal.orders.tests.factories import complete_order

pytestmark = pytest.mark.django_db

FAILING = "portal.core.tests.failing_backend.FailingBackend"


def resend(http, email: OutboundEmail):
    return http.post(reverse("backoffice:email_resend", args=[email.pk]), follow=True)


def failed_mail(member, entities, **extra) -> OutboundEmail:
    with override_settings(EMAIL_BACKEND=FAILING, OUTBOX_MAX_ATTEMPTS=1):
        email = queue_welcome(member, entities["SC"], **extra)
        outbox.deliver(email.pk)
    email.refresh_from_db()
    assert email.status == "failed"
    return email


# --- redaction ------------------------------------------------------------------------------------


def test_a_sensitive_mail_loses_its_links_once_sent(member, entities):
    email = queue_welcome(member, entities["SC"], sensitive=True)
    assert SET_PASSWORD_PATH in email.body_text and SET_PASSWORD_PATH in email.body_html
    assert outbox.deliver(email.pk) is True
    assert SET_PASSWORD_PATH in mail.outbox[0].body  # the recipient got the link
    email.refresh_from_db()
    assert email.redacted_at and email.status == "sent"
    assert "tok-123" not in email.body_text and "tok-123" not in email.body_html
    assert "[Link nach dem Versand entfernt]" in email.body_text  # in the recipient's language
    assert (email.subject, email.recipient) == ("Dein Konto im Smart Portal von Smart eG", member.email)


def test_an_ordinary_mail_keeps_its_body(member, entities):
    email = queue_welcome(member, entities["SC"])
    outbox.deliver(email.pk)
    email.refresh_from_db()
    assert SET_PASSWORD_PATH in email.body_text and email.redacted_at is None


def test_a_password_reset_mail_goes_through_the_outbox_and_is_redacted(member, client):
    client.post(reverse("account_reset_password"), {"email": member.email})
    email = OutboundEmail.objects.get(recipient=member.email)
    assert email.sensitive and "/accounts/password/reset/key/" in email.body_text
    outbox.deliver(email.pk)
    email.refresh_from_db()
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body
    assert "/accounts/password/reset/key/" not in email.body_text + email.body_html


def test_the_order_confirmation_link_is_sensitive_and_redacted(member, entities, customer):
    order = complete_order(member, entities["SC"], customer)
    token = confirmation.issue_link(order)
    email = OutboundEmail.objects.get(template="order_confirmation_request")
    assert email.sensitive and token in email.body_text
    outbox.deliver(email.pk)
    email.refresh_from_db()
    assert token in mail.outbox[-1].body and token not in email.body_text + email.body_html


# --- resend ---------------------------------------------------------------------------------------


def test_staff_resend_a_failed_mail_with_the_same_message_id(
    member, staff, staff_http, entities, django_capture_on_commit_callbacks
):
    email = failed_mail(member, entities, sensitive=True)  # never sent, so nothing was redacted yet
    page = staff_http.get(reverse("backoffice:email_detail", args=[email.pk])).content.decode()
    assert 'data-testid="resend"' in page and "data-confirm=" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = resend(staff_http, email)
    assert "wird erneut gesendet" in response.content.decode() or "being sent again" in response.content.decode()
    email.refresh_from_db()
    assert email.status == "sent" and email.attempts == 1 and email.redacted_at
    assert mail.outbox[-1].extra_headers["Message-ID"] == email.message_id
    assert SET_PASSWORD_PATH in mail.outbox[-1].body
    entry = AuditEntry.objects.get(action="email.resent", target_id=str(email.pk))
    assert (entry.actor, entry.from_state) == (staff, "failed")


def test_a_redacted_mail_cannot_be_resent(member, staff_http, entities):
    email = queue_welcome(member, entities["SC"], sensitive=True)
    outbox.deliver(email.pk)
    page = staff_http.get(reverse("backoffice:email_detail", args=[email.pk])).content.decode()
    assert 'data-testid="resend-refused"' in page and 'data-testid="resend"' not in page
    response = resend(staff_http, email)
    assert "cannot be sent again" in response.content.decode() or "nicht erneut" in response.content.decode()
    assert OutboundEmail.objects.count() == 1
    with pytest.raises(BusinessError):
        outbox.email_resend(email_id=email.pk, actor=None)


def test_a_sent_mail_is_resent_as_a_copy_with_a_new_message_id(member, staff_http, entities):
    email = queue_welcome(member, entities["SC"])
    outbox.deliver(email.pk)
    resend(staff_http, email)
    copy = OutboundEmail.objects.exclude(pk=email.pk).get()
    assert (copy.recipient, copy.subject, copy.body_text) == (email.recipient, email.subject, email.body_text)
    assert copy.message_id and copy.message_id != OutboundEmail.objects.get(pk=email.pk).message_id
    assert OutboundEmail.objects.get(pk=email.pk).status == "sent"


def test_a_mail_waiting_to_be_sent_is_not_queued_twice(member, entities):
    email = queue_welcome(member, entities["SC"])
    with pytest.raises(BusinessError):
        outbox.email_resend(email_id=email.pk, actor=None)


@pytest.mark.parametrize("persona", ["staff_at", "member", "client_contact", "outsider"])
def test_others_get_404_when_resending(request, persona, member, entities):
    email = failed_mail(member, entities)
    http = logged_in(request.getfixturevalue(persona))
    assert http.post(reverse("backoffice:email_resend", args=[email.pk])).status_code == 404
    assert http.get(reverse("backoffice:email_detail", args=[email.pk])).status_code == 404
    email.refresh_from_db()
    assert email.status == "failed"


def test_resend_needs_post(member, staff_http, entities):
    email = failed_mail(member, entities)
    assert staff_http.get(reverse("backoffice:email_resend", args=[email.pk])).status_code == 405


def test_superusers_resend_mails_of_any_entity_and_account_mails(admin, member, entities):
    Role.objects.create(user=admin, kind=Role.Kind.STAFF, entity=entities["SC"])
    http = logged_in(admin)
    other_entity = failed_mail(member, {"SC": entities["AT"]})
    account_mail = failed_mail(member, {"SC": None})
    for email in (other_entity, account_mail):
        resend(http, email)
        email.refresh_from_db()
        assert email.status == "pending" and email.attempts == 0


# --- plain text is not escaped --------------------------------------------------------------------

HOSTILE = "Müller & Söhne <GmbH> \"Nord\" 'Süd'"


def test_plain_text_and_subjects_are_not_html_escaped(member, entities):
    invoice = issued_invoice(member, entities["SC"], client_in("DE", name=HOSTILE), [DESIGN], title=HOSTILE)
    email = OutboundEmail.objects.get(template="invoice_issued_member", related_id=str(invoice.pk))
    assert HOSTILE in email.subject
    assert HOSTILE in email.body_text and "&amp;" not in email.body_text and "&lt;" not in email.body_text
    assert "Müller &amp; Söhne &lt;GmbH&gt;" in email.body_html and HOSTILE not in email.body_html


def test_plain_text_templates_render_lazy_translations(member, entities, customer):
    order = complete_order(member, entities["SC"], customer, title=HOSTILE)
    subject, text, _html = outbox.render_email(
        "order_event", {"recipient": member, "order": order, "event": "approve", "reason": "A & B"}, "de"
    )
    assert HOSTILE in subject and "A & B" in text and not re.search(r"&(amp|lt|gt|quot|#x27|#39);", subject + text)
