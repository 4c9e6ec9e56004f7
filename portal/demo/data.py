"""Demo data: the issuing entities, one login per role, and generated members for benchmarks."""

import random
from datetime import date, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from faker import Faker
from stdnum.de import idnr
from stdnum.iso7064 import mod_11_10

from portal.accounts.models import MemberProfile, PersonalDataChangeRequest, Role, User
from portal.core.models import OutboundEmail
from portal.customers.models import Client
from portal.entities.models import FeeRate, IssuingEntity

DEMO_PASSWORD = "smart-demo-2026"
GENERATED_DOMAIN = "generated.example.net"

ENTITIES = [
    {
        "code": "SC",
        "name": "Smart eG",
        "legal_form": "eingetragene Genossenschaft",
        "seat": "Berlin",
        "board_members": "Anna Beispiel, Jonas Muster",
        "supervisory_board_chair": "Petra Probst",
        "website": "https://smart.example",
        "country": "DE",
        "holiday_subdivision": "BE",
        "time_zone": "Europe/Berlin",
        "street": "Holzmarktstraße 25",
        "postal_code": "10243",
        "city": "Berlin",
        "vat_id": "DE278888888",
        "tax_number": "37/123/45678",
        "register_court": "Amtsgericht Charlottenburg",
        "register_number": "GnR 756 B",
        "iban": "DE89370400440532013000",
        "bic": "COBADEFFXXX",
        "bank_name": "Commerzbank",
        "email": "berlin@smart.example",
        "phone": "+49 30 1234567",
        "fee": Decimal("9.00"),
    },
    {
        "code": "BW",
        "name": "Smart Bildungswerk gGmbH",
        "legal_form": "gemeinnützige GmbH",
        "seat": "Berlin",
        "board_members": "Clara Beispiel",
        "website": "https://smart.example/bildungswerk",
        "country": "DE",
        "holiday_subdivision": "BE",
        "time_zone": "Europe/Berlin",
        "street": "Holzmarktstraße 25",
        "postal_code": "10243",
        "city": "Berlin",
        "vat_id": "DE299999999",
        "tax_number": "27/456/78901",
        "register_court": "Amtsgericht Charlottenburg",
        "register_number": "HRB 198765 B",
        "iban": "DE02120300000000202051",
        "bic": "BYLADEM1001",
        "bank_name": "Deutsche Kreditbank",
        "email": "bildungswerk@smart.example",
        "phone": "+49 30 1234568",
        "fee": Decimal("9.00"),
    },
    {
        "code": "AT",
        "name": "SMartAt e.Gen.",
        "legal_form": "eingetragene Genossenschaft",
        "seat": "Wien",
        "board_members": "Lena Huber, Markus Gruber",
        "supervisory_board_chair": "Eva Steiner",
        "website": "https://smart.example/at",
        "country": "AT",
        "holiday_subdivision": "9",
        "time_zone": "Europe/Vienna",
        "street": "Kaiserstraße 10",
        "postal_code": "1070",
        "city": "Wien",
        "vat_id": "ATU12345675",
        "tax_number": "12 345/6789",
        "register_court": "Handelsgericht Wien",
        "register_number": "FN 123456a",
        "iban": "AT162011182917364500",
        "bic": "GIBAATWWXXX",
        "bank_name": "Erste Bank",
        "email": "wien@smart.example",
        "phone": "+43 1 2345678",
        "fee": Decimal("10.00"),
    },
]

FEE_VALID_FROM = date(2020, 1, 1)


def seed_entities() -> dict[str, IssuingEntity]:
    entities = {}
    for data in ENTITIES:
        values = {key: value for key, value in data.items() if key not in ("code", "fee")}
        entity, _created = IssuingEntity.objects.update_or_create(code=data["code"], defaults=values)
        fee = data["fee"]
        assert isinstance(fee, Decimal)
        FeeRate.objects.get_or_create(entity=entity, valid_from=FEE_VALID_FROM, defaults={"percent": fee})
        entities[entity.code] = entity
    return entities


def demo_login(email, first_name, last_name, *, language="de", superuser=False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            first_name=first_name,
            last_name=last_name,
            language=language,
            is_staff=superuser,
            is_superuser=superuser,
        )
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"primary": True, "verified": True})
    return user


def _profile(user, number, **data) -> MemberProfile:
    profile, _created = MemberProfile.objects.get_or_create(
        user=user, defaults={"member_number": number, "member_since": date(2021, 3, 1), **data}
    )
    return profile


