"""Whose records an actor may read: the one rule every selector applies (``Scope.rows``).

* a member reads their own records (``member`` column), in every entity they work with;
* the Smart team reads the records of every entity in which the login holds a staff role
  (``entity`` column; docs/decisions.md);
* a client contact reads the records of the clients they represent (``client`` column);
* anybody else reads nothing.

Views get the scope of the active role as ``request.scope`` (``accounts.middleware``); commands and
tests build one with the constructors. Selectors take the scope instead of a user or an entity, so
isolation is decided in one place and every list and detail page of a kind applies the same rule.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from portal.core.transitions import Actor

M = TypeVar("M", bound=Model)

NOBODY = ""


@dataclass(frozen=True)
class Scope:
    actor: str  # an ``Actor`` value, or ``NOBODY``
    user_id: int | None = None
    entity_ids: frozenset[int] = field(default_factory=frozenset)
    client_ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def member(cls, user: Any) -> "Scope":
        return cls(Actor.MEMBER, user_id=user.pk)

    @classmethod
    def staff(cls, user: Any, entity_ids: Iterable[int]) -> "Scope":
        return cls(Actor.STAFF, user_id=user.pk, entity_ids=frozenset(entity_ids))

    @classmethod
    def client(cls, user: Any, client_ids: Iterable[int]) -> "Scope":
        return cls(Actor.CLIENT, user_id=user.pk, client_ids=frozenset(client_ids))

    @classmethod
    def nobody(cls) -> "Scope":
        return cls(NOBODY)

    def rows(
        self, queryset: QuerySet[M], *, member: str = "member", entity: str = "entity", client: str = "client"
    ) -> QuerySet[M]:
        """``queryset`` narrowed to what the actor may read; the arguments name the relations to check."""
        if self.actor == Actor.MEMBER:
            return queryset.filter(**{f"{member}_id": self.user_id})
        if self.actor == Actor.STAFF:
            return queryset.filter(**{f"{entity}_id__in": self.entity_ids})
        if self.actor == Actor.CLIENT:
            return queryset.filter(**{f"{client}_id__in": self.client_ids})
        return queryset.none()

    def one(self, queryset: QuerySet[M], pk: int, **relations: str) -> M:
        """The record ``pk`` if the actor may read it; otherwise a 404, as if it did not exist."""
        found = self.rows(queryset, **relations).filter(pk=pk).first()
        if found is None:
            raise Http404
        return found
