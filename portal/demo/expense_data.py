"""Demo expenses of the demo logins, made through the expense services (DESIGN §7).

The first member saves receipts one by one (a hospitality receipt with attendees and occasion, one with
two VAT rates, one of 250 € or more addressed to the cooperative, …) and bundles them in reimbursement
requests in every status: a draft, one submitted, one the Smart team asked a question about, one
approved and waiting for its payout, one rejected with the reason, one paid. A printer's invoice waits
as a direct payment, and the camera rental of the collective budget was paid directly. The second member
(English) had headphones reimbursed and submits the taxi receipt of a shared ride that the first member
submitted already: the Smart team sees it flagged as a possible duplicate. Both keep a saved receipt
that is in no request yet. The staff login decides (never on its own requests) and pays the paid ones in
one SEPA batch, which it marks executed.

Receipt and invoice dates lie in the last months, after the membership started; decisions and the
payout happen when the demo is seeded (the services date them). Each file is a small sample made for
the demo (``files/``). The amounts are small against what the budgets have available, which is checked
first. The journeys are seeded once: the paid request of the first member marks that they exist.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from portal.accounts.models import MemberProfile, User
from portal.budget.figures import figures_for
from portal.budget.models import Budget
from portal.core import money
from portal.expenses import payouts, services, travel
from portal.expenses.models import ADDRESSED_FROM, Category, ExpenseRequest, Receipt
from portal.expenses.receipts import ReceiptData, VatLine, included_vat, receipt_save
from portal.expenses.transitions import Event
from portal.travelrates.compute import Day

from .budget_data import COLLECTIVE_NAME

FILES = Path(__file__).resolve().parent / "files"
#: The first member's paid request: when it exists, the journeys have been seeded.
FIRST_TITLE = "Fachliteratur, Notizbücher und Software"
#: The oldest receipt of the journeys, in days: the membership must have started before it.
OLDEST_RECEIPT_DAYS = 60


@dataclass(frozen=True)
class DemoReceipt:
    """A receipt as the member types it in, with the items printed on its file (text, gross, VAT rate)."""

    who: str  # "member" or "member2"
    days_ago: int
    supplier: str
    address: str
    description: str
    category: str
    items: tuple[tuple[str, str, str], ...]
    file: str
    attendees: str = ""
    occasion: str = ""

    @property
    def gross(self) -> Decimal:
        return sum((Decimal(gross) for _text, gross, _rate in self.items), money.ZERO)

    def vat_by_rate(self) -> dict[Decimal, Decimal]:
        """The VAT contained in the items, per rate (as the receipt prints it)."""
        gross: dict[Decimal, Decimal] = defaultdict(Decimal)
        for _text, amount, rate in self.items:
            gross[Decimal(rate)] += Decimal(amount)
        return {rate: included_vat(total, rate) for rate, total in sorted(gross.items(), reverse=True)}

    def vat_lines(self) -> list[VatLine]:
        return [VatLine(rate, amount) for rate, amount in self.vat_by_rate().items()]


@dataclass(frozen=True)
class DemoInvoice:
    """A supplier's invoice for a direct payment (services only, addressed to the cooperative)."""

    supplier: str
    address: str
    iban: str
    bic: str
    number: str  # "{year}" becomes the invoice date's year
    days_ago: int
    due_days: int
    items: tuple[tuple[str, str], ...]  # (text, net)
    vat_rate: str
    file: str

    @property
    def net(self) -> Decimal:
        return sum((Decimal(net) for _text, net in self.items), money.ZERO)

    @property
    def vat(self) -> Decimal:
        return money.to_money(self.net * Decimal(self.vat_rate) / 100)

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat

    def invoice_date(self, today: date) -> date:
        return today - timedelta(days=self.days_ago)

    def invoice_number(self, today: date) -> str:
        return self.number.format(year=self.invoice_date(today).year)


