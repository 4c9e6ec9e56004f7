from django import template
from django.forms import BoundField, CheckboxInput, RadioSelect, Select, SelectMultiple
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext

register = template.Library()


@register.filter
def is_required(bound_field: BoundField) -> bool:
    """Whether the field is marked as required: required by the form, or needed for a later step
    (``aria-required`` set by the form, e.g. the order fields needed to send it to the Smart team)."""
    return bool(bound_field.field.required or bound_field.field.widget.attrs.get("aria-required") == "true")


@register.filter
def styled(bound_field: BoundField, problem: str = "") -> SafeString:
    """Render a form field's widget with Bootstrap classes and ARIA wiring: required, invalid, and
    described by its error, its ``problem`` (a message from outside the form) and its help text.

    Works for any form (ours and allauth's) without touching the form classes.
    """
    widget = bound_field.field.widget
    if isinstance(widget, CheckboxInput | RadioSelect):
        css = "form-check-input"
    elif isinstance(widget, Select | SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    attrs: dict[str, str | bool] = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
    if bound_field.field.required and not isinstance(widget, RadioSelect):
        # Rows of a formset are rendered without it by Django; our forms are all ``novalidate``.
        attrs["required"] = True
    described_by = []
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}_error")
    if problem:
        described_by.append(f"{bound_field.auto_id}_problem")
    if described_by:
        attrs["class"] = f"{attrs['class']} is-invalid"
        attrs["aria-invalid"] = "true"
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}_help")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


@register.simple_tag
def field_row(bound_field: BoundField, problem: str = "") -> SafeString:
    """One form field with its label, required marker, error, ``problem`` (a message from outside the
    form) and help text, as every form of the portal shows it; the widget comes from :func:`styled`."""
    problem = problem or ""
    widget = styled(bound_field, problem)
    label = capfirst(bound_field.label)
    if bound_field.widget_type == "checkbox":
        head = format_html(
            '<div class="mb-3 form-check">{} <label class="form-check-label" for="{}">{}</label>',
            widget,
            bound_field.id_for_label,
            label,
        )
    else:
        required = (
            format_html(
                ' <span aria-hidden="true" class="text-danger">*</span><span class="visually-hidden">({})</span>',
                gettext("required"),
            )
            if is_required(bound_field)
            else ""
        )
        head = format_html(
            '<div class="mb-3"><label class="form-label" for="{}">{}{}</label>{}',
            bound_field.id_for_label,
            label,
            required,
            widget,
        )
    auto_id = bound_field.auto_id
    notes = []
    if bound_field.errors:
        errors = format_html_join(" ", "{}", ((error,) for error in bound_field.errors))
        notes.append(format_html('<div class="invalid-feedback d-block" id="{}_error">{}</div>', auto_id, errors))
    if problem:
        notes.append(format_html('<div class="invalid-feedback d-block" id="{}_problem">{}</div>', auto_id, problem))
    if bound_field.help_text:
        notes.append(format_html('<div class="form-text" id="{}_help">{}</div>', auto_id, bound_field.help_text))
    return format_html("{}{}</div>", head, format_html_join("", "{}", ((note,) for note in notes)))
