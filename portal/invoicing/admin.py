"""Invoices in the Django admin: drafts may be corrected, issued invoices only looked at.

The models refuse changes to issued invoices anyway (``Invoice.save``); the admin does not even offer them.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.invoicing.models import Invoice, InvoiceLine, NumberSequence, Payment
from portal.invoicing.services import invoice_recalculate


def _all_fields(model) -> list[str]:
    return [field.name for field in model._meta.fields]


class InvoiceLineInline(admin.TabularInline):
    model = InvoiceLine
    extra = 0

    def _issued(self, obj) -> bool:
        return obj is not None and obj.was_issued

    def has_change_permission(self, request, obj=None):
        return not self._issued(obj)

    def has_add_permission(self, request, obj=None):
        return not self._issued(obj)

    def has_delete_permission(self, request, obj=None):
        return not self._issued(obj)


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    readonly_fields = _all_fields(Payment)
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # payments are recorded in the back office, where the invoice status follows them


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "status", "entity", "client", "member", "planned_date", "gross_total"]
    list_filter = ["status", "kind", "entity"]
    search_fields = ["number", "title", "client__name", "member__email"]
    list_select_related = ["entity", "client", "member"]
    raw_id_fields = ["order", "planned_invoice", "member", "client", "cancels"]
    inlines = [InvoiceLineInline, PaymentInline]

    # Numbers, snapshots, documents and payment state come only from the issuing and payment services.
    readonly_fields = [
        "status",
        "number",
        "issue_date",
        "due_date",
        "issued_at",
        "issuer",
        "recipient",
        "pdf_document",
        "pdf_sha256",
        "xml_document",
        "xml_sha256",
        "net_total",
        "vat_total",
        "gross_total",
        "paid_amount",
        "paid_at",
        "reminder_level",
        "last_reminder_on",
    ]

    # A file field would link to its storage URL, which is not served: documents are handed out only by
    # the permission-checked views of the back office and the member portal.
    exclude = ["pdf", "xml"]

    @admin.display(description=_("PDF"))
    def pdf_document(self, obj: Invoice) -> str:
        return obj.pdf.name or "–"

    @admin.display(description=_("e-invoice (XML)"))
    def xml_document(self, obj: Invoice) -> str:
        return obj.xml.name or "–"

    def has_add_permission(self, request):
        return False  # invoices come from orders

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.was_issued  # issued: view only

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.was_issued

    def get_actions(self, request):
        # Bulk deletion would reach issued invoices, which the model refuses; drafts go one at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is InvoiceLine and not form.instance.was_issued:
            invoice_recalculate(form.instance)


@admin.register(NumberSequence)
class NumberSequenceAdmin(admin.ModelAdmin):
    list_display = ["entity", "year", "series", "last"]
    readonly_fields = ["entity", "year", "series", "last"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
