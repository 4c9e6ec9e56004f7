"""Requests (Anfragen, DESIGN §9): a client contact asks a member; the member turns the request into an
order draft or declines it. The state machine is a table of the core kit; every rule is checked here.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from portal.accounts.models import Role, User
from portal.clientportal.access import Portal
from portal.clientportal.models import ClientRequest, ClientRequestFile
from portal.clientportal.models import ClientRequestStatus as S
from portal.core.amounts import checked_amount
from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.forms import parse_amount
from portal.core.outbox import queue_email
from portal.core.transitions import Actor, Transition, TransitionTable, apply_transition
from portal.core.uploads import check_document, store_upload
from portal.customers.models import Client
from portal.orders import services as order_services
from portal.orders.models import Order, OrderAttachment

#: At most this many files per request.
MAX_FILES = 5


class Event:
    ACCEPT = "accept"
    DECLINE = "decline"
    WITHDRAW = "withdraw"


EVENT_LABELS = {
    Event.ACCEPT: gettext_lazy("Accepted"),
    Event.DECLINE: gettext_lazy("Declined"),
    Event.WITHDRAW: gettext_lazy("Withdrawn"),
}

TRANSITIONS: TransitionTable = {
    # the system accepts when the client's settings need no acceptance by the member
    (S.SUBMITTED, Event.ACCEPT): Transition(S.ACCEPTED, (Actor.MEMBER, Actor.SYSTEM)),
    (S.SUBMITTED, Event.DECLINE): Transition(S.DECLINED, Actor.MEMBER, reason_required=True),
    (S.SUBMITTED, Event.WITHDRAW): Transition(S.WITHDRAWN, Actor.CLIENT),
}


def members_for_client(client_id: int) -> QuerySet[User]:
    """The members who work with the client (created it or have an order for it): whom a request may go to."""
    return (
        User.objects.filter(
            Q(orders__client_id=client_id) | Q(pk__in=Client.objects.filter(pk=client_id).values("created_by")),
            roles__kind=Role.Kind.MEMBER,
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


@dataclass(frozen=True)
class RequestData:
    member_id: int | None
    kind: str
    title: str
    description: str
    desired_start: date | None = None
    desired_end: date | None = None
    budget_idea: Any = None


def request_submit(*, portal: Portal, contact: Any, data: RequestData, files: Sequence[Any] = ()) -> ClientRequest:
    """Send a request to a member who works with the client; the member is e-mailed.

    When the client's settings need no acceptance, the request becomes an order draft at once.
    """
    errors: dict[str, str] = {}
    if data.kind not in portal.request_types:
        errors["kind"] = _("Please choose one of the request types offered.")
    member = members_for_client(portal.client.pk).filter(pk=data.member_id).first() if data.member_id else None
    if member is None:
        errors["member"] = _("Please choose whom to send the request to.")
    title, description = data.title.strip(), data.description.strip()
    if not title:
        errors["title"] = pgettext("client request", "Please give the request a title.")
    if not description:
        errors["description"] = _("Please describe what you need.")
    if data.desired_start and data.desired_end and data.desired_end < data.desired_start:
        errors["desired_end"] = _("The period cannot end before it starts.")
    if data.desired_start and data.desired_start < timezone.localdate():
        errors["desired_start"] = _("The desired period cannot start in the past.")
    budget: Decimal | None = None
    if data.budget_idea not in (None, ""):
        try:
            budget = _budget(data.budget_idea)
        except BusinessError as error:
            errors["budget_idea"] = str(error)
    if len(files) > MAX_FILES:
        errors["attachments"] = _("Please attach at most %(count)d files.") % {"count": MAX_FILES}
    problem = next(filter(None, map(_file_problem, files)), "")
    if problem:
        errors["attachments"] = problem
    if errors:
        raise BusinessError(_("Please check the request."), errors=errors)
    request = ClientRequest(
        client=portal.client,
        contact=contact,
        member=member,
        kind=data.kind,
        title=title,
        description=description,
        desired_start=data.desired_start,
        desired_end=data.desired_end,
        budget_idea=budget,
    )
    _validate(request)
    with transaction.atomic():
        request.save()
        for upload in files:
            stored = ClientRequestFile(request=request)
            store_upload(stored, upload, field="attachments")
            stored.save()
        audit_record(actor=contact, action="clientrequest.submitted", target=request, to_state=request.status)
        queue_email(
            to=member,
            template="client_request_received",
            context={"client_request": request, "needs_acceptance": portal.requests_need_acceptance},
            category="orders",
            related=request,
        )
        if not portal.requests_need_acceptance:
            _accept(request, actor=Actor.SYSTEM, user=None)
    return request


def _budget(value: Any) -> Decimal:
    """The budget idea in euros and cents: a number, or text in either language's notation ("1.234,56",
    "1,234.56"); refusals in the formal address the client portal uses."""
    invalid = pgettext("formal address", "Please enter an amount in euros and cents.")
    if isinstance(value, str):
        value = parse_amount(value[:40], get_format("DECIMAL_SEPARATOR"))
        if value is None:
            raise BusinessError(invalid, field="budget_idea")
    return checked_amount(value, field="budget_idea", allow_zero=True, invalid_message=invalid)


#: What the client portal says, formally, instead of the members' refusals of an upload (by their code).
FORMAL_UPLOAD_REFUSALS = {
    "heic": pgettext_lazy(
        "formal address",
        "HEIC photos (the iPhone's format) cannot be read here. Please take the photo as JPEG "
        "(Settings > Camera > Formats > Most Compatible) or upload a PDF scan.",
    ),
    "unsupported": pgettext_lazy("formal address", "Please upload a PDF, PNG or JPEG file."),
}


def _file_problem(upload: Any) -> str:
    """What is wrong with an attached file ("" when nothing), in the formal address of the client portal."""
    try:
        check_document(upload)
    except ValidationError as error:
        return str(FORMAL_UPLOAD_REFUSALS.get(error.code or "", error.messages[0]))
    return ""


def _validate(request: ClientRequest) -> None:
    try:
        request.full_clean(exclude=["client", "contact", "member", "order"])
    except ValidationError as error:
        errors = {name: " ".join(messages) for name, messages in error.message_dict.items()}
        raise BusinessError(_("Please check the request."), errors=errors) from error


def _lock(request_id: int, **owner: Any) -> ClientRequest:
    found = (
        ClientRequest.objects.select_for_update(of=("self",))
        .select_related("client", "contact", "member")
        .filter(pk=request_id, **owner)
        .first()
    )
    if found is None:
        raise BusinessError(_("This request no longer exists."))
    return found


def request_accept(*, member: Any, request_id: int, entity_id: int | None = None) -> Order:
    """Accept the request: a new order draft prefilled from it, linked to it; the contact is told."""
    with transaction.atomic():
        request = _lock(request_id, member=member)
        return _accept(request, actor=Actor.MEMBER, user=member, entity_id=entity_id)


def _accept(request: ClientRequest, *, actor: str, user: Any, entity_id: int | None = None) -> Order:
    member = request.member
    entity_ids = list(member.roles.filter(kind=Role.Kind.MEMBER).values_list("entity_id", flat=True))
    if entity_id is None:
        usual = Order.objects.filter(member=member, client=request.client, entity_id__in=entity_ids)
        entity_id = usual.order_by("-created_at").values_list("entity_id", flat=True).first() or min(entity_ids)
    elif entity_id not in entity_ids:
        raise BusinessError(_("Please choose an entity you work with."), field="entity")
    apply_transition(TRANSITIONS, request, event=Event.ACCEPT, actor=actor, user=user, owner_id=member.pk)
    contact = request.contact
    order = order_services.order_save_draft(
        member=member,
        order_id=None,
        values={
            "entity_id": entity_id,
            "client_id": request.client_id,
            "contact_name": contact.get_full_name(),
            "contact_email": contact.email,
            "title": request.title,
            "description": request.description,
            "service_start": request.desired_start,
            "service_end": request.desired_end,
        },
        lines=[],
        planned=[],
    )
    for stored in request.files.all():  # copies: deleting the draft must not take the request's files
        attachment = OrderAttachment(
            order=order,
            original_name=stored.original_name,
            content_type=stored.content_type,
            size=stored.size,
            uploaded_by=member,
            shared_with_client=True,  # the client's own file
        )
        with stored.file.open("rb") as source:
            attachment.file.save(stored.original_name[-100:], File(source), save=False)
        attachment.save()
    request.order = order
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "order", "decided_at", "updated_at"])
    _tell_contact(request)
    return order


def request_decline(*, member: Any, request_id: int, reason: str) -> ClientRequest:
    with transaction.atomic():
        request = _lock(request_id, member=member)
        apply_transition(TRANSITIONS, request, event=Event.DECLINE, actor=Actor.MEMBER, user=member, reason=reason)
        request.decision_reason = reason.strip()
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decision_reason", "decided_at", "updated_at"])
        _tell_contact(request)
    return request


def request_withdraw(*, portal: Portal, contact: Any, request_id: int) -> ClientRequest:
    """The contact takes back a request the member has not decided yet; the member is told."""
    with transaction.atomic():
        request = _lock(request_id, client=portal.client)
        apply_transition(TRANSITIONS, request, event=Event.WITHDRAW, actor=Actor.CLIENT, user=contact)
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decided_at", "updated_at"])
        queue_email(
            to=request.member,
            template="client_request_withdrawn",
            context={"client_request": request},
            category="orders",
            related=request,
        )
    return request


def _tell_contact(request: ClientRequest) -> None:
    queue_email(
        to=request.contact,
        template="client_request_decided",
        context={"client_request": request},
        related=request,
    )
