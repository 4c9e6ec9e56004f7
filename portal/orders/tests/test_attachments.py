import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import logged_in
from portal.core.transitions import Actor
from portal.orders.models import Order, OrderAttachment, OrderStatus
from portal.orders.services import order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.transitions import Event

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def order(member, entities, customer):
    return complete_order(member, entities["SC"], customer)


def upload(http, order, name, content, kind="attachment"):
    return http.post(
        reverse("orders:attach", args=[order.pk]),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_member_uploads_pdf_and_image_and_downloads_them(member_http, order):
    upload(member_http, order, "vertrag.pdf", PDF)
    upload(member_http, order, "skizze.png", PNG)
    files = list(order.attachments.order_by("pk"))
    assert [(f.original_name, f.content_type, f.size) for f in files] == [
        ("vertrag.pdf", "application/pdf", len(PDF)),
        ("skizze.png", "image/png", len(PNG)),
    ]
    response = member_http.get(reverse("orders:file", args=[order.pk, files[0].pk]))
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "PDF, PNG oder JPEG"),
        ("fake.pdf", b"<html>", "PDF, PNG oder JPEG"),  # the name lies about the content
        ("bild.png", PDF, "PDF, PNG oder JPEG"),
    ],
)
def test_wrong_types_are_refused(member_http, order, name, content, message):
    response = upload(member_http, order, name, content)
    assert message in response.content.decode()
    assert not OrderAttachment.objects.exists()


def test_too_large_files_are_refused(member_http, order, settings):
    settings.MAX_UPLOAD_BYTES = 50
    response = upload(member_http, order, "gross.pdf", PDF + b"x" * 100)
    assert "zu groß" in response.content.decode()
    assert not OrderAttachment.objects.exists()


def test_files_only_change_on_drafts(member_http, order):
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.ACTIVE)
    upload(member_http, order, "spaet.pdf", PDF)
    assert not OrderAttachment.objects.exists()


def test_proof_gives_a_payment_guarantee_only_when_confirmation_is_skipped(member_http, order):
    upload(member_http, order, "zusage.pdf", PDF, kind="confirmation_proof")
    order.refresh_from_db()
    assert not order.payment_guarantee
    Order.objects.filter(pk=order.pk).update(skip_client_confirmation=True)
    order.refresh_from_db()
    assert order.payment_guarantee


@pytest.mark.parametrize("persona", ["member2", "client_contact", "outsider", "staff_at"])
def test_other_people_get_404_on_order_files(request, persona, member_http, order, member):
    upload(member_http, order, "vertrag.pdf", PDF)
    attachment = order.attachments.get()
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    http = logged_in(request.getfixturevalue(persona))
    assert http.get(reverse("orders:file", args=[order.pk, attachment.pk])).status_code == 404
    assert http.get(reverse("backoffice:order_file", args=[order.pk, attachment.pk])).status_code == 404


def test_staff_of_the_entity_can_read_files_of_submitted_orders(member_http, staff_http, order, member):
    upload(member_http, order, "vertrag.pdf", PDF)
    attachment = order.attachments.get()
    url = reverse("backoffice:order_file", args=[order.pk, attachment.pk])
    assert staff_http.get(url).status_code == 404  # drafts are invisible to staff
    order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    assert staff_http.get(url).status_code == 200
