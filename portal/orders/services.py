"""Every write to orders. State changes go through ``order_transition`` only."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import Role, User
from portal.budget import selectors as budget_selectors
from portal.budget.ledger import budget_personal
from portal.core import money
from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.outbox import queue_email
from portal.core.transitions import Actor, apply_transition, check_transition
from portal.core.workdays import add_working_hours
from portal.customers.selectors import client_usable_by_member
from portal.entities import vat
from portal.orders import confirmation, rules, signals
from portal.orders.models import (
    ConfirmationChannel,
    ConfirmationLink,
    Order,
    OrderAttachment,
    OrderComment,
    OrderLine,
    OrderStatus,
    PlannedInvoice,
)
from portal.orders.transitions import TRANSITIONS, Event

REVIEW_SLA_HOURS = 24

#: Events after which the member is told what happened (and why).
MEMBER_NOTIFIED = {
    Event.APPROVE,
    Event.RETURN,
    Event.REJECT,
    Event.CONFIRM,
    Event.DECLINE,
    Event.REQUEST_CHANGES,
    Event.EXPIRE,
    Event.APPROVE_CANCELLATION,
    Event.DENY_CANCELLATION,
}


def submission_problems(order: Order) -> dict[str, str]:
    """What is missing or wrong before ``order`` can go to the Smart team, per form field."""
    problems: dict[str, str] = {}
    for field, message in (
        ("client", _("Please choose a client.")),
        ("contact_email", _("Please enter the e-mail address of your contact person.")),
        ("title", _("Please give the order a title.")),
        ("description", _("Please describe the service; the text is copied to the invoices.")),
        ("service_start", _("Please enter the start of the service period.")),
        ("service_end", _("Please enter the end of the service period.")),
    ):
        if not getattr(order, field):
            problems[field] = message
    if order.service_start and order.service_end and order.service_end < order.service_start:
        problems["service_end"] = _("The service period cannot end before it starts.")
    if not order.skip_client_confirmation:
        if not order.offer_valid_until:
            problems["offer_valid_until"] = _("Please enter until when the client can confirm the offer.")
        elif order.offer_valid_until < timezone.localdate():
            problems["offer_valid_until"] = _("The offer must be valid today or later.")
    lines = list(order.lines.all())
    problems.update(_amount_problems(order, lines))
    if not lines:
        problems["lines"] = _("Please add at least one line item.")
    if _needs_exemption(order, lines):
        problems["vat_exemption"] = _(
            "A line without VAT (0 %) needs the legal basis of the VAT exemption (e.g. “§ 4 Nr. 21 UStG”)."
        )
    planned = list(order.planned_invoices.all())
    today = timezone.localdate()
    if not planned:
        problems["planned_invoices"] = _("Please plan at least one invoice.")
    elif any(item.date < today for item in planned):
        problems["planned_invoices"] = _(
            "Planned invoice dates cannot be in the past; please move them to today or later."
        )
    elif any(item.amount <= 0 for item in planned):
        problems["planned_invoices"] = _("Every planned invoice needs an amount greater than zero.")
    elif lines:
        total = order.totals().net
        planned_sum = sum((p.amount for p in planned), start=money.ZERO)
        if planned_sum != total:
            problems["planned_invoices"] = _(
                "The planned invoices add up to %(planned)s, the order to %(total)s; they must be equal."
            ) % {"planned": money.display(planned_sum), "total": money.display(total)}
    return problems


def _needs_exemption(order: Order, lines: list) -> bool:
    """0 % is only allowed with a stated exemption, unless reverse charge or non-EU rules apply."""
    if order.vat_exemption or not order.client or not any(line.vat_rate == 0 for line in lines):
        return False
    return vat.client_treatment(issuer_country=order.entity.country, client=order.client) == "S"


def order_transition(
    *, order_id: int, event: str, actor: str, user=None, reason: str = "", data: dict[str, Any] | None = None
) -> Order:
    """Apply ``event`` to the order, if the transition table allows it for ``actor``.

    The row lock makes concurrent or repeated requests (double clicks, two staff members) safe:
    the second one finds the order already moved on and is refused.
    """
    reason = reason.strip()
    _check_length(reason, "reason")
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        check_transition(
            TRANSITIONS, order, event=event, actor=actor, user=user, reason=reason, owner_id=order.member_id
        )
        if event == Event.SUBMIT:
            problems = submission_problems(order)
            if problems:
                raise BusinessError(_("The order is not complete yet."), errors=problems)
            order.submitted_at = timezone.now()
        skips_client = event == Event.APPROVE and order.skip_client_confirmation
        previous = apply_transition(
            TRANSITIONS,
            order,
            event=event,
            actor=actor,
            user=user,
            reason=reason,
            owner_id=order.member_id,
            to=OrderStatus.ACTIVE if skips_client else None,
            data=data,
        )
        target = order.status
        if event in (Event.SUBMIT, Event.APPROVE):
            order.budget_id = order_budget(order)
        order.save(update_fields=["status", "submitted_at", "budget", "updated_at"])
        if target == OrderStatus.CLIENT_CONFIRMATION:
            confirmation.issue_link(order)
        _announce(order, previous=previous, user=user, reason=reason)
        if event in MEMBER_NOTIFIED:
            queue_email(
                to=order.member,
                template="order_event",
                context={"order": order, "event": event, "reason": reason},
                category="orders",
                related=order,
                entity=order.entity,
            )
    return order


def order_budget(order: Order) -> int | None:
    """The budget the order's income will go to; refused when the chosen collective budget is not
    (or no longer) one the member manages. Approval opens the member's personal budget if needed."""
    if order.budget_id is not None:
        if (
            not budget_selectors.usable_for_orders(member_id=order.member_id, entity_id=order.entity_id)
            .filter(pk=order.budget_id)
            .exists()
        ):
            raise BusinessError(
                _("You can no longer book orders on this collective budget; please choose another budget."),
                errors={"budget": _("Please choose another budget.")},
            )
        return order.budget_id
    if order.status == OrderStatus.DRAFT or order.status == OrderStatus.SMART_REVIEW:
        return None
    return budget_personal(member_id=order.member_id, entity_id=order.entity_id).pk


