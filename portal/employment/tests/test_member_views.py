"""The member's employment pages: the request with its live coverage, the contract to sign, changes,
payslips and certificates; what they refuse (next to the field, nothing typed lost) and to whom."""

import html
import re
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import logged_in
from portal.budget.documents import document_urls
from portal.budget.models import LedgerEntry
from portal.core.scope import Scope
from portal.employment import changes, costs, documents, services
from portal.employment.categories import DATA_DIR, salary_categories_load
from portal.employment.models import (
    CertificateRequest,
    ChangeKind,
    ChangeRequest,
    Employment,
    EmploymentStatus,
    SalaryCategory,
)
from portal.employment.tests.conftest import fund

pytestmark = pytest.mark.django_db

#: Before the first possible start (requests for January are due by 31 December).
NOW = "2026-12-10 12:00 +01:00"
PDF = b"%PDF-1.4 test document"
PNG = b"\x89PNG\r\n\x1a\n...."


def pdf(name="contract.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def english(member):
    member.language = "en"
    member.save(update_fields=["language"])
    return member


def request_post(categories, entities, **changes):
    data = {
        "entity": entities["SC"].pk,
        "category": categories["5"].pk,
        "start": "2027-01-01",
        "end": "2027-04-30",
        "note": "From January, please",
        "action": "save",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def draft_of(member, entities, categories, start=date(2027, 1, 1), end=date(2027, 4, 30), code="5"):
    return services.employment_save(
        member=member,
        employment_id=None,
        data=services.RequestData(entities["SC"].pk, categories[code].pk, start, end),
    )


def approved_of(member, staff, entities, categories):
    employment = draft_of(member, entities, categories)
    services.employment_submit(member=member, employment_id=employment.pk)
    scope = Scope.staff(staff, [entities["SC"].pk])
    services.employment_approve(staff=staff, scope=scope, employment_id=employment.pk, contract=pdf())
    employment.refresh_from_db()
    return employment


@pytest.fixture
def approved(funded, staff, entities, categories):
    return approved_of(funded, staff, entities, categories)


@pytest.fixture
def active(approved, funded, staff, entities):
    services.employment_sign(member=funded, employment_id=approved.pk, name="Anna Schmidt")
    scope = Scope.staff(staff, [entities["SC"].pk])
    services.employment_confirm_signature(staff=staff, scope=scope, employment_id=approved.pk)
    with time_machine.travel("2027-01-02 09:00 +01:00", tick=False):
        services.activate_due(date(2027, 1, 1))
        costs.book_month_costs(date(2027, 1, 1))
    approved.refresh_from_db()
    assert approved.status == EmploymentStatus.ACTIVE
    return approved


# --- the home page ----------------------------------------------------------------------------------


def test_the_menu_leads_to_the_employment_pages(member_http):
    page = member_http.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("employment:home")}"' in page


def test_home_lists_the_employments_and_the_salary_table_of_today(member_http, funded, entities, categories):
    draft = draft_of(funded, entities, categories)
    page = member_http.get(reverse("employment:home")).content.decode()
    assert reverse("employment:detail", args=[draft.pk]) in page
    assert (
        "01.01.2027 – 30.04.2027" in page
        and 'data-status="draft"' in page
        and gettext_de("Category %(code)s") % {"code": "5"} in page
    )
    table = page[page.index('data-testid="categories-SC"') :]
    table = table[: table.index("</table>")]
    assert table.count("<tr>") == 1 + len(categories)  # the head and the table of 2026 (valid on 10.12.2026)
    # 1 077,00 EUR / (1 - 9 %) = 1 183,52 EUR a month of net turnover pays category 5
    assert 'data-testid="turnover-5">1.183,52 EUR' in table
    assert "1.077,00 EUR" in table and "845,00 EUR" in table and "768,00 EUR" in table
    assert table.count('data-testid="minijob"') == 1  # the minijob category is marked
    assert reverse("employment:request_create") in page


def test_home_shows_an_empty_state_without_employments(member_http, categories):
    page = member_http.get(reverse("employment:home")).content.decode()
    assert "empty-state" in page and reverse("employment:request_create") in page


def test_home_and_detail_do_not_query_more_with_more_employments_and_payslips(
    member_http, funded, staff, entities, categories, django_assert_max_num_queries
):
    employment = approved_of(funded, staff, entities, categories)
    Employment.objects.filter(pk=employment.pk).update(status=EmploymentStatus.ACTIVE, end=date(2027, 12, 31))
    scope = Scope.staff(staff, [entities["SC"].pk])

    def add(month: int) -> None:
        """A payslip, an answered certificate and a decided change request more."""
        with time_machine.travel("2027-12-15 12:00 +01:00"):
            documents.payslip_upload(
                staff=staff, scope=scope, employment_id=employment.pk, month=date(2027, month, 1), upload=pdf()
            )
        certificate = documents.certificate_request(member=funded, employment_id=employment.pk, purpose=f"P{month}")
        documents.certificate_answer(staff=staff, scope=scope, request_id=certificate.pk, upload=pdf())
        ChangeRequest.objects.create(
            employment=employment, kinds=["end"], new_end=date(2027, 12, 31), status="rejected", decision_reason="No"
        )

    add(1)
    home, detail = reverse("employment:home"), reverse("employment:detail", args=[employment.pk])
    member_http.get(home)
    with django_assert_max_num_queries(12) as at_first:
        assert member_http.get(home).status_code == 200
    with django_assert_max_num_queries(20) as one_each:
        assert member_http.get(detail).status_code == 200
    for month in range(2, 13):
        add(month)
    for year in range(2028, 2040):  # more employments, ended
        Employment.objects.create(
            member=funded,
            entity=entities["SC"],
            budget=employment.budget,
            category=categories["3"],
            status=EmploymentStatus.ENDED,
            start=date(year, 1, 1),
            end=date(year, 6, 30),
        )
    with django_assert_max_num_queries(len(at_first.captured_queries)):
        page = member_http.get(home).content.decode()
    assert page.count('data-status="ended"') == 12
    with django_assert_max_num_queries(len(one_each.captured_queries)):
        page = member_http.get(detail).content.decode()
    assert page.count(f"/employment/{employment.pk}/payslips/") == 12
    assert page.count(f"/employment/{employment.pk}/certificates/") == 12


# --- the request form -------------------------------------------------------------------------------


def test_a_request_is_sent_in_one_go(member_http, funded, entities, categories):
    response = member_http.post(
        reverse("employment:request_create"), request_post(categories, entities, action="submit")
    )
    employment = Employment.objects.get()
    assert response.status_code == 302 and response.url == reverse("employment:detail", args=[employment.pk])
    assert employment.status == EmploymentStatus.SUBMITTED and employment.note == "From January, please"
    page = member_http.get(response.url).content.decode()
    assert 'class="status-step current" aria-current="step">' in page
    assert re.search(r'aria-current="step">[^<]+</li>', page)
    assert 'data-testid="monthly-cost">1.077,00 EUR' in page


def test_a_draft_is_saved_edited_and_sent_from_its_page(member_http, funded, entities, categories):
    member_http.post(reverse("employment:request_create"), request_post(categories, entities))
    draft = Employment.objects.get()
    assert draft.status == EmploymentStatus.DRAFT
    page = member_http.get(reverse("employment:detail", args=[draft.pk])).content.decode()
    assert reverse("employment:request_edit", args=[draft.pk]) in page and 'data-testid="draft-coverage"' in page
    edit = member_http.get(reverse("employment:request_edit", args=[draft.pk])).content.decode()
    assert 'value="2027-01-01"' in edit and "From January, please" in edit
    response = member_http.post(
        reverse("employment:request_edit", args=[draft.pk]),
        request_post(categories, entities, end="2027-06-30", category=categories["7"].pk),
    )
    assert response.url == reverse("employment:detail", args=[draft.pk])
    draft.refresh_from_db()
    assert (draft.end, draft.category_id, Employment.objects.count()) == (date(2027, 6, 30), categories["7"].pk, 1)
    member_http.post(reverse("employment:submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == EmploymentStatus.SUBMITTED
    # A request on its way is no longer a draft: its form is gone.
    assert member_http.get(reverse("employment:request_edit", args=[draft.pk])).status_code == 404
    assert member_http.post(reverse("employment:submit", args=[draft.pk])).status_code == 404


def test_the_form_shows_the_coverage_and_turnover_live(member_http, funded, entities, categories):
    url = reverse("employment:request_live")
    page = member_http.get(
        url, {"entity": entities["SC"].pk, "category": categories["5"].pk, "start": "2027-01-01"}
    ).content.decode()
    assert 'data-testid="live-months">18<' in page  # 20 000 EUR pays 18 months of 1 077 EUR
    assert 'data-testid="live-turnover">1.183,52 EUR' in page and 'data-testid="live-enough"' in page
    assert f'<option value="{categories["5"].pk}" selected>' in page
    # Another entity's categories, none at all, or nonsense: no figures, never an error.
    at_category = SalaryCategory.objects.exclude(entity=entities["SC"]).first()
    for params in (
        {"entity": entities["SC"].pk, "category": at_category.pk if at_category else 999999},
        {"entity": entities["AT"].pk, "category": categories["5"].pk},  # not an entity the member works with
        {"entity": "x" * 5000, "category": "9" * 40, "start": "2027-02-30"},
        {"entity": "-1", "category": "٣", "start": "0001-01-01"},
        {},
    ):
        response = member_http.get(url, params)
        assert response.status_code == 200 and "live-months" not in response.content.decode()


def test_the_live_figures_say_when_the_budget_pays_too_few_months(member_http, member, entities, categories):
    fund(member, entities["SC"], "2000.00")
    page = member_http.get(
        reverse("employment:request_live"),
        {"entity": entities["SC"].pk, "category": categories["5"].pk, "start": "2027-01-01"},
    ).content.decode()
    assert 'data-testid="live-months">1<' in page and 'data-testid="live-problem"' in page


def test_the_categories_follow_the_entity_and_the_start(member_http, member, entities, categories):
    salary_categories_load(path=DATA_DIR / "SC-2026.csv", valid_from=date(2027, 3, 1))  # a new table from March
    url = reverse("employment:request_live")

    def offered(**params):
        page = member_http.get(url, {"entity": entities["SC"].pk, **params}).content.decode()
        return sorted(map(int, re.findall(r'<option value="(\d+)"', page)))

    this_table = sorted(category.pk for category in categories.values())
    assert offered(start="2027-01-01") == offered() == this_table
    assert offered(start="2027-03-01") == sorted(
        SalaryCategory.objects.filter(valid_from=date(2027, 3, 1)).values_list("pk", flat=True)
    )
    assert offered(entity="") == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"start": "2027-01-15"}, "start", "starts on the first day of a month"),
        ({"start": "2026-12-01", "end": "2027-03-31"}, "start", "had to be requested by"),
        ({"end": "2027-04-15"}, "end", "ends on the last day of a month"),
        ({"end": "2027-02-28"}, "end", "at least 4 months"),
        ({"end": "2026-12-31"}, "end", "at least 4 months"),
        ({"start": "2027-13-01"}, "start", "valid date"),
        ({"start": "2027-02-30"}, "start", "valid date"),
        ({"start": "0001-01-01"}, "start", "between 2000 and 2099"),
        ({"end": "9999-12-31"}, "end", "between 2000 and 2099"),
        ({"start": "2" * 5000}, "start", "valid date"),
        ({"category": ""}, "category", "required"),
        ({"category": "abc"}, "category", "Please choose from the list"),
        ({"category": "9" * 30}, "category", "Please choose from the list"),
        ({"category": "999999"}, "category", "valid at the start"),
        ({"entity": ""}, "entity", "required"),
        ({"entity": "999999"}, "entity", "an entity you work with"),
        ({"note": "n" * 5000}, "note", "at most 4000 characters"),
    ],
)
def test_a_wrong_request_is_refused_next_to_its_field_and_keeps_what_was_typed(
    member_http, english, entities, categories, changes, field, message
):
    fund(english, entities["SC"], "20000.00")
    response = member_http.post(reverse("employment:request_create"), request_post(categories, entities, **changes))
    assert response.status_code == 200
    page = response.content.decode()
    error = re.search(rf'id="id_{field}_error">([^<]*)<', page)
    assert error and message in error.group(1), page[page.find("invalid-feedback") - 200 :][:600]
    if field != "note":
        assert "From January, please" in page  # nothing typed is lost
    assert not Employment.objects.exists()


