"""The member's and the Smart team's community pages: what each persona sees (404 otherwise), the
filters, the forms with hostile input, and query counts that do not grow with the data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from conftest import logged_in, make_member
from portal.community import rules
from portal.community.models import CommunityPost, CommunityProfile, CommunitySubscription, PostStatus
from portal.community.tests.factories import expire, published_post, rejected_post, submitted_post
from portal.core.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_at(entities):
    """A member of the Austrian entity: sees none of the German entity's community."""
    return make_member("member-at@test.example", entities["AT"], number="000201")


@pytest.fixture
def posts(member, staff, entities):
    sc = entities["SC"]
    return {
        "waiting": submitted_post(member, sc, title="Wartet auf Prüfung"),
        "published": published_post(member, sc, staff, title="Veröffentlicht"),
        "rejected": rejected_post(member, sc, staff, title="Abgelehnt"),
        "expired": expire(published_post(member, sc, staff, title="Abgelaufen")),
    }


def today():
    return rules.entity_today("Europe/Berlin")


def form_values(**fields):
    values = {
        "title": "Biete Tonstudio",
        "kind": "offer",
        "category": "resource",
        "sector": "music",
        "description": "Tageweise zu mieten.",
        "city": "Leipzig",
        "contact": "studio@example.com",
        "link": "https://studio.example",
        "active_until": (today() + timedelta(days=20)).isoformat(),
    }
    values.update(fields)
    return values


# --- isolation ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["waiting", "rejected", "expired"])
def test_unpublished_posts_are_the_author_s_only(
    posts, which, member, member2, member_at, client_contact, outsider, staff
):
    url = reverse("community:detail", args=[posts[which].pk])
    assert logged_in(member).get(url).status_code == 200
    for other in (member2, member_at, client_contact, outsider, staff):
        assert logged_in(other).get(url).status_code == 404, other


def test_a_published_post_is_seen_by_the_entity_s_members_only(
    posts, member2, member_at, client_contact, outsider, staff
):
    url = reverse("community:detail", args=[posts["published"].pk])
    response = logged_in(member2).get(url)
    assert response.status_code == 200 and "Veröffentlicht" in response.text
    assert 'data-testid="edit-post"' not in response.text
    for other in (member_at, client_contact, outsider, staff):
        assert logged_in(other).get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(posts, client):
    response = client.get(reverse("community:detail", args=[posts["published"].pk]))
    assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize("name", ["community:edit", "community:delete"])
def test_only_the_author_edits_or_deletes(posts, name, member2, member_at, staff):
    url = reverse(name, args=[posts["published"].pk])
    for other in (member2, member_at, staff):
        http = logged_in(other)
        assert http.get(url).status_code in ((404,) if name == "community:edit" else (404, 405))  # delete: POST only
        assert http.post(url, form_values()).status_code == 404
    assert CommunityPost.objects.filter(pk=posts["published"].pk, title="Veröffentlicht").exists()


def test_the_list_shows_published_unexpired_posts_of_the_entity(posts, member2, member_at, staff_at, entities):
    austrian = published_post(member_at, entities["AT"], staff_at, title="Wien sucht")
    text = logged_in(member2).get(reverse("community:list")).text
    assert "Veröffentlicht" in text
    for hidden in ("Wartet auf Prüfung", "Abgelehnt", "Abgelaufen", "Wien sucht"):
        assert hidden not in text
    assert "Veröffentlicht" not in logged_in(member_at).get(reverse("community:list")).text
    assert "Wien sucht" in logged_in(member_at).get(reverse("community:list")).text
    assert austrian.pk


def test_the_author_sees_every_own_post_with_its_status(posts, member, member2):
    text = logged_in(member).get(reverse("community:mine")).text
    for title in ("Wartet auf Prüfung", "Veröffentlicht", "Abgelehnt", "Abgelaufen"):
        assert title in text
    assert "Expired" in text or "Abgelaufen" in text
    assert "Wartet auf Prüfung" not in logged_in(member2).get(reverse("community:mine")).text