def _announce(order: Order, *, previous: str, user: Any, reason: str) -> None:
    """Tell the apps that follow orders (``portal.orders.signals``) what the transition meant."""
    if order.status == OrderStatus.ACTIVE and previous != OrderStatus.CANCELLATION_REVIEW:
        signals.order_activated.send(sender=Order, order=order, user=user)
    elif order.status == OrderStatus.CANCELLED:
        signals.order_cancelled.send(sender=Order, order=order, user=user, reason=reason)
    elif order.status == OrderStatus.REJECTED:
        signals.order_rejected.send(sender=Order, order=order, user=user, reason=reason)


def order_recalculate(order: Order) -> None:
    """Store the net total of the lines on the order (used by lists)."""
    if hasattr(order, "_prefetched_objects_cache"):
        order._prefetched_objects_cache.pop("lines", None)
    order.net_total = order.totals().net
    order.save(update_fields=["net_total", "updated_at"])


#: The order's own data a member enters (``values`` of ``order_save_draft``); relations by id.
ORDER_FIELDS = (
    "entity_id",
    "client_id",
    "budget_id",
    "contact_name",
    "contact_email",
    "client_reference",
    "title",
    "description",
    "activity",
    "service_start",
    "service_end",
    "place_of_performance",
    "country_of_performance",
    "offer_valid_until",
    "skip_client_confirmation",
    "special_agreement",
    "vat_exemption",
    "discount_kind",
    "discount_value",
    "discount_reason",
)
LINE_FIELDS = ("description", "quantity", "unit", "unit_price", "vat_rate")
PLANNED_FIELDS = ("date", "amount")
#: Fields of the order; when all are empty (and there are no lines) nothing is saved.
CONTENT_FIELDS = ("client_id", "title", "description", "activity", "contact_name", "contact_email", "special_agreement")


