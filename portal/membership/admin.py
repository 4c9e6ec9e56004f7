from django.contrib import admin
from django.db import models

from portal.core.admin import ReadOnlyAdmin
from portal.membership.models import MembershipApplication, ShareEntry, ShareRequest, ShareTerms


@admin.register(ShareTerms)
class ShareTermsAdmin(admin.ModelAdmin):
    """The terms of each entity's shares are configuration: value, limits, notice, document versions."""

    list_display = ("entity", "nominal_value", "min_shares", "max_shares", "notice_months", "accepts_applications")
    list_select_related = ("entity",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


# The register, applications and requests change only through the services (rules, numbering, e-mails):
# the admin shows them, the back office acts on them.


@admin.register(ShareEntry)
class ShareEntryAdmin(ReadOnlyAdmin):
    list_display = ("entity", "number", "entry_date", "member", "kind", "shares", "nominal_value", "paid_on")
    list_filter = ("entity", "kind")
    list_select_related = ("entity", "member")
    search_fields = ("member__email", "member__last_name", "note")


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(ReadOnlyAdmin):
    list_display = ("reference", "entity", "first_name", "last_name", "email", "shares", "status", "created_at")
    list_filter = ("entity", "status")
    list_select_related = ("entity",)
    search_fields = ("first_name", "last_name", "email")


@admin.register(ShareRequest)
class ShareRequestAdmin(ReadOnlyAdmin):
    list_display = ("pk", "entity", "member", "kind", "shares", "recipient", "status", "created_at")
    list_filter = ("entity", "kind", "status")
    list_select_related = ("entity", "member", "recipient")
    search_fields = ("member__email", "member__last_name")
