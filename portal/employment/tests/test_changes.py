"""Change requests on an active employment and what an approved change does to the monthly cost."""

import io
import uuid
import zipfile
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from portal.budget.figures import figures_of
from portal.budget.models import EntryKind, LedgerEntry
from portal.core.audit import audit_history
from portal.core.errors import BusinessError
from portal.core.models import OutboundEmail
from portal.core.scope import Scope
from portal.employment import changes, costs, documents, services
from portal.employment.models import ChangeStatus, EmploymentStatus, Payslip
from portal.employment.tests.test_lifecycle import pdf, signed_and_confirmed

pytestmark = pytest.mark.django_db
TOKEN = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def active(funded, staff, entities, categories):
    with time_machine.travel("2026-12-10 12:00 +01:00"):
        employment = services.employment_save(
            member=funded,
            employment_id=None,
            data=services.RequestData(entities["SC"].pk, categories["5"].pk, date(2027, 1, 1), date(2027, 6, 30)),
        )
        services.employment_submit(member=funded, employment_id=employment.pk)
    signed_and_confirmed(employment, funded, staff, entities)
    services.activate_due(date(2027, 1, 1))
    costs.book_month_costs(date(2027, 1, 1))
    employment.refresh_from_db()
    assert employment.status == EmploymentStatus.ACTIVE
    return employment


def scope_of(staff, entities):
    return Scope.staff(staff, [entities["SC"].pk])


@time_machine.travel("2027-01-15 12:00 +01:00")
def test_a_category_change_costs_the_new_category_from_its_month(active, funded, staff, entities, categories):
    change = changes.change_submit(
        member=funded,
        employment_id=active.pk,
        data=changes.ChangeData(kinds=["category"], new_category_id=categories["8"].pk, category_from=date(2027, 3, 1)),
    )
    changes.change_approve(staff=staff, scope=scope_of(staff, entities), change_id=change.pk)
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED
    assert [v.monthly_cost for v in active.versions.order_by("number")] == [
        categories["5"].total_cost,
        categories["8"].total_cost,
    ]
    costs.book_month_costs(date(2027, 4, 1))
    booked = LedgerEntry.objects.filter(kind=EntryKind.EMPLOYMENT_COST, budget=active.budget).order_by("booking_date")
    assert [-row.amount for row in booked] == [categories["5"].total_cost] * 2 + [categories["8"].total_cost] * 2
    assert figures_of(active.budget_id).reserved == 2 * categories["8"].total_cost
    assert OutboundEmail.objects.filter(template="employment_change_decided").exists()


@time_machine.travel("2027-01-15 12:00 +01:00")
def test_an_interruption_costs_nothing_in_its_months_and_an_extension_adds_months(active, funded, staff, entities):
    proof = SimpleUploadedFile("proof.pdf", b"%PDF-1.4 proof", content_type="application/pdf")
    change = changes.change_submit(
        member=funded,
        employment_id=active.pk,
        data=changes.ChangeData(
            kinds=["interruption", "end"],
            interruption_from=date(2027, 2, 1),
            interruption_to=date(2027, 3, 31),
            new_end=date(2027, 9, 30),
            proofs=[proof],
        ),
    )
    changes.change_approve(staff=staff, scope=scope_of(staff, entities), change_id=change.pk)
    active.refresh_from_db()
    assert active.end == date(2027, 9, 30)
    cost = active.category.total_cost
    costs.book_month_costs(date(2027, 9, 1))
    booked = LedgerEntry.objects.filter(kind=EntryKind.EMPLOYMENT_COST, budget=active.budget)
    assert sorted(booked.values_list("booking_date", flat=True)) == [
        date(2027, 1, 1),
        date(2027, 4, 1),
        date(2027, 5, 1),
        date(2027, 6, 1),
        date(2027, 7, 1),
        date(2027, 8, 1),
        date(2027, 9, 1),
    ]
    assert sum(-row.amount for row in booked) == 7 * cost


