"""The Smart team's clients: every client used in the login's staff entities, read-only."""

from django.http import HttpResponse
from django.shortcuts import render

from portal.accounts.roles import staff_entities
from portal.backoffice import selectors
from portal.backoffice.forms import ClientFilterForm
from portal.core.audit import audit_history
from portal.core.permissions import staff_required
from portal.core.views import paginate, query_without_page

#: Orders and invoices shown on a client's page; the full lists are one link away.
DETAIL_ROWS = 25


@staff_required
def client_list(request) -> HttpResponse:
    form = ClientFilterForm(request.GET, entities=staff_entities(request.roles))
    form.is_valid()
    context = {
        "form": form,
        "page": paginate(request, selectors.clients_for_staff(request.scope, **form.filters())),
        "query": query_without_page(request),
    }
    return render(request, "backoffice/client_list.html", context)


@staff_required
def client_detail(request, pk: int) -> HttpResponse:
    client = selectors.client_for_staff(request.scope, pk)
    orders = selectors.client_orders_for_staff(request.scope, client)
    invoices = selectors.client_invoices_for_staff(request.scope, client)
    context = {
        "client": client,
        "contacts": client.contacts.all(),
        "orders": orders[:DETAIL_ROWS],
        "order_count": orders.count(),
        "invoices": invoices[:DETAIL_ROWS],
        "invoice_count": invoices.count(),
        "history": audit_history(client),
    }
    return render(request, "backoffice/client_detail.html", context)
