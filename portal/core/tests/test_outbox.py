from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from portal.core import outbox
from portal.core.models import OutboundEmail

pytestmark = pytest.mark.django_db


#: A link with a one-time token, as in the welcome mail.
SET_PASSWORD_PATH = "/accounts/password/set/tok-123/"


def queue_welcome(user, entity, **extra):
    return outbox.queue_email(
        to=user,
        template="member_welcome",
        context={"set_password_path": SET_PASSWORD_PATH, "valid_days": 3, "entity": entity},
        entity=entity,
        **extra,
    )


def test_email_is_written_in_the_transaction_and_sent_after_commit(
    member, entities, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_welcome(member, entities["SC"])
        assert OutboundEmail.objects.get().status == "pending"
        assert mail.outbox == []
    email.refresh_from_db()
    assert email.status == "sent" and email.attempts == 1 and email.sent_at
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Dein Konto im Smart Portal von Smart eG"
    assert f"http://127.0.0.1:8000{SET_PASSWORD_PATH}" in message.body
    assert message.alternatives[0][1] == "text/html" and '<html lang="de">' in message.alternatives[0][0]


def test_rolled_back_change_sends_nothing(member, entities, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                queue_welcome(member, entities["SC"])
                raise RuntimeError("business change failed")
        except RuntimeError:
            pass
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_email_is_rendered_in_the_recipients_language(member, entities):
    member.language = "en"
    email = queue_welcome(member, entities["SC"])
    assert email.language == "en" and email.subject == "Your account in the Smart Portal of Smart eG"
    assert "Choose your password with this link" in email.body_text and "tok-123" in email.body_text


def test_delivery_never_sends_twice(member, entities):
    email = queue_welcome(member, entities["SC"])
    assert outbox.deliver(email.pk) is True
    assert outbox.deliver(email.pk) is False
    assert outbox.deliver_due() == 0
    assert len(mail.outbox) == 1


@override_settings(EMAIL_BACKEND="portal.core.tests.failing_backend.FailingBackend", OUTBOX_MAX_ATTEMPTS=2)
def test_failed_delivery_is_retried_with_backoff_then_marked_failed(member, entities):
    email = queue_welcome(member, entities["SC"])
    assert outbox.deliver(email.pk) is False
    email.refresh_from_db()
    assert email.status == "pending" and email.attempts == 1
    assert "SMTP down" in email.last_error and email.next_attempt_at > timezone.now()
    assert outbox.deliver_due() == 0  # not due yet
    email.refresh_from_db()
    assert email.attempts == 1

    assert outbox.deliver_due(now=email.next_attempt_at + timedelta(seconds=1)) == 0
    email.refresh_from_db()
    assert email.status == "failed" and email.attempts == 2


def test_retry_sends_a_due_email(member, entities):
    email = queue_welcome(member, entities["SC"])
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now() - timedelta(minutes=1))
    assert outbox.deliver_due() == 1
    email.refresh_from_db()
    assert email.status == "sent"


def test_interrupted_delivery_is_retried_with_the_same_message_id(member, entities):
    email = queue_welcome(member, entities["SC"])
    assert email.message_id.startswith("<") and email.message_id.endswith("@smart.example>")
    # The worker claimed the row, maybe reached the SMTP server, and was killed before recording it.
    claimed = timezone.now() - outbox.STALE_SENDING_AFTER - timedelta(minutes=1)
    OutboundEmail.objects.filter(pk=email.pk).update(status="sending", attempts=1, claimed_at=claimed)
    assert outbox.deliver_due() == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2)
    assert [message.extra_headers["Message-ID"] for message in mail.outbox] == [email.message_id]
    assert mail.outbox[0].message()["Message-ID"] == email.message_id


def test_a_recent_claim_is_left_to_its_worker(member, entities):
    email = queue_welcome(member, entities["SC"])
    OutboundEmail.objects.filter(pk=email.pk).update(status="sending", attempts=1, claimed_at=timezone.now())
    assert outbox.deliver_due() == 0
    assert outbox.deliver(email.pk) is False  # the claim is conditional: no second sender
    assert OutboundEmail.objects.get(pk=email.pk).status == "sending" and mail.outbox == []