@time_machine.travel("2027-01-15 12:00 +01:00")
@pytest.mark.parametrize(
    ("data", "field"),
    [
        (changes.ChangeData(kinds=[]), "kinds"),
        (changes.ChangeData(kinds=["end"], new_end=date(2027, 3, 15)), "new_end"),
        (changes.ChangeData(kinds=["end"], new_end=date(2027, 2, 28)), "new_end"),  # under four months
        (changes.ChangeData(kinds=["category"], category_from=date(2026, 12, 1)), "category_from"),
        (
            changes.ChangeData(
                kinds=["interruption"], interruption_from=date(2027, 2, 1), interruption_to=date(2027, 2, 28)
            ),
            "proofs",
        ),
        (
            changes.ChangeData(kinds=["special_payment"], special_month=date(2027, 2, 1), special_amount="-5"),
            "special_amount",
        ),
        (
            changes.ChangeData(kinds=["correction"], correction_month=date(2027, 1, 1), correction_text="x"),
            "correction_month",
        ),
        (changes.ChangeData(kinds=["correction"], correction_month=date(2026, 12, 1)), "correction_text"),
    ],
)
def test_each_change_rule_is_refused(active, funded, data, field):
    with pytest.raises(BusinessError) as caught:
        changes.change_submit(member=funded, employment_id=active.pk, data=data)
    assert field in caught.value.errors


@time_machine.travel("2027-01-15 12:00 +01:00")
def test_a_special_payment_is_booked_and_a_rejection_needs_a_reason(active, funded, staff, entities):
    data = changes.ChangeData(kinds=["special_payment"], special_month=date(2027, 2, 1), special_amount="500.00")
    change = changes.change_submit(member=funded, employment_id=active.pk, data=data)
    with pytest.raises(BusinessError):
        changes.change_submit(member=funded, employment_id=active.pk, data=data)  # one at a time
    with pytest.raises(BusinessError):
        changes.change_reject(staff=staff, scope=scope_of(staff, entities), change_id=change.pk, reason="")
    changes.change_approve(staff=staff, scope=scope_of(staff, entities), change_id=change.pk)
    assert LedgerEntry.objects.get(key=f"employment:{active.pk}:special:{change.pk}").amount == Decimal("-500.00")


@time_machine.travel("2027-01-15 12:00 +01:00")
def test_staff_book_a_payroll_difference_but_not_on_their_own(active, funded, staff, entities):
    changes.payroll_difference_book(
        staff=staff,
        scope=scope_of(staff, entities),
        employment_id=active.pk,
        month=date(2027, 1, 1),
        amount="-12.34",
        reason="Payroll January",
        token=TOKEN,
    )
    assert LedgerEntry.objects.get(kind=EntryKind.CORRECTION, budget=active.budget).amount == Decimal("-12.34")
    with pytest.raises(BusinessError):
        changes.payroll_difference_book(
            staff=funded,
            scope=Scope.staff(funded, [entities["SC"].pk]),
            employment_id=active.pk,
            month=date(2027, 1, 1),
            amount="1",
            reason="own",
            token=uuid.uuid4().hex,
        )


def test_payslip_names_are_read_in_the_usual_forms():
    assert documents.parse_name("000101_2027-01.pdf") == ("000101", date(2027, 1, 1))
    assert documents.parse_name("Lohn 000101 01-2027.pdf") == ("000101", date(2027, 1, 1))
    assert documents.parse_name("payslips/000101-202702.pdf") == ("000101", date(2027, 2, 1))
    assert documents.parse_name("000101.pdf") is None
    assert documents.parse_name("2027-01.pdf") is None


