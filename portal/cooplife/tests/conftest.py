"""Personas of the cooperative-life tests besides the root ones: staff of every entity, a member of the
Austrian entity."""

import pytest

from conftest import logged_in, make_member, make_user, with_totp
from portal.accounts.models import Role


@pytest.fixture
def staff_all(entities):
    """Staff in every entity: may publish for all entities."""
    user = with_totp(make_user("staff-all@test.example", first_name="Alle", last_name="Team"))
    for entity in entities.values():
        Role.objects.create(user=user, kind=Role.Kind.STAFF, entity=entity)
    return user


@pytest.fixture
def member_at(entities):
    return make_member("member-at@test.example", entities["AT"], number="000201", first_name="Lena", last_name="Gruber")


@pytest.fixture
def member_at_http(member_at):
    return logged_in(member_at)


@pytest.fixture
def staff_at_http(staff_at):
    return logged_in(staff_at)
