"""The dashboard's “What needs your attention” list and “Your invoices” panel (DESIGN §12)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import logged_in
from portal.budget.ledger import budget_personal
from portal.clientportal.models import ClientRequest
from portal.core.scope import Scope
from portal.core.transitions import Actor
from portal.dashboard.attention import ATTENTION_LIMIT, Kind, attention_for
from portal.expenses.models import ExpenseRequest
from portal.invoicing.models import Invoice
from portal.invoicing.tests.factories import DESIGN, active_order, client_in, draft_for, issued_invoice
from portal.orders.models import Order
from portal.orders.services import order_comment, order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.transitions import Event

pytestmark = pytest.mark.django_db


def submitted(member, entity, customer, **fields) -> Order:
    order = complete_order(member, entity, customer, **fields)
    return order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)


def returned(member, staff, entity, customer, reason: str, **fields) -> Order:
    order = submitted(member, entity, customer, **fields)
    return order_transition(order_id=order.pk, event=Event.RETURN, actor=Actor.STAFF, user=staff, reason=reason)


def offered(member, staff, entity, customer, **fields) -> Order:
    order = submitted(member, entity, customer, **fields)
    return order_transition(order_id=order.pk, event=Event.APPROVE, actor=Actor.STAFF, user=staff)


def attention_section(html: str) -> str:
    start = html.index('id="todo-heading"')
    return html[start : html.index("</section>", start)]


def invoices_section(html: str) -> str:
    start = html.index('id="invoices-heading"')
    return html[start : html.index("</section>", start)]


def test_nothing_to_do_shows_an_empty_state(member_http):
    section = attention_section(member_http.get(reverse("dashboard")).content.decode())
    assert 'data-testid="attention-empty"' in section
    assert "Gerade braucht nichts deine Aufmerksamkeit." in section
    assert "<li" not in section


def test_lists_what_needs_the_member_and_links_to_where_it_is_handled(member, staff, entities, customer, draft):
    sc = entities["SC"]
    today = timezone.localdate()
    back = returned(member, staff, sc, customer, "Bitte die Leistungsbeschreibung ergänzen", title="Zurück")
    soon = offered(member, staff, sc, customer, title="Bald fällig", offer_valid_until=today + timedelta(days=3))
    asked = offered(member, staff, sc, customer, title="Mit Rückfrage")
    order_comment(order=asked, author=staff, body="Ist der Workshop vor Ort oder online?", by_staff=True)

    html = logged_in(member).get(reverse("dashboard")).content.decode()
    section = attention_section(html)
    kinds = re.findall(r'data-kind="(\w+)"', section)
    assert kinds == [Kind.RETURNED, Kind.QUESTION, Kind.OFFER_EXPIRING, Kind.INVOICE_DRAFT]
    assert f'href="{reverse("orders:detail", args=[back.pk])}"' in section
    assert "An das Mitglied zurückgegeben" in section
    assert "Bitte die Leistungsbeschreibung ergänzen" in section
    assert f'href="{reverse("orders:detail", args=[asked.pk])}#comments-heading"' in section
    assert "Ist der Workshop vor Ort oder online?" in section
    assert f'href="{reverse("orders:detail", args=[soon.pk])}"' in section
    assert "in 3 Tagen" in section
    assert f'href="{reverse("invoicing:detail", args=[draft.pk])}"' in section
    assert "2.400,00 EUR netto" in section
    assert 'data-testid="attention-empty"' not in section


def test_what_is_not_pressing_stays_off_the_list(member, staff, entities, customer):
    sc = entities["SC"]
    today = timezone.localdate()
    offered(member, staff, sc, customer, title="Noch lange gültig", offer_valid_until=today + timedelta(days=8))
    complete_order(member, sc, customer, title="Eigener Entwurf")  # never returned: nothing to react to
    answered = offered(member, staff, sc, customer, title="Beantwortet")
    order_comment(order=answered, author=staff, body="Frage?", by_staff=True)
    order_comment(order=answered, author=member, body="Antwort.", by_staff=False)
    issued_invoice(member, sc, client_in("DE"), [DESIGN])  # issued: nothing to review

    section = attention_section(logged_in(member).get(reverse("dashboard")).content.decode())
    assert 'data-testid="attention-empty"' in section
    for title in ("Noch lange gültig", "Eigener Entwurf", "Beantwortet"):
        assert title not in section


def test_a_client_s_change_request_is_listed_with_its_comment(member, staff, entities, customer):
    order = offered(member, staff, entities["SC"], customer, title="Änderungswunsch")
    order_transition(
        order_id=order.pk, event=Event.REQUEST_CHANGES, actor=Actor.CLIENT, reason="Bitte drei statt zwei Tage"
    )
    section = attention_section(logged_in(member).get(reverse("dashboard")).content.decode())
    assert re.findall(r'data-kind="(\w+)"', section) == [Kind.RETURNED]
    assert "Bitte drei statt zwei Tage" in section


def test_another_member_s_cases_never_appear(member, member2, staff, entities, customer, draft):
    sc = entities["SC"]
    returned(member, staff, sc, customer, "Grund für Anna")
    asked = offered(member, staff, sc, customer, title="Frage an Anna")
    order_comment(order=asked, author=staff, body="Nur für Anna", by_staff=True)

    html = logged_in(member2).get(reverse("dashboard")).content.decode()
    assert 'data-testid="attention-empty"' in attention_section(html)
    assert "Grund für Anna" not in html and "Nur für Anna" not in html and draft.title not in html
    assert "Noch keine Rechnungen." in invoices_section(html)


def test_cases_of_the_member_s_other_entity_stay_on_that_entity_s_dashboard(member, staff, entities, customer):
    returned(member, staff, entities["BW"], customer, "Grund im Bildungswerk")
    attention = attention_for(Scope.member(member), entity=entities["SC"], today=timezone.localdate())
    assert attention.items == []


def test_the_list_is_cut_and_points_to_the_full_lists(member, staff, entities, customer):
    sc = entities["SC"]
    for number in range(ATTENTION_LIMIT + 1):
        order = offered(member, staff, sc, customer, title=f"Auftrag {number}")
        order_comment(order=order, author=staff, body="Frage?", by_staff=True)
    html = logged_in(member).get(reverse("dashboard")).content.decode()
    section = attention_section(html)
    assert section.count('data-kind="question"') == ATTENTION_LIMIT
    assert f'href="{reverse("orders:list")}"' in section


def test_invoice_panel_shows_date_client_net_and_status_newest_first(member, entities):
    sc = entities["SC"]
    issued = issued_invoice(member, sc, client_in("DE", name="Kunde XYZ"), [DESIGN])
    draft = draft_for(
        active_order(member, sc, client_in("DE", name="Kunde ABC e.V."), [("Tag", "1", "DAY", "500.00", "19.00")])
    )
    # The draft is planned after the issued invoice's invoice date, but before its planned date: the
    # panel sorts by the date it shows, not by the planned one.
    Invoice.objects.filter(pk=draft.pk).update(planned_date=issued.issue_date + timedelta(days=1))
    assert issued.planned_date > issued.issue_date + timedelta(days=1)

    section = invoices_section(logged_in(member).get(reverse("dashboard")).content.decode())
    for column in ("Datum", "Kund*in", "Betrag netto", "Status"):
        assert f">{column}</th>" in section
    rows = re.findall(r"<tr data-href=\"([^\"]+)\"", section)
    assert rows == [reverse("invoicing:detail", args=[draft.pk]), reverse("invoicing:detail", args=[issued.pk])]
    assert "500,00 EUR" in section and "2.400,00 EUR" in section  # net, not the gross 2 856,00
    assert "2.856,00 EUR" not in section
    assert 'data-status="draft"' in section and 'data-status="issued"' in section
    assert f'href="{reverse("invoicing:list")}"' in section


def test_budget_tile_shows_no_figure_before_there_is_a_budget(member_http):
    html = member_http.get(reverse("dashboard")).content.decode()
    start = html.index('id="budget-heading"')
    budget = html[start : html.index("</section>", start)]
    assert "Budget (SC)" in budget
    assert "EUR" not in budget


def test_budget_tile_shows_balance_and_both_available_figures(member, issued):
    html = logged_in(member).get(reverse("dashboard")).content.decode()
    start = html.index('id="budget-heading"')
    budget = html[start : html.index("</section>", start)]
    assert 'data-testid="panel-balance">2.184,00 EUR' in budget  # 2 400 net less the 9 % fee
    assert 'data-testid="panel-expenses">0,00 EUR' in budget  # all of it still outstanding
    assert 'data-testid="panel-salary">0,00 EUR' in budget  # no payment guarantee on this order
    assert reverse("budget:home") in budget


def test_dashboard_queries_do_not_grow_with_the_member_s_cases(
    member, staff, entities, customer, django_assert_max_num_queries
):
    sc = entities["SC"]
    http = logged_in(member)
    http.get(reverse("dashboard"))
    budget = budget_personal(member_id=member.pk, entity_id=sc.pk)
    for number in range(12):
        order = offered(member, staff, sc, customer, title=f"Auftrag {number}")
        order_comment(order=order, author=staff, body="Frage?", by_staff=True)
        returned(member, staff, sc, customer, f"Grund {number}")
        draft_for(active_order(member, sc, client_in("DE"), [DESIGN]))
        ExpenseRequest.objects.create(
            kind="reimbursement", member=member, budget=budget, entity=sc, title=f"Frage {number}", status="needs_info"
        )
        ClientRequest.objects.create(
            client=customer, contact=staff, member=member, kind="quote", title=f"Anfrage {number}", description="?"
        )
    # 8, the budget panel (personal budget, balance and five figure contributions), the expenses panel (2),
    # the employment panel (1), the client requests waiting for an answer (1), the latest news (1), the latest
    # community posts (1), the contracts waiting for the member's signature (1)
    with django_assert_max_num_queries(22):
        assert http.get(reverse("dashboard")).status_code == 200


def test_order_panel_is_sorted_by_the_date_it_shows(member, entities, customer):
    now = timezone.now()
    submitted_late = submitted(member, entities["SC"], customer, title="Früh angelegt, heute gesendet")  # sent today
    draft = complete_order(member, entities["SC"], customer, title="Entwurf von letzter Woche")
    Order.objects.filter(pk=submitted_late.pk).update(created_at=now - timedelta(days=10))
    Order.objects.filter(pk=draft.pk).update(created_at=now - timedelta(days=5))

    html = logged_in(member).get(reverse("dashboard")).content.decode()
    start = html.index('id="orders-heading"')
    panel = html[start : html.index("</section>", start)]
    rows = re.findall(r"<tr data-href=\"([^\"]+)\"", panel)
    # The panel shows when each order was created, not when it was sent, and sorts by that date.
    assert rows == [reverse("orders:detail", args=[draft.pk]), reverse("orders:detail", args=[submitted_late.pk])]
    shown = [timezone.localtime(now - timedelta(days=days)).strftime("%d.%m.%Y") for days in (5, 10)]
    assert panel.index(shown[0]) < panel.index(shown[1])