def test_a_category_of_another_entity_is_refused(member_http, english, entities, categories):
    salary_categories_load(path=DATA_DIR / "AT-2025.csv")
    foreign = SalaryCategory.objects.filter(entity=entities["AT"]).first()
    response = member_http.post(
        reverse("employment:request_create"), request_post(categories, entities, category=foreign.pk)
    )
    assert re.search(r'id="id_category_error">[^<]*valid at the start', response.content.decode())
    assert not Employment.objects.exists()


def test_a_request_the_budget_cannot_pay_is_kept_as_a_draft_with_the_reason(member_http, english, entities, categories):
    fund(english, entities["SC"], "2000.00")
    response = member_http.post(
        reverse("employment:request_create"), request_post(categories, entities, action="submit")
    )
    draft = Employment.objects.get()
    assert draft.status == EmploymentStatus.DRAFT
    checked = reverse("employment:request_edit", args=[draft.pk]) + "?check=1"
    assert response.status_code == 302 and response["Location"] == checked  # a reload sends nothing twice
    page = member_http.get(checked).content.decode()
    assert "saved as a draft but could not be sent yet" in page
    assert re.search(r'id="id_category_error">[^<]*pays 1 month', page)
    assert page.count("pays 1 month") == 1  # next to the category, not again in the live figures
    assert "From January, please" in page  # the note typed before
    assert f'action="{reverse("employment:request_edit", args=[draft.pk])}"' in page  # sending again edits it

    response = member_http.post(reverse("employment:submit", args=[draft.pk]))
    assert response.status_code == 302 and response["Location"] == checked
    page = member_http.get(checked).content.decode()
    assert "could not be sent yet; please check it" in page and 'id="id_category_error"' in page
    draft.refresh_from_db()
    assert draft.status == EmploymentStatus.DRAFT
    assert 'id="id_category_error"' not in member_http.get(checked.removesuffix("?check=1")).content.decode()
    assert Employment.objects.count() == 1