@time_machine.travel("2027-03-15 12:00 +01:00")
def test_a_payslip_batch_stores_what_matches_and_lists_the_rest(active, staff, entities):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("000101_2027-01.pdf", b"%PDF-1.4 january")
        bundle.writestr("000101_2031-01.pdf", b"%PDF-1.4 no employment then")
        bundle.writestr("readme.txt", b"hello")
        bundle.writestr("000101_2027-02.pdf", b"not a pdf")
    uploads = [
        SimpleUploadedFile("payslips.zip", archive.getvalue()),
        SimpleUploadedFile("000101_2027-03.pdf", b"%PDF-1.4 march"),
        SimpleUploadedFile("broken.zip", b"no zip"),
    ]
    result = documents.payslip_batch(staff=staff, scope=scope_of(staff, entities), uploads=uploads)
    assert sorted(p.month for p in result.stored) == [date(2027, 1, 1), date(2027, 3, 1)]
    assert sorted(name for name, _why in result.unused) == [
        "000101_2027-02.pdf",
        "000101_2031-01.pdf",
        "broken.zip",
        "readme.txt",
    ]
    assert Payslip.objects.count() == 2
    assert OutboundEmail.objects.filter(template="employment_payslip").count() == 2
    again = documents.payslip_batch(
        staff=staff,
        scope=scope_of(staff, entities),
        uploads=[SimpleUploadedFile("000101_2027-03.pdf", b"%PDF-1.4 march again")],
    )
    assert again.stored == [] and len(again.unused) == 1  # a month has one payslip


def test_certificates_are_asked_for_and_answered(active, funded, staff, entities):
    with pytest.raises(BusinessError):
        documents.certificate_request(member=funded, employment_id=active.pk, purpose=" ")
    request = documents.certificate_request(member=funded, employment_id=active.pk, purpose="Job centre")
    documents.certificate_answer(staff=staff, scope=scope_of(staff, entities), request_id=request.pk, upload=pdf())
    request.refresh_from_db()
    assert request.status == "answered" and request.file
    with pytest.raises(BusinessError):
        documents.certificate_answer(staff=staff, scope=scope_of(staff, entities), request_id=request.pk, upload=pdf())


@time_machine.travel("2027-01-15 12:00 +01:00")
def test_an_extension_alone_is_a_new_contract_version(active, funded, staff, entities):
    change = changes.change_submit(
        member=funded, employment_id=active.pk, data=changes.ChangeData(kinds=["end"], new_end=date(2027, 12, 31))
    )
    changes.change_approve(staff=staff, scope=scope_of(staff, entities), change_id=change.pk, contract=pdf())
    latest = active.versions.order_by("-number").first()
    assert (latest.number, latest.end, latest.change, bool(latest.file)) == (2, date(2027, 12, 31), change, True)
    assert latest.monthly_cost == active.category.total_cost


@time_machine.travel("2027-01-15 12:00 +01:00")
def test_a_change_too_far_ahead_is_refused(active, funded):
    with pytest.raises(BusinessError) as caught:
        changes.change_submit(
            member=funded, employment_id=active.pk, data=changes.ChangeData(kinds=["end"], new_end=date(9999, 12, 31))
        )
    assert "new_end" in caught.value.errors


def test_an_older_table_loaded_after_a_newer_one_ends_where_the_newer_begins(entities):
    from portal.employment.categories import DATA_DIR, salary_categories_load
    from portal.employment.models import SalaryCategory

    salary_categories_load(path=DATA_DIR / "SC-2026.csv")
    salary_categories_load(path=DATA_DIR / "SC-2024.csv")
    older = SalaryCategory.objects.filter(entity=entities["SC"], valid_from=date(2024, 1, 1))
    assert set(older.values_list("valid_to", flat=True)) == {date(2025, 12, 31)}
    assert services.categories_on(entities["SC"].pk, date(2026, 3, 1)).filter(valid_from=date(2024, 1, 1)).count() == 0


# --- the walk-through's findings -------------------------------------------------------------------


def book(active, staff, entities, **overrides):
    values = {"month": date(2027, 1, 1), "amount": "-12.34", "reason": "Payroll", "token": uuid.uuid4().hex}
    return changes.payroll_difference_book(
        staff=staff, scope=scope_of(staff, entities), employment_id=active.pk, **{**values, **overrides}
    )


