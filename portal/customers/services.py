"""Every write to clients.

Copy-on-write (docs/decisions.md): a member changes a client in place only while it is theirs alone
(they created it and no other member's order or invoice uses it). Otherwise the change creates the
member's own copy and moves the member's orders and invoice drafts to it; everybody else keeps the
client exactly as it was, so nothing a member does reaches another member's invoices.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.customers.models import Client, ContactPerson
from portal.customers.selectors import client_shared_with_others, clients_for_member
from portal.customers.signals import client_copied

#: The client's own data a member enters (``values`` of ``client_save``).
CLIENT_FIELDS = (
    "kind",
    "name",
    "street",
    "postal_code",
    "city",
    "country",
    "vat_id",
    "invoice_email",
    "language",
    "is_public_sector",
    "leitweg_id",
)
CONTACT_FIELDS = ("name", "email", "phone")


def client_save(
    *, actor: Any, client_id: int | None, values: Mapping[str, Any], contacts: Sequence[Mapping[str, Any]]
) -> Client:
    """Create a client (``client_id`` None) or change one the member works with, with its contact persons.

    ``values`` holds ``CLIENT_FIELDS``; ``contacts`` is the complete list of contact persons, each with
    ``name``, ``email``, ``phone`` and, for an existing one, its ``id`` (contacts left out are removed).
    Returns the saved client: for a client shared with other members, the member's new copy.
    """
    unknown = set(values) - set(CLIENT_FIELDS)
    if unknown:
        raise ValueError(f"not client fields: {sorted(unknown)}")
    with transaction.atomic():
        if client_id is None:
            client = _create(actor, values, contacts)
            audit_record(actor=actor, action="client.created", target=client)
            return client
        if not clients_for_member(member=actor).filter(pk=client_id).exists():
            raise BusinessError(_("You cannot change this client."))
        original = Client.objects.select_for_update().get(pk=client_id)
        if client_shared_with_others(client=original, member=actor):
            return _copy_for(actor, original, values, contacts)
        for name, value in values.items():
            setattr(original, name, value)
        _validate(original)
        original.save()
        _replace_contacts(original, contacts)
        audit_record(actor=actor, action="client.updated", target=original)
    return original


def _copy_for(actor: Any, original: Client, values: Mapping[str, Any], contacts: Sequence[Mapping[str, Any]]) -> Client:
    """The member's own client with the new data; the member's orders and unissued invoices move to it."""
    copy = _create(actor, {name: getattr(original, name) for name in CLIENT_FIELDS} | dict(values), contacts)
    actor.orders.filter(client=original).update(client=copy)
    client_copied.send(sender=Client, original=original, copy=copy, member=actor)
    if original.created_by_id == actor.pk:  # the others' version; the member's own is the copy now
        original.created_by = None
        original.save(update_fields=["created_by", "updated_at"])
    audit_record(actor=actor, action="client.copied", target=copy, message=f"#{original.pk}")
    return copy


def _create(actor: Any, values: Mapping[str, Any], contacts: Sequence[Mapping[str, Any]]) -> Client:
    client = Client(**values, created_by=actor)
    _validate(client)
    client.save()
    _replace_contacts(client, [{**contact, "id": None} for contact in contacts])
    return client


def _replace_contacts(client: Client, contacts: Sequence[Mapping[str, Any]]) -> None:
    existing = {contact.pk: contact for contact in client.contacts.all()}
    kept = set()
    for data in contacts:
        contact_id = data.get("id")
        contact = (existing.get(contact_id) if contact_id is not None else None) or ContactPerson(client=client)
        for name in CONTACT_FIELDS:
            setattr(contact, name, data.get(name) or "")
        _validate(contact)
        contact.save()
        kept.add(contact.pk)
    client.contacts.exclude(pk__in=kept).delete()


def _validate(instance: Client | ContactPerson) -> None:
    """Model-level checks (lengths, choices, e-mail format), so callers other than the forms are safe too."""
    try:
        instance.full_clean(exclude=["client", "created_by"])
    except ValidationError as error:
        errors = {field: " ".join(messages) for field, messages in error.message_dict.items()}
        raise BusinessError(_("Please check the client's data."), errors=errors) from error