HAFENKANTE = "Besprechung der Schnittfassung Dokumentarfilm Hafenkante"
RECEIPTS = {
    "hospitality": DemoReceipt(
        "member",
        21,
        "Restaurant Hafenblick",
        "Große Elbstraße 212, 22767 Hamburg",
        "Arbeitsessen mit der Produktionsfirma",
        Category.HOSPITALITY,
        (
            ("2 × Matjesteller", "37.80", "7"),
            ("2 × Pasta mit Krabben", "39.80", "7"),
            ("1 Fl. Riesling", "34.00", "19"),
            ("4 × Mineralwasser", "13.60", "19"),
            ("4 × Espresso", "11.60", "19"),
        ),
        "restaurant-hafenblick.png",
        attendees="Anna Schmidt (Smart eG); Jens Kroll, Mira Lind (Hafenkante Film GmbH)",
        occasion=HAFENKANTE,
    ),
    "books": DemoReceipt(
        "member",
        47,
        "Dussmann das KulturKaufhaus",
        "Friedrichstraße 90, 10117 Berlin",
        "Fachbuch Filmschnitt und Notizbücher",
        Category.TRAINING,
        (("Fachbuch „Filmschnitt – Grundlagen“", "39.90", "7"), ("2 × Notizbuch A5", "24.80", "19")),
        "dussmann-kulturkaufhaus.png",
    ),
    "software": DemoReceipt(
        "member",
        40,
        "Adobe Systems Software Ireland Ltd.",
        "4–6 Riverwalk, Citywest Business Park, Dublin 24, Irland",
        "Creative Cloud, ein Monat",
        Category.SOFTWARE,
        (("Creative Cloud Alle Apps, Monatsabo", "71.39", "19"),),
        "adobe-creative-cloud.pdf",
    ),
    "ssd": DemoReceipt(
        "member",
        26,
        "Cyberport GmbH",
        "Am Brauhaus 5, 01099 Dresden",
        "Externe SSD und Kartenleser für den Videoschnitt",
        Category.EQUIPMENT,
        (("Externe SSD 2 TB, USB-C", "289.00", "19"), ("USB-C-Kartenleser CFexpress/SD", "40.00", "19")),
        "cyberport-ssd.pdf",
    ),
    "train": DemoReceipt(
        "member",
        12,
        "DB Fernverkehr AG",
        "Stephensonstraße 1, 60326 Frankfurt am Main",
        "ICE Berlin–Hamburg und zurück zum Dreh",
        Category.TRAVEL,
        (("Flexpreis, 2. Klasse, Berlin Hbf – Hamburg Hbf und zurück", "89.90", "7"),),
        "db-fahrkarte.pdf",
    ),
    "taxi": DemoReceipt(
        "member",
        12,
        "Taxi Hamburg eG",
        "Hamburg",
        "Taxi Hauptbahnhof – Drehort Große Elbstraße",
        Category.TRAVEL,
        (("Fahrpreis inkl. Großraumzuschlag", "38.40", "7"),),
        "taxi-hamburg-anna.png",
    ),
    "gym": DemoReceipt(
        "member",
        33,
        "FitX Deutschland GmbH",
        "Ruhrallee 311, 45136 Essen",
        "Monatsbeitrag Fitnessstudio",
        Category.OTHER,
        (("Mitgliedsbeitrag", "24.99", "19"),),
        "fitx-beitrag.png",
    ),
    "adapter": DemoReceipt(
        "member",
        6,
        "Conrad Electronic SE",
        "Klaus-Conrad-Straße 1, 92240 Hirschau",
        "USB-C-auf-HDMI-Adapter für Präsentationen",
        Category.EQUIPMENT,
        (("USB-C-auf-HDMI-Adapter 4K", "19.99", "19"),),
        "conrad-adapter.png",
    ),
    "copies": DemoReceipt(
        "member",
        4,
        "Copyshop Druckpunkt",
        "Oranienstraße 25, 10999 Berlin",
        "Ausdrucke Storyboard",
        Category.OFFICE,
        (("42 Farbkopien A4", "12.60", "19"),),
        "copyshop-druckpunkt.png",
    ),
    "headphones": DemoReceipt(
        "member2",
        38,
        "Thomann GmbH",
        "Hans-Thomann-Straße 1, 96138 Burgebrach",
        "Studio headphones for sound editing",
        Category.EQUIPMENT,
        (("Studiokopfhörer, geschlossen", "149.00", "19"),),
        "thomann-kopfhoerer.pdf",
    ),
    "shared_taxi": DemoReceipt(
        "member2",
        12,
        "Taxi Hamburg eG",
        "Hamburg",
        "Taxi from Hamburg central station to the shoot",
        Category.TRAVEL,
        (("Fahrpreis inkl. Großraumzuschlag", "38.40", "7"),),
        "taxi-hamburg-jonas.png",
    ),
    "sd_cards": DemoReceipt(
        "member2",
        9,
        "Saturn Berlin Alexanderplatz",
        "Alexanderplatz 7, 10178 Berlin",
        "Two SD cards for the sound recorder",
        Category.EQUIPMENT,
        (("2 × SDXC-Karte 128 GB", "45.98", "19"),),
        "saturn-sd-karten.png",
    ),
}
INVOICES = {
    "printing": DemoInvoice(
        "Druckerei Gutenberg GmbH",
        "Mainzer Straße 12, 10247 Berlin",
        "DE75512108001245126199",
        "",
        "RE-{year}-0417",
        5,
        14,
        (("500 Flyer A6, 4/4-farbig, 300 g", "180.00"), ("20 Plakate A1, 4/0-farbig", "220.00")),
        "19",
        "druckerei-gutenberg-rechnung.pdf",
    ),
    "camera": DemoInvoice(
        "Kameraverleih Nord GmbH",
        "Stresemannstraße 375, 22761 Hamburg",
        "DE27100777770209299700",
        "",
        "KV-{year}-1187",
        30,
        30,
        (("Kamerapaket Cinema 6K, 3 Drehtage", "510.00"), ("Objektivsatz und Stative, 3 Drehtage", "90.00")),
        "19",
        "kameraverleih-nord-rechnung.pdf",
    ),
}
QUESTION = (
    "Auf dem Beleg stehen vier Gedecke, im Antrag sind drei Personen genannt. Wer war die vierte Person, "
    "und für welche Firma? Bitte ergänze die Teilnehmenden und reiche den Antrag erneut ein."
)
REJECTION = (
    "Beiträge für ein Fitnessstudio sind private Lebenshaltungskosten und können nicht als Auslage aus dem "
    "Budget erstattet werden."
)


