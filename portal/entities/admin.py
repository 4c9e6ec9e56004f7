from django.contrib import admin

from portal.entities.models import FeeRate, IssuingEntity


class FeeRateInline(admin.TabularInline):
    model = FeeRate
    extra = 0


@admin.register(IssuingEntity)
class IssuingEntityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "country", "city"]
    inlines = [FeeRateInline]