def order_save_draft(
    *,
    member: Any,
    order_id: int | None,
    values: Mapping[str, Any],
    lines: Sequence[Mapping[str, Any]],
    planned: Sequence[Mapping[str, Any]],
) -> Order:
    """Create (``order_id`` None) or change a draft with its complete lists of lines and planned invoices.

    ``values`` holds ``ORDER_FIELDS``; each line holds ``LINE_FIELDS`` and each planned invoice
    ``PLANNED_FIELDS``, an existing one also its ``id`` (rows left out are removed; lines keep the
    order of the list). The input rules are checked on what would be stored, inside the transaction:
    a violation rolls everything back, so no caller (form, back office, command, API) can store an
    order the rules refuse.
    """
    _refuse_unknown(values, ORDER_FIELDS, "order")
    for row in lines:
        _refuse_unknown(row, (*LINE_FIELDS, "id"), "line")
    for row in planned:
        _refuse_unknown(row, (*PLANNED_FIELDS, "id"), "planned invoice")
    with transaction.atomic():
        if order_id is None:
            if not lines and not any(values.get(name) for name in CONTENT_FIELDS):
                raise BusinessError(_("The form is empty; please enter at least a title, a client or a line item."))
            order = Order(member=member)
        else:
            order = Order.objects.select_for_update().get(pk=order_id, member=member)
            if order.status != OrderStatus.DRAFT:
                raise BusinessError(_("Only drafts can be changed."))
        for name, value in values.items():
            setattr(order, name, value)
        if not member.roles.filter(kind="member", entity_id=order.entity_id).exists():
            raise BusinessError(_("Please choose an entity you work with."), field="entity")
        if (
            order.budget_id is not None
            and not budget_selectors.usable_for_orders(member_id=member.pk, entity_id=order.entity_id)
            .filter(pk=order.budget_id)
            .exists()
        ):
            raise BusinessError(
                _("Please choose your personal budget or an active collective budget of this entity that you manage."),
                field="budget",
            )
        if not client_usable_by_member(member=member, pk=order.client_id):
            raise BusinessError(
                _("You can only choose your own clients. Pick one from the list, or add the client as your own."),
                field="client",
            )
        _validate(order, exclude=["member", "entity", "client"], field=None)
        creating = order.pk is None
        order.save()
        _replace_rows(order.lines.all(), [OrderLine(order=order, position=i, **row) for i, row in enumerate(lines, 1)])
        _replace_rows(order.planned_invoices.all(), [PlannedInvoice(order=order, **row) for row in planned])
        order_check_amounts(order)
        order_recalculate(order)
        if creating:
            audit_record(actor=member, action="order.created", target=order, to_state=order.status)
    return order


def _refuse_unknown(values: Mapping[str, Any], known: Sequence[str], what: str) -> None:
    unknown = set(values) - set(known)
    if unknown:
        raise ValueError(f"not {what} fields: {sorted(unknown)}")


def _replace_rows(existing: Any, rows: list[Any]) -> None:
    """Store ``rows`` (new ones, or changed ones carrying the ``id`` of a row in ``existing``), delete the rest."""
    current = {row.pk: row for row in existing}
    for row in rows:
        if row.pk is not None and row.pk not in current:
            raise BusinessError(_("A row of the form no longer exists; please reload the page."))
        _validate(row, exclude=["order"], field="lines" if isinstance(row, OrderLine) else "planned_invoices")
    existing.exclude(pk__in=[row.pk for row in rows if row.pk is not None]).delete()
    for row in rows:
        row.save()


def _validate(instance: Any, *, exclude: list[str], field: str | None) -> None:
    """Model-level checks (limits, choices, lengths), so callers other than the forms are safe too."""
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        errors = {name: " ".join(messages) for name, messages in error.message_dict.items()}
        if field is not None:
            errors = {field: " ".join(errors.values())}
        raise BusinessError(
            _("Please check the entries: %(problems)s") % {"problems": " ".join(errors.values())},
            field=field,
            errors=errors,
        ) from error


def order_check_amounts(order: Order) -> None:
    """Refuse lines and totals outside the input rules (DESIGN §4), naming every problem."""
    problems = _amount_problems(order, list(_stored_lines(order)))
    if problems:
        field = next(iter(problems)) if len(problems) == 1 else None  # shown next to it when it is one
        raise BusinessError(" ".join(problems.values()), field=field, errors=problems)


def _amount_problems(order: Order, lines: list[OrderLine]) -> dict[str, str]:
    values = [rules.LineValues(line.quantity, line.unit_price, line.vat_rate) for line in lines]
    return rules.amount_problems(values, country=order.entity.country, discount=order.discount)


def _stored_lines(order: Order):
    """The order's lines as stored now (never a prefetched cache that a formset save made stale)."""
    return OrderLine.objects.filter(order=order).order_by("position", "id")


