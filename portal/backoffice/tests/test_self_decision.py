"""Nobody decides their own case: a login with both the member and the staff role (four-eyes rule)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.translation import override

from conftest import logged_in, with_totp
from portal.accounts import services as account_services
from portal.accounts.models import MemberProfile, PersonalDataChangeRequest, Role, User
from portal.banking import services as statements
from portal.core.errors import BusinessError
from portal.core.transitions import Actor
from portal.invoicing import services as invoicing
from portal.invoicing.models import Invoice, InvoiceStatus, Payment
from portal.invoicing.tests.factories import DESIGN, active_order, client_in, draft_for, issued_invoice
from portal.invoicing.transitions import Event as InvoiceEvent
from portal.orders.models import Order, OrderStatus
from portal.orders.services import order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.transitions import Event

pytestmark = pytest.mark.django_db

OWN = "another member of the Smart team has to"


@pytest.fixture(autouse=True)
def _english():
    with override("en"):
        yield


@pytest.fixture
def both(member, entities) -> User:
    """``member`` who also works in the Smart team of the same entity, acting as staff."""
    role = Role.objects.create(user=member, kind=Role.Kind.STAFF, entity=entities["SC"])
    with_totp(member)  # staff roles need two-factor authentication
    member.active_role_key = f"r{role.pk}"
    member.save(update_fields=["active_role_key"])
    return member


def refused(call) -> str:
    with pytest.raises(BusinessError) as caught:
        call()
    assert OWN in caught.value.message
    return caught.value.message


def submitted_order(member, entities, customer, **fields) -> Order:
    order = complete_order(member, entities["SC"], customer, **fields)
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    return order


# --- orders ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("event", [Event.APPROVE, Event.RETURN, Event.REJECT])
def test_own_order_under_review_cannot_be_decided(both, entities, customer, staff, event):
    order = submitted_order(both, entities, customer)
    assert "own order" in refused(
        lambda: order_transition(order_id=order.pk, event=event, actor=Actor.STAFF, user=both, reason="x")
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.SMART_REVIEW
    # A colleague can.
    order_transition(order_id=order.pk, event=event, actor=Actor.STAFF, user=staff, reason="x")
    order.refresh_from_db()
    assert order.status != OrderStatus.SMART_REVIEW


@pytest.mark.parametrize("event", [Event.APPROVE_CANCELLATION, Event.DENY_CANCELLATION])
def test_own_cancellation_request_cannot_be_decided(both, entities, customer, event):
    order = active_order(both, entities["SC"], customer, [DESIGN])
    order_transition(order_id=order.pk, event=Event.REQUEST_CANCELLATION, actor=Actor.MEMBER, user=both, reason="r")
    refused(lambda: order_transition(order_id=order.pk, event=event, actor=Actor.STAFF, user=both, reason="x"))
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLATION_REVIEW


def test_own_order_page_hides_the_decision_and_the_queue_marks_it(both, entities, customer, member2):
    own = submitted_order(both, entities, customer, title="Eigener Auftrag")
    other = submitted_order(member2, entities, customer, title="Auftrag von Jonas")
    http = logged_in(both)
    page = http.get(reverse("backoffice:order_detail", args=[own.pk]))
    assert page.context["own"] and page.context["events"] == []
    assert 'data-testid="own-case"' in page.content.decode()
    assert 'name="event"' not in page.content.decode()
    assert http.get(reverse("backoffice:order_detail", args=[other.pk])).context["events"]
    queue = http.get(reverse("backoffice:order_queue")).content.decode()
    assert queue.count('data-testid="own-badge"') == 1
    home = http.get(reverse("backoffice:home")).content.decode()
    assert home.count('data-testid="own-badge"') == 1
    # Posting the decision anyway is refused by the service.
    http.post(reverse("backoffice:order_decide", args=[own.pk]), {"event": "approve"})
    own.refresh_from_db()
    assert own.status == OrderStatus.SMART_REVIEW


# --- invoices --------------------------------------------------------------------------------------


@pytest.fixture
def own_draft(both, entities) -> Invoice:
    return draft_for(active_order(both, entities["SC"], client_in("DE"), [DESIGN]))


@pytest.fixture
def own_issued(both, entities) -> Invoice:
    return issued_invoice(both, entities["SC"], client_in("DE"), [DESIGN])


def test_own_draft_cannot_be_issued_edited_released_or_cancelled_by_staff(both, own_draft):
    refused(lambda: invoicing.invoice_issue(invoice_id=own_draft.pk, actor=Actor.STAFF, user=both))
    refused(
        lambda: invoicing.invoice_update_draft(
            user=both,
            invoice_id=own_draft.pk,
            fields={"title": "Neu"},
            lines=[line.values() for line in own_draft.lines.all()],
        )
    )
    refused(lambda: invoicing.invoice_cancel(invoice_id=own_draft.pk, actor=Actor.STAFF, user=both))
    invoicing.invoice_transition(
        invoice_id=own_draft.pk, event=InvoiceEvent.REQUEST_CHANGES, actor=Actor.MEMBER, user=both, reason="Datum"
    )
    refused(
        lambda: invoicing.invoice_transition(
            invoice_id=own_draft.pk, event=InvoiceEvent.RELEASE, actor=Actor.STAFF, user=both
        )
    )
    own_draft.refresh_from_db()
    assert (own_draft.status, own_draft.title) == (InvoiceStatus.AWAITING_UPDATE, "Workshop Design Thinking")


def test_the_member_still_issues_the_own_draft_as_member(both, own_draft):
    invoicing.invoice_issue(invoice_id=own_draft.pk, actor=Actor.MEMBER, user=both)
    own_draft.refresh_from_db()
    assert own_draft.status == InvoiceStatus.ISSUED


def test_own_issued_invoice_cannot_be_disputed_cancelled_or_paid_by_staff(both, own_issued, staff):
    refused(
        lambda: invoicing.invoice_transition(
            invoice_id=own_issued.pk, event=InvoiceEvent.DISPUTE, actor=Actor.STAFF, user=both, reason="x"
        )
    )
    refused(lambda: invoicing.invoice_cancel(invoice_id=own_issued.pk, actor=Actor.STAFF, user=both, reason="x"))
    refused(
        lambda: invoicing.payment_record(
            invoice_id=own_issued.pk, amount="100", received_on=date(2026, 11, 24), user=both
        )
    )
    invoicing.invoice_transition(
        invoice_id=own_issued.pk, event=InvoiceEvent.DISPUTE, actor=Actor.STAFF, user=staff, reason="x"
    )
    refused(
        lambda: invoicing.invoice_transition(
            invoice_id=own_issued.pk, event=InvoiceEvent.RESOLVE_DISPUTE, actor=Actor.STAFF, user=both
        )
    )
    own_issued.refresh_from_db()
    assert (own_issued.status, own_issued.paid_amount) == (InvoiceStatus.DISPUTED, 0)
    assert not Payment.objects.exists()


def test_own_invoice_page_offers_no_actions(both, own_draft, own_issued):
    http = logged_in(both)
    for invoice in (own_draft, own_issued):
        page = http.get(reverse("backoffice:invoice_detail", args=[invoice.pk]))
        assert page.context["own"] and page.context["events"] == [] and not page.context["can_edit"]
        assert page.context["payment_form"] is None
        assert 'data-testid="own-case"' in page.content.decode()
    http.post(reverse("backoffice:invoice_act", args=[own_draft.pk]), {"event": "issue"})
    own_draft.refresh_from_db()
    assert own_draft.status == InvoiceStatus.DRAFT


def test_bank_statement_payment_to_own_invoice_is_not_booked(both, own_issued, entities, staff):
    data = b"Buchungstag;Name;Verwendungszweck;Betrag\n24.11.2026;Kunde;SC-2026-00001;2.856,00"
    statement = statements.statement_import(entity=entities["SC"], user=both, data=data, filename="auszug.csv")
    line = statement.lines.get()
    assert line.invoice == own_issued
    page = logged_in(both).get(reverse("backoffice:statement_detail", args=[statement.pk])).content.decode()
    assert 'data-testid="own-badge"' in page and f'id="book-{line.pk}"' not in page
    with override("en"):  # the page request above switched the thread to German
        result = statements.statement_book(
            entity=entities["SC"], user=both, statement_id=statement.pk, line_ids=[line.pk]
        )
    assert result.booked == 0 and OWN in result.errors[0]
    own_issued.refresh_from_db()
    assert own_issued.status == InvoiceStatus.ISSUED
    # A colleague books it.
    assert (
        statements.statement_book(
            entity=entities["SC"], user=staff, statement_id=statement.pk, line_ids=[line.pk]
        ).booked
        == 1
    )


# --- personal data ---------------------------------------------------------------------------------


@pytest.fixture
def own_request(both) -> PersonalDataChangeRequest:
    return account_services.personal_data_request_submit(member=both, values={"iban": "DE02120300000000202051"})


def test_own_personal_data_request_cannot_be_approved_or_rejected(both, own_request, staff):
    refused(lambda: account_services.personal_data_request_approve(actor=both, request_id=own_request.pk))
    refused(lambda: account_services.personal_data_request_reject(actor=both, request_id=own_request.pk, reason="x"))
    own_request.refresh_from_db()
    assert own_request.status == PersonalDataChangeRequest.Status.PENDING
    assert MemberProfile.objects.get(user=both).iban == "DE89370400440532013000"
    account_services.personal_data_request_approve(actor=staff, request_id=own_request.pk)
    assert MemberProfile.objects.get(user=both).iban == "DE02120300000000202051"


def test_own_personal_data_request_page_hides_the_decision(both, own_request):
    http = logged_in(both)
    page = http.get(reverse("backoffice:personal_data_request", args=[own_request.pk]))
    html = page.content.decode()
    assert page.context["own"] and 'data-testid="own-case"' in html
    assert reverse("backoffice:personal_data_request_approve", args=[own_request.pk]) not in html
    assert 'data-testid="own-badge"' in http.get(reverse("backoffice:personal_data_requests")).content.decode()
    http.post(reverse("backoffice:personal_data_request_approve", args=[own_request.pk]))
    response = http.post(reverse("backoffice:personal_data_request_reject", args=[own_request.pk]), {"reason": "x"})
    assert response.status_code == 400 and response.context["own"]
    own_request.refresh_from_db()
    assert own_request.status == PersonalDataChangeRequest.Status.PENDING
