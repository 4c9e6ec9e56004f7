"""process_invoices never stalls on one bad draft, never repeats a reminder level, never leaves orphan files."""

from datetime import date, timedelta
from decimal import InvalidOperation
from pathlib import Path

import pytest
import segno
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape

from portal.core.models import AuditEntry, OutboundEmail
from portal.core.transitions import Actor
from portal.invoicing import services
from portal.invoicing.models import Invoice, InvoiceStatus
from portal.invoicing.services import cancellation, issuing
from portal.invoicing.services import reminders as reminders_module
from portal.invoicing.tests.factories import DESIGN, ISSUE_DAY, active_order, client_in, draft_for

pytestmark = pytest.mark.django_db


def run(today: date) -> None:
    call_command("process_invoices", today=today)


def invoice_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "invoices"
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


@pytest.fixture
def two_drafts(member, entities):
    return [
        draft_for(active_order(member, entities["SC"], client_in("DE", name=f"Kundin {n}"), [DESIGN])) for n in (1, 2)
    ]


def poison(monkeypatch, invoice: Invoice, error: Exception) -> None:
    """The documents of ``invoice`` fail with ``error``; every other invoice renders as usual."""
    real = issuing.issued_documents

    def documents(candidate: Invoice):
        if candidate.pk == invoice.pk:
            raise error
        return real(candidate)

    monkeypatch.setattr(issuing, "issued_documents", documents)


@pytest.mark.parametrize(
    "error",
    [
        OSError(13, "Permission denied", "/var/media/invoices"),
        segno.DataOverflowError("Data too large"),
        InvalidOperation("quantize result has too many digits"),
        ValueError("PDF rendering failed"),
    ],
    ids=["unwritable-media", "qr-limit", "oversized-amount", "pdf-error"],
)
def test_one_failing_draft_is_reported_and_the_others_are_issued(
    monkeypatch, two_drafts, staff_http, issued, error, caplog
):
    poisoned, healthy = two_drafts
    poison(monkeypatch, poisoned, error)
    today = max(poisoned.planned_date, healthy.planned_date, issued.due_date + timedelta(days=7))
    with pytest.raises(CommandError, match="1 failure"):
        run(today)
    assert Invoice.objects.get(pk=healthy.pk).status == InvoiceStatus.ISSUED
    assert Invoice.objects.get(pk=poisoned.pk).status == InvoiceStatus.DRAFT
    assert Invoice.objects.get(pk=issued.pk).reminder_level == 1  # the reminders still ran
    assert f"Invoice draft {poisoned.pk} not issued" in caplog.text
    failure = AuditEntry.objects.get(action="invoice.issue_failed", target_id=str(poisoned.pk))
    assert type(error).__name__ in failure.message

    # Staff see the draft and why it was not issued on their home page.
    Invoice.objects.filter(pk=poisoned.pk).update(planned_date=date.today() - timedelta(days=1))
    home = staff_http.get(reverse("backoffice:home"))
    assert [invoice.pk for invoice in home.context["late_drafts"]] == [poisoned.pk]
    assert escape(failure.message) in home.content.decode()


def test_the_same_failure_is_recorded_once_and_a_later_success_issues(monkeypatch, two_drafts):
    poisoned, healthy = two_drafts
    poison(monkeypatch, poisoned, OSError("disk full"))
    today = max(poisoned.planned_date, healthy.planned_date)
    failures: list[str] = []
    assert services.invoice_issue_due(today=today, failures=failures) == 1
    assert services.invoice_issue_due(today=today, failures=failures) == 0
    assert len(failures) == 2
    assert AuditEntry.objects.filter(action="invoice.issue_failed", target_id=str(poisoned.pk)).count() == 1
    monkeypatch.undo()
    assert services.invoice_issue_due(today=today) == 1
    assert Invoice.objects.get(pk=poisoned.pk).status == InvoiceStatus.ISSUED