@time_machine.travel("2027-01-15 12:00 +01:00")
@pytest.mark.parametrize("month", [date(2026, 12, 1), date(2027, 7, 1)])
def test_a_payroll_difference_outside_the_employment_is_refused_next_to_the_month(active, staff, entities, month):
    with pytest.raises(BusinessError) as refused:
        book(active, staff, entities, month=month)
    assert refused.value.field == "month" and "(01/2027 – 06/2027)" in refused.value.message
    assert not LedgerEntry.objects.filter(kind=EntryKind.CORRECTION).exists()
    assert book(active, staff, entities, month=date(2027, 6, 1))  # the last month is one of it


@time_machine.travel("2027-01-15 12:00 +01:00")
def test_a_payroll_difference_sent_twice_books_once(active, staff, entities):
    assert book(active, staff, entities, token=TOKEN) is True
    assert book(active, staff, entities, token=TOKEN) is False  # the same form again: nothing booked
    assert LedgerEntry.objects.filter(kind=EntryKind.CORRECTION).count() == 1
    assert book(active, staff, entities) is True  # a new form (a new token) books again
    assert LedgerEntry.objects.filter(kind=EntryKind.CORRECTION).count() == 2
    with pytest.raises(BusinessError):
        book(active, staff, entities, token="not-a-token")


@time_machine.travel("2027-01-15 12:00 +01:00")
def test_a_payroll_difference_of_zero_says_so_and_a_negative_one_is_fine(active, staff, entities):
    with pytest.raises(BusinessError) as refused, translation.override("en"):
        book(active, staff, entities, amount="0")
    assert refused.value.message == "The amount cannot be zero."
    assert book(active, staff, entities, amount="-1.00")


@time_machine.travel("2027-01-15 12:00 +01:00")
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kinds": ["special_payment"], "special_month": date(2027, 7, 1), "special_amount": "5"}, "special_month"),
        ({"kinds": ["category"], "category_from": date(2027, 7, 1), "new_category_id": 1}, "category_from"),
        ({"kinds": ["correction"], "correction_month": date(2026, 12, 1), "correction_text": "x"}, "correction_month"),
    ],
)
def test_the_months_of_a_change_lie_within_the_employment(active, funded, data, field):
    with pytest.raises(BusinessError) as refused, translation.override("en"):
        changes.change_submit(member=funded, employment_id=active.pk, data=changes.ChangeData(**data))
    assert "within the employment (01/2027 – 06/2027)" in refused.value.errors[field]


@time_machine.travel("2027-01-15 12:00 +01:00")
def test_a_special_payment_may_fall_into_a_new_end_asked_for_with_it(active, funded):
    data = changes.ChangeData(
        kinds=["end", "special_payment"], new_end=date(2027, 9, 30), special_month=date(2027, 8, 1), special_amount="5"
    )
    assert changes.change_submit(member=funded, employment_id=active.pk, data=data).special_month == date(2027, 8, 1)


@time_machine.travel("2027-01-15 12:00 +01:00")
def test_a_payslip_of_a_later_month_is_refused(active, staff, entities):
    with pytest.raises(BusinessError) as refused:
        documents.payslip_upload(
            staff=staff, scope=scope_of(staff, entities), employment_id=active.pk, month=date(2027, 2, 1), upload=pdf()
        )
    assert refused.value.field == "month"
    documents.payslip_upload(
        staff=staff, scope=scope_of(staff, entities), employment_id=active.pk, month=date(2027, 1, 1), upload=pdf()
    )


@time_machine.travel("2027-01-31 23:30 +00:00")
def test_the_current_month_is_the_entity_s(active, staff, entities):
    """At 23:30 UTC on 31 January it is February in Berlin, the entity's time zone."""
    documents.payslip_upload(
        staff=staff, scope=scope_of(staff, entities), employment_id=active.pk, month=date(2027, 2, 1), upload=pdf()
    )


