"""News services: who publishes for which entity, the text rules, scheduling, audit, deletion; and what
members read (their entities and all entities, only once visible) in which language."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone, translation

from portal.accounts.models import Role
from portal.cooplife import selectors, services
from portal.cooplife.models import News, NewsStatus
from portal.cooplife.services import NewsData
from portal.cooplife.tests.factories import news
from portal.core.errors import BusinessError
from portal.core.models import AuditEntry
from portal.core.scope import Scope

pytestmark = pytest.mark.django_db


def staff_scope(user, *entities):
    return Scope.staff(user, [entity.pk for entity in entities])


def data(entity=None, **values):
    return NewsData(entity_id=entity.pk if entity else None, **{"title_de": "Titel", "text_de": "Text", **values})


def test_staff_publish_news_for_their_entity(staff, entities):
    saved = services.news_save(
        staff=staff, scope=staff_scope(staff, entities["SC"]), news_id=None, data=data(entities["SC"], publish=True)
    )
    assert saved.status == NewsStatus.PUBLISHED and saved.entity == entities["SC"] and saved.created_by == staff
    assert saved.published_at <= timezone.now()
    actions = list(AuditEntry.objects.filter(target_id=str(saved.pk)).order_by("pk").values_list("action", flat=True))
    assert actions == ["news.created", "news.publish"]


def test_staff_cannot_publish_for_another_entity(staff, entities):
    with pytest.raises(BusinessError) as refused:
        services.news_save(
            staff=staff, scope=staff_scope(staff, entities["SC"]), news_id=None, data=data(entities["AT"])
        )
    assert refused.value.field == "entity"
    assert not News.objects.exists()


def test_only_staff_of_every_entity_or_a_superuser_publish_for_all(staff, staff_all, admin, entities):
    with pytest.raises(BusinessError) as refused:
        services.news_save(staff=staff, scope=staff_scope(staff, entities["SC"]), news_id=None, data=data())
    assert refused.value.field == "entity"
    everywhere = staff_scope(staff_all, *entities.values())
    assert services.news_save(staff=staff_all, scope=everywhere, news_id=None, data=data()).entity is None
    Role.objects.create(user=admin, kind=Role.Kind.STAFF, entity=entities["SC"])
    assert services.news_save(staff=admin, scope=staff_scope(admin, entities["SC"]), news_id=None, data=data())


def test_members_and_clients_cannot_publish(member, client_contact, entities):
    for user, scope in ((member, Scope.member(member)), (client_contact, Scope.client(client_contact, []))):
        with pytest.raises(BusinessError):
            services.news_save(staff=user, scope=scope, news_id=None, data=data(entities["SC"]))


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title_de": "", "text_de": ""}, "title_de"),
        ({"title_de": "  ", "text_de": "Text"}, "title_de"),
        ({"title_de": "Titel", "text_de": "   "}, "text_de"),
        ({"title_en": "Title"}, "text_en"),
        ({"title_de": "x" * 201}, "title_de"),
        ({"text_en": "Text only"}, "title_en"),
    ],
)
def test_text_rules(staff, entities, values, field):
    with pytest.raises(BusinessError) as refused:
        services.news_save(
            staff=staff, scope=staff_scope(staff, entities["SC"]), news_id=None, data=data(entities["SC"], **values)
        )
    assert field in refused.value.errors


def test_nul_characters_are_dropped_and_text_kept_as_typed(staff, entities):
    saved = services.news_save(
        staff=staff,
        scope=staff_scope(staff, entities["SC"]),
        news_id=None,
        data=data(entities["SC"], title_de="A\x00B", text_de="<script>alert(1)</script>\nZeile 2"),
    )
    saved.refresh_from_db()
    assert saved.title_de == "AB" and saved.text_de == "<script>alert(1)</script>\nZeile 2"


def test_scheduled_news_is_read_in_the_entity_time_zone_and_visible_from_then(staff, member, entities):
    local = datetime(2031, 7, 1, 9, 30)
    saved = services.news_save(
        staff=staff,
        scope=staff_scope(staff, entities["SC"]),
        news_id=None,
        data=data(entities["SC"], published_at=local, publish=True),
    )
    assert saved.published_at == datetime.fromisoformat("2031-07-01T07:30:00+00:00")  # Berlin summer time
    assert saved.shown_status == "scheduled"
    assert saved not in selectors.news_in(Scope.member(member))
    assert saved in selectors.news_in(Scope.member(member), now=saved.published_at)


def test_a_time_the_clocks_skip_is_refused(staff, entities):
    with pytest.raises(BusinessError) as refused:
        services.news_save(
            staff=staff,
            scope=staff_scope(staff, entities["SC"]),
            news_id=None,
            data=data(entities["SC"], published_at=datetime(2030, 3, 31, 2, 30)),
        )
    assert refused.value.field == "published_at"


def test_edit_unpublish_and_delete(staff, entities):
    scope = staff_scope(staff, entities["SC"])
    saved = services.news_save(staff=staff, scope=scope, news_id=None, data=data(entities["SC"], publish=True))
    changed = services.news_save(
        staff=staff, scope=scope, news_id=saved.pk, data=data(entities["SC"], title_de="Neu", publish=False)
    )
    assert changed.pk == saved.pk and changed.title_de == "Neu" and changed.status == NewsStatus.DRAFT
    services.news_delete(staff=staff, scope=scope, news_id=saved.pk)
    assert not News.objects.exists()
    actions = set(AuditEntry.objects.filter(target_id=str(saved.pk)).values_list("action", flat=True))
    assert {"news.changed", "news.unpublish", "news.deleted"} <= actions


def test_staff_of_another_entity_cannot_edit_or_delete(staff, staff_at, entities):
    item = news(entities["SC"])
    scope = staff_scope(staff_at, entities["AT"])
    with pytest.raises(BusinessError):
        services.news_save(staff=staff_at, scope=scope, news_id=item.pk, data=data(entities["AT"]))
    with pytest.raises(BusinessError):
        services.news_delete(staff=staff_at, scope=scope, news_id=item.pk)
    item.refresh_from_db()
    assert item.entity == entities["SC"]


def test_news_for_all_is_changed_only_by_who_may_publish_for_all(staff, staff_all, entities):
    item = news(None)
    with pytest.raises(BusinessError):
        services.news_save(
            staff=staff, scope=staff_scope(staff, entities["SC"]), news_id=item.pk, data=data(entities["SC"])
        )
    with pytest.raises(BusinessError):
        services.news_delete(staff=staff, scope=staff_scope(staff, entities["SC"]), news_id=item.pk)
    services.news_delete(staff=staff_all, scope=staff_scope(staff_all, *entities.values()), news_id=item.pk)


def test_members_read_news_of_their_entities_and_all_once_visible(member, member_at, entities):
    mine, theirs, everyone = news(entities["SC"]), news(entities["AT"]), news(None)
    news(entities["SC"], status=NewsStatus.DRAFT)
    news(entities["SC"], published_at=timezone.now() + timedelta(days=1))
    assert set(selectors.news_in(Scope.member(member))) == {mine, everyone}
    assert set(selectors.news_in(Scope.member(member_at))) == {theirs, everyone}
    assert list(selectors.news_in(Scope.nobody())) == []


def test_search_finds_words_in_either_language(member, entities):
    found = news(entities["SC"], title_de="Sommerfest", text_en="Summer party at the coop")
    news(entities["SC"], title_de="Anderes")
    rows = selectors.news_in(Scope.member(member))
    assert list(selectors.news_search(rows, "party")) == [found]
    assert list(selectors.news_search(rows, "sommerfest party")) == [found]
    assert list(selectors.news_search(rows, "%")) == []


def test_the_reader_s_language_with_fallback(entities):
    both = news(None, title_de="Hallo", title_en="Hello", text_de="Text", text_en="Text EN")
    german_only = news(None, title_de="Nur Deutsch")
    with translation.override("en"):
        assert (both.title, both.text, german_only.title) == ("Hello", "Text EN", "Nur Deutsch")
    with translation.override("de"):
        assert (both.title, german_only.title) == ("Hallo", "Nur Deutsch")


def test_the_dashboard_panel_shows_the_three_latest_of_the_entity_and_all(entities):
    from portal.cooplife.panel import news_panel

    now = timezone.now()
    rows = [news(entities["SC"], published_at=now - timedelta(hours=hours)) for hours in range(1, 5)]
    news(entities["AT"], published_at=now)
    everyone = news(None, published_at=now - timedelta(minutes=30))
    assert news_panel(entities["SC"].pk)["latest_news"] == [everyone, rows[0], rows[1]]
