"""Every write of the client portal's access and settings (DESIGN §9).

Who may act is checked here, so the back office, a member's client page and a command agree: staff
of an entity the client works with invite contacts and change permissions and settings; a member who
works with the client may invite contacts (never with more rights than a new contact gets anyway).
"""

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.accounts.models import Role, User
from portal.accounts.services import set_password_path
from portal.clientportal.access import SETTING_NAMES, Portal, shown_to_client_q
from portal.clientportal.models import ClientPortalSettings, ContactAccess, EntityPortalSettings, RequestType
from portal.clientportal.requests import members_for_client
from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.outbox import queue_email
from portal.core.scope import Scope
from portal.core.transitions import Actor
from portal.customers.models import Client
from portal.customers.selectors import clients_for_member
from portal.entities.models import IssuingEntity
from portal.invoicing.models import Invoice
from portal.orders import services as order_services
from portal.orders.models import ConfirmationLink, Order, OrderStatus
from portal.orders.services import Evidence
from portal.orders.transitions import TRANSITIONS

PERMISSIONS = ("may_confirm", "may_request", "may_see_invoices")
#: The longest first or last name an account holds.
NAME_LENGTH = 150


def client_in_scope(scope: Scope, client_id: int) -> bool:
    """Whether the actor of ``scope`` may manage the portal access of client ``client_id``: staff of an
    entity with an order or invoice for it, or a member who works with it."""
    if scope.actor == Actor.STAFF:
        orders = Order.objects.filter(client=OuterRef("pk"), entity_id__in=scope.entity_ids).exclude(status="draft")
        invoices = Invoice.objects.filter(client=OuterRef("pk"), entity_id__in=scope.entity_ids)
        return Client.objects.filter(Q(Exists(orders)) | Q(Exists(invoices)), pk=client_id).exists()
    if scope.actor == Actor.MEMBER:
        return clients_for_member(member=User(pk=scope.user_id)).filter(pk=client_id).exists()
    return False


def _require_client(scope: Scope, client_id: int) -> Client:
    if not client_in_scope(scope, client_id):
        raise BusinessError(_("You cannot manage the portal access of this client."))
    return Client.objects.get(pk=client_id)


def _require_staff(scope: Scope, client_id: int) -> Client:
    if scope.actor != Actor.STAFF:
        raise BusinessError(_("Only the Smart team can change this."))
    return _require_client(scope, client_id)


def _refuse_own(actor: Any, user_id: int | None) -> None:
    """Nobody gives or changes their own portal access: a member who was a contact of their own client
    could confirm their own offers."""
    if actor is not None and user_id is not None and actor.pk == user_id:
        raise BusinessError(
            _(
                "You cannot give or change your own access to a client's portal; "
                "another member of the Smart team has to."
            ),
            field="email",
        )


def login_path(language: str) -> str:
    return f"{reverse('clientportal:login')}?lang={language}"


def contact_invite(
    *,
    actor: Any,
    scope: Scope,
    client_id: int,
    email: str,
    first_name: str = "",
    last_name: str = "",
    permissions: Mapping[str, bool] | None = None,
) -> ContactAccess:
    """Give ``email`` access to the client's portal and e-mail them.

    A new person gets an account without a password and a single-use link to choose one (never a
    password by e-mail); a person who already has an account is told that the access was added. A
    member may only take permissions away from a new contact; the Smart team sets them freely.
    """
    client = _require_client(scope, client_id)
    return _grant(
        actor=actor,
        client=client,
        email=email,
        first_name=first_name,
        last_name=last_name,
        permissions=permissions,
        by_staff=scope.actor == Actor.STAFF,
    )


#: How long after answering an offer through its link the client may ask for portal access there.
ACCESS_AFTER_ANSWER = timedelta(days=1)


def contact_invite_after_answer(*, link_id: int) -> ContactAccess:
    """Portal access for the address an offer's link was sent to, asked for on the page after answering:
    the link proves the address (the invitation goes only there), for a day after it was used."""
    link = ConfirmationLink.objects.select_related("order", "order__client").filter(pk=link_id).first()
    if link is None or link.used_at is None or timezone.now() - link.used_at > ACCESS_AFTER_ANSWER:
        raise BusinessError(_("This link can no longer be used."))
    order = link.order
    if not order.contact_email or order.client is None:
        raise BusinessError(_("We do not know an e-mail address for you; please ask the member for access."))
    name = order.contact_name.strip().split(" ", 1)
    return _grant(
        actor=None,
        client=order.client,
        email=order.contact_email,
        first_name=name[0][:150],
        last_name=name[1][:150] if len(name) > 1 else "",
        permissions=None,
        by_staff=False,
    )


