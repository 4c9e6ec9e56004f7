"""Audit log helper: every state change in a service records who, when, from, to and why."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy, ngettext

from portal.core import money
from portal.core.models import AuditEntry

_ACTION_LABELS: dict[str, Any] = {}
_UNNAMED = gettext_lazy("Changed")


def register_action_labels(labels: dict[str, Any]) -> None:
    """Apps name their audit actions for people (lazy translations), e.g. in ``AppConfig.ready``."""
    _ACTION_LABELS.update(labels)


def has_label(action: str) -> bool:
    return action in _ACTION_LABELS


def action_label(action: str) -> Any:
    """The action in words; an action nobody named (a test guards against it) never shows its raw key."""
    return _ACTION_LABELS.get(action, _UNNAMED)


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    from_state: str = "",
    to_state: str = "",
    message: str = "",
    data: dict | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        from_state=from_state,
        to_state=to_state,
        message=message,
        data=data or {},
    )


def money_facts(amount: Decimal, day: date, invoice: str = "") -> dict[str, str]:
    """An amount, its day and the invoice it is for, for an entry's ``data``: stored neutrally and
    formatted in the reader's language when shown (``AuditEntry.facts``)."""
    return {"amount": str(amount), "on": day.isoformat(), **({"invoice": invoice} if invoice else {})}


def describe_facts(data: dict) -> str:
    parts = []
    if "amount" in data:
        parts.append(money.display(Decimal(data["amount"])))
    if "on" in data:
        parts.append(f"({formats.date_format(date.fromisoformat(data['on']), 'SHORT_DATE_FORMAT')})")
    if data.get("invoice"):
        parts.append(f"→ {data['invoice']}")
    if "booked" in data:
        count = data["booked"]
        parts.append(ngettext("%(count)s payment booked", "%(count)s payments booked", count) % {"count": count})
    return " ".join(parts)


def audit_history(target: models.Model):
    """The audit entries of one object, oldest first, with their actors."""
    return (
        AuditEntry.objects.filter(target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk))
        .select_related("actor")
        .order_by("created_at", "id")
    )


def status_reason(history: Iterable[AuditEntry], status: str) -> AuditEntry | None:
    """The entry that moved an object into ``status`` if it gave a reason (a return, a rejection, a
    denied cancellation), else ``None``; ``history`` is oldest first, as ``audit_history`` returns it."""
    latest = None
    for entry in history:
        if entry.to_state == status and entry.from_state and entry.from_state != status:
            latest = entry
    return latest if latest is not None and latest.message else None
