"""The Smart team's employment pages (issue 14): the queues with their service level, the list, one
employment with every action, payslips as a batch; isolation and the four-eyes rule."""

import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from conftest import logged_in, make_member, with_totp
from portal.accounts.models import Role
from portal.budget.ledger import budget_personal
from portal.budget.models import EntryKind, LedgerEntry
from portal.core.models import OutboundEmail
from portal.core.scope import Scope
from portal.employment import changes, documents, services
from portal.employment.categories import DATA_DIR, salary_categories_load
from portal.employment.models import (
    CertificateRequest,
    ChangeRequest,
    ChangeStatus,
    Employment,
    EmploymentStatus,
    Payslip,
    SalaryCategory,
)
from portal.employment.tests.conftest import fund

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
#: A day in the last month of the employment of ``request_of``: payslips of its months can be uploaded.
PAYDAY = "2027-06-15 12:00 +02:00"


@pytest.fixture(autouse=True)
def _english():
    with override("en"):
        yield


@pytest.fixture
def categories(entities):
    salary_categories_load(path=DATA_DIR / "SC-2026.csv")
    return {category.code: category for category in SalaryCategory.objects.filter(entity=entities["SC"])}


@pytest.fixture
def funded(member, entities):
    fund(member, entities["SC"], "20000.00")
    return member


def pdf(name: str = "contract.pdf", content: bytes = b"%PDF-1.4 test") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name: str = "contract.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n....", content_type="image/png")


def browser(user):
    """A signed-in browser of ``user``, who reads the portal in English (the texts the tests look for)."""
    user.language = "en"
    user.save(update_fields=["language"])
    return logged_in(user)


def scope_sc(staff, entities) -> Scope:
    return Scope.staff(staff, [entities["SC"].pk])


def request_of(member, entities, categories, *, at: str = "2026-12-10 12:00 +01:00") -> Employment:
    with time_machine.travel(at, tick=False):
        employment = services.employment_save(
            member=member,
            employment_id=None,
            data=services.RequestData(entities["SC"].pk, categories["5"].pk, date(2027, 1, 1), date(2027, 6, 30)),
        )
        return services.employment_submit(member=member, employment_id=employment.pk)


@pytest.fixture
def submitted(funded, entities, categories) -> Employment:
    return request_of(funded, entities, categories)


def sign(employment, member, staff, entities) -> None:
    services.employment_approve(
        staff=staff, scope=scope_sc(staff, entities), employment_id=employment.pk, contract=pdf()
    )
    services.employment_sign(member=member, employment_id=employment.pk, signed_file=pdf("signed.pdf"))


@pytest.fixture
def active(submitted, funded, staff, entities) -> Employment:
    sign(submitted, funded, staff, entities)
    services.employment_confirm_signature(staff=staff, scope=scope_sc(staff, entities), employment_id=submitted.pk)
    services.activate_due(date(2027, 1, 1))
    submitted.refresh_from_db()
    assert submitted.status == EmploymentStatus.ACTIVE
    return submitted


@pytest.fixture
def everything(active, funded, staff, entities) -> dict:
    """An active employment with a change request (with a proof), a payslip and an answered certificate."""
    with time_machine.travel("2027-01-15 12:00 +01:00"):
        change = changes.change_submit(
            member=funded,
            employment_id=active.pk,
            data=changes.ChangeData(
                kinds=["interruption"],
                interruption_from=date(2027, 3, 1),
                interruption_to=date(2027, 3, 31),
                proofs=[pdf("proof.pdf", b"%PDF-1.4 proof")],
            ),
        )
    with time_machine.travel(PAYDAY):
        payslip = documents.payslip_upload(
            staff=staff, scope=scope_sc(staff, entities), employment_id=active.pk, month=date(2027, 1, 1), upload=pdf()
        )
    certificate = documents.certificate_request(member=funded, employment_id=active.pk, purpose="Job centre")
    documents.certificate_answer(staff=staff, scope=scope_sc(staff, entities), request_id=certificate.pk, upload=pdf())
    return {
        "employment": active,
        "change": change,
        "proof": change.proofs.get(),
        "payslip": payslip,
        "certificate": certificate,
        "version": active.versions.get(number=1),
    }


def detail_url(employment) -> str:
    return reverse("backoffice:employment_detail", args=[employment.pk])


# --- the queues ------------------------------------------------------------------------------------


