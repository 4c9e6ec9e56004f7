"""Reads of employments, always for one actor (``Scope``): a member reads their own, the Smart team
those of its entities; anybody else nothing (404)."""

from django.db.models import QuerySet
from django.http import Http404

from portal.core.scope import Scope
from portal.core.transitions import Actor
from portal.employment.models import Employment


def employments_in(scope: Scope) -> QuerySet[Employment]:
    if scope.actor not in (Actor.MEMBER, Actor.STAFF):
        return Employment.objects.none()
    return scope.rows(Employment.objects.all()).select_related("entity", "category", "member")


def employment_in(scope: Scope, pk: int) -> Employment:
    found = employments_in(scope).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
