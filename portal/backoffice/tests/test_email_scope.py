"""Staff read the e-mails of every entity in which they hold a staff role, and no others."""

import pytest
from django.urls import reverse

from portal.accounts.models import Role
from portal.core.models import OutboundEmail

pytestmark = pytest.mark.django_db


def mail(entity, subject: str) -> OutboundEmail:
    return OutboundEmail.objects.create(
        recipient="kundin@example.com", subject=subject, body_text="Hallo", entity=entity
    )


def test_staff_of_two_entities_read_the_mails_of_both_but_not_of_a_third(staff, staff_http, entities):
    Role.objects.create(user=staff, kind=Role.Kind.STAFF, entity=entities["BW"])
    german, second, austrian = (
        mail(entities["SC"], "SC-Mail"),
        mail(entities["BW"], "BW-Mail"),
        mail(entities["AT"], "AT-Mail"),
    )
    listed = staff_http.get(reverse("backoffice:emails")).content.decode()
    assert "SC-Mail" in listed and "BW-Mail" in listed and "AT-Mail" not in listed
    assert staff_http.get(reverse("backoffice:email_detail", args=[german.pk])).status_code == 200
    assert staff_http.get(reverse("backoffice:email_detail", args=[second.pk])).status_code == 200
    assert staff_http.get(reverse("backoffice:email_detail", args=[austrian.pk])).status_code == 404
