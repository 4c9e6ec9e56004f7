from django import template

from portal.accounts import personal_data

register = template.Library()


@register.simple_tag
def change_rows(change_request):
    """Label, old and new value of each field a change request touches, in the active language."""
    return personal_data.rows(change_request.changes, change_request.previous)
