"""What the member is told after each order event (rendered in the member's language)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from portal.orders.models import OrderStatus
from portal.orders.transitions import Event

SUBJECTS = {
    Event.APPROVE: _("Your order “%(title)s” has been approved and sent to your client"),
    Event.RETURN: _("Your order “%(title)s” needs changes"),
    Event.REJECT: _("Your order “%(title)s” has been rejected"),
    Event.CONFIRM: _("Your client has confirmed the order “%(title)s”"),
    Event.DECLINE: _("Your client has declined the order “%(title)s”"),
    Event.REQUEST_CHANGES: _("Your client asks for changes to the order “%(title)s”"),
    Event.EXPIRE: _("The offer “%(title)s” has expired"),
    Event.APPROVE_CANCELLATION: _("Your order “%(title)s” has been cancelled"),
    Event.DENY_CANCELLATION: _("The cancellation of your order “%(title)s” was not approved"),
}

MESSAGES = {
    Event.APPROVE: _(
        "The Smart team has approved your order and sent the offer to your client, who can now confirm it online."
    ),
    Event.RETURN: _("The Smart team has returned your order as a draft. Please change it and submit it again."),
    Event.REJECT: _("The Smart team has rejected your order."),
    Event.CONFIRM: _("Your client has confirmed the order online. The order is now active."),
    Event.DECLINE: _("Your client has declined the order."),
    Event.REQUEST_CHANGES: _(
        "Your client would like changes. The order is a draft again; change it and submit it again."
    ),
    Event.EXPIRE: _(
        "Your client did not confirm the offer in time, so the order is now rejected. "
        "You can duplicate it and submit it again."
    ),
    Event.APPROVE_CANCELLATION: _("The Smart team has approved the cancellation of your order."),
    Event.DENY_CANCELLATION: _("The Smart team did not approve the cancellation; the order stays active."),
}

#: An approved order whose member skipped the client confirmation is active at once: its own wording.
APPROVED_ACTIVE_SUBJECT = _("Your order “%(title)s” has been approved and is active")
APPROVED_ACTIVE_MESSAGE = _("The Smart team has approved your order. It is active now, and its invoices are planned.")


def subject(event: str, order: Any) -> str:
    if event == Event.APPROVE and order.status == OrderStatus.ACTIVE:
        return str(APPROVED_ACTIVE_SUBJECT % {"title": order.title})
    return str(SUBJECTS[Event(event)] % {"title": order.title})


def message(event: str, order: Any) -> str:
    if event == Event.APPROVE and order.status == OrderStatus.ACTIVE:
        return str(APPROVED_ACTIVE_MESSAGE)
    return str(MESSAGES[Event(event)])
