"""Payout batches: one SEPA file per batch, valid against the official schema, the same bytes on every
download, each request in one batch only, paid when the batch is executed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from conftest import logged_in
from portal.banking.pain001 import validate
from portal.core.errors import BusinessError
from portal.core.models import OutboundEmail
from portal.expenses import payouts, services
from portal.expenses.models import ExpenseRequest, PayoutBatch, Status
from portal.expenses.tests.factories import funded_budget, pdf, receipt
from portal.expenses.tests.test_requests import supplier_invoice
from portal.expenses.transitions import Event

pytestmark = pytest.mark.django_db
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}


@pytest.fixture
def approved(member, staff, entities):
    """An approved reimbursement (119.00 EUR paid out) and an approved direct payment (595.00 EUR)."""
    budget = funded_budget(member, entities["SC"], "2000.00")
    first = services.reimbursement_save(
        member=member, budget_id=budget.pk, title="Büromaterial für März", receipt_ids=[receipt(member).pk]
    )
    second = services.direct_payment_save(
        member=member, budget_id=budget.pk, title="Flyer", invoice=supplier_invoice(), upload=pdf()
    )
    for request in (first, second):
        services.request_submit(member=member, request_id=request.pk)
        services.request_decide(user=staff, request_id=request.pk, event=Event.APPROVE)
    return [first, second]


def _batch(staff, entities, approved):
    return payouts.batch_create(
        user=staff,
        entity_id=entities["SC"].pk,
        request_ids=[r.pk for r in approved],
        execution_date=timezone.localdate() + timedelta(days=1),
    )


def test_a_batch_pays_member_and_supplier_with_a_valid_sepa_file(staff, entities, approved, member):
    batch = _batch(staff, entities, approved)
    xml = batch.sepa_file.read()
    validate(xml)
    document = etree.fromstring(xml)
    assert document.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=NS) == "714.00"
    assert document.findtext(".//p:GrpHdr/p:MsgId", namespaces=NS) == f"SC-PAYOUT-{batch.pk:06d}"
    payments = {
        tx.findtext("p:PmtId/p:EndToEndId", namespaces=NS): (
            tx.findtext("p:Cdtr/p:Nm", namespaces=NS),
            tx.findtext("p:CdtrAcct/p:Id/p:IBAN", namespaces=NS),
            tx.findtext("p:Amt/p:InstdAmt", namespaces=NS),
        )
        for tx in document.iterfind(".//p:CdtTrfTxInf", namespaces=NS)
    }
    first, second = approved
    assert payments == {
        first.reference: ("Anna Schmidt", "DE89370400440532013000", "119.00"),
        second.reference: ("Druckerei Gutenberg GmbH", "DE02120300000000202051", "595.00"),
    }
    assert document.findtext(".//p:DbtrAcct/p:Id/p:IBAN", namespaces=NS) == entities["SC"].iban.replace(" ", "")
    assert (batch.total, batch.count) == (Decimal("714.00"), 2)
    assert set(ExpenseRequest.objects.values_list("batch_id", flat=True)) == {batch.pk}


def test_downloading_again_gives_the_same_bytes_even_after_the_member_changes_the_iban(
    staff, staff_http, entities, approved, member
):
    batch = _batch(staff, entities, approved)
    url = reverse("backoffice:payout_file", args=[batch.pk])
    first = b"".join(staff_http.get(url).streaming_content)
    member.member_profile.iban = "DE75512108001245126199"
    member.member_profile.save()
    assert b"".join(staff_http.get(url).streaming_content) == first
    validate(first)


def test_a_request_is_in_one_batch_only(staff, entities, approved):
    _batch(staff, entities, approved)
    with pytest.raises(BusinessError, match="not paid or in a batch"):
        _batch(staff, entities, approved[:1])
    assert PayoutBatch.objects.count() == 1


def test_only_approved_requests_of_the_entity_can_be_paid(member, staff, staff_at, entities):
    budget = funded_budget(member, entities["SC"])
    draft = services.reimbursement_save(member=member, budget_id=budget.pk, title="x", receipt_ids=[receipt(member).pk])
    with pytest.raises(BusinessError, match="Only approved"):
        _batch(staff, entities, [draft])
    with pytest.raises(BusinessError, match="not allowed"):
        payouts.batch_create(
            user=staff_at, entity_id=entities["SC"].pk, request_ids=[draft.pk], execution_date=timezone.localdate()
        )
    with pytest.raises(BusinessError, match="execution date"):
        payouts.batch_create(
            user=staff,
            entity_id=entities["SC"].pk,
            request_ids=[draft.pk],
            execution_date=timezone.localdate() - timedelta(days=1),
        )


def test_a_member_without_a_valid_iban_is_named(staff, entities, approved, member):
    member.member_profile.iban = ""
    member.member_profile.save()
    with pytest.raises(BusinessError) as caught:
        _batch(staff, entities, approved)
    assert approved[0].reference in caught.value.message and "IBAN" in caught.value.message
    assert not PayoutBatch.objects.exists()


def test_executing_the_batch_pays_its_requests_and_tells_the_member(staff, entities, approved, member):
    batch = _batch(staff, entities, approved)
    payouts.batch_mark_executed(user=staff, batch_id=batch.pk)
    statuses = set(ExpenseRequest.objects.values_list("status", "paid_on"))
    assert statuses == {(Status.PAID, timezone.localdate())}
    paid_mails = OutboundEmail.objects.filter(recipient=member.email, subject__contains=approved[0].reference)
    assert paid_mails.count() == 3  # submitted, approved, paid
    with pytest.raises(BusinessError, match="already"):
        payouts.batch_mark_executed(user=staff, batch_id=batch.pk)
    with pytest.raises(BusinessError):
        _batch(staff, entities, approved)


def test_the_payout_pages_create_and_execute_a_batch(staff_http, approved):
    page = staff_http.get(reverse("backoffice:payout_list")).content.decode()
    assert approved[0].reference in page and approved[1].reference in page
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    entity_id = approved[0].entity_id
    response = staff_http.post(
        reverse("backoffice:payout_list"),
        {"requests": [r.pk for r in approved], "entity": entity_id, "execution_date": tomorrow},
    )
    batch = PayoutBatch.objects.get()
    assert response.url == reverse("backoffice:payout_detail", args=[batch.pk])
    detail = staff_http.get(response.url).content.decode()
    assert "Druckerei Gutenberg GmbH" in detail
    staff_http.post(reverse("backoffice:payout_executed", args=[batch.pk]), {"executed_on": timezone.localdate()})
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.EXECUTED


def test_a_wrong_execution_date_keeps_the_choice(staff_http, approved):
    response = staff_http.post(
        reverse("backoffice:payout_list"),
        {"requests": [approved[0].pk], "entity": approved[0].entity_id, "execution_date": "2020-01-01"},
    )
    assert response.status_code == 200 and not PayoutBatch.objects.exists()


@pytest.mark.parametrize("persona", ["member", "member2", "client_contact", "outsider", "staff_at"])
def test_batches_and_their_files_are_for_the_entity_s_team_alone(request, staff, entities, approved, persona):
    batch = _batch(staff, entities, approved)
    http = logged_in(request.getfixturevalue(persona))
    for name in ("backoffice:payout_detail", "backoffice:payout_file"):
        assert http.get(reverse(name, args=[batch.pk])).status_code == 404
    assert http.post(reverse("backoffice:payout_executed", args=[batch.pk])).status_code == 404
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.EXPORTED


def _statement(staff, entities, *rows: str):
    from portal.banking.services import statement_import

    data = "\n".join(["Buchungstag;Name;Verwendungszweck;Betrag", *rows]).encode()
    return statement_import(entity=entities["SC"], user=staff, data=data, filename="umsaetze.csv")


def test_the_bank_statement_s_batch_debit_marks_the_batch_executed(staff, entities, approved):
    batch = _batch(staff, entities, approved)
    day = timezone.localdate().strftime("%d.%m.%Y")
    statement = _statement(
        staff,
        entities,
        f"{day};Smart eG;Sammelueberweisung {batch.message_id};-714,00",
        f"{day};Kunde;Rechnung SC-2026-99999;100,00",
    )
    batch.refresh_from_db()
    assert (batch.status, batch.executed_on, batch.executed_by) == (
        PayoutBatch.Status.EXECUTED,
        timezone.localdate(),
        None,
    )
    assert set(ExpenseRequest.objects.values_list("status", flat=True)) == {Status.PAID}
    debit = statement.lines.get(amount=Decimal("-714.00"))
    assert (debit.status, debit.match_reason) == ("booked", "payout")


def test_single_debits_per_payment_mark_the_batch_executed_once_all_are_there(staff, entities, approved):
    batch = _batch(staff, entities, approved)
    first, second = approved
    day = timezone.localdate().strftime("%d.%m.%Y")
    _statement(staff, entities, f"{day};Anna Schmidt;{first.reference} Bueromaterial;-119,00")
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.EXPORTED  # one payment of two: not yet
    _statement(
        staff,
        entities,
        f"{day};Anna Schmidt;{first.reference} Bueromaterial;-119,00",
        f"{day};Druckerei;RE-2026-117 {second.reference};-595,00",
    )
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.EXECUTED


def test_an_unrelated_debit_changes_nothing(staff, entities, approved):
    batch = _batch(staff, entities, approved)
    day = timezone.localdate().strftime("%d.%m.%Y")
    _statement(staff, entities, f"{day};Vermieter;Miete Dezember;-714,01")
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.EXPORTED