def test_a_failing_phase_does_not_skip_the_next_ones(monkeypatch, issued):
    def broken(**kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(services, "invoice_drafts_create_due", broken)
    monkeypatch.setattr(services, "invoice_issue_due", broken)
    with pytest.raises(CommandError, match="2 failure"):
        run(issued.due_date + timedelta(days=7))
    assert Invoice.objects.get(pk=issued.pk).reminder_level == 1


def test_a_failed_issue_leaves_no_files_and_gives_the_number_back(monkeypatch, draft):
    def mail_fails(invoice):
        raise RuntimeError("template error")

    monkeypatch.setattr(issuing, "send_issued", mail_fails)
    with pytest.raises(RuntimeError):
        services.invoice_issue(invoice_id=draft.pk, actor=Actor.STAFF, today=ISSUE_DAY)
    assert invoice_files() == []
    draft.refresh_from_db()
    assert draft.status == InvoiceStatus.DRAFT and not draft.number and not draft.pdf

    monkeypatch.undo()
    invoice = services.invoice_issue(invoice_id=draft.pk, actor=Actor.STAFF, today=ISSUE_DAY)
    assert invoice.number.endswith("-00001")
    assert [path.name for path in invoice_files()] == sorted([Path(invoice.pdf.name).name, Path(invoice.xml.name).name])
    assert Path(invoice.pdf.name).name == f"{invoice.number}.pdf"


def test_a_failure_while_storing_the_xml_removes_the_pdf(monkeypatch, draft):
    real_save = Invoice.xml.field.attr_class.save

    def save(self, name, content, save=True):
        if name.endswith(".xml"):
            raise OSError("No space left on device")
        return real_save(self, name, content, save)

    monkeypatch.setattr(Invoice.xml.field.attr_class, "save", save)
    with pytest.raises(OSError):
        services.invoice_issue(invoice_id=draft.pk, actor=Actor.STAFF, today=ISSUE_DAY)
    assert invoice_files() == []


# --- reminders -------------------------------------------------------------------------------------


def reminders(invoice: Invoice) -> list[int]:
    entries = AuditEntry.objects.filter(action="invoice.reminder", target_id=str(invoice.pk)).order_by("id")
    return [int(entry.message) for entry in entries]


def test_a_late_run_sends_one_level_and_the_next_only_a_period_later(issued):
    late = issued.due_date + timedelta(days=40)  # after a downtime: every level's day has passed
    for _ in range(4):
        run(late)
    assert reminders(issued) == [1]
    assert OutboundEmail.objects.filter(template="invoice_reminder").count() == 1
    for day in range(1, 14):
        run(late + timedelta(days=day))
    assert reminders(issued) == [1]
    run(late + timedelta(days=14))
    run(late + timedelta(days=14))
    assert reminders(issued) == [1, 2]
    run(late + timedelta(days=27))
    assert reminders(issued) == [1, 2]
    run(late + timedelta(days=28))
    run(late + timedelta(days=60))
    assert reminders(issued) == [1, 2, 3]
    assert OutboundEmail.objects.filter(template="invoice_reminder").count() == 3


def test_reminders_on_time_follow_the_reminder_days(issued):
    for offset in range(0, 50):
        run(issued.due_date + timedelta(days=offset))
        run(issued.due_date + timedelta(days=offset))
    levels = AuditEntry.objects.filter(action="invoice.reminder", target_id=str(issued.pk)).order_by("id")
    assert [entry.message for entry in levels] == ["1", "2", "3"]
    issued.refresh_from_db()
    assert issued.last_reminder_on == issued.due_date + timedelta(days=services.REMINDER_DAYS[-1])


def test_a_run_for_an_earlier_day_sends_nothing(issued):
    run(issued.due_date + timedelta(days=21))
    run(issued.due_date + timedelta(days=7))
    run(issued.due_date + timedelta(days=21))
    assert reminders(issued) == [1]


def test_one_failing_reminder_does_not_stop_the_others(monkeypatch, member, entities):
    from portal.invoicing.tests.factories import issued_invoice

    first = issued_invoice(member, entities["SC"], client_in("DE", name="Eins"), [DESIGN])
    second = issued_invoice(member, entities["SC"], client_in("DE", name="Zwei"), [DESIGN])
    real = reminders_module.queue_email

    def queue_email(**kwargs):
        if kwargs.get("related") is not None and kwargs["related"].pk == first.pk:
            raise ValueError("bad address")
        return real(**kwargs)

    monkeypatch.setattr(reminders_module, "queue_email", queue_email)
    with pytest.raises(CommandError, match="1 failure"):
        run(first.due_date + timedelta(days=7))
    assert (reminders(first), reminders(second)) == ([], [1])
    assert Invoice.objects.get(pk=first.pk).reminder_level == 0  # rolled back; retried on the next run


def test_a_failed_cancellation_leaves_no_files_of_its_cancellation_invoice(monkeypatch, draft):
    invoice = services.invoice_issue(invoice_id=draft.pk, actor=Actor.STAFF, today=ISSUE_DAY)
    before = invoice_files()

    def mail_fails(invoice):
        raise RuntimeError("template error")

    monkeypatch.setattr(cancellation, "send_issued", mail_fails)
    with pytest.raises(RuntimeError):
        services.invoice_cancel(invoice_id=invoice.pk, actor=Actor.STAFF, reason="Doppelt", today=ISSUE_DAY)
    assert invoice_files() == before
    assert Invoice.objects.get(pk=invoice.pk).status == InvoiceStatus.ISSUED