def test_the_form_says_when_no_salary_table_applies_to_the_start(member_http, english, entities, categories):
    SalaryCategory.objects.all().delete()
    salary_categories_load(path=DATA_DIR / "SC-2026.csv", valid_from=date(2027, 3, 1))
    page = member_http.get(
        reverse("employment:request_live"), {"entity": entities["SC"].pk, "start": "2027-01-01"}
    ).content.decode()
    assert 'data-testid="live-no-categories"' in page and "no salary table for a start on 01/01/2027" in page
    page = member_http.get(
        reverse("employment:request_live"), {"entity": entities["SC"].pk, "start": "2027-03-01"}
    ).content.decode()
    assert "live-no-categories" not in page and "<option value=" in page


def test_a_second_request_in_the_same_period_is_refused(member_http, english, entities, categories):
    fund(english, entities["SC"], "20000.00")
    draft_of(english, entities, categories)
    response = member_http.post(
        reverse("employment:request_create"), request_post(categories, entities, end="2027-08-31")
    )
    assert re.search(r'id="id_start_error">[^<]*already have an employment', response.content.decode())
    assert Employment.objects.count() == 1


# --- contract and signature -------------------------------------------------------------------------


def test_the_member_downloads_the_contract_and_signs_with_the_name(member_http, approved):
    page = member_http.get(reverse("employment:detail", args=[approved.pk])).content.decode()
    contract = reverse("employment:contract_file", args=[approved.pk, 1])
    assert contract in page and 'data-testid="sign"' in page
    response = member_http.get(contract)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
    assert member_http.get(reverse("employment:signed_contract_file", args=[approved.pk, 1])).status_code == 404
    response = member_http.post(reverse("employment:sign", args=[approved.pk]), {"name": "Anna Schmidt"})
    assert response.url == reverse("employment:detail", args=[approved.pk])
    approved.refresh_from_db()
    assert approved.status == EmploymentStatus.CONTRACT_SIGNED and approved.signed_by_name == "Anna Schmidt"
    page = member_http.get(response.url).content.decode()
    assert 'data-testid="signature-waiting"' in page and 'data-testid="sign"' not in page
    # Signing twice is refused with a message, not an error page.
    response = member_http.post(reverse("employment:sign", args=[approved.pk]), {"name": "Anna"}, follow=True)
    assert response.status_code == 200 and "alert-danger" in response.content.decode()


