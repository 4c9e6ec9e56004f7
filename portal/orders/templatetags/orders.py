from typing import Any

from django import template

from portal.orders import notifications

register = template.Library()


# Both return plain ``str``: e-mail text bodies are rendered without autoescaping, where Django passes a
# simple tag's lazy translation through unconverted.
@register.simple_tag
def order_event_subject(event: str, order: Any) -> str:
    return notifications.subject(event, order)


@register.simple_tag
def order_event_message(event: str, order: Any) -> str:
    return notifications.message(event, order)
