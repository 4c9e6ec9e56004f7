"""The application's way: filled in, confirmed by e-mail, paid, accepted or rejected (DESIGN §10)."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext, override

from conftest import make_member, make_user
from portal.accounts.models import MemberProfile, Role, User
from portal.core.errors import BusinessError
from portal.core.models import OutboundEmail
from portal.core.scope import Scope
from portal.membership import applications
from portal.membership.models import ApplicationStatus, MembershipApplication, PaymentSource, ShareEntry, ShareKind
from portal.membership.tests.factories import (
    accepted,
    application_data,
    paid,
    pdf_upload,
    submitted,
    subscribe,
    token_of,
)

pytestmark = pytest.mark.django_db


def problems_of(data) -> dict[str, str]:
    with pytest.raises(BusinessError) as refused:
        applications.application_submit(data=data)
    return refused.value.errors or {refused.value.field or "": refused.value.message}


# --- filling in ---------------------------------------------------------------------------------------


def test_an_application_waits_unseen_for_the_confirmation_of_the_address(terms, entities):
    application = applications.application_submit(data=application_data(entities["SC"]))
    assert application.status == ApplicationStatus.UNVERIFIED
    assert (application.nominal_value, application.statutes_version, application.privacy_version) == (
        terms["SC"].nominal_value,
        "2024-06",
        "2025-01",
    )
    mail = OutboundEmail.objects.get(template="membership_verify")
    assert mail.recipient == "mara@test.example" and mail.sensitive
    # The link of the e-mail confirms the application.
    link = re.search(r"/membership/apply/confirm/([^/\s]+)/", mail.body_text)
    assert link is not None
    assert applications.application_verify(token=link[1]).status == ApplicationStatus.SUBMITTED


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"shares": 0}, "shares"),
        ({"shares": 11}, "shares"),
        ({"shares": -3}, "shares"),
        ({"shares": None}, "shares"),
        ({"statutes_accepted": False}, "statutes_accepted"),
        ({"privacy_accepted": False}, "privacy_accepted"),
        ({"typed_name": ""}, "typed_name"),
        ({"typed_name": "Somebody Else"}, "typed_name"),
        ({"birth_date": date.today() - timedelta(days=17 * 365)}, "birth_date"),
        ({"birth_date": None}, "birth_date"),
        ({"first_name": "  "}, "first_name"),
        ({"declaration": SimpleUploadedFile("declaration.pdf", b"<script>alert(1)</script>")}, "declaration"),
        ({"declaration": SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)}, "declaration"),
    ],
)
def test_the_rules_of_an_application_are_checked(terms, entities, values, field):
    assert field in problems_of(application_data(entities["SC"], **values))
    assert not applications.MembershipApplication.objects.exists()


def test_the_typed_name_may_differ_in_case_and_spaces(terms, entities):
    application = applications.application_submit(data=application_data(entities["SC"], typed_name="  mara   KLEIN "))
    assert application.typed_name == "mara KLEIN"


def test_a_signed_declaration_replaces_the_typed_name(terms, entities):
    application = applications.application_submit(
        data=application_data(entities["SC"], typed_name="", declaration=pdf_upload())
    )
    assert application.declaration.content_type == "application/pdf" and application.typed_name == ""


def test_entities_without_terms_or_closed_take_no_applications(terms, entities):
    assert "entity" in problems_of(application_data(entities["BW"]))
    terms["AT"].accepts_applications = False
    terms["AT"].save()
    assert "entity" in problems_of(application_data(entities["AT"]))


# --- confirming the address -----------------------------------------------------------------------------


def test_confirming_submits_and_sends_the_payment_instructions(terms, entities):
    application = applications.application_submit(data=application_data(entities["SC"]))
    confirmed = applications.application_verify(token=token_of(application))
    assert confirmed.status == ApplicationStatus.SUBMITTED and confirmed.verified_at
    mail = OutboundEmail.objects.get(template="membership_submitted")
    assert f"ANT-{application.pk}" in mail.body_text
    assert entities["SC"].iban in mail.body_text
    assert "100.00" in mail.body_text or "100,00" in mail.body_text
    # A second click changes nothing and mails nothing.
    applications.application_verify(token=token_of(application))
    assert OutboundEmail.objects.filter(template="membership_submitted").count() == 1


def test_a_confirmation_link_expires_and_cannot_be_forged(terms, entities):
    application = applications.application_submit(data=application_data(entities["SC"]))
    token = token_of(application)
    with time_machine.travel(date.today() + timedelta(days=4)), pytest.raises(BusinessError, match="expired"):
        applications.application_verify(token=token)
    with pytest.raises(BusinessError, match="not valid"):
        applications.application_verify(token=token[:-2] + "xx")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNVERIFIED


def test_process_memberships_deletes_applications_nobody_can_confirm_any_more(
    terms, entities, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from portal.membership.models import MembershipApplication

    settings.MEDIA_ROOT = tmp_path
    stale = applications.application_submit(
        data=application_data(entities["SC"], typed_name="", declaration=pdf_upload())
    )
    stored = stale.declaration.file.path
    confirmed = submitted(entities["SC"], email="yusuf@test.example")
    with time_machine.travel(date.today() + timedelta(days=2)):
        fresh = applications.application_submit(data=application_data(entities["SC"], email="fresh@test.example"))
        call_command("process_memberships")
        assert MembershipApplication.objects.filter(pk=stale.pk).exists()  # the link still works
    with time_machine.travel(date.today() + timedelta(days=4)), django_capture_on_commit_callbacks(execute=True):
        call_command("process_memberships")
        call_command("process_memberships")  # idempotent
    assert set(MembershipApplication.objects.values_list("pk", flat=True)) == {confirmed.pk, fresh.pk}
    assert not Path(stored).exists()


# --- the Smart team -------------------------------------------------------------------------------------


def scope(staff, entity) -> Scope:
    return Scope.staff(staff, [entity.pk])


def test_acceptance_needs_the_payment(terms, entities, staff):
    application = submitted(entities["SC"])
    with pytest.raises(BusinessError, match="share payment has been received"):
        applications.application_accept(actor=staff, scope=scope(staff, entities["SC"]), application_id=application.pk)


def test_payments_cannot_be_received_in_the_future_or_twice(terms, entities, staff):
    application = submitted(entities["SC"])
    with pytest.raises(BusinessError) as refused:
        applications.application_record_payment(
            actor=staff,
            scope=scope(staff, entities["SC"]),
            application_id=application.pk,
            received_on=date.today() + timedelta(days=2),
        )
    assert refused.value.field == "received_on"
    with pytest.raises(BusinessError, match="before the application") as refused:
        applications.application_record_payment(
            actor=staff,
            scope=scope(staff, entities["SC"]),
            application_id=application.pk,
            received_on=date(2000, 1, 1),
        )
    assert refused.value.field == "received_on"
    paid_application = paid(entities["SC"], staff, email="other@test.example")
    assert paid_application.payment_source == PaymentSource.STAFF
    with pytest.raises(BusinessError, match="noted already"):
        applications.application_record_payment(
            actor=staff,
            scope=scope(staff, entities["SC"]),
            application_id=paid_application.pk,
            received_on=date.today(),
        )


def test_accepting_makes_a_member_with_number_role_profile_entry_and_invitation(terms, entities, staff, member):
    application = accepted(entities["SC"], staff, shares=3)
    user = User.objects.get(email="mara@test.example")
    assert application.status == ApplicationStatus.ACCEPTED and application.user == user
    assert Role.objects.filter(user=user, kind=Role.Kind.MEMBER, entity=entities["SC"]).exists()
    profile = user.member_profile
    assert profile.membership_status == MemberProfile.MembershipStatus.ACTIVE
    assert int(profile.member_number) > int(member.member_profile.member_number)
    assert profile.member_since == date.today() and profile.city == "Berlin" and profile.birth_date == date(1993, 4, 12)
    entry = ShareEntry.objects.get(member=user)
    assert (entry.kind, entry.shares, entry.number, entry.paid_on) == (
        ShareKind.SUBSCRIPTION,
        3,
        1,
        application.payment_received_on,
    )
    assert not user.has_usable_password()
    welcome = OutboundEmail.objects.get(template="member_welcome", recipient=user.email)
    assert "/accounts/password/reset/key/" in welcome.body_text and welcome.sensitive
    accepted_mail = OutboundEmail.objects.get(template="membership_accepted")
    assert profile.member_number in accepted_mail.body_text


def test_an_existing_login_joins_with_its_account(terms, entities, staff, client_contact):
    application = accepted(entities["SC"], staff, email=client_contact.email.upper())
    assert application.user == client_contact
    assert Role.objects.filter(user=client_contact, kind=Role.Kind.MEMBER, entity=entities["SC"]).exists()
    assert client_contact.member_profile.membership_status == MemberProfile.MembershipStatus.ACTIVE
    assert not OutboundEmail.objects.filter(template="member_welcome").exists()


def test_a_member_of_another_entity_keeps_number_and_date(terms, entities, staff_at):
    joined = make_member("both@test.example", entities["SC"], number="000555", member_since=date(2020, 1, 1))
    subscribe(joined, entities["SC"])
    accepted(entities["AT"], staff_at, email="both@test.example")
    joined.member_profile.refresh_from_db()
    assert (joined.member_profile.member_number, joined.member_profile.member_since) == ("000555", date(2020, 1, 1))


def test_a_member_holding_shares_cannot_join_again(terms, entities, staff, member):
    application = paid(entities["SC"], staff, email=member.email)
    subscribe(member, entities["SC"])  # joined meanwhile
    with pytest.raises(BusinessError, match="member already"):
        applications.application_accept(actor=staff, scope=scope(staff, entities["SC"]), application_id=application.pk)
    assert ShareEntry.objects.count() == 1


def test_nobody_decides_on_their_own_application(terms, entities, staff):
    application = paid(entities["SC"], make_colleague(entities), email=staff.email)
    for action in (
        lambda: applications.application_accept(
            actor=staff, scope=scope(staff, entities["SC"]), application_id=application.pk
        ),
        lambda: applications.application_reject(
            actor=staff, scope=scope(staff, entities["SC"]), application_id=application.pk, reason="Nein"
        ),
    ):
        with pytest.raises(BusinessError, match="own"):
            action()


def make_colleague(entities):
    colleague = make_user("colleague@test.example")
    Role.objects.create(user=colleague, kind=Role.Kind.STAFF, entity=entities["SC"])
    return colleague


def test_staff_of_another_entity_cannot_act(terms, entities, staff, staff_at):
    application = paid(entities["SC"], staff)
    with pytest.raises(BusinessError, match="no longer exists"):
        applications.application_accept(
            actor=staff_at, scope=Scope.staff(staff_at, [entities["AT"].pk]), application_id=application.pk
        )


def test_unconfirmed_applications_cannot_be_decided(terms, entities, staff):
    application = applications.application_submit(data=application_data(entities["SC"]))
    with pytest.raises(BusinessError, match="no longer exists"):
        applications.application_reject(
            actor=staff, scope=scope(staff, entities["SC"]), application_id=application.pk, reason="Spam"
        )


def test_rejection_needs_a_reason_and_tells_the_applicant(terms, entities, staff):
    application = paid(entities["SC"], staff)
    with pytest.raises(BusinessError) as refused:
        applications.application_reject(
            actor=staff, scope=scope(staff, entities["SC"]), application_id=application.pk, reason=" "
        )
    assert refused.value.field == "reason"
    applications.application_reject(
        actor=staff, scope=scope(staff, entities["SC"]), application_id=application.pk, reason="Keine Freiberuflichkeit"
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    mail = OutboundEmail.objects.get(template="membership_rejected")
    with override("de"):  # the mail is written in the applicant's language
        money_back = gettext("We will pay your share money back to the account it came from.")
    assert "Keine Freiberuflichkeit" in mail.body_text and money_back in mail.body_text
    with pytest.raises(BusinessError, match="decided already"):
        applications.application_accept(actor=staff, scope=scope(staff, entities["SC"]), application_id=application.pk)
    assert not User.objects.filter(email="mara@test.example").exists()


def test_an_application_that_cannot_succeed_is_not_kept_and_the_address_is_told(terms, entities, staff, member):
    subscribe(member, entities["SC"], shares=1)
    needless = application_data(entities["SC"], email="MEMBER@test.example", language="en")
    assert applications.application_submit(data=needless) is None
    told = OutboundEmail.objects.get(template="membership_apply_needless")
    assert told.recipient == "member@test.example" and "member already" in told.body_text
    first = submitted(entities["SC"], email="twice@test.example")
    twice = application_data(entities["SC"], email="Twice@test.example", language="en")
    assert applications.application_submit(data=twice) is None
    second = OutboundEmail.objects.filter(template="membership_apply_needless").order_by("pk").last()
    assert second.recipient == "twice@test.example" and "already with the Smart team" in second.body_text
    assert list(MembershipApplication.objects.values_list("pk", flat=True)) == [first.pk]
    # Another entity's membership, or an unconfirmed earlier try, does not stand in the way.
    assert applications.application_submit(data=application_data(entities["AT"], email="member@test.example"))
    assert applications.application_submit(data=application_data(entities["SC"], email="again@test.example"))
    assert applications.application_submit(data=application_data(entities["SC"], email="again@test.example"))


def test_the_page_looks_the_same_whether_or_not_the_address_is_a_member(client, terms, entities, member):
    from django.urls import reverse

    subscribe(member, entities["SC"], shares=1)
    form = {
        "entity": "SC",
        "first_name": "Anna",
        "last_name": "Schmidt",
        "email": member.email,
        "street": "Weg 1",
        "postal_code": "10115",
        "city": "Berlin",
        "country": "DE",
        "birth_date": "1990-01-31",
        "shares": "1",
        "statutes_accepted": "on",
        "privacy_accepted": "on",
        "typed_name": "Anna Schmidt",
    }
    response = client.post(reverse("membership:apply") + "?entity=SC", form)
    assert response.status_code == 302 and response["Location"] == reverse("membership:apply_sent")


def test_of_two_unconfirmed_applications_only_the_first_confirmed_goes_on(terms, entities):
    first = applications.application_submit(data=application_data(entities["SC"], email="two@test.example"))
    second = applications.application_submit(data=application_data(entities["SC"], email="two@test.example"))
    applications.application_verify(token=token_of(first))
    with pytest.raises(BusinessError, match="already with the Smart team"):
        applications.application_verify(token=token_of(second))
    second.refresh_from_db()
    assert second.status == ApplicationStatus.UNVERIFIED  # and goes with the expired links
