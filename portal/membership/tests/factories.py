"""Applications, register entries and requests in the states tests start from, made through the services."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from portal.core.scope import Scope
from portal.membership import applications, register
from portal.membership.models import MembershipApplication, ShareEntry, ShareKind, ShareTerms
from portal.membership.rules import entity_today

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def terms_for(entity: Any, **values: Any) -> ShareTerms:
    defaults = {
        "nominal_value": Decimal("50.00"),
        "min_shares": 1,
        "max_shares": 10,
        "notice_months": 3,
        "statutes_version": "2024-06",
        "privacy_version": "2025-01",
    }
    return ShareTerms.objects.create(entity=entity, **{**defaults, **values})


def pdf_upload(name: str = "declaration.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def application_data(entity: Any, **values: Any) -> applications.ApplicationData:
    defaults: dict[str, Any] = {
        "entity_id": entity.pk,
        "first_name": "Mara",
        "last_name": "Klein",
        "email": "mara@test.example",
        "street": "Hermannstraße 20",
        "postal_code": "12049",
        "city": "Berlin",
        "country": "DE",
        "birth_date": date(1993, 4, 12),
        "artist_name": "Studio Klein",
        "shares": 2,
        "statutes_accepted": True,
        "privacy_accepted": True,
        "typed_name": "Mara Klein",
    }
    return applications.ApplicationData(**{**defaults, **values})


def token_of(application: MembershipApplication) -> str:
    return applications.verify_path(application).rstrip("/").rsplit("/", 1)[-1]


def submitted(entity: Any, **values: Any) -> MembershipApplication:
    """An application whose e-mail address has been confirmed (the Smart team sees it)."""
    application = applications.application_submit(data=application_data(entity, **values))
    assert application is not None, "the address is a member's or has an application in review"
    return applications.application_verify(token=token_of(application))


def paid(entity: Any, staff: Any, **values: Any) -> MembershipApplication:
    application = submitted(entity, **values)
    return applications.application_record_payment(
        actor=staff,
        scope=Scope.staff(staff, [entity.pk]),
        application_id=application.pk,
        received_on=entity_today(entity),
    )


def accepted(entity: Any, staff: Any, **values: Any) -> MembershipApplication:
    application = paid(entity, staff, **values)
    return applications.application_accept(
        actor=staff, scope=Scope.staff(staff, [entity.pk]), application_id=application.pk
    )


def subscribe(member: Any, entity: Any, shares: int = 2, *, paid_on: date | None = date(2024, 1, 2)) -> ShareEntry:
    """A register entry for a member who joined before the portal (as the demo data does)."""
    from django.db import transaction

    with transaction.atomic():
        return register.entry_add(
            entity_id=entity.pk,
            member_id=member.pk,
            kind=ShareKind.SUBSCRIPTION,
            shares=shares,
            nominal_value=Decimal("50.00"),
            entry_date=date(2024, 1, 2),
            paid_on=paid_on,
        )