def test_the_member_signs_by_uploading_the_signed_pdf(member_http, approved, staff, entities):
    response = member_http.post(reverse("employment:sign", args=[approved.pk]), {"file": pdf("signed.pdf")})
    assert response.status_code == 302
    signed = reverse("employment:signed_contract_file", args=[approved.pk, 1])
    assert signed in member_http.get(reverse("employment:detail", args=[approved.pk])).content.decode()
    assert member_http.get(signed).status_code == 200
    services.employment_confirm_signature(
        staff=staff, scope=Scope.staff(staff, [entities["SC"].pk]), employment_id=approved.pk
    )
    page = member_http.get(reverse("employment:detail", args=[approved.pk])).content.decode()
    assert 'data-testid="signature-confirmed"' in page and "01.01.2027" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "  "}, "name", "type your full name or upload"),
        ({"name": "A" * 300}, "name", "at most 200 characters"),
        ({"file": SimpleUploadedFile("signed.png", PNG)}, "file", "PDF"),
        ({"file": SimpleUploadedFile("signed.pdf", b"not a pdf")}, "file", "PDF"),
    ],
)
def test_a_wrong_signature_is_refused_next_to_its_field(member_http, english, approved, data, field, message):
    response = member_http.post(reverse("employment:sign", args=[approved.pk]), data)
    assert response.status_code == 200
    error = re.search(rf'id="id_{field}_error">([^<]*)<', response.content.decode())
    assert error and message in error.group(1)
    approved.refresh_from_db()
    assert approved.status == EmploymentStatus.APPROVED


