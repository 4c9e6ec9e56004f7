import pytest
from django.urls import reverse

from conftest import logged_in
from portal.accounts.models import MemberProfile
from portal.demo.data import seed_generated_members

pytestmark = pytest.mark.django_db


def test_dashboard_shows_membership_and_empty_panels(member_http):
    html = member_http.get(reverse("dashboard")).content.decode()
    assert "Hallo Anna" in html
    assert 'data-status="active"' in html and "Aktiv" in html
    for heading in ("Deine Aufträge", "Deine Rechnungen", "Budget (SC)", "Anstellung", "Community"):
        assert heading in html
    assert "Noch keine Aufträge." in html


def test_membership_status_follows_the_profile(member, member_http):
    MemberProfile.objects.filter(user=member).update(membership_status="suspended")
    html = member_http.get(reverse("dashboard")).content.decode()
    assert 'data-status="suspended"' in html and "Ruhend" in html
    MemberProfile.objects.filter(user=member).delete()
    html = member_http.get(reverse("dashboard")).content.decode()
    assert 'data-status="applicant"' in html and "noch nicht registriert" in html


def test_logo_leads_back_to_the_overview(member_http):
    html = member_http.get(reverse("profile")).content.decode()
    assert f'class="navbar-brand portal-logo" href="{reverse("home")}"' in html


@pytest.mark.parametrize("url", ["dashboard", "profile", "settings"])
def test_member_pages_have_constant_query_counts(member, entities, url, django_assert_max_num_queries):
    http = logged_in(member)
    http.get(reverse(url))
    seed_generated_members(60, entities)
    # The dashboard: 8, plus the budget panel's personal budget and its figures (balance, four contributions),
    # plus the latest community posts (1) and the latest news (1).
    with django_assert_max_num_queries(16 if url == "dashboard" else 8):
        assert http.get(reverse(url)).status_code == 200


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("backoffice:home", 15),  # four queues, each counted and previewed, late drafts, corrections, expenses
        ("backoffice:personal_data_requests", 8),
        ("backoffice:members", 8),
        ("backoffice:emails", 8),
    ],
)
def test_staff_lists_have_constant_query_counts(staff, entities, url, queries, django_assert_max_num_queries):
    seed_generated_members(90, entities)  # also creates change requests and e-mails
    http = logged_in(staff)
    with django_assert_max_num_queries(queries):
        response = http.get(reverse(url), {"status": "all"})
    assert response.status_code == 200