def seed_logins(entities) -> list[tuple[str, str]]:
    """One login per role. Returns (role, e-mail) rows for the printout."""
    sc, bw = entities["SC"], entities["BW"]
    member = demo_login("member@example.com", "Anna", "Schmidt")
    Role.objects.get_or_create(user=member, kind=Role.Kind.MEMBER, entity=sc)
    Role.objects.get_or_create(user=member, kind=Role.Kind.MEMBER, entity=bw)
    _profile(
        member,
        "010001",
        phone="+49 170 1234567",
        street="Oranienstraße 12",
        postal_code="10999",
        city="Berlin",
        country="DE",
        birth_date=date(1988, 5, 17),
        tax_id="36574261809",
        social_security_number="65170839J003",
        iban="DE44500105175407324931",
        health_insurance="Techniker Krankenkasse",
    )

    member2 = demo_login("member2@example.com", "Jonas", "Weber", language="en")
    Role.objects.get_or_create(user=member2, kind=Role.Kind.MEMBER, entity=sc)
    _profile(
        member2,
        "010002",
        street="Sonnenallee 80",
        postal_code="12045",
        city="Berlin",
        country="DE",
        birth_date=date(1992, 11, 2),
        iban="DE02100500000054540402",
        health_insurance="AOK Nordost",
    )

    # A third member, with both entities: her employment contract waits for the Smart team's confirmation
    # of her signature, and she prepares a minijob at the Bildungswerk (``employment_data``).
    member3 = demo_login("member3@example.com", "Lena", "Fischer")
    Role.objects.get_or_create(user=member3, kind=Role.Kind.MEMBER, entity=sc)
    Role.objects.get_or_create(user=member3, kind=Role.Kind.MEMBER, entity=bw)
    _profile(
        member3,
        "010003",
        street="Weserstraße 41",
        postal_code="12045",
        city="Berlin",
        country="DE",
        birth_date=date(1995, 2, 8),
        iban="DE57100100100532013001",
        health_insurance="Barmer",
    )

    staff = demo_login("staff@example.com", "Sabine", "Krüger")
    Role.objects.get_or_create(user=staff, kind=Role.Kind.STAFF, entity=sc)
    Role.objects.get_or_create(user=staff, kind=Role.Kind.STAFF, entity=bw)

    client, _created = Client.objects.get_or_create(
        name="Kunde ABC e.V.",
        defaults={
            "kind": Client.Kind.BUSINESS,
            "street": "Karl-Marx-Allee 1",
            "postal_code": "10178",
            "city": "Berlin",
            "invoice_email": "rechnung@abc.example",
        },
    )
    contact = demo_login("client@example.com", "Peter", "Becker")
    Role.objects.get_or_create(user=contact, kind=Role.Kind.CLIENT_CONTACT, client=client)
    # A colleague of his whom the demo member invites with view-only rights (``client_portal_data``, which
    # also gives both their portal access once the client has orders).
    viewer = demo_login("client2@example.com", "Miriam", "Krause")

    admin = demo_login("admin@example.com", "Ada", "Admin", superuser=True)
    Role.objects.get_or_create(user=admin, kind=Role.Kind.STAFF, entity=sc)

    return [
        ("Member / Mitglied (SC, BW)", member.email),
        ("Second member / Zweites Mitglied (SC)", member2.email),
        ("Third member / Drittes Mitglied (SC, BW)", member3.email),
        ("Staff / Smart-Team (SC, BW)", staff.email),
        ("Client contact / Kund*in (Kunde ABC e.V.)", contact.email),
        ("Client contact, view only / Kund*in, nur lesen", viewer.email),
        ("Admin", admin.email),
    ]


@transaction.atomic
def seed_generated_members(count: int, entities, *, seed: int = 2026) -> int:
    """Make sure ``count`` generated members exist (spread over the entities). Returns how many were added."""
    existing = User.objects.filter(email__endswith="@" + GENERATED_DOMAIN).count()
    missing = max(0, count - existing)
    if not missing:
        return 0
    fake = Faker("de_DE")
    Faker.seed(seed + existing)
    rng = random.Random(seed + existing)
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing per user would dominate the run
    entity_list = list(entities.values())
    users = [
        User(
            email=f"member{existing + i:06d}@{GENERATED_DOMAIN}",
            password=password,
            first_name=fake.first_name(),
            last_name=fake.last_name(),
            language=rng.choice(["de", "de", "en"]),
        )
        for i in range(missing)
    ]
    User.objects.bulk_create(users, batch_size=500)
    users = list(User.objects.filter(email__in=[u.email for u in users]).order_by("email"))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users], batch_size=500
    )
    Role.objects.bulk_create(
        [Role(user=u, kind=Role.Kind.MEMBER, entity=entity_list[i % len(entity_list)]) for i, u in enumerate(users)],
        batch_size=500,
    )
    profiles = []
    for i, user in enumerate(users):
        profiles.append(
            MemberProfile(
                user=user,
                member_number=f"{200000 + existing + i:06d}",
                member_since=date(2018, 1, 1) + timedelta(days=rng.randrange(0, 2500)),
                membership_status=rng.choice(["active"] * 8 + ["applicant", "suspended"]),
                street=fake.street_address(),
                postal_code=fake.postcode(),
                city=fake.city(),
                country="DE",
                birth_date=fake.date_of_birth(minimum_age=20, maximum_age=70),
                tax_id=_valid_tax_id(rng),
                iban=fake.iban(),
                health_insurance=rng.choice(["Techniker Krankenkasse", "AOK", "Barmer", "DAK-Gesundheit"]),
            )
        )
    MemberProfile.objects.bulk_create(profiles, batch_size=500)
    requests = [
        PersonalDataChangeRequest(
            member=profile.user,
            changes={"city": fake.city(), "street": fake.street_address()},
            previous={"city": profile.city, "street": profile.street},
            note=fake.sentence(),
        )
        for profile in profiles[::10]
    ]
    PersonalDataChangeRequest.objects.bulk_create(requests, batch_size=500)
    OutboundEmail.objects.bulk_create(
        [
            OutboundEmail(
                recipient=profile.user.email,
                recipient_user=profile.user,
                entity=entity_list[i % len(entity_list)],
                template="personal_data_approved",
                language=profile.user.language,
                subject="Deine Personaldaten wurden aktualisiert",
                body_text="…",
                status=OutboundEmail.Status.SENT,
                attempts=1,
            )
            for i, profile in enumerate(profiles[::3])
        ],
        batch_size=500,
    )
    return missing


def _valid_tax_id(rng: random.Random) -> str:
    """A German tax ID with a valid check digit (one digit repeated, as the rules require)."""
    while True:
        digits = rng.sample("123456789", 9)
        base = "".join(digits) + digits[0]
        candidate = base + mod_11_10.calc_check_digit(base)
        if idnr.is_valid(candidate):
            return candidate
