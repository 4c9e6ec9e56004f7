from django.contrib import admin

from portal.customers.models import Client


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "country"]
    search_fields = ["name", "city"]
