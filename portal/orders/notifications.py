"""What the member is told after each order event (rendered in the member's language)."""

from django.utils.translation import gettext_lazy as _

from portal.orders.transitions import Event

SUBJECTS = {
    Event.APPROVE: _("Your order “%(title)s” has been approved"),
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
    Event.APPROVE: _("The Smart team has approved your order. It is now with your client for confirmation, or active."),
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