# --- an active employment ---------------------------------------------------------------------------


def test_the_member_requests_a_change_and_sees_its_decision(member_http, active, staff, entities, categories):
    page = member_http.get(reverse("employment:detail", args=[active.pk])).content.decode()
    assert 'data-testid="change-form"' in page
    for kind in ChangeKind.values:
        assert f'data-testid="change-kind-{kind}"' in page  # every kind with its fields, no script needed
    response = member_http.post(
        reverse("employment:change_request", args=[active.pk]),
        {
            "kinds": ["end", "category"],
            "new_end": "2027-08-31",
            "new_category": categories["7"].pk,
            "category_from": "2027-03-01",
        },
    )
    assert response.url == reverse("employment:detail", args=[active.pk])
    change = ChangeRequest.objects.get()
    assert change.kinds == ["end", "category"] and change.new_end == date(2027, 8, 31)
    page = member_http.get(response.url).content.decode()
    assert 'data-testid="change-pending"' in page and 'data-testid="change-form"' not in page
    assert "31.08.2027" in page and gettext_de("Category %(code)s") % {"code": "7"} in page
    with time_machine.travel("2027-01-05 10:00 +01:00", tick=False):
        changes.change_reject(
            staff=staff, scope=Scope.staff(staff, [entities["SC"].pk]), change_id=change.pk, reason="Budget too small"
        )
    page = member_http.get(response.url).content.decode()
    assert "Budget too small" in page and 'data-testid="change-form"' in page


def test_an_interruption_needs_its_proof(member_http, english, active):
    url = reverse("employment:change_request", args=[active.pk])
    data = {"kinds": ["interruption"], "interruption_from": "2027-03-01", "interruption_to": "2027-03-31"}
    response = member_http.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r'id="id_proofs_error">[^<]*proof of the interruption', page)
    assert 'value="2027-03-01"' in page  # nothing typed is lost
    response = member_http.post(url, {**data, "proofs": [pdf("certificate.pdf")]})
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    assert change.proofs.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "kinds", "Please tick the change(s) you ask for."),
        ({"new_end": "2027-08-31"}, "kinds", "Please tick the change(s) you ask for."),
        ({"kinds": ["nonsense"]}, "kinds", "what should change"),
        # The months of a change lie within the employment (01/2027 to 04/2027).
        (
            {"kinds": ["special_payment"], "special_amount": "500", "special_month": "2027-08-01"},
            "special_month",
            "Please choose a month within the employment (01/2027 – 04/2027).",
        ),
        (
            {"kinds": ["category"], "new_category": "1", "category_from": "2027-09-01"},
            "category_from",
            "within the employment",
        ),
        (
            {"kinds": ["correction"], "correction_month": "2026-11-01", "correction_text": "x"},
            "correction_month",
            "within the employment",
        ),
        (
            {
                "kinds": ["interruption"],
                "interruption_from": "2027-03-01",
                "interruption_to": "2027-03-31",
                "proofs": [SimpleUploadedFile("note.txt", b"just text")],
            },
            "proofs",
            "note.txt: Please upload a PDF, PNG or JPEG file.",
        ),
        # Amounts: one sentence each, right for a special payment (positive).
        (
            {"kinds": ["special_payment"], "special_amount": "-5", "special_month": "2027-02-01"},
            "special_amount",
            "The amount must be greater than zero.",
        ),
        (
            {"kinds": ["special_payment"], "special_amount": "0", "special_month": "2027-02-01"},
            "special_amount",
            "The amount must be greater than zero.",
        ),
        (
            {"kinds": ["special_payment"], "special_amount": "99999999999999", "special_month": "2027-02-01"},
            "special_amount",
            "The amount can be at most 10,000,000.00 EUR.",
        ),
        ({"kinds": ["end"], "new_end": "2027-08-15"}, "new_end", "last day of a month"),
        ({"kinds": ["end"], "new_end": "9999-12-31"}, "new_end", "between 2000 and 2099"),
        ({"kinds": ["category"], "new_category": "x", "category_from": "2027-03-01"}, "new_category", "from the list"),
        ({"kinds": ["category"], "new_category": "999999", "category_from": "2027-03-01"}, "new_category", "valid"),
        (
            {"kinds": ["special_payment"], "special_amount": "1e9", "special_month": "2027-02-01"},
            "special_amount",
            "amount",
        ),
        (
            {"kinds": ["special_payment"], "special_amount": "500", "special_month": "2026-01-01"},
            "special_month",
            "this or a later month",
        ),
        (
            {"kinds": ["correction"], "correction_month": "2026-12-01", "correction_text": ""},
            "correction_text",
            "describe",
        ),
        (
            {"kinds": ["correction"], "correction_month": "2026-12-01", "correction_text": "x" * 5000},
            "correction_text",
            "at most 4000",
        ),
    ],
)
def test_a_wrong_change_is_refused_next_to_its_field(member_http, english, active, data, field, message):
    response = member_http.post(reverse("employment:change_request", args=[active.pk]), data)
    assert response.status_code == 200
    error = re.search(rf'id="id_{field}_error">([^<]*)<', response.content.decode())
    assert error and message in html.unescape(error.group(1)), error
    if field == "special_amount":
        assert "Ensure" not in response.content.decode()  # no second, generic message
    assert not ChangeRequest.objects.exists()