def upload(name: str) -> SimpleUploadedFile:
    """A sample file of ``files/`` as if the member uploaded it."""
    content_type = "application/pdf" if name.endswith(".pdf") else "image/png"
    return SimpleUploadedFile(name, (FILES / name).read_bytes(), content_type=content_type)


def _ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def _save_receipt(member: User, key: str) -> Receipt:
    receipt = RECEIPTS[key]
    data = ReceiptData(
        receipt_date=_ago(receipt.days_ago),
        supplier=receipt.supplier,
        description=receipt.description,
        category=receipt.category,
        gross=receipt.gross,
        vat_lines=receipt.vat_lines(),
        addressed_to_cooperative=receipt.gross >= ADDRESSED_FROM,
        attendees=receipt.attendees,
        occasion=receipt.occasion,
    )
    return receipt_save(member=member, data=data, upload=upload(receipt.file))


def _invoice_data(invoice: DemoInvoice) -> services.SupplierInvoiceData:
    today = timezone.localdate()
    return services.SupplierInvoiceData(
        supplier=invoice.supplier,
        iban=invoice.iban,
        bic=invoice.bic,
        invoice_number=invoice.invoice_number(today),
        invoice_date=invoice.invoice_date(today),
        due_date=invoice.invoice_date(today) + timedelta(days=invoice.due_days),
        gross=invoice.gross,
        vat_rate=Decimal(invoice.vat_rate),
        vat=invoice.vat,
        addressed_to_cooperative=True,
    )


