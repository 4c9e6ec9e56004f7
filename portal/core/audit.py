"""Audit log helper: every state change in a service records who, when, from, to and why."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from portal.core.models import AuditEntry

_ACTION_LABELS: dict[str, Any] = {}


def register_action_labels(labels: dict[str, Any]) -> None:
    """Apps name their audit actions for people (lazy translations), e.g. in ``AppConfig.ready``."""
    _ACTION_LABELS.update(labels)


def action_label(action: str):
    return _ACTION_LABELS.get(action, action)


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


def audit_history(target: models.Model):
    """The audit entries of one object, oldest first, with their actors."""
    return (
        AuditEntry.objects.filter(target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk))
        .select_related("actor")
        .order_by("created_at", "id")
    )
