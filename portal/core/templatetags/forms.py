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
    if isinstance(widget, CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, RadioSelect):
        return _radio_options(bound_field, _described_by(bound_field, problem))
    elif isinstance(widget, Select | SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    attrs: dict[str, str | bool] = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
    if bound_field.field.required and not isinstance(widget, RadioSelect):
        # Rows of a formset are rendered without it by Django; our forms are all ``novalidate``.
        attrs["required"] = True
    described_by = _described_by(bound_field, problem)
    if _invalid(bound_field, problem):
        attrs["class"] = f"{attrs['class']} is-invalid"
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = described_by
    return bound_field.as_widget(attrs=attrs)


def _invalid(bound_field: BoundField, problem: str) -> bool:
    return bool(bound_field.errors or problem)


def _described_by(bound_field: BoundField, problem: str) -> str:
    """The ids of the field's error, problem and help text, as ``aria-describedby`` lists them."""
    notes = [
        ("_error", bool(bound_field.errors)),
        ("_problem", bool(problem)),
        ("_help", bool(bound_field.help_text)),
    ]
    return " ".join(f"{bound_field.auto_id}{suffix}" for suffix, present in notes if present)


def _radio_options(bound_field: BoundField, described_by: str) -> SafeString:
    """The options of a radio group (or a group of checkboxes), each a Bootstrap ``form-check`` with its
    own label (Django's own rendering puts the input class on the group's wrapper, which Bootstrap then
    draws 1em wide)."""
    css = "form-check-input is-invalid" if bound_field.errors else "form-check-input"
    options = []
    for option in bound_field.subwidgets:
        option.data["attrs"] = {**option.data["attrs"], "class": css}
        if described_by:
            option.data["attrs"]["aria-describedby"] = described_by
        options.append(
            format_html(
                '<div class="form-check">{}<label class="form-check-label" for="{}">{}</label></div>',
                option.tag(wrap_label=False),
                option.id_for_label,
                option.choice_label,
            )
        )
    return format_html(
        '<div id="{}">{}</div>', bound_field.auto_id, format_html_join("", "{}", ((o,) for o in options))
    )


@register.simple_tag
def field_row(bound_field: BoundField, problem: str = "") -> SafeString:
    """One form field with its label, required marker, error, ``problem`` (a message from outside the
    form) and help text, as every form of the portal shows it; the widget comes from :func:`styled`."""
    problem = problem or ""
    widget = styled(bound_field, problem)
    label = capfirst(bound_field.label)
    if isinstance(bound_field.field.widget, RadioSelect):  # also CheckboxSelectMultiple, its subclass
        head = format_html(
            '<fieldset class="mb-3"><legend class="form-label fs-6">{}{}</legend>{}',
            label,
            _required_marker(bound_field),
            widget,
        )
        return format_html("{}{}</fieldset>", head, _notes(bound_field, problem))
    if bound_field.widget_type == "checkbox":
        head = format_html(
            '<div class="mb-3 form-check">{} <label class="form-check-label" for="{}">{}</label>',
            widget,
            bound_field.id_for_label,
            label,
        )
    else:
        head = format_html(
            '<div class="mb-3"><label class="form-label" for="{}">{}{}</label>{}',
            bound_field.id_for_label,
            label,
            _required_marker(bound_field),
            widget,
        )
    return format_html("{}{}</div>", head, _notes(bound_field, problem))


def _required_marker(bound_field: BoundField) -> SafeString | str:
    if not is_required(bound_field):
        return ""
    return format_html(
        ' <span aria-hidden="true" class="text-danger">*</span><span class="visually-hidden">({})</span>',
        gettext("required"),
    )


def _notes(bound_field: BoundField, problem: str) -> SafeString:
    """The field's error, ``problem`` and help text below it."""
    auto_id = bound_field.auto_id
    notes = []
    if bound_field.errors:
        errors = format_html_join(" ", "{}", ((error,) for error in bound_field.errors))
        notes.append(format_html('<div class="invalid-feedback d-block" id="{}_error">{}</div>', auto_id, errors))
    if problem:
        notes.append(format_html('<div class="invalid-feedback d-block" id="{}_problem">{}</div>', auto_id, problem))
    if bound_field.help_text:
        notes.append(format_html('<div class="form-text" id="{}_help">{}</div>', auto_id, bound_field.help_text))
    return format_html_join("", "{}", ((note,) for note in notes))
