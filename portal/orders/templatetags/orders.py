from django import template

from portal.orders import notifications

register = template.Library()


@register.simple_tag
def order_event_subject(event, order):
    return notifications.SUBJECTS[event] % {"title": order.title}


@register.simple_tag
def order_event_message(event):
    return notifications.MESSAGES[event]
