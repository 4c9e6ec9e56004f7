"""The client portal's demo (DESIGN §9): what the contacts of Kunde ABC e.V. see and do, through the services.

The Smart team gives Peter Becker (``client@example.com``) access with every permission, and the demo member
invites a colleague of his with view-only rights (``client2@example.com``: no confirming, no requests, no
invoices). Beside the client's orders and invoices of the other journeys (active and completed orders, a paid,
a partly paid, a cancelled invoice with its cancellation invoice), the member makes for the client:

* an offer awaiting the client's confirmation (offer PDF, confirmation link), with two files: a schedule
  shared with the client and an internal calculation that is not;
* an offer the client declined in the portal, with the reason (rejected: still shown, with its offer);
* an offer the client confirmed in the portal (active, with the confirmation's evidence);
* an active order the member hides from the portal (it must never appear there);
* a workshop of the Bildungswerk, invoiced a month ago and not paid: overdue (the only invoice of that
  entity since the budget history's, so the entity's numbers still follow the issue dates).

The contact sends four requests to the member: one waits for the answer (with an attachment), one was
accepted (its order draft is prefilled from it), one declined with the member's reason and one withdrawn
by the contact. Each part is seeded once; the e-mails the services queue go through the outbox as usual.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from portal.accounts.models import Role, User
from portal.clientportal import requests, services
from portal.clientportal.access import load_portal
from portal.clientportal.models import ClientRequest, ContactAccess, RequestType
from portal.core.scope import Scope
from portal.core.transitions import Actor
from portal.customers.models import Client
from portal.orders import services as order_services
from portal.orders.models import Order, OrderAttachment
from portal.orders.transitions import Event

from . import invoice_data
from .expense_data import upload
from .order_data import demo_order

CLIENT_NAME = "Kunde ABC e.V."
CONTACT_EMAIL = "client@example.com"
VIEWER_EMAIL = "client2@example.com"
#: The permissions of the two contacts: everything, and only looking.
ALL_PERMISSIONS = {"may_confirm": True, "may_request": True, "may_see_invoices": True}
VIEW_ONLY = {"may_confirm": False, "may_request": False, "may_see_invoices": False}

#: The offer awaiting the client's answer: when it exists, the orders of this journey have been seeded.
AWAITING_TITLE = "Sommerfest 2027 – Fotografie"
DECLINED_TITLE = "Imagefilm 30 Jahre Kunde ABC"
CONFIRMED_TITLE = "Vereinszeitung Herbst – Layout"
HIDDEN_TITLE = "Vorstandsklausur – Moderation"
OVERDUE_TITLE = "Workshop Medienkompetenz für Ehrenamtliche"
SHARED_FILE = "ablaufplan-sommerfest.pdf"
INTERNAL_FILE = "kalkulation-intern.pdf"
REQUEST_FILE = "anfrage-briefing.pdf"
#: The journey's sample files (``files/``).
SAMPLE_FILES = (SHARED_FILE, INTERNAL_FILE, REQUEST_FILE)
DECLINE_REASON = (
    "Der Vorstand hat sich für eine Produktion mit Schauspielerinnen entschieden; dafür reicht das Budget "
    "in diesem Jahr nicht. Wir melden uns für das nächste Jubiläum."
)
REQUEST_DECLINE_REASON = (
    "Social-Media-Betreuung biete ich nicht an. Frag gern bei der Smart eG nach Kolleginnen, die das machen."
)
#: The requests, one per status: (status, type, title, description, desired period in days from today, budget).
REQUESTS: tuple[tuple[str, str, str, str, tuple[int, int] | None, str], ...] = (
    (
        ClientRequest.Status.WITHDRAWN,
        RequestType.QUESTION,
        "Rechnungsanschrift für 2027",
        "Ab Januar sollen Rechnungen an unsere neue Geschäftsstelle gehen. Muss ich das Ihnen mitteilen?",
        None,
        "",
    ),
    (
        ClientRequest.Status.DECLINED,
        RequestType.QUOTE,
        "Social-Media-Betreuung",
        "Wir suchen jemanden, der unsere Kanäle zwei Stunden pro Woche betreut.",
        (30, 210),
        "1800",
    ),
    (
        ClientRequest.Status.ACCEPTED,
        RequestType.BOOKING,
        "Fotos Jahreshauptversammlung",
        "Fotos von der Jahreshauptversammlung: Vorstand, Ehrungen, Gruppenbild (etwa drei Stunden).",
        (40, 40),
        "450",
    ),
    (
        ClientRequest.Status.SUBMITTED,
        RequestType.QUOTE,
        "Mitgliederzeitschrift 2027 – Layout und Vorlagen",
        "Neues Layout für unsere Mitgliederzeitschrift (vier Ausgaben im Jahr) mit Vorlagen für die Redaktion. "
        "Details im Briefing.",
        (60, 180),
        "4000",
    ),
)


def _ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def _ahead(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def _staff_scope(staff: User) -> Scope:
    entity_ids = Role.objects.filter(user=staff, kind=Role.Kind.STAFF).values_list("entity_id", flat=True)
    return Scope.staff(staff, [pk for pk in entity_ids if pk is not None])


def _invite(*, actor: User, scope: Scope, client: Client, email: str, permissions: dict[str, bool]) -> None:
    contact = User.objects.get(email=email)
    if ContactAccess.objects.filter(user=contact, client=client).exists():
        return
    services.contact_invite(
        actor=actor,
        scope=scope,
        client_id=client.pk,
        email=email,
        first_name=contact.first_name,
        last_name=contact.last_name,
        permissions=permissions,
    )


def _offer(member: User, staff: User, entity, client: Client, title: str, lines, **fields) -> Order:
    """An order submitted by the member and approved by the Smart team: its offer waits for the client."""
    order = demo_order(member, entity, client, title, lines, **fields)
    order_services.order_transition(order_id=order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    return order_services.order_transition(order_id=order.pk, event=Event.APPROVE, actor=Actor.STAFF, user=staff)


def _answer(contact: User, client: Client, order: Order, action: str, reason: str = "") -> None:
    """The contact's answer in the portal, as the portal's answer form sends it."""
    services.portal_answer(
        portal=load_portal(user=contact, client=client),
        contact=contact,
        order_id=order.pk,
        action=action,
        name=contact.get_full_name(),
        reason=reason,
        evidence=order_services.Evidence(ip="127.0.0.1", user_agent="Demo data (seed_demo)"),
    )


def _attach(member: User, order: Order, name: str, *, shared: bool) -> None:
    attachment = order_services.order_attach(
        member=member,
        order_id=order.pk,
        kind=OrderAttachment.Kind.ATTACHMENT,
        upload=upload(name),
        content_type="application/pdf",
    )
    if shared:
        order_services.order_share_file(member=member, order_id=order.pk, attachment_id=attachment.pk, shared=True)


def seed_client_orders(member: User, staff: User, contact: User, client: Client, entities) -> None:
    """The offers and orders of the journey (once)."""
    if member.orders.filter(title=AWAITING_TITLE).exists():
        return
    sc, bw = entities["SC"], entities["BW"]
    awaiting = demo_order(
        member,
        sc,
        client,
        AWAITING_TITLE,
        [("Fototag", "1", "720.00", "19.00"), ("Bildauswahl und Bearbeitung", "5", "80.00", "19.00")],
        service_start=_ahead(45),
        service_end=_ahead(52),
        offer_valid_until=_ahead(14),
    )
    _attach(member, awaiting, SHARED_FILE, shared=True)
    _attach(member, awaiting, INTERNAL_FILE, shared=False)
    order_services.order_transition(order_id=awaiting.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    order_services.order_transition(order_id=awaiting.pk, event=Event.APPROVE, actor=Actor.STAFF, user=staff)

    declined = _offer(
        member,
        staff,
        sc,
        client,
        DECLINED_TITLE,
        [("Drehtag", "2", "900.00", "19.00"), ("Schnitt", "4", "450.00", "19.00")],
        service_start=_ahead(30),
        service_end=_ahead(90),
    )
    _answer(contact, client, declined, "decline", DECLINE_REASON)

    confirmed = _offer(
        member,
        staff,
        sc,
        client,
        CONFIRMED_TITLE,
        [("Layout", "16", "55.00", "19.00")],
        service_start=_ahead(20),
        service_end=_ahead(60),
    )
    _answer(contact, client, confirmed, "confirm")

    hidden = demo_order(
        member,
        sc,
        client,
        HIDDEN_TITLE,
        [("Moderation", "1", "950.00", "19.00")],
        service_start=_ahead(25),
        service_end=_ahead(26),
        skip_client_confirmation=True,
    )
    invoice_data.activate(hidden, member, staff)
    order_services.order_set_portal_visibility(
        member=member, order_id=hidden.pk, hidden=True, hide_prices=False, hide_documents=False
    )

    workshop = invoice_data.active_order(
        member,
        staff,
        bw,
        client,
        OVERDUE_TITLE,
        [("Workshoptag", "1", "640.00", "19.00")],
        start=_ago(36),
        end=_ago(32),
    )
    invoice_data.activate(workshop, member, staff)
    invoice_data.issue_on(workshop, _ago(30), staff)  # due a fortnight later: overdue, unpaid


def seed_client_requests(member: User, contact: User, client: Client, entity) -> None:
    """One request in every status (once); the accepted one becomes an order draft of ``entity``."""
    if ClientRequest.objects.filter(client=client).exists():
        return
    portal = load_portal(user=contact, client=client)
    for status, kind, title, description, period, budget in REQUESTS:
        sent = requests.request_submit(
            portal=portal,
            contact=contact,
            data=requests.RequestData(
                member_id=member.pk,
                kind=kind,
                title=title,
                description=description,
                desired_start=_ahead(period[0]) if period else None,
                desired_end=_ahead(period[1]) if period else None,
                budget_idea=budget,
            ),
            files=[upload(REQUEST_FILE)] if status == ClientRequest.Status.SUBMITTED else [],
        )
        if status == ClientRequest.Status.ACCEPTED:
            requests.request_accept(member=member, request_id=sent.pk, entity_id=entity.pk)
        elif status == ClientRequest.Status.DECLINED:
            requests.request_decline(member=member, request_id=sent.pk, reason=REQUEST_DECLINE_REASON)
        elif status == ClientRequest.Status.WITHDRAWN:
            requests.request_withdraw(portal=portal, contact=contact, request_id=sent.pk)


@transaction.atomic
def seed_demo_journeys(entities) -> None:
    """The contacts' access, the client's orders and invoices and the requests (after the other journeys,
    whose orders let the Smart team give the access)."""
    member, staff, contact, viewer = (
        User.objects.get(email=email)
        for email in ("member@example.com", "staff@example.com", CONTACT_EMAIL, VIEWER_EMAIL)
    )
    client = Client.objects.get(name=CLIENT_NAME)
    _invite(actor=staff, scope=_staff_scope(staff), client=client, email=CONTACT_EMAIL, permissions=ALL_PERMISSIONS)
    seed_client_orders(member, staff, contact, client, entities)
    seed_client_requests(member, contact, client, entities["SC"])
    _invite(actor=member, scope=Scope.member(member), client=client, email=viewer.email, permissions=VIEW_ONLY)