def test_the_author_reads_the_rejection_reason(posts, member):
    response = logged_in(member).get(reverse("community:detail", args=[posts["rejected"].pk]))
    assert "Bitte ohne Preise" in response.text


def test_staff_see_their_entities_posts_only(posts, staff, staff_at, member):
    url = reverse("backoffice:community_post", args=[posts["waiting"].pk])
    assert logged_in(staff).get(url).status_code == 200
    assert logged_in(staff_at).get(url).status_code == 404
    assert logged_in(member).get(url).status_code == 404
    queue = logged_in(staff_at).get(reverse("backoffice:community_queue"))
    assert queue.status_code == 200 and "Wartet auf Prüfung" not in queue.text
    assert "Wartet auf Prüfung" in logged_in(staff).get(reverse("backoffice:community_queue")).text


def test_staff_of_another_entity_cannot_moderate(posts, staff_at):
    http = logged_in(staff_at)
    assert http.post(reverse("backoffice:community_approve", args=[posts["waiting"].pk])).status_code == 404
    assert (
        http.post(
            reverse("backoffice:community_reject", args=[posts["waiting"].pk]), {"reject-reason": "x"}
        ).status_code
        == 404
    )
    assert CommunityPost.objects.get(pk=posts["waiting"].pk).status == PostStatus.SUBMITTED


def test_opted_in_profiles_only_and_only_within_the_entity(member, member2, member_at, entities):
    CommunityProfile.objects.create(member=member, visible=True, skills="Klavier und Gesang")
    CommunityProfile.objects.create(member=member2, visible=False, skills="Geheime Fähigkeit")
    text = logged_in(member2).get(reverse("community:profiles")).text
    assert "Klavier und Gesang" in text and "Geheime Fähigkeit" not in text
    assert "Klavier und Gesang" not in logged_in(member_at).get(reverse("community:profiles")).text


# --- member journeys ----------------------------------------------------------------------------------


def test_a_member_posts_and_the_post_waits_for_moderation(member):
    response = logged_in(member).post(reverse("community:create"), form_values())
    post = CommunityPost.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("community:detail", args=[post.pk])
    assert post.status == PostStatus.SUBMITTED and post.author == member and post.link == "https://studio.example"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"link": "javascript:alert(document.cookie)"}, "link"),
        ({"link": "JAVASCRIPT:alert(1)//https://x"}, "link"),
        ({"link": "http://studio.example"}, "link"),
        ({"link": "https://" + "a" * 600}, "link"),
        ({"kind": "search", "category": "work"}, "category"),
        ({"active_until": "1999-01-01"}, "active_until"),
        ({"active_until": "9999-12-31"}, "active_until"),
        ({"active_until": "2999-01-01"}, "active_until"),
        ({"active_until": "gestern"}, "active_until"),
        ({"category": "'; DROP TABLE x; --"}, "category"),
        ({"title": "x" * 500}, "title"),
    ],
)
def test_hostile_input_is_refused_next_to_the_field_and_kept(member, fields, field):
    values = form_values(**fields)
    response = logged_in(member).post(reverse("community:create"), values)
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.text
    assert not CommunityPost.objects.exists()
    assert 'value="studio@example.com"' in response.text  # what was typed is kept


def test_a_nul_character_is_refused_before_anything_is_stored(member):
    response = logged_in(member).post(reverse("community:create"), form_values(title="a\x00b"))
    assert response.status_code == 400
    assert not CommunityPost.objects.exists()


def test_a_javascript_link_is_never_rendered_as_a_link(member, staff, entities):
    post = published_post(member, entities["SC"], staff, link="https://ok.example/?q=<script>")
    text = logged_in(member).get(reverse("community:detail", args=[post.pk])).text
    assert 'href="https://ok.example/?q=&lt;script&gt;"' in text
    assert "javascript:" not in text


