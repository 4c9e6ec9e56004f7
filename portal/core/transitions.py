"""The state-machine kit every status field of the portal uses.

A state machine is a table ``{(from_status, event): Transition(...)}`` beside its model plus calls to
``apply_transition`` in the app's services. The kit owns the actor vocabulary, the checks (is the
move in the table, may this actor make it, is a reason given, does a staff member decide their own
case) and the audit row, so orders, invoices, expenses, employment, requests and votes behave alike
and no domain app needs another domain's vocabulary.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.permissions import refuse_self_decision


class Actor(models.TextChoices):
    """Who makes a move: the role in which a person acts, or the portal itself (scheduled jobs)."""

    MEMBER = "member", gettext_lazy("Member")
    STAFF = "staff", gettext_lazy("Smart team")
    CLIENT = "client", gettext_lazy("Client")
    SYSTEM = "system", gettext_lazy("System")


@dataclass(frozen=True)
class Transition:
    """One allowed move: the status it leads to, who may make it and whether a reason is required."""

    to: str
    by: frozenset[str]
    reason_required: bool = False

    def __init__(self, to: str, by: str | Iterable[str], reason_required: bool = False) -> None:
        object.__setattr__(self, "to", to)
        object.__setattr__(self, "by", frozenset({by} if isinstance(by, str) else by))
        object.__setattr__(self, "reason_required", reason_required)


TransitionTable = Mapping[tuple[str, str], Transition]


def allowed_events(table: TransitionTable, status: str, actor: str) -> list[str]:
    """The events ``actor`` may trigger in ``status`` (for showing buttons)."""
    return [event for (source, event), move in table.items() if source == status and actor in move.by]


def check_transition(
    table: TransitionTable,
    obj: Any,
    *,
    event: str,
    actor: str,
    user: Any = None,
    reason: str = "",
    owner_id: int | None = None,
    status_field: str = "status",
) -> Transition:
    """The move ``event`` makes from the object's status, or a ``BusinessError`` saying why not.

    ``owner_id`` is the user whose case it is: a staff member never decides their own.
    """
    status = getattr(obj, status_field)
    move = table.get((status, event))
    if move is None:
        display = getattr(obj, f"get_{status_field}_display", lambda: status)()
        raise BusinessError(_("This is not possible in status “%(status)s”.") % {"status": display})
    if actor not in move.by:
        raise BusinessError(_("You are not allowed to do this."))
    if actor == Actor.STAFF and owner_id is not None:
        refuse_self_decision(user, owner_id, what=obj._meta.model_name)
    if move.reason_required and not reason.strip():
        raise BusinessError(_("Please give a reason."), field="reason")
    return move


def apply_transition(
    table: TransitionTable,
    obj: models.Model,
    *,
    event: str,
    actor: str,
    user: Any = None,
    reason: str = "",
    owner_id: int | None = None,
    to: str | None = None,
    status_field: str = "status",
    data: dict[str, Any] | None = None,
) -> str:
    """Check and make the move on a locked ``obj``, write the audit row; returns the previous status.

    The caller has locked the row (``select_for_update``) and saves it afterwards together with any
    other fields the move changes; ``data`` goes into the audit row (e.g. the name a client typed to
    confirm, shown in the history even if the order is confirmed again later). ``to`` overrides the
    table's target where the table names a rule's usual outcome (an approved order without client
    confirmation becomes active at once).
    """
    move = check_transition(
        table, obj, event=event, actor=actor, user=user, reason=reason, owner_id=owner_id, status_field=status_field
    )
    previous = getattr(obj, status_field)
    target = to or move.to
    setattr(obj, status_field, target)
    audit_record(
        actor=user,
        action=f"{obj._meta.model_name}.{event}",
        target=obj,
        from_state=previous,
        to_state=target,
        message=reason.strip(),
        data=data,
    )
    return previous
