from decimal import Decimal

from django import template
from django.utils.html import format_html
from stdnum import iban as stdnum_iban

from portal.core import money as money_module
from portal.core.units import unit_label

register = template.Library()

#: Colour of the status dot per status value, shared by every state machine of the portal.
STATUS_TONES = {
    "active": "success",
    "approved": "success",
    "paid": "success",
    "sent": "success",
    "completed": "neutral",
    "draft": "neutral",
    "withdrawn": "neutral",
    "ended": "neutral",
    "pending": "warning",
    "submitted": "info",
    "accepted": "success",
    "contract_signed": "info",
    "open": "warning",
    "answered": "success",
    "declined": "danger",
    "exported": "info",
    "executed": "success",
    "needs_info": "warning",
    "sending": "warning",
    "applicant": "warning",
    "smart_review": "warning",
    "client_confirmation": "info",
    "cancellation_review": "warning",
    "awaiting_update": "warning",
    "issued": "info",
    "suspended": "danger",
    "rejected": "danger",
    "cancelled": "danger",
    "failed": "danger",
    "disputed": "danger",
    # Bank statement lines
    "matched": "info",
    "unmatched": "warning",
    "booked": "success",
    "ignored": "neutral",
    "duplicate": "neutral",
}


@register.simple_tag
def status_dot(value: str, label: str):
    """A coloured dot plus label; the colour never carries meaning on its own."""
    tone = STATUS_TONES.get(value, "neutral")
    return format_html(
        '<span class="status status--{}" data-status="{}"><span class="status-dot" aria-hidden="true"></span>{}</span>',
        tone,
        value,
        label,
    )


@register.filter
def money(value, currency: str = "EUR") -> str:
    if value in (None, ""):
        return "–"
    return money_module.display(Decimal(value), currency)


@register.filter
def iban(value: str) -> str:
    """An IBAN in groups of four, as people read it off a page and type it into their banking app."""
    return stdnum_iban.format(value) if value else ""


@register.filter
def unit(value: str) -> str:
    """A line's stored unit (a UN/ECE code) as the active language writes it after a quantity."""
    return unit_label(value or "")


@register.simple_tag
def empty_state(icon: str, title: str, text: str = ""):
    """What a panel or list shows when it has nothing yet: an icon, a line and an optional hint."""
    hint = format_html('<p class="text-body-secondary small mb-0">{}</p>', text) if text else ""
    return format_html(
        '<div class="empty-state text-center py-4 px-3">'
        '<i class="bi {} empty-state-icon" aria-hidden="true"></i><p class="mb-1 fw-semibold">{}</p>{}</div>',
        icon or "bi-inbox",
        title,
        hint,
    )
