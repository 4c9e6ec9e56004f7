"""What the client portal shows of an order: the member hides the order, its prices or its documents,
and shares single files with the client (DESIGN §9: members may restrict, never widen)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import logged_in
from portal.clientportal.access import load_portal, shown_to_client_q
from portal.clientportal.models import ClientRequest
from portal.core.errors import BusinessError
from portal.core.models import AuditEntry
from portal.orders.models import Order, OrderAttachment, OrderStatus
from portal.orders.services import order_set_portal_visibility, order_share_file
from portal.orders.tests.factories import complete_order

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def order(member, entities, customer):
    return complete_order(member, entities["SC"], customer)


def activate(order: Order) -> None:
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.ACTIVE)
    order.refresh_from_db()


def upload(http, order, name="plan.pdf", *, kind="attachment", shared=False):
    data = {"kind": kind, "file": SimpleUploadedFile(name, PDF)}
    if shared:
        data["shared_with_client"] = "on"
    return http.post(reverse("orders:attach", args=[order.pk]), data, follow=True)


@pytest.mark.parametrize("status", [OrderStatus.DRAFT, OrderStatus.ACTIVE, OrderStatus.COMPLETED])
def test_the_member_hides_the_order_its_prices_and_documents_in_any_status(member_http, order, status):
    Order.objects.filter(pk=order.pk).update(status=status)
    url = reverse("orders:portal_visibility", args=[order.pk])
    response = member_http.post(url, {"portal_hidden": "on", "portal_hide_prices": "on", "portal_hide_documents": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("orders:detail", args=[order.pk])
    order.refresh_from_db()
    assert (order.portal_hidden, order.portal_hide_prices, order.portal_hide_documents) == (True, True, True)
    assert order.status == status

    member_http.post(url, {"portal_hide_prices": "on"})  # unchecked boxes show again what the settings allow
    order.refresh_from_db()
    assert (order.portal_hidden, order.portal_hide_prices, order.portal_hide_documents) == (False, True, False)
    entries = AuditEntry.objects.filter(action="order.portal_visibility", target_id=str(order.pk)).order_by("pk")
    assert [entry.data for entry in entries] == [
        {"portal_hidden": True, "portal_hide_prices": True, "portal_hide_documents": True},
        {"portal_hidden": False, "portal_hide_prices": True, "portal_hide_documents": False},
    ]


def test_saving_the_same_choice_records_nothing(member, order):
    order_set_portal_visibility(member=member, order_id=order.pk, hidden=False, hide_prices=False, hide_documents=False)
    assert not AuditEntry.objects.filter(action="order.portal_visibility").exists()


def test_the_portal_follows_the_member_s_choice(member, client_contact, customer, order):
    activate(order)
    portal = load_portal(user=client_contact, client=customer)
    assert Order.objects.filter(shown_to_client_q(), pk=order.pk).exists()
    assert portal.shows_prices(order) and portal.shows_documents(order)

    order = order_set_portal_visibility(
        member=member, order_id=order.pk, hidden=False, hide_prices=True, hide_documents=True
    )
    assert not portal.shows_prices(order) and not portal.shows_documents(order)
    order_set_portal_visibility(member=member, order_id=order.pk, hidden=True, hide_prices=True, hide_documents=True)
    assert not Order.objects.filter(shown_to_client_q(), pk=order.pk).exists()


def test_the_order_page_shows_the_choice(member_http, member, order):
    order_set_portal_visibility(member=member, order_id=order.pk, hidden=False, hide_prices=True, hide_documents=False)
    html = member_http.get(reverse("orders:detail", args=[order.pk])).content.decode()
    section = html[html.index('data-testid="order-portal"') :].split("</section>", 1)[0]
    assert reverse("orders:portal_visibility", args=[order.pk]) in section
    boxes = dict(re.findall(r'<input type="checkbox" name="(\w+)"[^>]*?( checked)?>', section))
    assert boxes == {"portal_hidden": "", "portal_hide_prices": " checked", "portal_hide_documents": ""}


def test_only_the_order_s_member_may_change_what_the_portal_shows(member2, order):
    attachment = OrderAttachment.objects.create(
        order=order, original_name="a.pdf", content_type="application/pdf", size=1, uploaded_by=order.member
    )
    with pytest.raises(BusinessError):
        order_set_portal_visibility(
            member=member2, order_id=order.pk, hidden=True, hide_prices=True, hide_documents=True
        )
    with pytest.raises(BusinessError):
        order_share_file(member=member2, order_id=order.pk, attachment_id=attachment.pk, shared=True)
    order.refresh_from_db()
    attachment.refresh_from_db()
    assert not (order.portal_hidden or order.portal_hide_prices or order.portal_hide_documents)
    assert not attachment.shared_with_client


@pytest.mark.parametrize("persona", ["member2", "client_contact", "staff", "outsider"])
def test_other_people_get_404_on_the_toggles(request, persona, member_http, order):
    upload(member_http, order)
    attachment = order.attachments.get()
    activate(order)
    http = logged_in(request.getfixturevalue(persona))
    everything = {"portal_hidden": "on", "portal_hide_prices": "on", "portal_hide_documents": "on", "shared": "1"}
    assert http.post(reverse("orders:portal_visibility", args=[order.pk]), everything).status_code == 404
    assert http.post(reverse("orders:share_file", args=[order.pk, attachment.pk]), everything).status_code == 404
    order.refresh_from_db()
    attachment.refresh_from_db()
    assert not (order.portal_hidden or order.portal_hide_prices or order.portal_hide_documents)
    assert not attachment.shared_with_client


def test_a_file_is_shared_on_upload_and_toggled_in_any_status(member_http, order):
    upload(member_http, order, "offen.pdf")
    upload(member_http, order, "geteilt.pdf", shared=True)
    assert dict(order.attachments.values_list("original_name", "shared_with_client")) == {
        "offen.pdf": False,
        "geteilt.pdf": True,
    }
    activate(order)  # files are added to drafts only, but shared at any time
    html = member_http.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert html.count('data-testid="shared-badge"') == 1
    kept = order.attachments.get(original_name="offen.pdf")
    response = member_http.post(reverse("orders:share_file", args=[order.pk, kept.pk]), {"shared": "1"})
    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.shared_with_client
    member_http.post(reverse("orders:share_file", args=[order.pk, kept.pk]), {"shared": "0"})
    kept.refresh_from_db()
    assert not kept.shared_with_client
    actions = list(AuditEntry.objects.filter(action__startswith="order.file_").values_list("action", "message"))
    assert ("order.file_shared", "offen.pdf") in actions and ("order.file_unshared", "offen.pdf") in actions


def test_a_proof_of_confirmation_is_never_shared(member, member_http, order):
    response = upload(member_http, order, "zusage.pdf", kind="confirmation_proof", shared=True)
    assert not order.attachments.exists()  # refused as a whole, with the reason
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
    upload(member_http, order, "zusage.pdf", kind="confirmation_proof")
    proof = order.attachments.get()
    with pytest.raises(BusinessError):
        order_share_file(member=member, order_id=order.pk, attachment_id=proof.pk, shared=True)
    html = member_http.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert reverse("orders:share_file", args=[order.pk, proof.pk]) not in html


def test_a_file_of_another_order_cannot_be_shared(member, member_http, entities, customer, order):
    other = complete_order(member, entities["SC"], customer, title="Anderer Auftrag")
    upload(member_http, other)
    theirs = other.attachments.get()
    assert (
        member_http.post(reverse("orders:share_file", args=[order.pk, theirs.pk]), {"shared": "1"}).status_code == 404
    )
    theirs.refresh_from_db()
    assert not theirs.shared_with_client


def test_staff_see_the_shared_badge_but_no_toggle(member, member_http, staff_http, order):
    upload(member_http, order, "geteilt.pdf", shared=True)
    activate(order)
    html = staff_http.get(reverse("backoffice:order_detail", args=[order.pk])).content.decode()
    assert 'data-testid="shared-badge"' in html
    assert reverse("orders:share_file", args=[order.pk, order.attachments.get().pk]) not in html


def test_an_order_from_a_client_request_links_to_it(member, member_http, client_contact, customer, order):
    html = member_http.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert 'data-testid="order-client-request"' not in html
    request = ClientRequest.objects.create(
        client=customer,
        contact=client_contact,
        member=member,
        kind="quote",
        title="Anfrage Workshop",
        description="Bitte ein Angebot",
        status="accepted",
        order=order,
    )
    html = member_http.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert f'href="{reverse("client_requests:detail", args=[request.pk])}">Anfrage Workshop</a>' in html
