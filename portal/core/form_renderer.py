"""Form renderer that writes Django's standard input, select and textarea widgets in Python.

Django renders every widget, and every ``<option>`` of a select, through its templates (an
``{% include %}`` per option and per attribute list): the staff list filters spent about a millisecond
per request on it. ``PythonWidgetRenderer`` produces the same HTML as those templates for the widgets
it knows and hands everything else (forms, fields, error lists, other widgets, unusual values) to the
template renderer. ``tests`` in ``portal/core/tests/test_form_renderer.py`` compare both outputs.
"""

from collections.abc import Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData

_WIDGETS = "django/forms/widgets/"
#: Templates that consist of ``{% include "django/forms/widgets/input.html" %}`` only.
INPUT_TEMPLATES = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "input",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)
SELECT_TEMPLATE = f"{_WIDGETS}select.html"
OPTION_TEMPLATE = f"{_WIDGETS}select_option.html"
TEXTAREA_TEMPLATE = f"{_WIDGETS}textarea.html"


class _Unsupported(Exception):
    """A value the templates would render differently (localised, as a date …): use them."""


def _text(value: object) -> str:
    """``{{ value }}`` for the text values widgets hold."""
    if isinstance(value, str):
        return conditional_escape(value)
    if isinstance(value, Promise):
        return conditional_escape(str(value))
    raise _Unsupported


def _formatted(value: object) -> str:
    """``{{ value|stringformat:'s' }}``: ``%s``, escaped unless the value is already safe."""
    if isinstance(value, tuple):
        value = str(value)
    try:
        text = "%s" % value  # noqa: UP031 (the filter's own formatting)
    except (TypeError, ValueError):
        text = ""
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: Mapping[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_text(name)}")
        else:
            parts.append(f' {_text(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'


def _select(widget: Mapping[str, Any]) -> str:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                raise _Unsupported
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"  # the option template's last line break
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    shown = _text(value) if value else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{shown}</textarea>'


_RENDERERS = {SELECT_TEMPLATE: _select, TEXTAREA_TEMPLATE: _textarea} | dict.fromkeys(INPUT_TEMPLATES, _input)


class PythonWidgetRenderer(DjangoTemplates):
    """Django's template form renderer, with the standard widgets written in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
        write = _RENDERERS.get(template_name)
        if write is not None:
            try:
                return write(context["widget"])
            except _Unsupported:
                pass
        return super().render(template_name, context, request)
