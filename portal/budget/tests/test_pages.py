"""The member's budget page, statement and exports: what they show and to whom."""

import csv
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from portal.budget.models import Budget


@pytest.fixture
def budget(issued):
    return Budget.objects.get(kind=Budget.Kind.PERSONAL, owner=issued.member, entity=issued.entity)


def test_budget_menu_leads_to_the_personal_budget_of_the_active_entity(member_http, budget):
    response = member_http.get(reverse("budget:home"))
    assert response.status_code == 302
    assert response.url == reverse("budget:detail", args=[budget.pk])


def test_without_a_budget_the_page_says_when_one_opens(member_http, member):
    response = member_http.get(reverse("budget:home"))
    assert response.status_code == 200
    assert "first order" in response.content.decode() or "ersten Auftrag" in response.content.decode()


def test_page_shows_figures_chart_and_statement(member_http, budget, issued):
    response = member_http.get(reverse("budget:detail", args=[budget.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="figure-balance">2.184,00' in page or 'data-testid="figure-balance">2,184.00' in page
    assert 'data-testid="budget-chart"' in page
    assert issued.number in page
    assert reverse("invoicing:detail", args=[issued.pk]) in page


def test_statement_csv_has_running_balance(member_http, budget, issued):
    response = member_http.get(reverse("budget:statement_csv", args=[budget.pk]), {"period": "all"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[-1][-1] in ("2184,00", "2184.00")


def test_statement_pdf_is_bilingual_with_the_rows_and_balances(member_http, budget, issued):
    response = member_http.get(reverse("budget:statement_pdf", args=[budget.pk]), {"period": "all"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="budget-')
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Budget-Kontoauszug / Budget statement" in text
    assert "Anfangssaldo / Opening balance" in text
    assert issued.number in text
    assert "Smart-Beitrag / Smart fee" in text
    assert "2.184,00 EUR" in text  # the closing balance