@time_machine.travel("2027-01-15 12:00 +01:00")
def test_a_wrong_payslip_is_deleted_without_telling_the_member_and_can_be_replaced(
    active, funded, staff, entities, django_capture_on_commit_callbacks
):
    scope = scope_of(staff, entities)
    payslip = documents.payslip_upload(
        staff=staff, scope=scope, employment_id=active.pk, month=date(2027, 1, 1), upload=pdf()
    )
    name = payslip.file.name
    assert OutboundEmail.objects.filter(template="employment_payslip").count() == 1
    with pytest.raises(BusinessError):  # nobody takes back their own payslip
        documents.payslip_delete(
            staff=funded, scope=Scope.staff(funded, [entities["SC"].pk]), employment_id=active.pk, payslip_id=payslip.pk
        )
    with pytest.raises(BusinessError):  # through another employment
        documents.payslip_delete(staff=staff, scope=scope, employment_id=active.pk + 1, payslip_id=payslip.pk)
    with django_capture_on_commit_callbacks(execute=True):
        month = documents.payslip_delete(staff=staff, scope=scope, employment_id=active.pk, payslip_id=payslip.pk)
    assert month == date(2027, 1, 1)
    assert not Payslip.objects.exists() and not payslip.file.storage.exists(name)
    assert OutboundEmail.objects.filter(template="employment_payslip").count() == 1  # not e-mailed again
    deleted = [entry for entry in audit_history(active) if entry.action == "employment.payslip_deleted"]
    assert [(entry.actor, entry.message) for entry in deleted] == [(staff, "2027-01")]
    documents.payslip_upload(staff=staff, scope=scope, employment_id=active.pk, month=date(2027, 1, 1), upload=pdf())
    assert Payslip.objects.count() == 1


@time_machine.travel("2027-01-15 12:00 +01:00")
def test_the_statement_shows_employment_rows_in_the_reader_s_language(active, funded, staff, entities):
    """The rows keep the month (and a difference's reason); rows booked before with a text in one
    language are shown in the reader's too."""
    from django.utils.translation import override

    from portal.budget.ledger import Posting, ledger_book
    from portal.budget.texts import row_text

    book(active, staff, entities, reason="Overtime: December")
    key = f"employment:{active.pk}:payroll:2027-01:1700000000.0"  # as rows were keyed before
    old = Posting(active.budget_id, EntryKind.CORRECTION, Decimal("-1.00"), "Abrechnungsdifferenz 01/2027: alt", key)
    ledger_book(postings=[old], booking_date=date(2027, 1, 10), source=active, source_label="2027-01")
    rows = LedgerEntry.objects.filter(budget_id=active.budget_id).exclude(kind=EntryKind.INCOME)
    with override("en"):
        english = sorted(row_text(row) for row in rows)
    assert english == [
        "Employment cost 01/2027",
        "Payroll difference 01/2027: Overtime: December",
        "Payroll difference 01/2027: alt",
    ]
    with override("de"):
        german = sorted(row_text(row) for row in rows)
    assert german == sorted(
        [
            gettext_in("de", "Employment cost %(month)s") % {"month": "01/2027"},
            gettext_in("de", "Payroll difference %(month)s: %(reason)s") % {"month": "01/2027", "reason": "alt"},
            gettext_in("de", "Payroll difference %(month)s: %(reason)s")
            % {"month": "01/2027", "reason": "Overtime: December"},
        ]
    )
    funded.language = "en"
    funded.save(update_fields=["language"])
    from django.urls import reverse

    from conftest import logged_in

    page = logged_in(funded).get(reverse("budget:detail", args=[active.budget_id])).content.decode()
    assert "Employment cost 01/2027" in page and "Anstellungskosten" not in page


def gettext_in(language: str, message: str) -> str:
    from django.utils.translation import gettext, override

    with override(language):
        return gettext(message)
