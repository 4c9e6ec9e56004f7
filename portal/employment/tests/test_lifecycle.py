"""From request to the monthly cost on the budget: approve with the contract, sign, start, book, end."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.budget.figures import figures_of
from portal.budget.models import EntryKind, LedgerEntry
from portal.core.errors import BusinessError
from portal.core.models import OutboundEmail
from portal.core.scope import Scope
from portal.employment import costs, services
from portal.employment.models import EmploymentStatus

pytestmark = pytest.mark.django_db


def pdf(name="contract.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 contract", content_type="application/pdf")


@pytest.fixture
def submitted(funded, entities, categories):
    with time_machine.travel("2026-12-10 12:00 +01:00"):
        employment = services.employment_save(
            member=funded,
            employment_id=None,
            data=services.RequestData(entities["SC"].pk, categories["5"].pk, date(2027, 1, 1), date(2027, 4, 30)),
        )
        return services.employment_submit(member=funded, employment_id=employment.pk)


def signed_and_confirmed(employment, member, staff, entities):
    scope = Scope.staff(staff, [entities["SC"].pk])
    services.employment_approve(staff=staff, scope=scope, employment_id=employment.pk, contract=pdf())
    services.employment_sign(member=member, employment_id=employment.pk, name="Anna Schmidt")
    services.employment_confirm_signature(staff=staff, scope=scope, employment_id=employment.pk)
    employment.refresh_from_db()
    return employment


def test_the_whole_way_and_the_budget_after_n_months(submitted, funded, staff, entities, categories):
    cost = categories["5"].total_cost
    budget = submitted.budget
    before = figures_of(budget.pk).balance
    employment = signed_and_confirmed(submitted, funded, staff, entities)
    assert employment.status == EmploymentStatus.CONTRACT_SIGNED and employment.signature_confirmed_at
    assert figures_of(budget.pk).reserved == cost * 4  # four months to come
    assert OutboundEmail.objects.filter(template="employment_event").count() == 2  # approved, confirmed

    assert services.activate_due(date(2026, 12, 31)) == 0  # not before its first day
    assert services.activate_due(date(2027, 1, 1)) == 1
    for month, booked_months in ((date(2027, 1, 1), 1), (date(2027, 1, 20), 1), (date(2027, 3, 1), 3)):
        costs.book_month_costs(month)
        costs.book_month_costs(month)  # twice: still once per month
        figures = figures_of(budget.pk)
        assert figures.balance == before - booked_months * cost
        assert figures.reserved == (4 - booked_months) * cost
    rows = LedgerEntry.objects.filter(budget=budget, kind=EntryKind.EMPLOYMENT_COST)
    assert sorted(rows.values_list("booking_date", flat=True)) == [date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1)]

    costs.book_month_costs(date(2027, 5, 3))
    assert services.end_finished(date(2027, 5, 3)) == 1
    employment.refresh_from_db()
    assert employment.status == EmploymentStatus.ENDED
    assert figures_of(budget.pk).balance == before - 4 * cost and figures_of(budget.pk).reserved == Decimal("0.00")


def test_staff_may_not_approve_their_own_or_another_entitys(submitted, funded, staff_at, entities):
    with pytest.raises(BusinessError):
        services.employment_approve(
            staff=staff_at, scope=Scope.staff(staff_at, [entities["AT"].pk]), employment_id=submitted.pk, contract=pdf()
        )
    with pytest.raises(BusinessError):
        services.employment_approve(
            staff=funded, scope=Scope.staff(funded, [entities["SC"].pk]), employment_id=submitted.pk, contract=pdf()
        )


def test_the_contract_must_be_a_pdf_and_a_rejection_needs_a_reason(submitted, staff, entities):
    scope = Scope.staff(staff, [entities["SC"].pk])
    image = SimpleUploadedFile("c.png", b"\x89PNG\r\n\x1a\n....", content_type="image/png")
    with pytest.raises(BusinessError):
        services.employment_approve(staff=staff, scope=scope, employment_id=submitted.pk, contract=image)
    with pytest.raises(BusinessError):
        services.employment_reject(staff=staff, scope=scope, employment_id=submitted.pk, reason=" ")
    services.employment_reject(staff=staff, scope=scope, employment_id=submitted.pk, reason="Budget too small")
    submitted.refresh_from_db()
    assert submitted.status == EmploymentStatus.REJECTED


def test_a_signature_needs_a_name_or_the_signed_file(submitted, funded, staff, entities):
    services.employment_approve(
        staff=staff, scope=Scope.staff(staff, [entities["SC"].pk]), employment_id=submitted.pk, contract=pdf()
    )
    with pytest.raises(BusinessError):
        services.employment_sign(member=funded, employment_id=submitted.pk, name="  ")
    services.employment_sign(member=funded, employment_id=submitted.pk, signed_file=pdf("signed.pdf"))
    assert submitted.versions.get().signed_file.name.endswith(".pdf")


def test_an_unconfirmed_signature_does_not_start_the_employment(submitted, funded, staff, entities):
    services.employment_approve(
        staff=staff, scope=Scope.staff(staff, [entities["SC"].pk]), employment_id=submitted.pk, contract=pdf()
    )
    services.employment_sign(member=funded, employment_id=submitted.pk, name="Anna Schmidt")
    assert services.activate_due(date(2027, 1, 1)) == 0
