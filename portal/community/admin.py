"""The community in the Django admin, to look at; members post and staff moderate in the portal."""

from django.contrib import admin

from portal.community.models import CommunityPost, CommunityProfile
from portal.core.admin import ReadOnlyAdmin


@admin.register(CommunityPost)
class CommunityPostAdmin(ReadOnlyAdmin):
    list_display = ("title", "author", "kind", "category", "status", "active_until", "created_at")
    list_filter = ("status", "kind", "category")
    list_select_related = ("author",)
    search_fields = ("title", "author__email")


@admin.register(CommunityProfile)
class CommunityProfileAdmin(ReadOnlyAdmin):
    list_display = ("member", "sector", "city", "visible")
    list_select_related = ("member",)
