"""Every audit action the code records has a label for people: no raw keys such as ``client.created``."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from conftest import logged_in
from portal.accounts.models import PersonalDataChangeRequest
from portal.clientportal.models import ClientRequest
from portal.clientportal.requests import TRANSITIONS as REQUEST_TRANSITIONS
from portal.core.audit import action_label, audit_record, has_label
from portal.invoicing.models import Invoice
from portal.invoicing.transitions import TRANSITIONS as INVOICE_TRANSITIONS
from portal.orders.models import Order
from portal.orders.transitions import TRANSITIONS as ORDER_TRANSITIONS

PORTAL = Path(apps.get_app_config("core").path).parent
LITERAL_ACTION = re.compile(r"""action=["']([a-z_]+\.[a-z_]+)["']""")


def recorded_actions() -> set[str]:
    """The actions named in the code, plus those the state-machine kit builds as ``<model>.<event>``."""
    actions = set()
    for source in PORTAL.rglob("*.py"):
        if "tests" not in source.parts and "migrations" not in source.parts:
            actions.update(LITERAL_ACTION.findall(source.read_text(encoding="utf-8")))
    for model, table in (
        (Order, ORDER_TRANSITIONS),
        (Invoice, INVOICE_TRANSITIONS),
        (ClientRequest, REQUEST_TRANSITIONS),
    ):
        actions.update(f"{model._meta.model_name}.{event}" for _status, event in table)
    decided = set(PersonalDataChangeRequest.Status.values) - {PersonalDataChangeRequest.Status.PENDING}
    actions.update(f"personal_data.{status}" for status in decided)
    return actions


def test_the_scan_finds_the_actions_it_must():
    actions = recorded_actions()
    assert {"client.created", "order.confirm", "invoice.issue", "email.resent", "personal_data.approved"} <= actions


def test_every_recorded_action_has_a_label():
    unlabelled = sorted(action for action in recorded_actions() if not has_label(action))
    assert unlabelled == []


def test_an_unnamed_action_never_shows_its_key():
    assert "never.named" not in str(action_label("never.named"))


@pytest.mark.django_db
def test_the_admin_audit_log_shows_labels_not_keys(admin, member, customer):
    audit_record(actor=member, action="client.created", target=customer)
    response = logged_in(admin).get(reverse("admin:core_auditentry_changelist"))
    assert response.status_code == 200
    text = response.content.decode()
    assert ">client.created<" not in text
    with translation.override(admin.language):
        assert str(action_label("client.created")) in text