def test_editing_a_published_post_sends_it_back_to_moderation(posts, member, member2):
    post = posts["published"]
    http = logged_in(member)
    assert http.get(reverse("community:edit", args=[post.pk])).status_code == 200
    response = http.post(reverse("community:edit", args=[post.pk]), form_values(title="Geändert"))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.SUBMITTED and post.title == "Geändert"
    assert logged_in(member2).get(reverse("community:detail", args=[post.pk])).status_code == 404


def test_deleting_needs_a_post_request_and_confirmation(posts, member):
    http = logged_in(member)
    post = posts["waiting"]
    assert http.get(reverse("community:delete", args=[post.pk])).status_code == 405
    detail = http.get(reverse("community:detail", args=[post.pk])).text
    assert "data-confirm" in detail
    assert http.post(reverse("community:delete", args=[post.pk])).status_code == 302
    assert not CommunityPost.objects.filter(pk=post.pk).exists()


def test_profile_and_subscription_pages_save(member):
    http = logged_in(member)
    response = http.post(
        reverse("community:profile"),
        {"visible": "on", "sector": "music", "city": "Köln", "skills": "Bass", "website": "javascript:alert(1)"},
    )
    assert response.status_code == 200 and "https://" in response.text and "Bass" in response.text
    assert not CommunityProfile.objects.filter(member=member).exists()
    http.post(reverse("community:profile"), {"visible": "on", "sector": "music", "website": "https://bass.example"})
    assert CommunityProfile.objects.get(member=member).visible
    response = http.post(
        reverse("community:settings"), {"categories": ["work", "nope"], "sectors": ["music"], "weekly_digest": "on"}
    )
    assert response.status_code == 200  # an unknown choice is refused by the form
    http.post(reverse("community:settings"), {"categories": ["work"], "sectors": ["music"], "weekly_digest": "on"})
    subscription = CommunitySubscription.objects.get(member=member)
    assert subscription.categories == ["work"] and subscription.weekly_digest and not subscription.urgent_at_once


def test_new_profiles_are_hidden(member):
    form = logged_in(member).get(reverse("community:profile")).text
    assert 'name="visible"' in form and 'name="visible" checked' not in form


# --- the Smart team's moderation ------------------------------------------------------------------------


def test_staff_approve_from_the_queue(posts, staff, member):
    http = logged_in(staff)
    post = posts["waiting"]
    assert http.post(reverse("backoffice:community_approve", args=[post.pk])).status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.ACTIVE
    assert OutboundEmail.objects.filter(template="community_post_decided", recipient=member.email).exists()


def test_staff_reject_with_a_reason(posts, staff):
    http = logged_in(staff)
    post = posts["waiting"]
    response = http.post(reverse("backoffice:community_reject", args=[post.pk]), {"reject-reason": ""})
    assert response.status_code == 400
    post.refresh_from_db()
    assert post.status == PostStatus.SUBMITTED
    http.post(reverse("backoffice:community_reject", args=[post.pk]), {"reject-reason": "Werbung"})
    post.refresh_from_db()
    assert post.status == PostStatus.REJECTED and post.rejection_reason == "Werbung"


def test_staff_see_no_buttons_and_cannot_moderate_their_own_post(staff, entities):
    from portal.accounts.models import Role

    Role.objects.create(user=staff, kind=Role.Kind.MEMBER, entity=entities["SC"])
    post = submitted_post(staff, entities["SC"])
    staff_role = Role.objects.get(user=staff, kind=Role.Kind.STAFF)
    staff.active_role_key = f"r{staff_role.pk}"
    staff.save(update_fields=["active_role_key"])
    http = logged_in(staff)
    page = http.get(reverse("backoffice:community_post", args=[post.pk]))
    assert 'data-testid="own-post"' in page.text and 'data-testid="approve-post"' not in page.text
    assert http.post(reverse("backoffice:community_approve", args=[post.pk])).status_code == 302
    assert CommunityPost.objects.get(pk=post.pk).status == PostStatus.SUBMITTED


# --- filters, pagination and query counts ---------------------------------------------------------------


