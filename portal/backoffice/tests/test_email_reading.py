"""Staff read every e-mail; personal links (confirmation, set password) are masked so staff cannot use them."""

import pytest
from django.urls import reverse

from portal.backoffice.email_masking import MASK, mask_link, mask_links
from portal.core import outbox
from portal.core.models import OutboundEmail
from portal.orders.confirmation import issue_link
from portal.orders.models import OrderStatus
from portal.orders.tests.factories import complete_order

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://portal.example/confirm/Abc_def-123456789012345678901234567890123/", f"https://…/confirm/{MASK}"),
        ("https://p.example/accounts/password/reset/key/3-c4x-9f8e/", f"https://…/accounts/password/reset/key/{MASK}"),
        ("http://localhost:8000/accounts/password/set/tok-123/", f"http://…/accounts/password/set/{MASK}"),
        ("https://portal.example/confirm/?token=secret", f"https://…/confirm/{MASK}"),
        ("https://portal.example/accounts/login/", "https://portal.example/accounts/login/"),
        ("https://portal.example", "https://portal.example"),
    ],
)
def test_links_lose_host_and_secret_but_keep_their_kind(url, shown):
    assert mask_link(url) == shown


def test_text_around_links_stays():
    text = "Bitte bestätigen Sie:\nhttps://p.example/confirm/TOKENabc123/\n\nDanke."
    assert mask_links(text) == f"Bitte bestätigen Sie:\nhttps://…/confirm/{MASK}\n\nDanke."


def test_staff_read_a_welcome_mail_with_the_set_password_link_masked(member, entities, staff_http):
    email = outbox.queue_email(
        to=member,
        template="member_welcome",
        context={
            "set_password_path": "/accounts/password/reset/key/3-secretKEY123/",
            "valid_days": 3,
            "entity": entities["SC"],
        },
        entity=entities["SC"],
        sensitive=True,
    )
    response = staff_http.get(reverse("backoffice:email_detail", args=[email.pk]))
    html = response.content.decode()
    assert "secretKEY123" not in html
    assert f"/accounts/password/reset/key/{MASK}" in html
    assert member.email in response.context["body"]  # the rest of the text is readable
    assert "/accounts/login/" in response.context["body"]


def test_staff_read_a_confirmation_request_without_a_usable_link(member, entities, customer, staff_http):
    order = complete_order(member, entities["SC"], customer)
    order.status = OrderStatus.CLIENT_CONFIRMATION
    order.save(update_fields=["status"])
    token = issue_link(order)
    email = OutboundEmail.objects.get(template="order_confirmation_request")
    assert token in email.body_text
    html = staff_http.get(reverse("backoffice:email_detail", args=[email.pk])).content.decode()
    assert token not in html
    assert f"/confirm/{MASK}" in html and order.title in html


def test_ordinary_mails_are_shown_unchanged(member, entities, staff_http):
    email = outbox.queue_email(
        to=member,
        template="member_welcome",
        context={"set_password_path": "/accounts/password/set/tok-123/", "valid_days": 3, "entity": entities["SC"]},
        entity=entities["SC"],
    )
    assert "tok-123" in staff_http.get(reverse("backoffice:email_detail", args=[email.pk])).context["body"]


def test_the_invoice_page_links_each_e_mail_to_its_text(issued, staff_http, member_http):
    email = OutboundEmail.objects.filter(related_id=str(issued.pk)).first()
    assert email is not None
    link = reverse("backoffice:email_detail", args=[email.pk])
    assert link in staff_http.get(reverse("backoffice:invoice_detail", args=[issued.pk])).content.decode()
    assert link not in member_http.get(reverse("invoicing:detail", args=[issued.pk])).content.decode()
    assert staff_http.get(link).status_code == 200
