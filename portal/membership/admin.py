from django.contrib import admin

from portal.membership.models import ShareTerms


@admin.register(ShareTerms)
class ShareTermsAdmin(admin.ModelAdmin):
    """The terms of each entity's shares are configuration: value, limits, notice, document versions."""

    list_display = ("entity", "nominal_value", "min_shares", "max_shares", "notice_months", "accepts_applications")
    list_select_related = ("entity",)