def test_the_queue_shows_the_due_time_on_working_days_and_marks_overdue(funded, entities, categories, staff):
    http = browser(staff)
    # Submitted on a Friday at 10:00: due on Monday at 10:00 (the weekend does not count).
    employment = request_of(funded, entities, categories, at="2026-11-27 10:00 +01:00")
    with time_machine.travel(datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN), tick=False):
        page = http.get(reverse("backoffice:employment_queue"))
        row = page.context["requests"][0]
        assert row["employment"] == employment and not row["overdue"]
        assert row["deadline"] == datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN)
        assert 'data-testid="overdue"' not in page.content.decode()
        assert http.get(detail_url(employment)).context["deadline"] == row["deadline"]
    with time_machine.travel(datetime(2026, 11, 30, 10, 1, tzinfo=BERLIN), tick=False):
        page = http.get(reverse("backoffice:employment_queue"))
        assert page.context["requests"][0]["overdue"]
        assert 'data-testid="overdue"' in page.content.decode()
        assert http.get(detail_url(employment)).context["overdue"]


def test_the_queue_lists_requests_changes_signatures_and_certificates_oldest_first(
    everything, member2, entities, categories, staff
):
    fund(member2, entities["SC"], "20000.00", key="m2")
    first = request_of(member2, entities, categories, at="2026-12-01 09:00 +01:00")
    http = browser(staff)
    page = http.get(reverse("backoffice:employment_queue"))
    assert [row["employment"] for row in page.context["requests"]] == [first]
    assert [change for change, _kinds in page.context["changes"]] == [everything["change"]]
    assert page.context["changes"][0][1] == ["Interruption"]
    assert page.context["signatures"] == []  # the fixture's signature is confirmed
    assert page.context["certificates"] == []  # answered
    counts = page.context["counts"]
    assert (counts.requests, counts.changes, counts.signatures, counts.certificates) == (1, 1, 0, 0)

    open_certificate = documents.certificate_request(
        member=everything["employment"].member, employment_id=everything["employment"].pk, purpose="Bank"
    )
    fund(member2, entities["SC"], "0.01", key="m2b")
    sign(first, member2, staff, entities)
    page = http.get(reverse("backoffice:employment_queue"))
    assert page.context["requests"] == []
    assert page.context["signatures"] == [first]
    assert page.context["certificates"] == [open_certificate]
    html = page.content.decode()
    assert f"#certificate-{open_certificate.pk}" in html and f"#change-{everything['change'].pk}" in html


def test_the_home_page_shows_what_waits_in_employment(submitted, staff):
    html = browser(staff).get(reverse("backoffice:home")).content.decode()
    assert 'data-testid="employment-count">1<' in html
    assert reverse("backoffice:employment_queue") in html


def test_the_home_page_shows_no_employment_block_when_nothing_waits(staff, entities):
    assert 'data-testid="employment-queue"' not in browser(staff).get(reverse("backoffice:home")).content.decode()


# --- the list --------------------------------------------------------------------------------------


def employment_for(member, entities, categories, *, status, start=date(2027, 1, 1), end=date(2027, 6, 30)):
    """An employment row as the services leave it (the list only reads them)."""
    return Employment.objects.create(
        member=member,
        entity=entities["SC"],
        budget=budget_personal(member_id=member.pk, entity_id=entities["SC"].pk),
        category=categories["5"],
        status=status,
        start=start,
        end=end,
    )


def members(entities, count: int, offset: int = 0) -> list:
    return [
        make_member(f"m{offset + index}@test.example", entities["SC"], number=f"{200 + offset + index:06d}")
        for index in range(count)
    ]


@time_machine.travel("2027-03-10 12:00 +01:00")
def test_the_list_filters_by_status_ending_soon_and_member(member, member2, entities, categories, staff):
    ending = employment_for(member, entities, categories, status=EmploymentStatus.ACTIVE, end=date(2027, 4, 30))
    later = employment_for(member2, entities, categories, status=EmploymentStatus.ACTIVE, end=date(2027, 12, 31))
    submitted = employment_for(
        member2, entities, categories, status=EmploymentStatus.SUBMITTED, start=date(2028, 1, 1), end=date(2028, 6, 30)
    )
    draft = employment_for(
        member, entities, categories, status=EmploymentStatus.DRAFT, start=date(2028, 1, 1), end=date(2028, 6, 30)
    )
    http = browser(staff)

    def listed(**query) -> list:
        return list(http.get(reverse("backoffice:employment_list"), query).context["page"].object_list)

    assert set(listed()) == {ending, later, submitted}  # drafts are the member's own business
    assert listed(status="submitted") == [submitted]
    assert listed(ending="on") == [ending]
    assert set(listed(q="Weber")) == {later, submitted}
    assert listed(q="000101") == [ending]
    assert listed(q="Anna Schmidt") == [ending]
    assert set(listed(entity="SC")) == {ending, later, submitted}
    assert listed(entity="AT") == listed()  # not one of the login's entities: ignored, reported
    assert http.get(detail_url(draft)).status_code == 404
    for hostile in ({"status": "draft"}, {"page": "-1"}, {"page": "x" * 50}, {"q": "%_\\'"}, {"ending": "²"}):
        assert http.get(reverse("backoffice:employment_list"), hostile).status_code == 200