def order_delete_draft(*, member, order_id: int) -> None:
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id, member=member)
        if order.status != OrderStatus.DRAFT:
            raise BusinessError(_("Only drafts can be deleted."))
        files = [attachment.file for attachment in order.attachments.all()]
        order.delete()
        transaction.on_commit(lambda: _delete_files(files))


def order_duplicate(*, member, order_id: int) -> Order:
    """A new draft with the client, texts and lines of the order; dates and status are cleared."""
    with transaction.atomic():
        source = Order.objects.get(pk=order_id, member=member)
        copy = Order.objects.create(
            member=member,
            entity=source.entity,
            client=source.client,
            contact_name=source.contact_name,
            contact_email=source.contact_email,
            title=source.title,
            description=source.description,
            activity=source.activity,
            place_of_performance=source.place_of_performance,
            country_of_performance=source.country_of_performance,
            special_agreement=source.special_agreement,
            vat_exemption=source.vat_exemption,
            discount_kind=source.discount_kind,
            discount_value=source.discount_value,
            discount_reason=source.discount_reason,
        )
        for line in source.lines.all():
            line.pk = None
            line.order = copy
            line.save()
        order_recalculate(copy)
        audit_record(actor=member, action="order.duplicated", target=copy, message=f"#{source.pk}")
    return copy


#: The longest reason or comment a person writes on an order (a letter, not a document).
TEXT_LIMIT = 4000


def _check_length(text: str, field: str) -> None:
    if len(text) > TEXT_LIMIT:
        raise BusinessError(
            _("Please shorten this to at most %(limit)d characters.") % {"limit": TEXT_LIMIT}, field=field
        )


def order_comment(*, order: Order, author, body: str, by_staff: bool):
    """Add a comment; a comment of the Smart team is e-mailed to the member."""
    body = body.strip()
    if not body:
        raise BusinessError(_("Please write a comment."), field="body")
    _check_length(body, "body")
    with transaction.atomic():
        comment = OrderComment.objects.create(order=order, author=author, body=body, by_staff=by_staff)
        if by_staff:
            queue_email(
                to=order.member,
                template="order_comment",
                context={"order": order, "comment": comment},
                category="orders",
                related=order,
                entity=order.entity,
            )
    return comment


def review_deadline(order: Order):
    """When the Smart team should have decided: 24 hours on the entity's working days after submission."""
    if order.submitted_at is None:
        return None
    entity = order.entity
    return add_working_hours(
        order.submitted_at,
        REVIEW_SLA_HOURS,
        country=entity.country,
        subdivision=entity.holiday_subdivision,
        tz=entity.time_zone,
    )


def _delete_files(files: list) -> None:
    for stored in files:
        stored.delete(save=False)


CLIENT_ACTIONS = {"confirm": Event.CONFIRM, "decline": Event.DECLINE, "changes": Event.REQUEST_CHANGES}


@dataclass(frozen=True)
class Evidence:
    """What is kept as proof of how a client's answer arrived."""

    ip: str | None = None
    user_agent: str = ""


