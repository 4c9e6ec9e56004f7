"""The community demo: posts in every state, two opted-in profiles, a subscription; seeded once."""

import pytest
from django.urls import reverse

from conftest import logged_in
from portal.accounts.models import User
from portal.community import rules
from portal.community.models import CommunityPost, CommunityProfile, CommunitySubscription
from portal.core.models import OutboundEmail
from portal.demo import community_data, data

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    entities = data.seed_entities()
    data.seed_logins(entities)
    community_data.seed_demo_journeys(entities)
    community_data.seed_demo_journeys(entities)  # idempotent
    return entities


def test_posts_in_every_state_are_seeded_once(seeded):
    today = rules.entity_today(seeded["SC"].time_zone)
    shown = [rules.shown_status(post.status, post.active_until, today).value for post in CommunityPost.objects.all()]
    assert sorted(shown) == ["active", "active", "expired", "rejected", "submitted"]
    assert CommunityPost.objects.get(status="rejected").rejection_reason
    urgent = CommunityPost.objects.get(urgent=True)
    assert urgent.status == "active" and urgent.urgent_sent_at is not None
    assert OutboundEmail.objects.filter(template="community_urgent", recipient="member@example.com").count() == 1
    assert CommunityProfile.objects.filter(visible=True).count() == 2
    assert CommunitySubscription.objects.get().member.email == "member@example.com"


def test_the_demo_member_sees_the_published_posts(seeded):
    anna = User.objects.get(email="member@example.com")
    http = logged_in(anna)
    text = http.get(reverse("community:list")).text
    assert "Proberaum tageweise frei" in text and "Vertretung Musikschule" in text
    assert "Verkaufe Kamera" not in text and "Tanzprojekt" not in text and "Workshop Bühnenbild" not in text