def _grant(
    *,
    actor: Any,
    client: Client,
    email: str,
    first_name: str,
    last_name: str,
    permissions: Mapping[str, bool] | None,
    by_staff: bool,
) -> ContactAccess:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise BusinessError(_("Please enter a valid e-mail address."), field="email") from error
    for field, typed in (("first_name", first_name), ("last_name", last_name)):
        if len(typed.strip()) > NAME_LENGTH:
            raise BusinessError(_("Please shorten the name to at most 150 characters."), field=field)
    chosen = {name: bool((permissions or {}).get(name, True)) for name in PERMISSIONS}
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        _refuse_own(actor, user.pk if user else None)
        new_account = user is None
        if user is None:
            try:
                with transaction.atomic():
                    user = User.objects.create_user(
                        email=email,
                        password=None,
                        first_name=first_name.strip(),
                        last_name=last_name.strip(),
                        language=client.language,
                    )
            except IntegrityError as error:  # a concurrent invitation created the account
                raise BusinessError(_("Please try again in a moment."), field="email") from error
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        access = ContactAccess.objects.select_for_update().filter(user=user, client=client).first()
        if access is not None and access.active:
            raise BusinessError(_("This person already has access to the client portal."), field="email")
        if access is None:
            access = ContactAccess(user=user, client=client, **chosen)
        elif by_staff:
            for permission, allowed in chosen.items():
                setattr(access, permission, allowed)
        access.active = True
        access.invited_by = actor
        access.invited_at = timezone.now()
        access.save()
        Role.objects.get_or_create(user=user, kind=Role.Kind.CLIENT_CONTACT, client=client)
        audit_record(actor=actor, action="client.contact_invited", target=client, message=email)
        _send_invitation(access, new_account=new_account or not user.has_usable_password())
    return access


def contact_resend_invitation(*, actor: Any, scope: Scope, access_id: int) -> None:
    """A new set-password link for a contact who has not chosen a password yet."""
    access = ContactAccess.objects.select_related("user", "client").get(pk=access_id)
    _require_client(scope, access.client_id)
    _refuse_own(actor, access.user_id)
    if not access.active:
        raise BusinessError(_("The access is deactivated; give it back first."))
    if access.user.has_usable_password():
        raise BusinessError(_("This person has already chosen a password and can sign in."))
    with transaction.atomic():
        access.invited_at = timezone.now()
        access.save(update_fields=["invited_at", "updated_at"])
        audit_record(actor=actor, action="client.contact_invited", target=access.client, message=access.user.email)
        _send_invitation(access, new_account=True)


def _send_invitation(access: ContactAccess, *, new_account: bool) -> None:
    user, client = access.user, access.client
    context: dict[str, Any] = {"client": client, "login_path": login_path(user.language)}
    if new_account:
        context["set_password_path"] = set_password_path(user)
        context["valid_days"] = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    queue_email(
        to=user,
        template="client_invitation" if new_account else "client_access_added",
        context=context,
        related=client,
        sensitive=new_account,
    )


def contact_set_permissions(*, actor: Any, scope: Scope, access_id: int, permissions: Mapping[str, bool]) -> None:
    access = ContactAccess.objects.select_for_update().filter(pk=access_id)
    with transaction.atomic():
        found = access.first()
        if found is None:
            raise BusinessError(_("This access no longer exists."))
        _require_staff(scope, found.client_id)
        _refuse_own(actor, found.user_id)
        for name in PERMISSIONS:
            setattr(found, name, bool(permissions.get(name)))
        found.save()
        audit_record(
            actor=actor,
            action="client.contact_permissions",
            target=found.client,
            message=found.user.email,
            data={name: getattr(found, name) for name in PERMISSIONS},
        )


def contact_set_active(*, actor: Any, scope: Scope, access_id: int, active: bool) -> None:
    """Withdraw a contact's access (their client role goes, the permissions stay) or give it back."""
    with transaction.atomic():
        access = ContactAccess.objects.select_for_update().filter(pk=access_id).first()
        if access is None:
            raise BusinessError(_("This access no longer exists."))
        _require_staff(scope, access.client_id)
        _refuse_own(actor, access.user_id)
        access.active = active
        access.save(update_fields=["active", "updated_at"])
        roles = Role.objects.filter(user_id=access.user_id, kind=Role.Kind.CLIENT_CONTACT, client_id=access.client_id)
        if active:
            Role.objects.get_or_create(
                user_id=access.user_id, kind=Role.Kind.CLIENT_CONTACT, client_id=access.client_id
            )
        else:
            roles.delete()
        audit_record(
            actor=actor,
            action="client.contact_activated" if active else "client.contact_deactivated",
            target=access.client,
            message=access.user.email,
        )


