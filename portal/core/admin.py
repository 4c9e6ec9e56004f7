from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from portal.core.admin_fields import SAFE_RELATIONS
from portal.core.audit import action_label
from portal.core.models import AuditEntry, OutboundEmail


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActionFilter(admin.SimpleListFilter):
    """Filter by action, named in words like the history pages."""

    title = _("event")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
        return [(action, action_label(action)) for action in actions]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "event", "target_type", "target_id", "from_state", "to_state"]
    list_filter = [ActionFilter]
    search_fields = ["target_id", "actor__email", "action"]

    @admin.display(description=_("event"), ordering="action")
    def event(self, entry: AuditEntry) -> str:
        """The action in words; the key stays searchable and filterable."""
        return str(entry.label)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["recipient", "subject"]
    exclude = ["body_text", "body_html"]


class SafeGroupAdmin(GroupAdmin):
    """Django's group admin with permission ids checked for range (see ``admin_fields``)."""

    formfield_overrides = SAFE_RELATIONS


admin.site.unregister(Group)
admin.site.register(Group, SafeGroupAdmin)
