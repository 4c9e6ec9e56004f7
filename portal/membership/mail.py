"""E-mails about a member's share request, queued in the outbox within the caller's transaction."""

from typing import Any

from portal.core.outbox import queue_email
from portal.membership.models import ShareRequest


def tell(person: Any, request: ShareRequest, template: str, **context: Any) -> None:
    queue_email(
        to=person,
        template=template,
        context={"request": request, "entity": request.entity, **context},
        entity=request.entity,
        related=request,
    )