def test_changes_are_for_an_active_employment_only(member_http, approved):
    response = member_http.post(
        reverse("employment:change_request", args=[approved.pk]), {"kinds": ["end"], "new_end": "2027-08-31"}
    )
    assert response.status_code == 302 and not ChangeRequest.objects.exists()


def test_payslips_and_certificates_on_the_employment_page(member_http, active, staff, entities):
    scope = Scope.staff(staff, [entities["SC"].pk])
    with time_machine.travel("2027-01-20 12:00 +01:00"):
        payslip = documents.payslip_upload(
            staff=staff, scope=scope, employment_id=active.pk, month=date(2027, 1, 1), upload=pdf("lohn.pdf")
        )
    page = member_http.get(reverse("employment:detail", args=[active.pk])).content.decode()
    download = reverse("employment:payslip_file", args=[active.pk, payslip.pk])
    assert download in page
    response = member_http.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF

    response = member_http.post(reverse("employment:certificate_request", args=[active.pk]), {"purpose": "  "})
    assert response.status_code == 200 and 'id="id_purpose_error"' in response.content.decode()
    response = member_http.post(
        reverse("employment:certificate_request", args=[active.pk]), {"purpose": "For my landlord"}
    )
    assert response.status_code == 302
    certificate = CertificateRequest.objects.get()
    page = member_http.get(reverse("employment:detail", args=[active.pk])).content.decode()
    assert "For my landlord" in page
    file_url = reverse("employment:certificate_file", args=[active.pk, certificate.pk])
    assert file_url not in page and member_http.get(file_url).status_code == 404  # not answered yet
    documents.certificate_answer(staff=staff, scope=scope, request_id=certificate.pk, upload=pdf("cert.pdf"))
    assert file_url in member_http.get(reverse("employment:detail", args=[active.pk])).content.decode()
    assert member_http.get(file_url).status_code == 200


def test_a_certificate_is_for_a_running_or_ended_employment(member_http, approved):
    response = member_http.post(reverse("employment:certificate_request", args=[approved.pk]), {"purpose": "Bank"})
    assert response.status_code == 302 and not CertificateRequest.objects.exists()


def test_the_history_and_a_rejection_reason_are_shown(member_http, funded, staff, entities, categories):
    employment = draft_of(funded, entities, categories)
    services.employment_submit(member=funded, employment_id=employment.pk)
    services.employment_reject(
        staff=staff, scope=Scope.staff(staff, [entities["SC"].pk]), employment_id=employment.pk, reason="Too late"
    )
    page = member_http.get(reverse("employment:detail", args=[employment.pk])).content.decode()
    assert 'data-testid="reason-banner"' in page and "Too late" in page
    assert page.count('class="timeline-item"') == 3  # created, sent, rejected


# --- budget statement and dashboard -----------------------------------------------------------------