def _membership_known(member: User) -> None:
    """Receipts dated before the membership are refused: the demo logins' memberships started before."""
    latest = _ago(OLDEST_RECEIPT_DAYS + 30)
    MemberProfile.objects.filter(user=member, member_since__isnull=True).update(member_since=latest)
    since = MemberProfile.objects.filter(user=member).values_list("member_since", flat=True).first()
    if since is None or since > _ago(OLDEST_RECEIPT_DAYS):
        raise RuntimeError(f"{member.email} must be a member since {_ago(OLDEST_RECEIPT_DAYS)} at the latest.")


def _check_solvent(needed: dict[int, Decimal]) -> None:
    """The journeys take a small part of each budget's available money: refuse to start otherwise."""
    figures = figures_for(sorted(needed))
    for budget_id, amount in needed.items():
        available = figures[budget_id].available_for_expenses
        if amount * 2 > available:
            raise RuntimeError(
                f"Budget {budget_id} has {available} available for expenses; the demo expenses need {amount}."
            )


@transaction.atomic
def seed_demo_expenses(member: User, member2: User, staff: User, entities) -> None:
    """The expense journeys of both demo members (only once)."""
    if ExpenseRequest.objects.filter(member=member, title=FIRST_TITLE).exists():
        return
    sc = entities["SC"]
    personal = {
        who: Budget.objects.get(kind=Budget.Kind.PERSONAL, owner=who, entity=sc).pk for who in (member, member2)
    }
    collective = Budget.objects.get(kind=Budget.Kind.COLLECTIVE, name=COLLECTIVE_NAME).pk
    debit = {key: receipt.gross - sum(receipt.vat_by_rate().values()) for key, receipt in RECEIPTS.items()}
    _check_solvent(
        {
            personal[member]: sum((debit[key] for key in ("books", "software", "ssd", "hospitality")), money.ZERO)
            + debit["train"]
            + debit["taxi"]
            + INVOICES["printing"].net,
            personal[member2]: debit["headphones"] + debit["shared_taxi"],
            collective: INVOICES["camera"].net,
        }
    )
    for person in (member, member2):
        _membership_known(person)
    people = {"member": member, "member2": member2}
    receipts = {key: _save_receipt(people[receipt.who], key).pk for key, receipt in RECEIPTS.items()}

    def reimbursement(who: User, budget_id: int, title: str, keys: list[str], description: str = "") -> int:
        request = services.reimbursement_save(
            member=who,
            budget_id=budget_id,
            title=title,
            description=description,
            receipt_ids=[receipts[k] for k in keys],
        )
        return request.pk

    def submit(who: User, request_id: int) -> None:
        services.request_submit(member=who, request_id=request_id)

    def decide(request_id: int, event: str, reason: str = "") -> None:
        services.request_decide(user=staff, request_id=request_id, event=event, reason=reason)

    paid = reimbursement(
        member, personal[member], FIRST_TITLE, ["books", "software"], "Für das Storyboard des Imagefilms."
    )
    approved = reimbursement(member, personal[member], "Externe SSD für den Videoschnitt", ["ssd"])
    question = reimbursement(
        member, personal[member], "Bewirtung Projektbesprechung Hafenkante", ["hospitality"], HAFENKANTE
    )
    rejected = reimbursement(member, personal[member], "Monatsbeitrag Fitnessstudio", ["gym"])
    submitted = reimbursement(
        member, personal[member], "Dreh in Hamburg: Bahn und Taxi", ["train", "taxi"], "Drehtag Hafenkante."
    )
    reimbursement(member, personal[member], "Adapter für Präsentationen", ["adapter"])  # stays a draft
    paid2 = reimbursement(member2, personal[member2], "Studio headphones for sound editing", ["headphones"])
    for who, request_id in ((member, paid), (member, approved), (member, question), (member, rejected)):
        submit(who, request_id)
    submit(member, submitted)
    submit(member2, paid2)
    # The same ride, submitted by the second member after the first: flagged as a possible duplicate.
    duplicate = reimbursement(member2, personal[member2], "Taxi to the Hafenkante shoot", ["shared_taxi"])
    submit(member2, duplicate)

    printing, camera = INVOICES["printing"], INVOICES["camera"]
    waiting = services.direct_payment_save(
        member=member,
        budget_id=personal[member],
        title="Flyer und Plakate Dokumentarfilm Hafenkante",
        invoice=_invoice_data(printing),
        upload=upload(printing.file),
    )
    submit(member, waiting.pk)
    rental = services.direct_payment_save(
        member=member,
        budget_id=collective,
        title="Kameramiete Festivalfassung (3 Drehtage)",
        description="Kamerapaket für die Nachdrehs der Festivalfassung.",
        invoice=_invoice_data(camera),
        upload=upload(camera.file),
    )
    submit(member, rental.pk)

    for request_id in (paid, approved, paid2, rental.pk):
        decide(request_id, Event.APPROVE)
    decide(question, Event.ASK, QUESTION)
    decide(rejected, Event.REJECT, REJECTION)

    today = timezone.localdate()
    batch = payouts.batch_create(
        user=staff, entity_id=sc.pk, request_ids=[paid, paid2, rental.pk], execution_date=today
    )
    payouts.batch_mark_executed(user=staff, batch_id=batch.pk, executed_on=today)


