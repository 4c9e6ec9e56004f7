from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.entities.models import FeeRate, IssuingEntity


class FeeRateInline(admin.TabularInline):
    model = FeeRate
    extra = 0


@admin.register(IssuingEntity)
class IssuingEntityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "country", "city"]
    fieldsets = [
        (None, {"fields": ["code", "name", "country", "holiday_subdivision", "time_zone"]}),
        (_("Address and contact"), {"fields": ["street", "postal_code", "city", "phone", "email", "website"]}),
        (
            _("Legal data (§ 25a GenG)"),
            {
                "fields": [
                    "legal_form",
                    "seat",
                    "register_court",
                    "register_number",
                    "board_members",
                    "supervisory_board_chair",
                    "vat_id",
                    "tax_number",
                ]
            },
        ),
        (_("Bank account"), {"fields": ["bank_name", "iban", "bic"]}),
    ]
    inlines = [FeeRateInline]
