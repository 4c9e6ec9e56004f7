"""The cooperative-life demo: four news (one scheduled), three events (one full with a waiting list of
two demo members, one past), seeded once, and what the demo member sees."""

import pytest
from django.urls import reverse

from conftest import logged_in
from portal.accounts.models import User
from portal.cooplife.models import CoopEvent, News, SignupStatus
from portal.demo import cooplife_data, data

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    entities = data.seed_entities()
    data.seed_logins(entities)
    cooplife_data.seed_demo_journeys(entities)
    cooplife_data.seed_demo_journeys(entities)  # idempotent
    return entities


def test_news_and_events_are_seeded_once(seeded):
    assert News.objects.count() == 4
    assert News.objects.filter(entity__isnull=True).count() == 1
    assert {item.entity.code for item in News.objects.filter(entity__isnull=False)} == {"SC", "BW", "AT"}
    assert [item.shown_status for item in News.objects.all()].count("scheduled") == 1
    assert CoopEvent.objects.count() == 3
    workshop = CoopEvent.objects.get(title_de=cooplife_data.WORKSHOP)
    waiting = workshop.signups.filter(status=SignupStatus.WAITING).order_by("joined_at", "pk")
    assert [signup.member.email for signup in waiting] == ["member@example.com", "member2@example.com"]
    assert workshop.signups.filter(status=SignupStatus.CONFIRMED).count() == workshop.capacity == 1
    assert sum(event.is_past() for event in CoopEvent.objects.all()) == 1


def test_the_demo_member_sees_them(seeded):
    http = logged_in(User.objects.get(email="member@example.com"))
    hub = http.get(reverse("cooplife:home")).content.decode()
    assert "Willkommen im neuen Mitgliederportal" in hub and "Neue Weiterbildungen" not in hub
    assert cooplife_data.WORKSHOP in hub and 'data-testid="waiting"' in hub and 'data-testid="signed-up"' in hub
    assert "Sommerfest 2026" in http.get(reverse("cooplife:event_list"), {"when": "past"}).content.decode()
