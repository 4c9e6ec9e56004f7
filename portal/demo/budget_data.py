"""A year of budget history for the demo logins, made through the real services (DESIGN §6).

The demo members invoice over the last twelve months (dated back as in ``invoice_data``; some clients
pay in two instalments), the first and the third also with the Bildungswerk, so that their budgets pay
the employments of ``employment_data``; the first two members together run the
collective budget "Filmkollektiv Nord": the first member opens it and invites the second, who accepts
through the invitation link. Its orders bring income there; the Smart team approves a transfer from it
to the second member, books a correction and has a second one waiting for the four-eyes approval, and
a transfer from the first member waits for approval.

The older history comes before ``invoice_data.seed_demo_invoices`` (invoices of the last two months) and
the requests after it, so that every entity's invoice numbers follow the issue dates, as the daily run
would have numbered them. The history is seeded once; its collective budget marks that it exists.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from portal.accounts.models import User
from portal.budget import collective, services
from portal.budget.models import Budget, Participant
from portal.budget.transitions import Event as BudgetEvent
from portal.core.tokens import new_token, token_hash
from portal.core.transitions import Actor
from portal.customers.models import Client
from portal.invoicing import services as invoicing
from portal.invoicing.models import Payment
from portal.orders.models import Order
from portal.orders.services import order_transition
from portal.orders.transitions import Event as OrderEvent

from . import invoice_data, order_data

COLLECTIVE_NAME = "Filmkollektiv Nord"
#: The collective order invoiced after the demo invoices (yesterday); when it exists, the requests are seeded.
LATEST_COLLECTIVE_TITLE = "Dokumentarfilm Hafenkante – Festivalfassung"


@dataclass(frozen=True)
class Past:
    """An order of the history, invoiced ``days`` ago and paid in the ``payments`` (days after issue, share)."""

    who: str  # "member", "member2", "member3" or "collective" (an order of the first member on the collective budget)
    entity: str
    client: str
    title: str
    lines: list[tuple[str, str, str, str]]
    days: int
    payments: tuple[tuple[int, Decimal], ...] = ((18, Decimal("1")),)


HALF = Decimal("0.5")
WHOLE = ((14, Decimal("1")),)
#: Oldest first: each entity's invoices are numbered in this order.
HISTORY = [
    Past("member", "SC", "xyz", "Messestand Frühjahrsmesse – Grafik", [("Gestaltung", "3", "620.00", "19.00")], 335),
    Past("member2", "SC", "filmfest", "Imagefilm Filmfest Nord", [("Schnitt", "5", "480.00", "19.00")], 320, WHOLE),
    Past(
        "member",
        "SC",
        "abc",
        "Vereinszeitung Frühjahr – Layout",
        [("Layout", "16", "55.00", "19.00")],
        305,
        ((14, HALF), (40, HALF)),
    ),
    Past("member2", "SC", "filmfest", "Trailer Filmfest Nord", [("Schnitt", "6", "480.00", "19.00")], 250, WHOLE),
    Past("member3", "SC", "theater", "Bühnenbild Sommertheater", [("Bühnenbild", "1", "3200.00", "19.00")], 230),
    Past("member", "SC", "public", "Lesereihe Frühjahr – Moderation", [("Moderation", "3", "450.00", "19.00")], 225),
    Past(
        "member",
        "SC",
        "xyz",
        "Imagefilm Storyboard",
        [("Storyboard", "5", "390.00", "19.00")],
        200,
        ((20, Decimal("0.4")), (42, Decimal("0.6"))),
    ),
    Past("member", "BW", "kunstschule", "Fortbildung Bildbearbeitung", [("Kurstag", "2", "520.00", "19.00")], 195),
    Past("collective", "SC", "hafen", "Dokumentarfilm Hafenkante – Dreh", [("Drehtag", "4", "900.00", "19.00")], 185),
    Past("member", "SC", "austrian", "Festivalplakat Donaukanal", [("Plakatgestaltung", "1", "1450.00", "19.00")], 150),
    Past("member3", "SC", "theater", "Kostüme Herbstrevue", [("Kostümentwurf", "8", "300.00", "19.00")], 140),
    Past(
        "member2",
        "SC",
        "filmfest",
        "Untertitel Festivalfilme",
        [("Untertitelung", "20", "45.00", "19.00")],
        135,
        ((15, HALF), (35, HALF)),
    ),
    Past("member", "BW", "kunstschule", "Ferienkurs Trickfilm", [("Kurstag", "5", "520.00", "19.00")], 120),
    Past("member", "SC", "xyz", "Ausstellungskatalog Hafenmuseum – Satz", [("Satz", "24", "58.00", "19.00")], 95),
    Past(
        "collective",
        "SC",
        "hafen",
        "Dokumentarfilm Hafenkante – Schnitt und Ton",
        [("Schnitt", "8", "520.00", "19.00")],
        88,
        ((18, HALF), (26, HALF)),
    ),
    Past("member", "BW", "kunstschule", "Fortbildung Videoschnitt", [("Kurstag", "3", "520.00", "19.00")], 75),
    Past("member3", "SC", "theater", "Ausstattung Wintermärchen", [("Ausstattung", "6", "350.00", "19.00")], 66),
]


def _clients(member: User, member2: User, member3: User) -> dict[str, Client]:
    clients = invoice_data.demo_clients(member)
    for key, name, street, postal_code, city, owner in (
        ("filmfest", "Filmfest Nord e.V.", "Friedensallee 7", "22765", "Hamburg", member2),
        ("hafen", "Hafenkante Film GmbH", "Große Elbstraße 145", "22767", "Hamburg", member),
        ("kunstschule", "Kunstschule Kreuzberg e.V.", "Wiener Straße 14", "10999", "Berlin", member),
        ("theater", "Theater am Ufer gGmbH", "Tempelhofer Ufer 10", "10963", "Berlin", member3),
    ):
        clients[key], _created = Client.objects.get_or_create(
            name=name,
            defaults={
                "street": street,
                "postal_code": postal_code,
                "city": city,
                "invoice_email": f"rechnung@{key}.example",
                "created_by": owner,
            },
        )
    return clients


def _open_collective(member: User, member2: User, entity, since: date) -> Budget:
    """The collective budget, opened by ``member``; ``member2`` accepts through the invitation link."""
    budget = collective.collective_create(
        user=member, entity_id=entity.pk, name=COLLECTIVE_NAME, invitee_numbers=[member2.member_profile.member_number]
    )
    # The link's token went out by e-mail, where only its hash stays: the invitation gets a fresh one.
    token = new_token()
    Participant.objects.filter(budget=budget, member=member2).update(token_hash=token_hash(token))
    collective.invitation_answer(token=token, user=member2, accept=True)
    opened = timezone.make_aware(datetime.combine(since, time(10)))
    Budget.objects.filter(pk=budget.pk).update(created_at=opened)
    Participant.objects.filter(budget=budget).update(created_at=opened, responded_at=opened + timedelta(hours=20))
    budget.refresh_from_db()
    return budget


def _ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def _invoice_past(past: Past, people: dict[str, User], staff: User, clients, entities, budget: Budget) -> Order:
    issue_day = _ago(past.days)
    end = issue_day - timedelta(days=2)
    member = people["member"] if past.who == "collective" else people[past.who]
    extra = {"budget": budget} if past.who == "collective" else {}
    order = invoice_data.active_order(
        member,
        staff,
        entities[past.entity],
        clients[past.client],
        past.title,
        past.lines,
        start=end - timedelta(days=12),
        end=end,
        **extra,
    )
    invoice_data.activate(order, member, staff)
    invoice = invoice_data.issue_on(order, issue_day, staff)
    remaining = invoice.gross_total
    for index, (after, share) in enumerate(past.payments):
        last = index == len(past.payments) - 1
        amount = remaining if last else (invoice.gross_total * share).quantize(Decimal("0.01"))
        remaining -= amount
        invoicing.payment_record(
            invoice_id=invoice.pk,
            amount=amount,
            received_on=issue_day + timedelta(days=after),
            user=staff,
            reference=invoice.number,
            source=Payment.Source.BANK_IMPORT,
        )
    return order


@transaction.atomic
def seed_budget_history(member: User, member2: User, member3: User, staff: User, entities) -> None:
    """The invoices of the last year before the last two months, the collective budget and a correction."""
    if Budget.objects.filter(kind=Budget.Kind.COLLECTIVE, name=COLLECTIVE_NAME).exists():
        return
    clients = _clients(member, member2, member3)
    budget = _open_collective(member, member2, entities["SC"], _ago(200))
    people = {"member": member, "member2": member2, "member3": member3}
    done = [_invoice_past(past, people, staff, clients, entities, budget) for past in HISTORY]
    for order in done:  # service over, invoiced and paid: the daily run completes them
        order_transition(order_id=order.pk, event=OrderEvent.COMPLETE, actor=Actor.SYSTEM)
    personal = Budget.objects.get(kind=Budget.Kind.PERSONAL, owner=member, entity=entities["SC"])
    services.correction_request(
        budget_id=personal.pk,
        amount="-25.00",
        reason="Rücklastschriftgebühr der Bank für die erste Zahlung zur Vereinszeitung Frühjahr",
        user=staff,
        booking_date=_ago(262),
    )


@transaction.atomic
def seed_budget_requests(member: User, member2: User, staff: User, entities) -> None:
    """After the demo invoices: the collective's latest invoice (unpaid), an approved transfer to the
    second member, one awaiting approval, and a correction waiting for a second staff member."""
    budget = Budget.objects.filter(kind=Budget.Kind.COLLECTIVE, name=COLLECTIVE_NAME).first()
    if budget is None or member.orders.filter(title=LATEST_COLLECTIVE_TITLE).exists():
        return
    yesterday = _ago(1)
    latest = order_data.demo_order(
        member,
        entities["SC"],
        Client.objects.get(name="Hafenkante Film GmbH"),
        LATEST_COLLECTIVE_TITLE,
        [("Farbkorrektur und Mischung", "3", "640.00", "19.00")],
        service_start=_ago(20),
        service_end=_ago(3),
        skip_client_confirmation=True,
        budget=budget,
    )
    latest.planned_invoices.update(date=yesterday)
    invoice_data.activate(latest, member, staff)
    invoice_data.issue_on(latest, yesterday, staff)

    personal = {
        who: Budget.objects.get(kind=Budget.Kind.PERSONAL, owner=who, entity=entities["SC"])
        for who in (member, member2)
    }
    share = services.transfer_request(
        source_id=budget.pk,
        target_id=personal[member2].pk,
        amount="1200.00",
        reason="Anteil Jonas am Dokumentarfilm Hafenkante (Schnitt und Ton)",
        user=member,
    )
    services.transfer_decide(transfer_id=share.pk, event=BudgetEvent.APPROVE, user=staff)
    services.transfer_request(
        source_id=personal[member].pk,
        target_id=budget.pk,
        amount="250.00",
        reason="Eigenanteil Kameramiete für die Festivalfassung",
        user=member,
    )
    services.correction_request(
        budget_id=personal[member2].pk,
        amount="-1250.00",
        reason="Rückforderung: Honorar Trailer Filmfest Nord doppelt ausgezahlt",
        user=staff,
    )


def seed_demo_journeys(entities) -> None:
    """The demo logins' orders, invoices and budgets (each part once), in date order."""
    member, member2, member3, staff = (
        User.objects.get(email=email)
        for email in ("member@example.com", "member2@example.com", "member3@example.com", "staff@example.com")
    )
    order_data.seed_demo_orders(member, staff, entities["SC"])
    seed_budget_history(member, member2, member3, staff, entities)
    invoice_data.seed_demo_invoices(member, staff, entities["SC"])
    seed_budget_requests(member, member2, staff, entities)