def order_client_respond(
    *,
    order_id: int,
    action: str,
    name: str = "",
    reason: str = "",
    evidence: Evidence = Evidence(),
    link_id: int | None = None,
    contact: Any = None,
) -> Order:
    """The client's answer to an offer, once, with evidence for a confirmation (DESIGN §4, §9).

    It arrives through the confirmation link ``link_id`` (found from the e-mail's token) or from a
    signed-in ``contact`` in the client portal (``clientportal.services.portal_answer`` checks the
    contact's permission first). The link is checked again under its lock, so a second answer through
    the same link, a replaced or an expired link is refused; an answer in the portal ends every open
    link, and an answer through a link ends the portal's question, because the order has moved on.
    """
    if action not in CLIENT_ACTIONS:
        raise BusinessError(_("Unknown answer."))
    if (link_id is None) == (contact is None):
        raise ValueError("an answer comes through either a link or the portal")
    name = name.strip()
    if action == "confirm" and not name:
        raise BusinessError(_("Please type your full name to confirm."), field="name")
    longest = Order._meta.get_field("confirmed_by_name").max_length or 0
    if action == "confirm" and len(name) > longest:
        raise BusinessError(
            _("Please shorten your name to at most %(count)d characters.") % {"count": longest}, field="name"
        )
    via = ConfirmationChannel.LINK if link_id is not None else ConfirmationChannel.PORTAL
    with transaction.atomic():
        if link_id is not None:
            link = (
                ConfirmationLink.objects.select_for_update(of=("self",))
                .select_related("order")
                .filter(pk=link_id, order_id=order_id)
                .first()
            )
            if link is None or confirmation.link_problem(link):
                raise BusinessError(_("This link can no longer be used."))
        else:
            _require_contact_of_order(contact, order_id)
        data = {"via": via} | ({"client_name": name} if name else {})
        order = order_transition(
            order_id=order_id,
            event=CLIENT_ACTIONS[action],
            actor=Actor.CLIENT,
            user=contact,
            reason=reason,
            data=data,
        )
        answered_at = timezone.now()
        order.confirmation_links.filter(used_at__isnull=True, revoked_at__isnull=True).update(used_at=answered_at)
        if action == "confirm":
            order.confirmed_by_name = name
            order.confirmed_at = answered_at
            order.confirmed_ip = evidence.ip
            order.confirmed_user_agent = evidence.user_agent[:500]
            order.confirmed_pdf_sha256 = order.offer_pdf_sha256
            order.confirmed_via = via
            order.save(
                update_fields=[
                    "confirmed_by_name",
                    "confirmed_at",
                    "confirmed_ip",
                    "confirmed_user_agent",
                    "confirmed_pdf_sha256",
                    "confirmed_via",
                    "updated_at",
                ]
            )
        receipt = {"order": order, "action": action, "name": name, "reason": reason}
        recipients = [order.contact_email] if order.contact_email else []
        if contact is not None and contact.email.lower() not in {address.lower() for address in recipients}:
            recipients.append(contact)
        for recipient in recipients:
            queue_email(
                to=recipient,
                template="order_client_receipt",
                context=receipt,
                language=_receipt_language(order, recipient),
                related=order,
                entity=order.entity,
            )
    return order


def _receipt_language(order: Order, recipient: Any) -> str:
    """A client contact's own language wins over the client record's: the contact who answered in the
    portal, or the portal contact of the client whose address the offer went to."""
    client_id = order.client_id
    if isinstance(recipient, str) and client_id is not None:
        recipient = User.objects.filter(
            email__iexact=recipient, is_active=True, roles__kind=Role.Kind.CLIENT_CONTACT, roles__client_id=client_id
        ).first()
    return getattr(recipient, "language", "") or confirmation.client_language(order)


def _require_contact_of_order(contact: Any, order_id: int) -> None:
    """A portal answer comes from a person holding the client-contact role of the order's client."""
    client_id = Order.objects.filter(pk=order_id).values_list("client_id", flat=True).first()
    if (
        client_id is None
        or not Role.objects.filter(user=contact, kind=Role.Kind.CLIENT_CONTACT, client_id=client_id).exists()
    ):
        raise BusinessError(_("You cannot answer this offer."))


def order_resend_confirmation(*, order_id: int, user) -> None:
    """A new link for the client; the old one stops working."""
    with transaction.atomic():
        order = Order.objects.select_for_update(of=("self",)).select_related("client", "entity").get(pk=order_id)
        if order.status != OrderStatus.CLIENT_CONFIRMATION:
            raise BusinessError(_("The order is not waiting for the client's confirmation."))
        confirmation.issue_link(order)
        audit_record(actor=user, action="order.confirmation_resent", target=order)


#: How far ahead a monthly plan may start (dates near the year 9999 cannot even be computed).
PLAN_YEARS_AHEAD = 10


def order_plan_monthly(*, member, order_id: int, first_date, months: int) -> None:
    """Replace the planned invoices of a draft by ``months`` monthly invoices adding up to the net total."""
    if not 1 <= months <= 36:
        raise BusinessError(_("Please choose between 1 and 36 months."), field="months")
    if first_date > timezone.localdate() + relativedelta(years=PLAN_YEARS_AHEAD):
        raise BusinessError(
            _("The first invoice can be planned at most %(years)d years ahead.") % {"years": PLAN_YEARS_AHEAD},
            field="first_date",
        )
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id, member=member)
        if order.status != OrderStatus.DRAFT:
            raise BusinessError(_("Only drafts can be changed."))
        total = order.totals().net
        if total <= 0:
            raise BusinessError(_("Add line items first; the schedule splits their total."))
        share = (total / months).quantize(money.CENT, rounding=ROUND_DOWN)
        amounts = [share] * (months - 1) + [total - share * (months - 1)]  # the last one takes the cents
        order.planned_invoices.all().delete()
        PlannedInvoice.objects.bulk_create(
            PlannedInvoice(order=order, date=first_date + relativedelta(months=i), amount=amount)
            for i, amount in enumerate(amounts)
        )


