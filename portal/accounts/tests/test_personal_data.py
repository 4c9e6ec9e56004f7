import pytest
from django.core import mail
from django.urls import reverse

from portal.accounts import services
from portal.accounts.models import MemberProfile, PersonalDataChangeRequest
from portal.core.errors import BusinessError
from portal.core.models import AuditEntry, OutboundEmail

pytestmark = pytest.mark.django_db


def form_data(member, **changes):
    profile = member.member_profile
    data = {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "street": profile.street,
        "postal_code": profile.postal_code,
        "city": profile.city,
        "country": profile.country.code,
        "birth_date": profile.birth_date.isoformat(),
        "tax_id": profile.tax_id,
        "social_security_number": profile.social_security_number,
        "iban": profile.iban,
        "health_insurance": profile.health_insurance,
        "note": "",
    }
    return {**data, **changes}


def test_form_is_prefilled_with_current_data(member_http):
    html = member_http.get(reverse("personal_data_change")).content.decode()
    assert 'value="Teststraße 1"' in html and 'value="DE89370400440532013000"' in html


def test_submitting_a_change_creates_a_pending_request_with_the_diff(member, member_http):
    data = form_data(member, city="Hamburg", postal_code="20095", iban="DE02 1005 0000 0054 5404 02", note="Umzug")
    response = member_http.post(reverse("personal_data_change"), data)
    change = PersonalDataChangeRequest.objects.get(member=member)
    assert response.status_code == 302 and response["Location"] == reverse("personal_data_request", args=[change.pk])
    assert change.status == "pending"
    assert change.changes == {"postal_code": "20095", "city": "Hamburg", "iban": "DE02100500000054540402"}
    assert change.previous == {"postal_code": "10115", "city": "Berlin", "iban": "DE89370400440532013000"}
    assert change.note == "Umzug"
    member.member_profile.refresh_from_db()
    assert member.member_profile.city == "Berlin"  # nothing changes before staff approve
    assert AuditEntry.objects.filter(action="personal_data.submitted", target_id=str(change.pk)).count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("iban", "DE00 1234", "keine gültige IBAN"),
        ("tax_id", "12345678901", "keine gültige Steuer-ID"),
        ("social_security_number", "123", "12 Zeichen"),
        ("birth_date", "2024-01-01", "mindestens 16 Jahre"),
        ("postal_code", "!!", "fünf Ziffern"),
        ("postal_code", "   ", "Dieses Feld ist zwingend erforderlich."),
        ("postal_code", "0001-01-01", "fünf Ziffern"),
        ("city", "", "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_invalid_values_get_a_clear_error_and_keep_the_input(member, member_http, field, value, message):
    data = form_data(member, street="Neue Straße 5", **{field: value})
    response = member_http.post(reverse("personal_data_change"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Neue Straße 5"' in html  # nothing typed is lost
    assert not PersonalDataChangeRequest.objects.exists()


def test_austrian_tax_and_social_security_numbers_are_validated_for_austria(member, member_http):
    data = form_data(
        member, country="AT", postal_code="1010", tax_id="59-119/9013", social_security_number="1237 010180"
    )
    response = member_http.post(reverse("personal_data_change"), data)
    assert response.status_code == 302
    change = PersonalDataChangeRequest.objects.get()
    assert change.changes["tax_id"] == "591199013"
    assert change.changes["social_security_number"] == "1237010180"


def test_unchanged_form_is_refused(member, member_http):
    response = member_http.post(reverse("personal_data_change"), form_data(member))
    assert "Du hast nichts geändert." in response.content.decode()
    assert not PersonalDataChangeRequest.objects.exists()


def test_only_one_pending_request_at_a_time(member):
    services.personal_data_request_submit(member=member, values={"city": "Hamburg"})
    with pytest.raises(BusinessError):
        services.personal_data_request_submit(member=member, values={"city": "Köln"})


def test_form_leads_to_the_pending_request_instead_of_a_second_one(member, member_http):
    change = services.personal_data_request_submit(member=member, values={"city": "Hamburg"})
    response = member_http.get(reverse("personal_data_change"))
    assert response.status_code == 302 and response["Location"] == reverse("personal_data_request", args=[change.pk])


def test_member_can_withdraw_a_pending_request(member, member_http):
    change = services.personal_data_request_submit(member=member, values={"city": "Hamburg"})
    member_http.post(reverse("personal_data_request_withdraw", args=[change.pk]))
    change.refresh_from_db()
    assert change.status == "withdrawn"
    services.personal_data_request_submit(member=member, values={"city": "Köln"})  # a new one is possible


def test_staff_approval_applies_the_data_and_emails_the_member(
    member, staff, staff_http, django_capture_on_commit_callbacks
):
    member.language = "en"
    member.save()
    change = services.personal_data_request_submit(member=member, values={"city": "Hamburg", "last_name": "Meier"})
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_http.post(reverse("backoffice:personal_data_request_approve", args=[change.pk]))
    assert response.status_code == 302
    change.refresh_from_db()
    assert (change.status, change.decided_by) == ("approved", staff)
    profile = MemberProfile.objects.select_related("user").get(user=member)
    assert profile.city == "Hamburg" and profile.user.last_name == "Meier"
    email = OutboundEmail.objects.get(template="personal_data_approved")
    assert (email.recipient, email.status, email.language) == (member.email, "sent", "en")
    assert email.subject == "Your personal data has been updated"
    assert "City: Hamburg" in email.body_text
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [member.email]
    entry = AuditEntry.objects.get(action="personal_data.approved")
    assert (entry.actor, entry.from_state, entry.to_state) == (staff, "pending", "approved")


def test_rejection_needs_a_reason_and_tells_the_member(member, staff_http, django_capture_on_commit_callbacks):
    change = services.personal_data_request_submit(member=member, values={"city": "Hamburg"})
    url = reverse("backoffice:personal_data_request_reject", args=[change.pk])
    response = staff_http.post(url, {"reason": "  "})
    assert response.status_code == 400
    change.refresh_from_db()
    assert change.status == "pending"

    with django_capture_on_commit_callbacks(execute=True):
        staff_http.post(url, {"reason": "Bitte Meldebescheinigung hochladen."})
    change.refresh_from_db()
    assert change.status == "rejected" and change.decision_reason == "Bitte Meldebescheinigung hochladen."
    member.member_profile.refresh_from_db()
    assert member.member_profile.city == "Berlin"
    email = OutboundEmail.objects.get(template="personal_data_rejected")
    assert "Bitte Meldebescheinigung hochladen." in email.body_text
    assert email.subject == "Dein Änderungsantrag konnte nicht genehmigt werden"


def test_a_decided_request_cannot_be_decided_again(member, staff):
    change = services.personal_data_request_submit(member=member, values={"city": "Hamburg"})
    services.personal_data_request_approve(actor=staff, request_id=change.pk)
    with pytest.raises(BusinessError):
        services.personal_data_request_reject(actor=staff, request_id=change.pk, reason="zu spät")
    with pytest.raises(BusinessError):
        services.personal_data_request_approve(actor=staff, request_id=change.pk)
    assert AuditEntry.objects.filter(action="personal_data.approved").count() == 1


def test_history_is_shown_to_member_and_staff(member, member_http, staff, staff_http):
    change = services.personal_data_request_submit(member=member, values={"city": "Hamburg"})
    services.personal_data_request_reject(actor=staff, request_id=change.pk, reason="Nachweis fehlt")
    for http, url in (
        (member_http, reverse("personal_data_request", args=[change.pk])),
        (staff_http, reverse("backoffice:personal_data_request", args=[change.pk])),
    ):
        response = http.get(url)
        assert [e.action for e in response.context["history"]] == ["personal_data.submitted", "personal_data.rejected"]
        assert "Nachweis fehlt" in response.content.decode()
    assert change in member_http.get(reverse("profile")).context["requests"]


def test_staff_queue_lists_pending_requests_oldest_first(member, member2, staff_http):
    first = services.personal_data_request_submit(member=member, values={"city": "Hamburg"})
    second = services.personal_data_request_submit(member=member2, values={"city": "Bonn"})
    response = staff_http.get(reverse("backoffice:home"))
    assert list(response.context["pending_requests"]) == [first, second]
    response = staff_http.get(reverse("backoffice:personal_data_requests"), {"q": "Weber"})
    assert list(response.context["page"]) == [second]
