from django.db import transaction

from portal.core.audit import audit_record
from portal.customers.models import Client


def client_save(*, actor, form, contacts) -> Client:
    """Create or update a client with its contact persons (validated form and formset)."""
    with transaction.atomic():
        creating = form.instance.pk is None
        client = form.save(commit=False)
        if creating:
            client.created_by = actor
        client.save()
        contacts.instance = client
        contacts.save()
        audit_record(actor=actor, action="client.created" if creating else "client.updated", target=client)
    return client
