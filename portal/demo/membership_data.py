"""Demo membership (DESIGN §10), made through the membership services where a person would act.

* Share terms for every entity: Smart eG (SC) and SMartAt (AT) take applications online at 50 € a share;
  the Bildungswerk (BW, a gGmbH) has no cooperative shares and takes none.
* The share register of Smart eG: the subscriptions of the three demo members (Anna Schmidt 2 shares,
  Jonas Weber 1, Lena Fischer 1), entries 1 to 3 on the day they joined, paid.
* Jonas Weber asks for 2 additional shares: the request waits for the Smart team.
* Two applications to Smart eG, both with the e-mail address confirmed: Mara Klein's waits for her share
  payment (reference ANT-…), Yusuf Demir's payment has been received, so the Smart team can accept it.

Once: nothing is added when Smart eG's register has entries already.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from portal.accounts.models import Role, User
from portal.core.scope import Scope
from portal.membership import applications, register
from portal.membership.models import ShareEntry, ShareKind, ShareTerms
from portal.membership.requests import share_request_submit
from portal.membership.rules import entity_today

NOMINAL_VALUE = Decimal("50.00")
TERMS: dict[str, dict[str, object]] = {
    "SC": {"nominal_value": NOMINAL_VALUE, "max_shares": 200, "notice_months": 3, "accepts_applications": True},
    "AT": {"nominal_value": NOMINAL_VALUE, "max_shares": 200, "notice_months": 6, "accepts_applications": True},
    "BW": {"nominal_value": NOMINAL_VALUE, "max_shares": 1, "notice_months": 3, "accepts_applications": False},
}
SUBSCRIPTIONS = [("member@example.com", 2), ("member2@example.com", 1), ("member3@example.com", 1)]


def seed_terms(entities) -> None:
    for code, values in TERMS.items():
        if code in entities:
            ShareTerms.objects.get_or_create(
                entity=entities[code],
                defaults={
                    "min_shares": 1,
                    "statutes_version": "2024-06",
                    "privacy_version": "2025-01",
                    "statutes_url": f"https://www.example.com/{code.lower()}/satzung-2024-06.pdf",
                    "privacy_url": f"https://www.example.com/{code.lower()}/datenschutz-2025-01.pdf",
                    **values,
                },
            )


def _application(sc, first_name: str, last_name: str, email: str, shares: int):
    data = applications.ApplicationData(
        entity_id=sc.pk,
        first_name=first_name,
        last_name=last_name,
        email=email,
        street="Hermannstraße 20",
        postal_code="12049",
        city="Berlin",
        country="DE",
        birth_date=date(1993, 4, 12),
        artist_name=f"{first_name} {last_name} Studio",
        shares=shares,
        statutes_accepted=True,
        privacy_accepted=True,
        typed_name=f"{first_name} {last_name}",
    )
    application = applications.application_submit(data=data)
    assert application is not None  # demo addresses are nobody's
    token = applications.verify_path(application).rstrip("/").rsplit("/", 1)[-1]
    return applications.application_verify(token=token)


def seed_demo_journeys(entities) -> None:
    seed_terms(entities)
    sc = entities["SC"]
    if ShareEntry.objects.filter(entity=sc).exists():
        return
    with transaction.atomic():
        for email, shares in SUBSCRIPTIONS:
            member = User.objects.filter(email=email).first()
            if member is None:
                continue
            profile = getattr(member, "member_profile", None)
            joined = profile.member_since if profile and profile.member_since else date(2021, 3, 1)
            register.entry_add(
                entity_id=sc.pk,
                member_id=member.pk,
                kind=ShareKind.SUBSCRIPTION,
                shares=shares,
                nominal_value=NOMINAL_VALUE,
                entry_date=joined,
                paid_on=joined,
            )
    jonas = User.objects.filter(email="member2@example.com").first()
    if jonas is not None:
        share_request_submit(member=jonas, entity_id=sc.pk, kind="additional", shares=2, note="Für die Rücklage")
    giver, taker = (User.objects.filter(email=email).first() for email in ("member@example.com", "member3@example.com"))
    taker_profile = getattr(taker, "member_profile", None)
    if giver is not None and taker_profile is not None:  # a transfer waiting for the recipient's answer
        share_request_submit(
            member=giver,
            entity_id=sc.pk,
            kind="transfer",
            shares=1,
            recipient_number=taker_profile.member_number,
            note="Wie besprochen",
        )
    _application(sc, "Mara", "Klein", "mara.klein@example.com", 1)
    paid = _application(sc, "Yusuf", "Demir", "yusuf.demir@example.com", 3)
    staff = User.objects.filter(roles__kind=Role.Kind.STAFF, roles__entity=sc, is_superuser=False).first()
    if staff is not None:
        applications.application_record_payment(
            actor=staff,
            scope=Scope.staff(staff, [sc.pk]),
            application_id=paid.pk,
            received_on=entity_today(sc),
        )
