import pytest
from django.core.management import call_command

from portal.accounts.models import MemberProfile, Role, User
from portal.entities.models import IssuingEntity

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_covers_every_role(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    assert sorted(IssuingEntity.objects.values_list("code", flat=True)) == ["AT", "BW", "SC"]
    assert User.objects.count() == 5
    kinds = set(Role.objects.values_list("kind", flat=True))
    assert kinds == {"member", "staff", "client_contact"}
    assert User.objects.get(email="admin@example.com").is_superuser
    member = User.objects.get(email="member@example.com")
    statuses = set(member.orders.values_list("status", flat=True))
    assert statuses == {"draft", "smart_review", "client_confirmation", "active"} and member.orders.count() == 4
    output = capsys.readouterr().out
    assert "http://127.0.0.1:8000/" in output and "member2@example.com" in output and "client@example.com" in output


def test_generated_members_are_created_once_with_valid_data():
    call_command("seed_demo", scale=30, quiet_logins=True)
    call_command("seed_demo", scale=30, quiet_logins=True)
    generated = MemberProfile.objects.filter(user__email__endswith="generated.example.net")
    assert generated.count() == 30
    from schwifty import IBAN
    from stdnum.de import idnr

    for profile in generated:
        assert IBAN(profile.iban) and idnr.is_valid(profile.tax_id)


def test_fee_rates_are_dated_per_entity():
    call_command("seed_demo", quiet_logins=True)
    from datetime import date
    from decimal import Decimal

    assert IssuingEntity.objects.get(code="SC").fee_rate_on(date(2026, 1, 1)) == Decimal("9.00")
    assert IssuingEntity.objects.get(code="AT").fee_rate_on(date(2026, 1, 1)) == Decimal("10.00")
    assert IssuingEntity.objects.get(code="AT").fee_rate_on(date(2019, 1, 1)) is None


def test_benchmark_reports_every_key_page(capsys):
    call_command("benchmark", requests=2)
    member = User.objects.get(email="member@example.com")
    statuses = set(member.orders.values_list("status", flat=True))
    assert statuses == {"draft", "smart_review", "client_confirmation", "active"} and member.orders.count() == 4
    output = capsys.readouterr().out
    assert "member /dashboard/" in output and "staff /backoffice/" in output and "p95 ms" in output


def test_generated_orders_cover_every_status():
    from portal.orders.models import Order, OrderStatus

    call_command("seed_demo", scale=16, orders_per_member=2, quiet_logins=True)
    generated = Order.objects.filter(member__email__endswith="generated.example.net")
    assert generated.count() == 32
    assert set(generated.values_list("status", flat=True)) == set(OrderStatus.values)
    assert all(order.net_total == order.planned_invoices.get().amount for order in generated[:5])