def test_the_list_and_the_queue_take_the_same_queries_for_2_and_6_rows(entities, categories, staff):
    http = browser(staff)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert http.get(url).status_code == 200
        return len(captured.captured_queries)

    def add(count: int, offset: int) -> None:
        for person in members(entities, count, offset):
            employment_for(person, entities, categories, status=EmploymentStatus.ACTIVE)
            submitted = employment_for(
                person,
                entities,
                categories,
                status=EmploymentStatus.SUBMITTED,
                start=date(2028, 1, 1),
                end=date(2028, 6, 30),
            )
            Employment.objects.filter(pk=submitted.pk).update(submitted_at=datetime(2026, 12, 1, tzinfo=BERLIN))
            employment_for(
                person,
                entities,
                categories,
                status=EmploymentStatus.CONTRACT_SIGNED,
                start=date(2029, 1, 1),
                end=date(2029, 6, 30),
            )

    add(2, 0)
    urls = [reverse("backoffice:employment_list"), reverse("backoffice:employment_queue")]
    few = [queries(url) for url in urls]
    add(4, 10)
    assert [queries(url) for url in urls] == few
    assert few[0] <= 6 and few[1] <= 8


def test_the_employment_page_takes_the_same_queries_for_more_payslips_and_certificates(everything, staff, entities):
    employment = everything["employment"]
    http = browser(staff)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert http.get(detail_url(employment)).status_code == 200
        return len(captured.captured_queries)

    few = queries()
    for month in (2, 3, 4):
        with time_machine.travel(PAYDAY):
            documents.payslip_upload(
                staff=staff,
                scope=scope_sc(staff, entities),
                employment_id=employment.pk,
                month=date(2027, month, 1),
                upload=pdf(),
            )
        documents.certificate_request(member=employment.member, employment_id=employment.pk, purpose=f"P{month}")
    assert queries() == few <= 14


# --- one employment: the decisions -----------------------------------------------------------------


