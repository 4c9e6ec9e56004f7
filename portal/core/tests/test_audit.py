import pytest

from portal.core.audit import audit_history, audit_record

pytestmark = pytest.mark.django_db


def test_audit_records_who_when_from_to_and_why(member, staff):
    audit_record(actor=staff, action="demo.changed", target=member, from_state="a", to_state="b", message="weil")
    audit_record(actor=None, action="demo.scheduled", target=member)
    entries = list(audit_history(member))
    assert [(e.actor, e.action, e.from_state, e.to_state, e.message) for e in entries] == [
        (staff, "demo.changed", "a", "b", "weil"),
        (None, "demo.scheduled", "", "", ""),
    ]
    assert list(audit_history(staff)) == []