def test_filters(member, member2, staff, entities):
    sc = entities["SC"]
    published_post(member, sc, staff, title="Klavier gesucht", kind="search", category="education", sector="music")
    published_post(
        member, sc, staff, title="Tonstudio frei", kind="offer", category="resource", sector="music", city="Leipzig"
    )
    published_post(member, sc, staff, title="Logo-Auftrag", kind="offer", category="work", sector="design", city="Köln")
    http = logged_in(member2)

    def titles(**query):
        text = http.get(reverse("community:list"), query).text
        return {title for title in ("Klavier gesucht", "Tonstudio frei", "Logo-Auftrag") if title in text}

    assert titles() == {"Klavier gesucht", "Tonstudio frei", "Logo-Auftrag"}
    assert titles(kind="offer") == {"Tonstudio frei", "Logo-Auftrag"}
    assert titles(category="work") == {"Logo-Auftrag"}
    assert titles(sector="music") == {"Klavier gesucht", "Tonstudio frei"}
    assert titles(city="leip") == {"Tonstudio frei"}
    assert titles(q="klavier") == {"Klavier gesucht"}
    assert titles(kind="offer", sector="music") == {"Tonstudio frei"}
    assert titles(kind="bogus", category="work") == {"Logo-Auftrag"}  # an invalid filter is left out
    with translation.override("de"):  # the member's page speaks German
        nothing = gettext("No post matches the filter.")
    assert nothing in http.get(reverse("community:list"), {"q": "nichts"}).text


def test_pagination(member, member2, staff, entities, settings):
    settings.PAGINATE_BY = 2
    for number in range(3):
        published_post(member, entities["SC"], staff, title=f"Post {number}")
    http = logged_in(member2)
    first, second = http.get(reverse("community:list")).text, http.get(reverse("community:list"), {"page": 2}).text
    assert "Post 2" in first and "Post 1" in first and "Post 0" not in first
    assert "Post 0" in second


@pytest.mark.parametrize(
    ("name", "persona", "bound"),
    [
        ("community:list", "member2", 8),
        ("community:mine", "member", 8),
        ("community:profiles", "member2", 9),
        ("backoffice:community_queue", "staff", 9),
    ],
)
def test_list_queries_do_not_grow_with_the_data(
    request, name, persona, bound, member, member2, staff, entities, django_assert_max_num_queries
):
    sc = entities["SC"]
    http = logged_in(request.getfixturevalue(persona))
    for number in range(3):
        published_post(member, sc, staff, title=f"Erster {number}")
        submitted_post(member, sc)
    CommunityProfile.objects.create(member=member, visible=True)
    with django_assert_max_num_queries(bound):
        assert http.get(reverse(name)).status_code == 200
    for number in range(25):
        published_post(member, sc, staff, title=f"Weiterer {number}")
        submitted_post(member, sc)
        CommunityProfile.objects.create(
            member=make_member(f"p{number}@test.example", sc, number=f"0008{number:02d}"), visible=True
        )
    with django_assert_max_num_queries(bound):
        assert http.get(reverse(name), {"status": "all"}).status_code == 200


# --- the dashboard panel --------------------------------------------------------------------------------


def test_the_dashboard_shows_the_three_latest_published_posts(posts, member, member2, staff, entities):
    for number in range(3):
        published_post(member, entities["SC"], staff, title=f"Neu {number}")
    panel = logged_in(member2).get(reverse("dashboard")).text.split('data-testid="community-panel"')[1]
    panel = panel.split("</section>")[0]
    assert "Neu 2" in panel and "Neu 1" in panel and "Neu 0" in panel
    assert "Veröffentlicht" not in panel and "Wartet auf Prüfung" not in panel and "Abgelaufen" not in panel


def test_the_panel_costs_one_query(posts, entities, django_assert_num_queries):
    from portal.community.panel import community_panel

    with django_assert_num_queries(1):
        shown = community_panel(entities["SC"])["community_posts"]
    assert [post.title for post in shown] == ["Veröffentlicht"]
