"""The order form's lines and planned invoices: many rows in one POST, rows removed in the page, and a
refused POST that shows every typed row again (the page's script only adds and removes rows; the
server validates them)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import logged_in
from portal.customers.models import Client, ContactPerson
from portal.orders.models import Order
from portal.orders.tests.test_input_rules import edit_data, new_line
from portal.orders.tests.test_member_views import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(customer, member):
    customer.created_by = member
    customer.save(update_fields=["created_by"])
    return customer


def three_lines_two_invoices(entity, client, **extra) -> dict:
    today = timezone.localdate()
    return form_data(
        entity,
        client,
        save="",
        **{
            "lines-TOTAL_FORMS": "3",
            **new_line(0, "Konzept", quantity="2", unit_price="400.00"),
            **new_line(1, "Gestaltung", quantity="3", unit_price="500.00"),
            **new_line(2, "Reinzeichnung", quantity="1", unit_price="300.00"),
            "planned-TOTAL_FORMS": "2",
            "planned-0-date": (today + timedelta(days=20)).isoformat(),
            "planned-0-amount": "1000.00",
            "planned-1-date": (today + timedelta(days=50)).isoformat(),
            "planned-1-amount": "1600.00",
            **extra,
        },
    )


def test_three_lines_and_two_planned_invoices_in_one_post(member_http, entities, customer):
    response = member_http.post(reverse("orders:create"), three_lines_two_invoices(entities["SC"], customer))
    order = Order.objects.get()
    assert response["Location"] == reverse("orders:detail", args=[order.pk])
    assert list(order.lines.values_list("description", flat=True)) == ["Konzept", "Gestaltung", "Reinzeichnung"]
    assert str(order.net_total) == "2600.00"
    assert sorted(str(amount) for amount in order.planned_invoices.values_list("amount", flat=True)) == [
        "1000.00",
        "1600.00",
    ]


def test_a_stored_line_marked_deleted_goes_and_a_new_one_joins_in_order(member_http, entities, customer):
    member_http.post(reverse("orders:create"), three_lines_two_invoices(entities["SC"], customer))
    order = Order.objects.get()
    data = edit_data(order, **{"lines-1-DELETE": "on", "lines-TOTAL_FORMS": "4", **new_line(3, "Abstimmung")})
    response = member_http.post(reverse("orders:edit", args=[order.pk]), data)
    assert response.status_code == 302
    assert list(order.lines.values_list("description", flat=True)) == ["Konzept", "Reinzeichnung", "Abstimmung"]


def test_a_refused_post_shows_every_typed_row_with_its_error_beside_it(member_http, entities, customer):
    data = three_lines_two_invoices(entities["SC"], customer, **{"lines-1-quantity": "", "planned-1-amount": "x"})
    response = member_http.post(reverse("orders:create"), data)
    assert response.status_code == 200 and not Order.objects.exists()
    html = response.content.decode()
    for typed in ("Konzept", "Gestaltung", "Reinzeichnung", "1000.00"):
        assert f'value="{typed}"' in html
    assert 'name="lines-TOTAL_FORMS" value="3"' in html and 'name="planned-TOTAL_FORMS" value="2"' in html
    # The error stands next to its field, and the field points at it.
    assert 'id="id_lines-1-quantity_error"' in html
    quantity = re.search(r'<input[^>]*name="lines-1-quantity"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in quantity and 'aria-describedby="id_lines-1-quantity_error"' in quantity
    assert 'id="id_planned-1-amount_error"' in html
    # The client chosen before is still shown by name.
    assert f'value="{customer.name}"' in html


def test_a_stored_row_removed_before_an_error_stays_removed(member_http, entities, customer):
    member_http.post(reverse("orders:create"), three_lines_two_invoices(entities["SC"], customer))
    order = Order.objects.get()
    data = edit_data(order, **{"lines-0-DELETE": "on", "lines-2-unit_price": "-5"})
    response = member_http.post(reverse("orders:edit", args=[order.pk]), data)
    assert response.status_code == 200
    assert re.search(r'<input type="checkbox" name="lines-0-DELETE"[^>]*checked', response.content.decode())
    assert order.lines.count() == 3  # nothing saved


def test_the_form_carries_a_row_template_with_the_entitys_vat_rates(member_http, entities, member):
    from portal.accounts.models import Role

    Role.objects.create(user=member, kind=Role.Kind.MEMBER, entity=entities["AT"])
    order = Order.objects.create(member=member, entity=entities["AT"], title="Wien")
    html = member_http.get(reverse("orders:edit", args=[order.pk])).content.decode()
    templates = re.findall(r"<template data-formset-template>(.*?)</template>", html, re.S)
    template = next(text for text in templates if "lines-__prefix__" in text)
    assert 'name="lines-__prefix__-description"' in template
    assert 'value="20.00"' in template and 'value="19.00"' not in template
    assert html.count("data-formset-add hidden") == 3  # lines, planned invoices, the new client's contacts
    assert 'name="lines-TOTAL_FORMS" value="1"' in html  # without script: one empty row


def test_required_fields_are_marked(member_http):
    html = member_http.get(reverse("orders:create")).content.decode()
    assert 'data-testid="required-legend"' in html
    title = re.search(r'<input[^>]*name="title"[^>]*>', html).group(0)
    assert 'aria-required="true"' in title
    assert re.search(r'for="id_title">[^<]*<span aria-hidden="true" class="text-danger">\*</span>', html)


def test_submission_problems_stand_next_to_their_fields(member_http, member, entities):
    order = Order.objects.create(member=member, entity=entities["SC"])
    html = member_http.get(reverse("orders:edit", args=[order.pk]) + "?check=1").content.decode()
    assert 'id="id_title_problem"' in html and 'href="#id_title"' in html
    title = re.search(r'<input[^>]*name="title"[^>]*>', html).group(0)
    assert 'aria-describedby="id_title_problem"' in title
    assert 'id="lines-problem"' in html and 'href="#lines-fieldset"' in html


# --- the contact person of the chosen client ------------------------------------------------------


def test_the_client_contacts_come_first_entered_first(member_http, customer):
    ContactPerson.objects.create(client=customer, name="Zora Zeller", email="zora@abc.example")
    ContactPerson.objects.create(client=customer, name="Anton Abel", email="")
    response = member_http.get(reverse("customers:contacts", args=[customer.pk]))
    assert response.status_code == 200
    assert [(c["name"], c["email"]) for c in response.json()["contacts"]] == [
        ("Zora Zeller", "zora@abc.example"),
        ("Anton Abel", ""),
    ]


def test_another_members_client_contacts_are_never_shown(member2, customer, client_contact, outsider, staff):
    ContactPerson.objects.create(client=customer, name="Zora Zeller", email="zora@abc.example")
    other = Client.objects.create(name="Fremd GmbH", created_by=member2)
    ContactPerson.objects.create(client=other, name="Geheim", email="geheim@fremd.example")
    for user in (member2, client_contact, outsider, staff):
        response = logged_in(user).get(reverse("customers:contacts", args=[customer.pk]))
        assert response.status_code in (403, 404), user
        assert b"Zora" not in response.content


def test_a_member_cannot_read_another_members_client_contacts(member_http, member2):
    other = Client.objects.create(name="Fremd GmbH", created_by=member2)
    ContactPerson.objects.create(client=other, name="Geheim", email="geheim@fremd.example")
    response = member_http.get(reverse("customers:contacts", args=[other.pk]))
    assert response.status_code == 404 and b"Geheim" not in response.content


def test_the_order_form_offers_the_contacts_of_its_client(member_http, member, entities, customer):
    ContactPerson.objects.create(client=customer, name="Zora Zeller", email="zora@abc.example")
    order = Order.objects.create(member=member, entity=entities["SC"], client=customer)
    html = member_http.get(reverse("orders:edit", args=[order.pk])).content.decode()
    assert 'data-name="Zora Zeller" data-email="zora@abc.example"' in html
    assert reverse("customers:contacts", args=[0]) in html


def test_the_live_totals_count_the_stored_lines_as_the_edit_page_posts_them(member_http, entities, customer):
    member_http.post(reverse("orders:create"), three_lines_two_invoices(entities["SC"], customer))
    order = Order.objects.get()
    html = member_http.get(reverse("orders:edit", args=[order.pk])).content.decode()
    posted = dict(re.findall(r'<input type="hidden" name="(lines-[^"]+)" value="([^"]*)"', html))
    assert "lines-0-id" in posted and "lines-0-order" not in posted
    data = edit_data(order, **{"lines-1-DELETE": "on"})
    response = member_http.post(reverse("orders:totals_preview"), data)
    assert response.context["totals"].net == 1100  # 800 + 300: the stored lines, less the removed one