def test_statement_rows_of_the_monthly_cost_link_to_the_employment(member, active, staff, member2, entities):
    rows = list(LedgerEntry.objects.filter(source_id=active.pk, kind="employment_cost"))
    assert rows
    key = (rows[0].source_type_id, active.pk)
    assert document_urls(Scope.member(member), rows) == {key: reverse("employment:detail", args=[active.pk])}
    assert document_urls(Scope.member(member2), rows) == {}
    staff_urls = document_urls(Scope.staff(staff, [entities["SC"].pk]), rows)
    assert staff_urls == {key: reverse("backoffice:employment_detail", args=[active.pk])}
    assert document_urls(Scope.staff(staff, [entities["AT"].pk]), rows) == {}
    with time_machine.travel("2027-01-10 10:00 +01:00", tick=False):
        page = logged_in(member).get(reverse("budget:detail", args=[active.budget_id])).content.decode()
    assert f'href="{reverse("employment:detail", args=[active.pk])}"' in page


def test_the_dashboard_panel_shows_the_employment_or_the_way_to_request_one(member_http, active):
    page = member_http.get(reverse("dashboard")).content.decode()
    panel = page[page.index('data-testid="employment-panel"') :]
    panel = panel[: panel.index("</section>")]
    assert 'data-status="active"' in panel and 'data-testid="panel-monthly-cost">1.077,00 EUR' in panel
    assert reverse("employment:detail", args=[active.pk]) in panel
    Employment.objects.filter(pk=active.pk).update(status=EmploymentStatus.ENDED)
    page = member_http.get(reverse("dashboard")).content.decode()
    assert 'data-testid="panel-request-employment"' in page


# --- who may open what ------------------------------------------------------------------------------

#: (URL name, method, of the draft rather than the running employment, further URL arguments)
PAGES = [
    ("employment:detail", "get", False, ()),
    ("employment:detail", "get", True, ()),
    ("employment:request_edit", "get", True, ()),
    ("employment:request_edit", "post", True, ()),
    ("employment:submit", "post", True, ()),
    ("employment:sign", "post", False, ()),
    ("employment:change_request", "post", False, ()),
    ("employment:certificate_request", "post", False, ()),
    ("employment:contract_file", "get", False, (1,)),
    ("employment:signed_contract_file", "get", False, (1,)),
]


@pytest.fixture
def everything(funded, staff, entities, categories):
    """An employment with a signed contract, a payslip and an answered certificate, and a draft."""
    employment = approved_of(funded, staff, entities, categories)
    services.employment_sign(member=funded, employment_id=employment.pk, signed_file=pdf("signed.pdf"))
    Employment.objects.filter(pk=employment.pk).update(status=EmploymentStatus.ACTIVE)
    scope = Scope.staff(staff, [entities["SC"].pk])
    with time_machine.travel("2027-01-20 12:00 +01:00"):
        payslip = documents.payslip_upload(
            staff=staff, scope=scope, employment_id=employment.pk, month=date(2027, 1, 1), upload=pdf()
        )
    certificate = documents.certificate_request(member=funded, employment_id=employment.pk, purpose="Bank")
    documents.certificate_answer(staff=staff, scope=scope, request_id=certificate.pk, upload=pdf())
    draft = draft_of(funded, entities, categories, start=date(2027, 6, 1), end=date(2027, 12, 31))
    return {"employment": employment, "draft": draft, "payslip": payslip, "certificate": certificate}


@pytest.mark.parametrize("persona", ["member2", "client_contact", "outsider", "staff", "staff_at"])
def test_the_employment_pages_and_files_are_the_member_s_alone(request, everything, persona):
    http = logged_in(request.getfixturevalue(persona))
    employment, draft = everything["employment"], everything["draft"]
    urls = [
        (method, reverse(name, args=[draft.pk if of_draft else employment.pk, *extra]))
        for name, method, of_draft, extra in PAGES
    ]
    urls += [
        ("get", reverse("employment:payslip_file", args=[employment.pk, everything["payslip"].pk])),
        ("get", reverse("employment:certificate_file", args=[employment.pk, everything["certificate"].pk])),
    ]
    for method, url in urls:
        response = getattr(http, method)(url, {"name": "Someone", "kinds": ["end"], "purpose": "Mine"})
        assert response.status_code == 404, url
    if persona != "member2":  # another member has their own employment pages; nobody else any
        for name in ("employment:home", "employment:request_create", "employment:request_live"):
            assert http.get(reverse(name)).status_code == 404
    assert ChangeRequest.objects.count() == 0 and CertificateRequest.objects.count() == 1
    draft.refresh_from_db()
    assert draft.status == EmploymentStatus.DRAFT