@override_settings(OUTBOX_MAX_ATTEMPTS=2)
def test_an_interrupted_last_attempt_fails_for_staff_to_resend(member, entities):
    email = queue_welcome(member, entities["SC"])
    claimed = timezone.now() - outbox.STALE_SENDING_AFTER - timedelta(minutes=1)
    OutboundEmail.objects.filter(pk=email.pk).update(status="sending", attempts=2, claimed_at=claimed)
    assert outbox.deliver_due() == 0
    email.refresh_from_db()
    assert email.status == "failed" and "interrupted" in email.last_error and mail.outbox == []


@override_settings(EMAIL_BACKEND="portal.core.tests.failing_backend.FailingBackend")
def test_every_attempt_carries_the_message_id_fixed_when_queued(member, entities):
    email = queue_welcome(member, entities["SC"])
    first = email.message_id
    outbox.deliver(email.pk)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        assert outbox.deliver_due(now=timezone.now() + timedelta(hours=1)) == 1
    email.refresh_from_db()
    assert email.message_id == first and email.attempts == 2
    assert mail.outbox[0].extra_headers["Message-ID"] == first


def test_a_mail_queued_without_message_id_gets_one_before_sending(member, entities):
    email = queue_welcome(member, entities["SC"])
    OutboundEmail.objects.filter(pk=email.pk).update(message_id="")
    assert outbox.deliver(email.pk) is True
    email.refresh_from_db()
    assert email.message_id and mail.outbox[0].extra_headers["Message-ID"] == email.message_id


def test_optional_categories_respect_the_users_choice(member):
    member.notify_news = False
    assert outbox.queue_email(to=member, template="personal_data_rejected", category="news") is None
    assert outbox.wants_email(member, "account") is True  # account mails are always sent


def test_staff_see_the_emails_of_their_entity_per_recipient_and_object(member, staff_http, entities):
    mine = queue_welcome(member, entities["SC"], related=member)
    other = queue_welcome(member, entities["AT"])
    response = staff_http.get(reverse("backoffice:emails"), {"q": member.email})
    assert list(response.context["page"]) == [mine]
    response = staff_http.get(reverse("backoffice:emails"), {"related": f"accounts.user:{member.pk}"})
    assert list(response.context["page"]) == [mine]
    assert staff_http.get(reverse("backoffice:email_detail", args=[other.pk])).status_code == 404


def test_sensitive_bodies_are_not_shown_to_staff(member, staff_http, entities):
    secret = queue_welcome(member, entities["SC"], sensitive=True)
    html = staff_http.get(reverse("backoffice:email_detail", args=[secret.pk])).content.decode()
    assert "tok-123" not in html
    OutboundEmail.objects.filter(pk=secret.pk).update(sensitive=False)
    assert "tok-123" in staff_http.get(reverse("backoffice:email_detail", args=[secret.pk])).content.decode()


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_a_task_row_whose_worker_died_goes_back_to_the_queue(member, entities, django_capture_on_commit_callbacks):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from portal.core.tasks import STALE_TASK_AFTER

    with django_capture_on_commit_callbacks(execute=True):
        email = queue_welcome(member, entities["SC"])
    row = DBTaskResult.objects.get()
    started = timezone.now() - STALE_TASK_AFTER - timedelta(minutes=1)
    DBTaskResult.objects.filter(pk=row.pk).update(status="RUNNING", started_at=started)
    fresh = DBTaskResult.objects.create(**{**_task_fields(row), "status": "RUNNING", "started_at": timezone.now()})
    call_command("send_queued_emails")
    assert DBTaskResult.objects.get(pk=row.pk).status == "READY"
    assert DBTaskResult.objects.get(pk=fresh.pk).status == "RUNNING"  # its worker may still be at it
    email.refresh_from_db()
    assert email.status == "sent" and len(mail.outbox) == 1


def _task_fields(row) -> dict:
    names = ("args_kwargs", "priority", "task_path", "queue_name", "backend_name", "run_after")
    return {name: getattr(row, name) for name in names}
