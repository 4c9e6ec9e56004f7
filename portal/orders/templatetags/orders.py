from typing import Any

from django import template

from portal.orders import notifications
from portal.orders.transitions import Event

register = template.Library()


# Both return plain ``str``: e-mail text bodies are rendered without autoescaping, where Django passes a
# simple tag's lazy translation through unconverted.
@register.simple_tag
def order_event_subject(event: str, order: Any) -> str:
    return str(notifications.SUBJECTS[Event(event)] % {"title": order.title})


@register.simple_tag
def order_event_message(event: str) -> str:
    return str(notifications.MESSAGES[Event(event)])
