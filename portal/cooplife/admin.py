"""News and events in the Django admin, to look at; staff publish and change them in the back office."""

from django.contrib import admin

from portal.cooplife.models import CoopEvent, EventSignup, News
from portal.core.admin import ReadOnlyAdmin


@admin.register(News)
class NewsAdmin(ReadOnlyAdmin):
    list_display = ("title_de", "entity", "published_at")
    list_filter = ("entity",)
    search_fields = ("title_de", "title_en")


@admin.register(CoopEvent)
class CoopEventAdmin(ReadOnlyAdmin):
    list_display = ("title_de", "entity", "starts_at", "capacity")
    list_filter = ("entity",)
    search_fields = ("title_de", "title_en")


@admin.register(EventSignup)
class EventSignupAdmin(ReadOnlyAdmin):
    list_display = ("event", "member", "status", "joined_at")
    list_filter = ("status",)
    list_select_related = ("event", "member")
