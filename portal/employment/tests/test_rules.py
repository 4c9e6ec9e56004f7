"""Every rule of an employment request (DESIGN §8), refused one by one with its own message."""

from datetime import date

import pytest
import time_machine

from portal.budget.models import Budget
from portal.core.errors import BusinessError
from portal.employment import services
from portal.employment.models import Employment, EmploymentStatus
from portal.employment.tests.conftest import fund

pytestmark = pytest.mark.django_db


def data(entities, categories, **values):
    fields = {
        "entity_id": entities["SC"].pk,
        "category_id": categories["5"].pk,
        "start": date(2027, 2, 1),
        "end": date(2027, 7, 31),
    }
    return services.RequestData(**(fields | values))


def problems(member, request_data) -> dict[str, str]:
    with pytest.raises(BusinessError) as caught:
        services.employment_save(member=member, employment_id=None, data=request_data)
    return caught.value.errors


@time_machine.travel("2026-12-10 12:00 +01:00")
def test_a_complete_request_is_saved_on_the_personal_budget(funded, entities, categories):
    employment = services.employment_save(member=funded, employment_id=None, data=data(entities, categories))
    assert employment.status == EmploymentStatus.DRAFT
    assert employment.budget.kind == Budget.Kind.PERSONAL and employment.budget.owner == funded


@time_machine.travel("2026-12-10 12:00 +01:00")
@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"start": date(2027, 2, 2)}, "start"),  # not the first of a month
        ({"end": date(2027, 7, 30)}, "end"),  # not the last day of a month
        ({"end": date(2027, 4, 30)}, "end"),  # three months only
        ({"start": date(2026, 12, 1), "end": date(2027, 5, 31)}, "start"),  # deadline passed
        ({"start": None}, "start"),
        ({"end": None}, "end"),
        ({"category_id": None}, "category"),
    ],
)
def test_each_rule_is_refused_with_its_message(funded, entities, categories, values, field):
    assert field in problems(funded, data(entities, categories, **values))


@time_machine.travel("2026-12-10 12:00 +01:00")
def test_a_category_of_another_entity_is_refused(funded, entities, categories):
    from portal.employment.models import SalaryCategory

    other = SalaryCategory.objects.create(
        entity=entities["AT"],
        code="A1",
        label="AT",
        valid_from=date(2026, 1, 1),
        total_cost=1000,
        gross=800,
        net_estimate=600,
    )
    assert "category" in problems(funded, data(entities, categories, category_id=other.pk))


@time_machine.travel("2026-12-10 12:00 +01:00")
def test_an_entity_the_member_does_not_work_with_is_refused(funded, entities, categories):
    assert "entity" in problems(funded, data(entities, categories, entity_id=entities["AT"].pk))


def test_the_deadline_is_the_last_day_of_the_month_before_in_berlin(funded, entities, categories):
    request = data(entities, categories, start=date(2027, 1, 1), end=date(2027, 4, 30))
    # 31 December 23:30 in Berlin is still in time (22:30 UTC) …
    with time_machine.travel("2026-12-31 22:30 +00:00"):
        employment = services.employment_save(member=funded, employment_id=None, data=request)
        services.employment_submit(member=funded, employment_id=employment.pk)
    Employment.objects.all().delete()
    # … 1 January 00:30 in Berlin is too late, although it is still 31 December in UTC.
    with time_machine.travel("2026-12-31 23:30 +00:00"):
        assert "start" in problems(funded, request)


@time_machine.travel("2026-12-10 12:00 +01:00")
def test_overlapping_requests_are_refused(funded, entities, categories):
    services.employment_save(member=funded, employment_id=None, data=data(entities, categories))
    later = data(entities, categories, start=date(2027, 6, 1), end=date(2027, 12, 31))
    assert "start" in problems(funded, later)


@time_machine.travel("2026-12-10 12:00 +01:00")
def test_the_budget_must_pay_the_first_months(member, entities, categories):
    category = categories["5"]
    fund(member, entities["SC"], str(category.total_cost * 2))  # two months only
    employment = services.employment_save(member=member, employment_id=None, data=data(entities, categories))
    with pytest.raises(BusinessError) as caught:
        services.employment_submit(member=member, employment_id=employment.pk)
    assert "2" in caught.value.message and caught.value.field == "category"
    fund(member, entities["SC"], str(category.total_cost), key="more")
    services.employment_submit(member=member, employment_id=employment.pk)
    employment.refresh_from_db()
    assert employment.status == EmploymentStatus.SUBMITTED


@time_machine.travel("2026-12-10 12:00 +01:00")
def test_a_collective_budget_never_holds_an_employment(funded, entities, categories):
    employment = services.employment_save(member=funded, employment_id=None, data=data(entities, categories))
    collective = Budget.objects.create(kind=Budget.Kind.COLLECTIVE, entity=entities["SC"], owner=funded, name="Band")
    Employment.objects.filter(pk=employment.pk).update(budget=collective)
    with pytest.raises(BusinessError):
        services.employment_submit(member=funded, employment_id=employment.pk)


@time_machine.travel("2026-12-10 12:00 +01:00")
@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"start": date(1, 1, 1), "end": date(1, 6, 30)}, "start"),
        ({"start": date(9999, 12, 1), "end": date(9999, 12, 31)}, "start"),
        ({"end": date(9999, 12, 31)}, "end"),
    ],
)
def test_dates_out_of_any_sensible_range_are_refused_not_a_server_error(funded, entities, categories, values, field):
    assert field in problems(funded, data(entities, categories, **values))
