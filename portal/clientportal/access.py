"""What a client contact may see and do in the portal (DESIGN §9), decided in one place.

Three layers, each only narrowing the one before:

* the **entity's defaults** (``EntityPortalSettings``) for the records of that entity,
* the **client's settings** (``ClientPortalSettings``; an empty value follows the entity),
* the **contact's permissions** (``ContactAccess``: confirm orders, send requests, see invoices),

and on top of them a member may hide one of their orders, its prices or its documents. Record-level
rules (invoices, prices, documents) follow the entity of the record; client-wide rules (request
types, acceptance, profile editing) hold only where every entity the client works with allows them.
Every portal view and download asks a ``Portal`` built here.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from portal.clientportal.models import ClientPortalSettings, ContactAccess, EntityPortalSettings, all_request_types
from portal.customers.models import Client
from portal.entities.models import IssuingEntity
from portal.invoicing.models import Invoice
from portal.orders.models import Order, OrderStatus

#: The settings, in the order the settings forms show them.
SETTING_NAMES = (
    "show_invoices",
    "show_prices",
    "show_documents",
    "request_types",
    "requests_need_acceptance",
    "contacts_may_edit_profile",
)

#: Statuses in which an order is the client's business. A rejected order only counts when the client
#: saw its offer (it was declined or expired), never when the Smart team rejected it in review.
SHOWN_STATUSES = (
    OrderStatus.CLIENT_CONFIRMATION,
    OrderStatus.ACTIVE,
    OrderStatus.CANCELLATION_REVIEW,
    OrderStatus.CANCELLED,
    OrderStatus.COMPLETED,
)


def shown_to_client_q(prefix: str = "") -> Q:
    """Orders a client may ever see (never drafts, never orders in the Smart team's review)."""
    return (
        Q(**{f"{prefix}status__in": SHOWN_STATUSES})
        | (Q(**{f"{prefix}status": OrderStatus.REJECTED}) & ~Q(**{f"{prefix}offer_pdf": ""}))
    ) & Q(**{f"{prefix}portal_hidden": False})


@dataclass(frozen=True)
class Settings:
    """The settings that apply, resolved."""

    show_invoices: bool = True
    show_prices: bool = True
    show_documents: bool = True
    request_types: tuple[str, ...] = field(default_factory=lambda: tuple(all_request_types()))
    requests_need_acceptance: bool = True
    contacts_may_edit_profile: bool = False


DEFAULTS = Settings()


def entity_defaults(entity_ids: list[int] | None = None) -> dict[int, Settings]:
    """The stored defaults of the entities (all, or ``entity_ids``); entities without a row use ``DEFAULTS``."""
    rows = EntityPortalSettings.objects.all()
    if entity_ids is not None:
        rows = rows.filter(entity_id__in=entity_ids)
    return {row.entity_id: _settings_of(row) for row in rows}


def resolve(defaults: Settings, override: ClientPortalSettings | None) -> Settings:
    """``defaults`` with the client's own values where it has any."""
    if override is None:
        return defaults
    values = {}
    for name in SETTING_NAMES:
        value = getattr(override, name)
        values[name] = getattr(defaults, name) if value is None else value
    values["request_types"] = tuple(values["request_types"])
    return Settings(**values)


def _settings_of(row: Any) -> Settings:
    values = {name: getattr(row, name) for name in SETTING_NAMES}
    values["request_types"] = tuple(values["request_types"] or ())
    return Settings(**values)


@dataclass(frozen=True)
class Portal:
    """One contact's view of one client's portal."""

    client: Client
    access: ContactAccess
    by_entity: dict[int, Settings]  # the resolved settings of every entity
    working_entity_ids: tuple[int, ...]  # the entities with visible orders or issued invoices for the client

    def settings_for(self, entity_id: int) -> Settings:
        return self.by_entity.get(entity_id, DEFAULTS)

    # --- record level -----------------------------------------------------------------------------

    @property
    def invoice_entity_ids(self) -> list[int]:
        """Entities whose invoices the contact sees (none without the permission)."""
        if not self.access.may_see_invoices:
            return []
        return [entity_id for entity_id in self.working_entity_ids if self.settings_for(entity_id).show_invoices]

    @property
    def document_entity_ids(self) -> list[int]:
        return [entity_id for entity_id in self.working_entity_ids if self.settings_for(entity_id).show_documents]

    def shows_prices(self, order: Order) -> bool:
        return self.settings_for(order.entity_id).show_prices and not order.portal_hide_prices

    def shows_documents(self, order: Order) -> bool:
        return self.settings_for(order.entity_id).show_documents and not order.portal_hide_documents

    def sees_invoices_of(self, entity_id: int) -> bool:
        return entity_id in self.invoice_entity_ids

    @property
    def shows_invoices(self) -> bool:
        return bool(self.invoice_entity_ids)

    @property
    def shows_documents_page(self) -> bool:
        return bool(self.document_entity_ids) or self.shows_invoices

    def may_answer(self, order: Order) -> bool:
        """Whether the contact may confirm, decline or ask for changes to ``order`` now."""
        return self.access.may_confirm and order.status == OrderStatus.CLIENT_CONFIRMATION

    def may_read_offer(self, order: Order) -> bool:
        """The offer PDF: a shared document, or the offer the contact is asked to confirm."""
        if not order.offer_pdf:
            return False
        return self.shows_documents(order) or self.may_answer(order)

    # --- client level -----------------------------------------------------------------------------

    @property
    def client_settings(self) -> list[Settings]:
        return [self.settings_for(entity_id) for entity_id in self.working_entity_ids or self._all_entity_ids]

    @property
    def request_types(self) -> list[str]:
        """Request types every entity the client works with allows, in their display order."""
        if not self.access.may_request:
            return []
        allowed = set(all_request_types())
        for settings in self.client_settings:
            allowed &= set(settings.request_types)
        return [kind for kind in all_request_types() if kind in allowed]

    @property
    def may_request(self) -> bool:
        return bool(self.request_types)

    @property
    def requests_need_acceptance(self) -> bool:
        return any(settings.requests_need_acceptance for settings in self.client_settings)

    @property
    def may_edit_profile(self) -> bool:
        return all(settings.contacts_may_edit_profile for settings in self.client_settings)

    @property
    def _all_entity_ids(self) -> list[int]:
        return sorted(self.by_entity)


def portal_for(request: Any, needs: str = "") -> Portal:
    """The portal of the client the signed-in contact acts for; a 404 when the access was withdrawn or
    the ``Portal`` property ``needs`` (e.g. ``"shows_invoices"``) is false."""
    role = getattr(request, "role", None)
    if role is None or not role.is_client_contact or role.client is None:
        raise Http404
    portal = load_portal(user=request.user, client=role.client)
    if needs and not getattr(portal, needs):
        raise Http404
    return portal


def load_portal(*, user: Any, client: Client) -> Portal:
    """Four queries, whatever the client's size."""
    access = ContactAccess.objects.filter(user=user, client=client, active=True).first()
    if access is None:
        raise Http404
    override = ClientPortalSettings.objects.filter(client=client).first()
    stored = entity_defaults()
    shown_orders = Order.objects.filter(shown_to_client_q(), client=client, entity=OuterRef("pk"))
    issued = Invoice.objects.filter(client=client, entity=OuterRef("pk")).exclude(number="")
    entities = list(
        IssuingEntity.objects.annotate(works=Exists(shown_orders) | Exists(issued)).values_list("pk", "works")
    )
    by_entity = {pk: resolve(stored.get(pk, DEFAULTS), override) for pk, _works in entities}
    working = tuple(pk for pk, works in entities if works)
    return Portal(client=client, access=access, by_entity=by_entity, working_entity_ids=working)
