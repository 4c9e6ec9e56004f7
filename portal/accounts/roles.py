"""The roles a login holds and the one it currently acts in ("Rolle ändern")."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from portal.accounts.models import Role
from portal.core.scope import Scope
from portal.core.sql import ModelColumns, Select
from portal.customers.models import Client
from portal.entities.models import IssuingEntity

ADMIN_KEY = "admin"
_KIND_ORDER: dict[str, int] = {Role.Kind.MEMBER: 0, Role.Kind.STAFF: 1, Role.Kind.CLIENT_CONTACT: 2, Role.Kind.ADMIN: 3}


@dataclass(frozen=True)
class ActiveRole:
    key: str
    kind: str
    entity: IssuingEntity | None = None
    client: Client | None = None

    @property
    def label(self) -> str:
        if self.kind == Role.Kind.MEMBER and self.entity:
            return _("Member (%(code)s)") % {"code": self.entity.code}
        if self.kind == Role.Kind.STAFF and self.entity:
            return _("Smart team (%(code)s)") % {"code": self.entity.code}
        if self.kind == Role.Kind.CLIENT_CONTACT and self.client:
            return _("Client (%(name)s)") % {"name": self.client.name}
        return _("Administration")

    is_member = property(lambda self: self.kind == Role.Kind.MEMBER)
    is_staff = property(lambda self: self.kind == Role.Kind.STAFF)
    is_client_contact = property(lambda self: self.kind == Role.Kind.CLIENT_CONTACT)
    is_admin = property(lambda self: self.kind == Role.Kind.ADMIN)


_ENTITY, _CLIENT = ModelColumns(IssuingEntity, "e"), ModelColumns(Client, "c")
#: A login's roles with their entity or client, as ``select_related`` would load them. Every signed-in
#: request reads them: through the ORM, building the query cost a fifth of a list page (see core.sql).
_ROLES = Select(
    f"""
    SELECT r.id, r.kind, {_ENTITY.sql}, {_CLIENT.sql}
    FROM {Role._meta.db_table} r
    LEFT JOIN {IssuingEntity._meta.db_table} e ON e.id = r.entity_id
    LEFT JOIN {Client._meta.db_table} c ON c.id = r.client_id
    WHERE r.user_id = %s""",  # noqa: S608 (table and column names only)
    pk=None,
    kind=None,
    **_ENTITY.columns("entity"),
    **_CLIENT.columns("client"),
)
_CLIENT_START = 2 + len(_ENTITY.fields)


def roles_of(user) -> list[ActiveRole]:
    """Every role ``user`` may act in, members first; one query."""
    if not user.is_authenticated or not user.is_active:
        return []
    roles = [
        ActiveRole(
            key=f"r{row.pk}",
            kind=row.kind,
            entity=_ENTITY.instance(row[2:_CLIENT_START]),
            client=_CLIENT.instance(row[_CLIENT_START:]),
        )
        for row in _ROLES.rows([user.pk])
    ]
    if user.is_superuser:
        roles.append(ActiveRole(key=ADMIN_KEY, kind=Role.Kind.ADMIN))
    roles.sort(key=lambda role: (_KIND_ORDER[role.kind], _number(role.key)))
    return roles


def _number(key: str) -> int:
    """The role's id in its key (``"r9"`` → 9), so that roles keep the order they were given in."""
    return int(key[1:]) if key[1:].isdigit() else 0


def pick_role(roles: list[ActiveRole], *keys: str) -> ActiveRole | None:
    """The first role matching one of ``keys`` (in order), else the first role."""
    by_key = {role.key: role for role in roles}
    for key in keys:
        if key in by_key:
            return by_key[key]
    return roles[0] if roles else None


def staff_entities(roles: list[ActiveRole]) -> list[IssuingEntity]:
    """The entities in which ``roles`` (a login's roles) act as the Smart team, by code; no query."""
    by_code = {role.entity.code: role.entity for role in roles if role.kind == Role.Kind.STAFF and role.entity}
    return [by_code[code] for code in sorted(by_code)]


def scope_of(user, role: ActiveRole | None, roles: list[ActiveRole]) -> Scope:
    """What the login may read while acting in ``role`` (see ``portal.core.scope``); no query."""
    if role is None:
        return Scope.nobody()
    if role.kind == Role.Kind.MEMBER:
        return Scope.member(user)
    if role.kind == Role.Kind.STAFF:
        return Scope.staff(user, (r.entity.pk for r in roles if r.kind == Role.Kind.STAFF and r.entity))
    if role.kind == Role.Kind.CLIENT_CONTACT and role.client:
        # A contact of several clients acts for one at a time and switches like a role (DESIGN §9).
        return Scope.client(user, [role.client.pk])
    return Scope.nobody()