TRIP_TITLE = "Messe Paris: Festivalmarkt"


def seed_demo_travel(member: User, staff: User, entities) -> None:
    """The demo member is employed (her active employment of ``employment_data``): a trip to Paris with a
    dinner provided and a night without hotel receipt (approved, paid with the salary) and a day trip to
    Leipzig waiting for the Smart team (only once)."""
    if ExpenseRequest.objects.filter(member=member, title=TRIP_TITLE).exists():
        return
    budget = Budget.objects.get(kind=Budget.Kind.PERSONAL, owner=member, entity=entities["SC"]).pk
    start = datetime.combine(_ago(20), time(6, 0))
    paris = travel.TripInput(
        starts_at=start,
        ends_at=start + timedelta(days=2, hours=13, minutes=30),
        stages=[
            travel.StageInput(start, "DE"),
            travel.StageInput(start + timedelta(hours=5, minutes=30), "FR", "Paris"),
            travel.StageInput(start + timedelta(days=2, hours=10), "DE"),
        ],
        days={start.date(): Day(night_without_receipt=True), start.date() + timedelta(days=1): Day(dinner=True)},
        kilometres=Decimal("24"),
    )
    claim = travel.travel_claim_save(member=member, budget_id=budget, title=TRIP_TITLE, trip=paris)
    services.request_submit(member=member, request_id=claim.pk)
    services.request_decide(user=staff, request_id=claim.pk, event=Event.APPROVE)
    travel.salary_month_paid(
        user=staff, entity_id=entities["SC"].pk, request_ids=[claim.pk], month=timezone.localdate().replace(day=1)
    )
    day = datetime.combine(_ago(6), time(7, 15))
    leipzig = travel.TripInput(
        starts_at=day, ends_at=day + timedelta(hours=11), stages=[travel.StageInput(day, "DE", "Leipzig")], days={}
    )
    waiting = travel.travel_claim_save(member=member, budget_id=budget, title="Dreh in Leipzig", trip=leipzig)
    services.request_submit(member=member, request_id=waiting.pk)


def seed_demo_journeys(entities) -> None:
    """The demo logins' expenses, after their budgets have money (``budget_data.seed_demo_journeys``)."""
    member, member2, staff = (
        User.objects.get(email=email) for email in ("member@example.com", "member2@example.com", "staff@example.com")
    )
    seed_demo_expenses(member, member2, staff, entities)
    seed_demo_travel(member, staff, entities)
