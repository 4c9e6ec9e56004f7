"""The Smart team's member list: a search matches every word it holds, in names, e-mail or number."""

import pytest
from django.urls import reverse

from conftest import make_member

pytestmark = pytest.mark.django_db


def found(http, query: str) -> list[str]:
    response = http.get(reverse("backoffice:members"), {"q": query})
    assert response.status_code == 200
    return [user.email for user in response.context["page"].object_list]


@pytest.mark.parametrize(
    "query", ["Anna Schmidt", "anna  schmidt", "Schmidt Anna", "Anna", "Schmidt", "000101", "Anna member@test"]
)
def test_a_search_finds_the_member_by_every_word(member, member2, staff_http, query):
    assert found(staff_http, query) == [member.email]


def test_every_word_must_match(member, member2, staff_http, entities):
    make_member("anna.weber@test.example", entities["SC"], number="000103", first_name="Anna", last_name="Weber")
    assert found(staff_http, "Anna Weber") == ["anna.weber@test.example"]
    assert found(staff_http, "Anna Schmidt") == [member.email]
    assert found(staff_http, "Anna Nobody") == []
    assert sorted(found(staff_http, "Anna")) == ["anna.weber@test.example", member.email]


def test_a_search_of_many_words_has_a_bounded_query_count(
    member, member2, staff_http, entities, django_assert_max_num_queries
):
    for number in range(20):
        make_member(f"m{number}@test.example", entities["SC"], number=f"0002{number:02d}", last_name="Schmidt")
    with django_assert_max_num_queries(8):
        assert found(staff_http, "Anna Schmidt " * 30) == [member.email]