def order_attach(*, member, order_id: int, kind: str, upload, content_type: str) -> OrderAttachment:
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id, member=member)
        if order.status != OrderStatus.DRAFT:
            raise BusinessError(_("Files can only be added to drafts."))
        attachment = OrderAttachment(
            order=order,
            kind=kind,
            original_name=upload.name[:255],
            content_type=content_type,
            size=upload.size,
            uploaded_by=member,
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        audit_record(actor=member, action="order.file_added", target=order, message=attachment.original_name)
    return attachment


def order_detach(*, member, order_id: int, attachment_id: int) -> None:
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id, member=member)
        if order.status != OrderStatus.DRAFT:
            raise BusinessError(_("Files can only be removed from drafts."))
        attachment = order.attachments.get(pk=attachment_id)
        attachment.delete()
        transaction.on_commit(lambda: attachment.file.delete(save=False))
        audit_record(actor=member, action="order.file_removed", target=order, message=attachment.original_name)


# --- what the client portal shows of an order (DESIGN §9: a member may restrict, never widen) ---------------


def _own_order_locked(member: Any, order_id: int) -> Order:
    """The member's own order, locked; any other order is refused as if it did not exist."""
    order = Order.objects.select_for_update().filter(pk=order_id, member=member).first()
    if order is None:
        raise BusinessError(_("This order no longer exists."))
    return order


def order_set_portal_visibility(
    *, member: Any, order_id: int, hidden: bool, hide_prices: bool, hide_documents: bool
) -> Order:
    """Hide the order, its prices or its documents from the client portal, in any status; only the
    order's member may. It only narrows what the portal's settings allow, never widens it."""
    chosen = {"portal_hidden": hidden, "portal_hide_prices": hide_prices, "portal_hide_documents": hide_documents}
    with transaction.atomic():
        order = _own_order_locked(member, order_id)
        changed = [name for name, value in chosen.items() if getattr(order, name) != bool(value)]
        if not changed:
            return order
        for name in changed:
            setattr(order, name, bool(chosen[name]))
        order.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=member,
            action="order.portal_visibility",
            target=order,
            data={name: getattr(order, name) for name in chosen},
        )
    return order


def order_share_file(*, member: Any, order_id: int, attachment_id: int, shared: bool) -> OrderAttachment:
    """Share one of the order's files with the client (shown in the portal where documents are shown) or
    stop sharing it; in any status, only by the order's member."""
    with transaction.atomic():
        order = _own_order_locked(member, order_id)
        attachment = order.attachments.filter(pk=attachment_id).first()
        if attachment is None:
            raise BusinessError(_("This file no longer exists."))
        if shared and attachment.kind != OrderAttachment.Kind.ATTACHMENT:
            raise BusinessError(
                _("Only attachments can be shared with the client; the proof of confirmation stays internal."),
                field="shared_with_client",
            )
        if attachment.shared_with_client != bool(shared):
            attachment.shared_with_client = bool(shared)
            attachment.save(update_fields=["shared_with_client"])
            audit_record(
                actor=member,
                action="order.file_shared" if shared else "order.file_unshared",
                target=order,
                message=attachment.original_name,
            )
    return attachment


def order_attach_file(
    *, member: Any, order_id: int, kind: str, upload: Any, content_type: str, shared: bool = False
) -> OrderAttachment:
    """``order_attach``, and shared with the client in the same transaction when ``shared``."""
    with transaction.atomic():
        attachment = order_attach(member=member, order_id=order_id, kind=kind, upload=upload, content_type=content_type)
        if shared:
            attachment = order_share_file(member=member, order_id=order_id, attachment_id=attachment.pk, shared=True)
    return attachment