def _checked_settings(values: Mapping[str, Any], *, allow_empty: bool) -> dict[str, Any]:
    unknown = set(values) - set(SETTING_NAMES)
    if unknown:
        raise ValueError(f"not portal settings: {sorted(unknown)}")
    checked: dict[str, Any] = {}
    for name in SETTING_NAMES:
        value = values.get(name)
        if value is None and allow_empty:
            checked[name] = None
        elif name == "request_types":
            kinds = list(value or [])
            if any(kind not in RequestType.values for kind in kinds):
                raise BusinessError(_("Please choose request types from the list."), field="request_types")
            checked[name] = [kind for kind in RequestType.values if kind in kinds]
        else:
            checked[name] = bool(value)
    return checked


def client_settings_save(*, actor: Any, scope: Scope, client_id: int, values: Mapping[str, Any]) -> None:
    """The client's own settings; ``None`` for a setting means "as the entity's default"."""
    client = _require_staff(scope, client_id)
    checked = _checked_settings(values, allow_empty=True)
    with transaction.atomic():
        ClientPortalSettings.objects.update_or_create(client=client, defaults=checked)
        audit_record(actor=actor, action="client.portal_settings", target=client, data=checked)


def entity_settings_save(*, actor: Any, scope: Scope, entity_id: int, values: Mapping[str, Any]) -> None:
    if scope.actor != Actor.STAFF or entity_id not in scope.entity_ids:
        raise BusinessError(_("Only the Smart team of this entity can change its defaults."))
    checked = _checked_settings(values, allow_empty=False)
    with transaction.atomic():
        row, _created = EntityPortalSettings.objects.update_or_create(entity_id=entity_id, defaults=checked)
        audit_record(actor=actor, action="entity.portal_settings", target=row.entity, data=checked)


# --- what a contact does in the portal ---------------------------------------------------------------------


#: The answers that need a reason (declining, asking for changes), as the order's transitions say.
REASON_ACTIONS = frozenset(
    action
    for action, event in order_services.CLIENT_ACTIONS.items()
    if TRANSITIONS[(OrderStatus.CLIENT_CONFIRMATION, event)].reason_required
)


def portal_answer(
    *, portal: Portal, contact: Any, order_id: int, action: str, name: str, reason: str, evidence: Evidence
) -> Order:
    """Confirm, decline or ask for changes to an offer in the portal: the order service's rules and
    evidence (as for the e-mail link), for contacts who may confirm and orders the portal shows."""
    order = Order.objects.filter(shown_to_client_q(), pk=order_id, client=portal.client).first()
    if order is None or not portal.may_answer(order):
        raise BusinessError(_("You cannot answer this offer."))
    if action in REASON_ACTIONS and not reason.strip():  # the order service's rule, in the portal's address
        raise BusinessError(pgettext("formal address", "Please give a reason."), field="reason")
    return order_services.order_client_respond(
        order_id=order_id, action=action, name=name, reason=reason, evidence=evidence, contact=contact
    )


#: The client's data a contact may change when the settings allow it.
PROFILE_FIELDS = ("street", "postal_code", "city", "country", "invoice_email")


def client_profile_save(*, portal: Portal, contact: Any, values: Mapping[str, Any]) -> Client:
    """Change the client's address and invoice e-mail; the members working with it and the Smart team
    are told what changed. Issued invoices keep the data they were issued with."""
    if not portal.may_edit_profile:
        raise BusinessError(_("You cannot change the company data here; please ask your contact at Smart."))
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=portal.client.pk)
        changes = []
        for name in PROFILE_FIELDS:
            old, new = getattr(client, name), values.get(name, getattr(client, name))
            if str(old or "") != str(new or ""):
                label = str(getattr(Client._meta.get_field(name), "verbose_name", name))
                changes.append({"name": name, "label": label, "old": str(old or ""), "new": str(new or "")})
                setattr(client, name, new)
        if not changes:
            return client
        try:
            client.full_clean(exclude=["created_by"])
        except ValidationError as error:
            errors = {field: " ".join(messages) for field, messages in error.message_dict.items()}
            raise BusinessError(_("Please check the company data."), errors=errors) from error
        client.save()
        audit_record(actor=contact, action="client.updated_by_client", target=client, data={"changes": changes})
        _tell_about_profile(client, contact, changes)
    return client


def _tell_about_profile(client: Client, contact: Any, changes: list[dict[str, str]]) -> None:
    context = {"client": client, "changes": changes, "changed_by": contact.get_full_name() or contact.email}
    for member in members_for_client(client.pk):
        queue_email(to=member, template="client_profile_changed", context=context, category="orders", related=client)
    entities = IssuingEntity.objects.filter(
        Q(pk__in=Order.objects.filter(client=client).values("entity_id"))
        | Q(pk__in=Invoice.objects.filter(client=client).values("entity_id"))
    )
    for entity in entities:
        queue_email(to=entity.email, template="client_profile_changed", context=context, related=client, entity=entity)