def test_the_owner_opens_every_page_and_file(member_http, everything):
    employment = everything["employment"]
    for url in (
        reverse("employment:detail", args=[employment.pk]),
        reverse("employment:contract_file", args=[employment.pk, 1]),
        reverse("employment:signed_contract_file", args=[employment.pk, 1]),
        reverse("employment:payslip_file", args=[employment.pk, everything["payslip"].pk]),
        reverse("employment:certificate_file", args=[employment.pk, everything["certificate"].pk]),
        reverse("employment:request_edit", args=[everything["draft"].pk]),
    ):
        assert member_http.get(url).status_code == 200, url
    # A file of one employment is not reachable through another employment's address.
    elsewhere = reverse("employment:payslip_file", args=[everything["draft"].pk, everything["payslip"].pk])
    assert member_http.get(elsewhere).status_code == 404
    assert member_http.get(reverse("employment:contract_file", args=[employment.pk, 2])).status_code == 404
    huge = 10**30  # more than a database integer holds: no such record, not an error
    for name in ("contract_file", "signed_contract_file", "payslip_file", "certificate_file"):
        for args in ((employment.pk, huge), (huge, 1)):
            assert member_http.get(reverse(f"employment:{name}", args=args)).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, everything):
    employment = everything["employment"]
    for url in (
        reverse("employment:home"),
        reverse("employment:request_create"),
        reverse("employment:detail", args=[employment.pk]),
        reverse("employment:payslip_file", args=[employment.pk, everything["payslip"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_draft_can_be_deleted_and_nothing_else(member_http, funded, entities, categories):
    import time_machine

    from portal.employment import services
    from portal.employment.models import Employment

    with time_machine.travel("2026-12-10 12:00 +01:00"):
        draft = services.employment_save(
            member=funded,
            employment_id=None,
            data=services.RequestData(entities["SC"].pk, categories["5"].pk, date(2027, 2, 1), date(2027, 7, 31)),
        )
        assert member_http.post(f"/employment/{draft.pk}/delete/").status_code == 302
        assert not Employment.objects.filter(pk=draft.pk).exists()
        sent = services.employment_save(
            member=funded,
            employment_id=None,
            data=services.RequestData(entities["SC"].pk, categories["5"].pk, date(2027, 2, 1), date(2027, 7, 31)),
        )
        services.employment_submit(member=funded, employment_id=sent.pk)
        assert member_http.post(f"/employment/{sent.pk}/delete/").status_code == 404
        assert Employment.objects.filter(pk=sent.pk).exists()


# --- the walk-through's findings -------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["anna schmidt", "  ANNA   Schmidt ", "Anna\tSchmidt"])
def test_the_typed_name_is_the_member_s_name_in_any_case_and_spacing(member_http, approved, typed):
    response = member_http.post(reverse("employment:sign", args=[approved.pk]), {"name": typed})
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == EmploymentStatus.CONTRACT_SIGNED


@pytest.mark.parametrize("typed", ["Mickey Mouse", "Anna", "Ánna Schmidt"])
def test_another_name_does_not_sign(member_http, english, approved, typed):
    response = member_http.post(reverse("employment:sign", args=[approved.pk]), {"name": typed})
    assert response.status_code == 200
    error = re.search(r'id="id_name_error">([^<]*)<', response.content.decode())
    assert error and "Please type your full name as in your account (Anna Schmidt)" in error.group(1)
    assert 'value="' + typed + '"' in response.content.decode()  # kept
    approved.refresh_from_db()
    assert approved.status == EmploymentStatus.APPROVED


def test_the_sign_label_has_its_own_context():
    """The member's label is not the client pages' "Your full name" (formal "Ihr" in German): without its
    own context it would read that translation on German pages."""
    from django.utils.translation import override, pgettext

    from portal.employment.forms import SignForm

    label = SignForm.base_fields["name"].label
    with override("de"):
        assert str(label) == pgettext("member signature", "Your full name")
        assert not str(label).startswith("Ihr ")


def test_generated_category_names_follow_the_reader_s_language(categories):
    from django.utils.translation import override

    category = categories["5"]
    assert category.label == "Category 5"  # as the CSV file writes it
    with override("en"):
        assert category.display_name == "Category 5"
    with override("de"):
        assert category.display_name == gettext_de("Category %(code)s") % {"code": "5"}
    category.label = "Minijob M13"
    category.code = "M13"
    with override("en"):
        assert category.display_name == "Minijob M13"
    category.label = "Geringfügig A0"  # a name of its own stays as it is
    assert category.display_name == "Geringfügig A0"


def gettext_de(message: str) -> str:
    from django.utils.translation import gettext, override

    with override("de"):
        return gettext(message)