def test_approve_with_the_contract_and_download_it(submitted, staff):
    http = browser(staff)
    page = http.get(detail_url(submitted)).content.decode()
    assert 'data-testid="approve"' in page and 'data-testid="reject"' in page
    assert 'data-confirm="Reject this employment request?"' in page
    assert reverse("backoffice:budget_detail", args=[submitted.budget_id]) in page

    refused = http.post(reverse("backoffice:employment_approve", args=[submitted.pk]), {"approve-file": png()})
    assert refused.status_code == 400
    assert refused.context["approve_form"].errors["file"]
    submitted.refresh_from_db()
    assert submitted.status == EmploymentStatus.SUBMITTED
    missing = http.post(reverse("backoffice:employment_approve", args=[submitted.pk]), {})
    assert missing.status_code == 400 and missing.context["approve_form"].errors["file"]

    response = http.post(reverse("backoffice:employment_approve", args=[submitted.pk]), {"approve-file": pdf()})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == EmploymentStatus.APPROVED
    version = submitted.versions.get()
    download = http.get(reverse("backoffice:employment_contract_file", args=[submitted.pk, version.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # No signed contract yet: nothing to download.
    url = reverse("backoffice:employment_signed_contract_file", args=[submitted.pk, version.pk])
    assert http.get(url).status_code == 404


def test_a_rejection_needs_a_reason_and_keeps_the_input(submitted, staff):
    http = browser(staff)
    url = reverse("backoffice:employment_reject", args=[submitted.pk])
    refused = http.post(url, {"reject-reason": "   "})
    assert refused.status_code == 400 and refused.context["reject_form"].errors["reason"]
    too_long = http.post(url, {"reject-reason": "<b>x</b>" * 400})
    assert too_long.status_code == 400 and "&lt;b&gt;x&lt;/b&gt;" in too_long.content.decode()  # kept, escaped
    assert http.post(url, {"reject-reason": "Budget too small"}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == EmploymentStatus.REJECTED
    page = http.get(detail_url(submitted)).content.decode()
    assert 'data-testid="approve"' not in page and 'data-testid="reject"' not in page


def test_confirm_the_signature(submitted, funded, staff, entities):
    sign(submitted, funded, staff, entities)
    http = browser(staff)
    page = http.get(detail_url(submitted)).content.decode()
    assert 'data-testid="confirm-signature"' in page
    version = submitted.versions.get()
    signed = http.get(reverse("backoffice:employment_signed_contract_file", args=[submitted.pk, version.pk]))
    assert signed.status_code == 200
    assert http.post(reverse("backoffice:employment_confirm_signature", args=[submitted.pk])).status_code == 302
    submitted.refresh_from_db()
    assert submitted.signature_confirmed_at
    assert 'data-testid="confirm-signature"' not in http.get(detail_url(submitted)).content.decode()
    # Twice: refused with a message, no server error.
    again = http.post(reverse("backoffice:employment_confirm_signature", args=[submitted.pk]), follow=True)
    assert "There is no signature to confirm." in again.content.decode()


@time_machine.travel("2027-01-15 12:00 +01:00")
def test_change_requests_are_shown_with_their_proofs_and_decided(everything, staff):
    employment, change, proof = everything["employment"], everything["change"], everything["proof"]
    http = browser(staff)
    page = http.get(detail_url(employment)).content.decode()
    assert f'id="change-{change.pk}"' in page and "Interruption" in page
    assert 'data-confirm="Reject this change request?"' in page
    download = http.get(reverse("backoffice:employment_proof_file", args=[employment.pk, change.pk, proof.pk]))
    assert download.status_code == 200

    prefix = f"change-{change.pk}"
    refused = http.post(reverse("backoffice:employment_change_reject", args=[employment.pk, change.pk]), {})
    assert refused.status_code == 400
    assert refused.context["change_rows"][0].reject_form.errors["reason"]
    url = reverse("backoffice:employment_change_approve", args=[employment.pk, change.pk])
    not_pdf = http.post(url, {f"{prefix}-approve-file": png()})
    assert not_pdf.status_code == 400
    assert not_pdf.context["change_rows"][0].approve_form.errors["file"]
    change.refresh_from_db()
    assert change.status == ChangeStatus.SUBMITTED

    assert http.post(url, {f"{prefix}-approve-file": pdf("amended.pdf")}).status_code == 302
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED
    assert employment.versions.get(change=change).file
    assert 'data-testid="change-approve"' not in http.get(detail_url(employment)).content.decode()


@time_machine.travel("2027-01-15 12:00 +01:00")
def test_reject_a_change_request_with_a_reason(active, funded, staff):
    change = changes.change_submit(
        member=funded,
        employment_id=active.pk,
        data=changes.ChangeData(kinds=["special_payment"], special_month=date(2027, 2, 1), special_amount="500.00"),
    )
    http = browser(staff)
    assert "500.00" in http.get(detail_url(active)).content.decode()
    url = reverse("backoffice:employment_change_reject", args=[active.pk, change.pk])
    assert http.post(url, {f"change-{change.pk}-reject-reason": "No budget"}).status_code == 302
    change.refresh_from_db()
    assert (change.status, change.decision_reason) == (ChangeStatus.REJECTED, "No budget")
    # Deciding again: the service refuses, the page says so next to the form.
    again = http.post(url, {f"change-{change.pk}-reject-reason": "again"}, follow=True)
    assert "decided already" in again.content.decode()


def test_book_a_payroll_difference(active, staff):
    http = browser(staff)
    url = reverse("backoffice:employment_payroll_difference", args=[active.pk])
    page = http.get(detail_url(active)).content.decode()
    token = re.search(r'name="payroll-token" value="([0-9a-f]{32})"', page)
    assert (
        token
        and 'data-testid="payroll-form"' in page
        and "data-confirm=" in page.split('data-testid="payroll-form"')[0][-400:]
    )
    sent = {"payroll-month": "2027-01", "payroll-reason": "Payroll", "payroll-token": token.group(1)}
    refused = http.post(url, {**sent, "payroll-amount": "1e3"})
    assert refused.status_code == 400
    form = refused.context["payroll_form"]
    assert form.errors["amount"] and 'value="Payroll"' not in refused.content.decode()  # a textarea keeps it
    assert "Payroll</textarea>" in refused.content.decode()
    assert f'value="{token.group(1)}"' in refused.content.decode()  # nothing was booked: the same form
    ok = http.post(url, {**sent, "payroll-amount": "-12,34", "payroll-reason": "Payroll January"})
    assert ok.status_code == 302
    row = LedgerEntry.objects.get(kind=EntryKind.CORRECTION, budget=active.budget)
    assert row.amount == Decimal("-12.34") and "01/2027" in row.text
    # The same form sent again (a double click, back and send): booked once.
    again = http.post(url, {**sent, "payroll-amount": "-12,34", "payroll-reason": "Payroll January"})
    assert again.status_code == 302
    assert LedgerEntry.objects.filter(kind=EntryKind.CORRECTION).count() == 1


def test_a_payroll_form_without_its_token_is_shown_again_with_a_new_one(active, staff):
    http = browser(staff)
    url = reverse("backoffice:employment_payroll_difference", args=[active.pk])
    response = http.post(url, {"payroll-month": "2027-01", "payroll-amount": "5", "payroll-reason": "x"})
    assert response.status_code == 400 and "book the difference again" in response.content.decode()
    assert re.search(r'name="payroll-token" value="[0-9a-f]{32}"', response.content.decode())
    assert not LedgerEntry.objects.filter(kind=EntryKind.CORRECTION).exists()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "The amount cannot be zero."),
        ("99999999999999", "The amount must lie between -10,000,000.00 EUR and 10,000,000.00 EUR."),
        ("-99999999999", "The amount must lie between -10,000,000.00 EUR and 10,000,000.00 EUR."),
    ],
)
def test_a_payroll_amount_gets_one_clear_sentence(active, staff, amount, message):
    url = reverse("backoffice:employment_payroll_difference", args=[active.pk])
    sent = {"payroll-month": "2027-01", "payroll-amount": amount, "payroll-reason": "x", "payroll-token": "a" * 32}
    response = browser(staff).post(url, sent)
    assert response.context["payroll_form"].errors["amount"] == [message]


def test_a_payroll_month_outside_the_employment_is_refused_next_to_it(active, staff):
    url = reverse("backoffice:employment_payroll_difference", args=[active.pk])
    sent = {"payroll-month": "2027-07", "payroll-amount": "5", "payroll-reason": "x", "payroll-token": "b" * 32}
    response = browser(staff).post(url, sent)
    assert response.status_code == 400
    assert response.context["payroll_form"].errors["month"] == [
        "Please choose a month of the employment (01/2027 – 06/2027)."
    ]


def test_a_payroll_difference_is_refused_before_the_employment_runs(submitted, staff, entities):
    """A backend rule added with these pages: no payroll differences on a request."""
    http = browser(staff)
    url = reverse("backoffice:employment_payroll_difference", args=[submitted.pk])
    sent = {"payroll-month": "2027-01", "payroll-amount": "5", "payroll-reason": "x", "payroll-token": "c" * 32}
    response = http.post(url, sent, follow=True)
    assert "Payroll differences belong to a running or ended employment." in response.content.decode()
    assert not LedgerEntry.objects.filter(kind=EntryKind.CORRECTION).exists()
    assert 'data-testid="payroll"' not in http.get(detail_url(submitted)).content.decode()


@time_machine.travel(PAYDAY)
def test_upload_one_payslip_and_download_it(active, staff):
    http = browser(staff)
    url = reverse("backoffice:employment_payslip_upload", args=[active.pk])
    outside = http.post(url, {"payslip-month": "2031-01", "payslip-file": pdf()})
    assert outside.status_code == 400 and outside.context["payslip_form"].errors["month"]
    assert 'value="2031-01"' in outside.content.decode()  # the input is kept
    not_pdf = http.post(url, {"payslip-month": "2027-02", "payslip-file": png()})
    assert not_pdf.status_code == 400 and not_pdf.context["payslip_form"].errors["file"]
    assert http.post(url, {"payslip-month": "02/2027", "payslip-file": pdf("feb.pdf")}).status_code == 302
    payslip = Payslip.objects.get(employment=active)
    assert payslip.month == date(2027, 2, 1)
    download = http.get(reverse("backoffice:employment_payslip_file", args=[active.pk, payslip.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    twice = http.post(url, {"payslip-month": "2027-02", "payslip-file": pdf()})
    assert twice.status_code == 400 and "already" in str(twice.context["payslip_form"].errors["month"])
    later = http.post(url, {"payslip-month": "2027-07", "payslip-file": pdf()})
    assert later.status_code == 400 and later.context["payslip_form"].errors["month"]


@pytest.mark.parametrize(
    "upload",
    [png("payslip.png"), SimpleUploadedFile("payslip.txt", b"text"), SimpleUploadedFile("payslip.pdf", b"no pdf")],
)
@time_machine.travel(PAYDAY)
def test_a_pdf_only_upload_says_so_for_anything_else(active, staff, upload):
    url = reverse("backoffice:employment_payslip_upload", args=[active.pk])
    response = browser(staff).post(url, {"payslip-month": "2027-02", "payslip-file": upload})
    assert response.context["payslip_form"].errors["file"] == ["Please upload a PDF."]


@time_machine.travel(PAYDAY)
def test_staff_delete_a_wrong_payslip_after_confirming(everything, staff):
    employment, payslip = everything["employment"], everything["payslip"]
    http = browser(staff)
    page = http.get(detail_url(employment)).content.decode()
    url = reverse("backoffice:employment_payslip_delete", args=[employment.pk, payslip.pk])
    form = page[page.index(f'action="{url}"') :][:600]
    assert "data-confirm=" in form and 'data-testid="payslip-delete"' in form
    emails = OutboundEmail.objects.filter(template="employment_payslip").count()
    response = http.post(url, follow=True)
    assert "has been deleted" in response.content.decode() and not Payslip.objects.filter(pk=payslip.pk).exists()
    assert OutboundEmail.objects.filter(template="employment_payslip").count() == emails
    assert "Payslip deleted" in response.content.decode()  # the history
    assert http.post(url).status_code == 404  # gone


def test_answer_a_certificate_request(active, funded, staff):
    certificate = documents.certificate_request(member=funded, employment_id=active.pk, purpose="Job centre")
    http = browser(staff)
    page = http.get(detail_url(active)).content.decode()
    assert f'id="certificate-{certificate.pk}"' in page and "Job centre" in page
    url = reverse("backoffice:employment_certificate_answer", args=[active.pk, certificate.pk])
    refused = http.post(url, {f"certificate-{certificate.pk}-file": png()})
    assert refused.status_code == 400 and refused.context["certificate_rows"][0].form.errors["file"]
    assert http.post(url, {f"certificate-{certificate.pk}-file": pdf("cert.pdf")}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == CertificateRequest.Status.ANSWERED
    download = http.get(reverse("backoffice:employment_certificate_file", args=[active.pk, certificate.pk]))
    assert download.status_code == 200


# --- payslips as a batch ---------------------------------------------------------------------------


@time_machine.travel(PAYDAY)
def test_a_batch_stores_what_matches_and_lists_every_unused_file_with_its_reason(active, staff):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("000101_2027-01.pdf", b"%PDF-1.4 january")
        bundle.writestr("000101_2031-01.pdf", b"%PDF-1.4 no employment then")
        bundle.writestr("readme.txt", b"hello")
    http = browser(staff)
    assert http.get(reverse("backoffice:employment_payslip_batch")).status_code == 200
    empty = http.post(reverse("backoffice:employment_payslip_batch"), {})
    assert empty.status_code == 400 and empty.context["form"].errors["payslips"]
    response = http.post(
        reverse("backoffice:employment_payslip_batch"),
        {
            "payslips": [
                SimpleUploadedFile("payslips.zip", archive.getvalue()),
                pdf("Lohn 000101 02-2027.pdf"),
                SimpleUploadedFile("broken.zip", b"no zip"),
            ]
        },
    )
    assert response.status_code == 200
    assert [(payslip.month, number) for payslip, number in response.context["stored"]] == [
        (date(2027, 1, 1), "000101"),
        (date(2027, 2, 1), "000101"),
    ]
    unused = dict(response.context["unused"])
    assert set(unused) == {"000101_2031-01.pdf", "readme.txt", "broken.zip"}
    assert unused["broken.zip"] == "not a readable ZIP file"
    html = response.content.decode()
    assert "no employment of member 000101 in 01/2031" in html and "Anna Schmidt" in html


def test_a_batch_of_staff_of_another_entity_stores_nothing(active, staff_at):
    response = browser(staff_at).post(
        reverse("backoffice:employment_payslip_batch"), {"payslips": [pdf("000101_2027-01.pdf")]}
    )
    assert response.status_code == 200 and response.context["stored"] == []
    assert not Payslip.objects.exists()


# --- isolation -------------------------------------------------------------------------------------


def every_url(things: dict) -> tuple[list[str], list[str]]:
    """(pages and downloads, actions) of one employment."""
    employment, change, certificate = things["employment"], things["change"], things["certificate"]
    pk = employment.pk
    pages = [
        reverse("backoffice:employment_detail", args=[pk]),
        reverse("backoffice:employment_contract_file", args=[pk, things["version"].pk]),
        reverse("backoffice:employment_signed_contract_file", args=[pk, things["version"].pk]),
        reverse("backoffice:employment_proof_file", args=[pk, change.pk, things["proof"].pk]),
        reverse("backoffice:employment_payslip_file", args=[pk, things["payslip"].pk]),
        reverse("backoffice:employment_certificate_file", args=[pk, certificate.pk]),
    ]
    actions = [
        reverse("backoffice:employment_approve", args=[pk]),
        reverse("backoffice:employment_reject", args=[pk]),
        reverse("backoffice:employment_confirm_signature", args=[pk]),
        reverse("backoffice:employment_payroll_difference", args=[pk]),
        reverse("backoffice:employment_payslip_upload", args=[pk]),
        reverse("backoffice:employment_payslip_delete", args=[pk, things["payslip"].pk]),
        reverse("backoffice:employment_change_approve", args=[pk, change.pk]),
        reverse("backoffice:employment_change_reject", args=[pk, change.pk]),
        reverse("backoffice:employment_certificate_answer", args=[pk, certificate.pk]),
    ]
    return pages, actions


def test_staff_see_every_page_and_download(everything, staff):
    pages, _actions = every_url(everything)
    http = browser(staff)
    assert [http.get(url).status_code for url in pages] == [200] * len(pages)


@pytest.mark.parametrize("persona", ["staff_at", "member", "member2", "client_contact", "outsider"])
def test_nobody_else_opens_a_page_a_download_or_an_action(everything, persona, request):
    user = request.getfixturevalue(persona)
    http = browser(user)
    pages, actions = every_url(everything)
    assert {url: http.get(url).status_code for url in pages} == dict.fromkeys(pages, 404)
    posted = {url: http.post(url, {"reject-reason": "x", "payroll-amount": "1"}).status_code for url in actions}
    assert posted == dict.fromkeys(actions, 404)
    lists = [
        reverse("backoffice:employment_list"),
        reverse("backoffice:employment_queue"),
        reverse("backoffice:employment_payslip_batch"),
    ]
    if persona == "staff_at":  # their own (empty) pages
        page = http.get(lists[0])
        assert page.status_code == 200 and list(page.context["page"].object_list) == []
        assert http.get(lists[1]).context["counts"].total == 0
    else:
        assert [http.get(url).status_code for url in lists] == [404] * 3
    everything["employment"].refresh_from_db()
    assert everything["employment"].status == EmploymentStatus.ACTIVE
    assert ChangeRequest.objects.get(pk=everything["change"].pk).status == ChangeStatus.SUBMITTED


def test_the_wrong_child_of_an_employment_is_not_found(everything, member2, entities, categories, staff):
    """A change, payslip or certificate id of another employment does not open through this one."""
    fund(member2, entities["SC"], "20000.00", key="m2")
    other = request_of(member2, entities, categories)
    http = browser(staff)
    change, certificate = everything["change"], everything["certificate"]
    for url in (
        reverse("backoffice:employment_proof_file", args=[other.pk, change.pk, everything["proof"].pk]),
        reverse("backoffice:employment_payslip_file", args=[other.pk, everything["payslip"].pk]),
        reverse("backoffice:employment_certificate_file", args=[other.pk, certificate.pk]),
        reverse("backoffice:employment_contract_file", args=[other.pk, everything["version"].pk]),
    ):
        assert http.get(url).status_code == 404
    url = reverse("backoffice:employment_change_reject", args=[other.pk, change.pk])
    assert http.post(url, {f"change-{change.pk}-reject-reason": "x"}).status_code == 404


@pytest.mark.parametrize("pk", [0, 2**63, 10**30])
def test_ids_beyond_any_row_are_not_found(staff, entities, pk):
    http = browser(staff)
    assert http.get(reverse("backoffice:employment_detail", args=[pk])).status_code == 404
    assert http.get(reverse("backoffice:employment_payslip_file", args=[pk, pk])).status_code == 404
    assert http.post(reverse("backoffice:employment_reject", args=[pk]), {"reject-reason": "x"}).status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"payroll-month": "²", "payroll-amount": "1", "payroll-reason": "x"},
        {"payroll-month": "9999-99", "payroll-amount": "1", "payroll-reason": "x"},
        {"payroll-month": "0000-01", "payroll-amount": "1", "payroll-reason": "x"},
        {"payroll-month": "2027-01", "payroll-amount": "9" * 40, "payroll-reason": "x"},
        {"payroll-month": "2027-01", "payroll-amount": "0", "payroll-reason": "x"},
        {"payroll-month": "2027-01", "payroll-amount": "NaN", "payroll-reason": "x"},
        {"payroll-month": ["2027-01", "2027-02"], "payroll-amount": "1", "payroll-reason": "x" * 300},
    ],
)
def test_hostile_payroll_input_is_an_error_next_to_the_field(active, staff, data):
    data = {**data, "payroll-token": "d" * 32}
    response = browser(staff).post(reverse("backoffice:employment_payroll_difference", args=[active.pk]), data)
    assert response.status_code == 400
    assert response.context["payroll_form"].errors
    assert not LedgerEntry.objects.filter(kind=EntryKind.CORRECTION).exists()


# --- nobody decides their own case -----------------------------------------------------------------


@pytest.fixture
def both(funded, entities):
    """The employed member who also works in the Smart team of the same entity, acting as staff."""
    role = Role.objects.create(user=funded, kind=Role.Kind.STAFF, entity=entities["SC"])
    with_totp(funded)
    funded.active_role_key = f"r{role.pk}"
    funded.save(update_fields=["active_role_key"])
    return funded


def test_the_own_request_is_marked_and_cannot_be_decided(submitted, both):
    http = browser(both)
    page = http.get(detail_url(submitted))
    html = page.content.decode()
    assert page.context["own"] and 'data-testid="own-case"' in html
    assert 'data-testid="approve"' not in html and 'data-testid="reject"' not in html
    assert http.get(reverse("backoffice:employment_queue")).content.decode().count('data-testid="own-badge"') == 1
    assert 'data-testid="own-badge"' in http.get(reverse("backoffice:employment_list")).content.decode()
    # Posting anyway: the service refuses, nothing changes.
    refused = http.post(
        reverse("backoffice:employment_approve", args=[submitted.pk]), {"approve-file": pdf()}, follow=True
    )
    assert "own request" in refused.content.decode()
    http.post(reverse("backoffice:employment_reject", args=[submitted.pk]), {"reject-reason": "mine"})
    submitted.refresh_from_db()
    assert submitted.status == EmploymentStatus.SUBMITTED


@time_machine.travel("2027-01-15 12:00 +01:00")
def test_the_own_change_certificate_and_payroll_cannot_be_decided(everything, both):
    employment, change = everything["employment"], everything["change"]
    certificate = documents.certificate_request(member=both, employment_id=employment.pk, purpose="Bank")
    http = browser(both)
    html = http.get(detail_url(employment)).content.decode()
    assert 'data-testid="own-case"' in html
    for testid in ("change-approve", "change-reject", "certificate-answer", "payroll", "payslip-upload"):
        assert f'data-testid="{testid}"' not in html
    http.post(reverse("backoffice:employment_change_approve", args=[employment.pk, change.pk]), {})
    http.post(
        reverse("backoffice:employment_certificate_answer", args=[employment.pk, certificate.pk]),
        {f"certificate-{certificate.pk}-file": pdf()},
    )
    http.post(
        reverse("backoffice:employment_payroll_difference", args=[employment.pk]),
        {"payroll-month": "2027-01", "payroll-amount": "5", "payroll-reason": "mine"},
    )
    change.refresh_from_db()
    certificate.refresh_from_db()
    assert change.status == ChangeStatus.SUBMITTED
    assert certificate.status == CertificateRequest.Status.OPEN  # a backend rule added with these pages
    assert not LedgerEntry.objects.filter(kind=EntryKind.CORRECTION).exists()


def test_the_navigation_leads_to_the_employment_pages(staff):
    html = browser(staff).get(reverse("backoffice:employment_list")).content.decode()
    more = html.split('data-testid="nav-more"', 1)[1]
    assert f'<a class="dropdown-item active" href="{reverse("backoffice:employment_list")}"' in more
