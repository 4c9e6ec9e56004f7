"""The Python widget renderer writes exactly what Django's widget templates write."""

from datetime import date

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import BaseRenderer, DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from portal.backoffice.forms import OrderFilterForm
from portal.core.form_renderer import PythonWidgetRenderer
from portal.core.templatetags.forms import styled


class Everything(forms.Form):
    text = forms.CharField(label="Text", help_text="Hilfe", max_length=20)
    email = forms.EmailField(required=False)
    number = forms.IntegerField(required=False, widget=forms.NumberInput(attrs={"step": 1, "min": 0}))
    decimal = forms.DecimalField(required=False, decimal_places=2)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    flag = forms.BooleanField(required=False)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(
        choices=[("", "---------"), ("a", "A & B"), ("b", gettext_lazy("Status")), ("c", mark_safe("<b>C</b>"))]
    )
    grouped = forms.ChoiceField(
        required=False, choices=[("", "–"), ("Fruit", [("apple", "Apple"), ("pear", "Pear")]), ("x", "X")]
    )
    many = forms.MultipleChoiceField(required=False, choices=[(1, "one"), (2, "two"), (3, '"three"')])
    numbers = forms.TypedChoiceField(required=False, coerce=int, choices=[(1, 1000), (2, 2)])


VALUES = [
    {},
    {
        "text": '<script>"x" & y</script>',
        "email": "a@b",
        "number": "-3",
        "decimal": "1.5",
        "day": "2026-12-05",
        "secret": "p&ss",
        "hidden": "h",
        "flag": "on",
        "note": "line 1\n<line 2>",
        "kind": "a",
        "grouped": "pear",
        "many": ["1", "3"],
        "numbers": "1",
    },
]


def widget_html(form: forms.Form, renderer: BaseRenderer) -> list[str]:
    form.renderer = renderer
    return [str(field) for field in form] + [styled(field) for field in form] + [styled(field, "x") for field in form]


@pytest.mark.parametrize("data", VALUES)
@pytest.mark.parametrize("language", ["de", "en"])
def test_widgets_render_as_with_the_templates(data, language):
    with translation.override(language):
        assert_same(data)


def assert_same(data: dict[str, object]) -> None:
    bound = Everything(data or None, initial={"day": date(2026, 1, 2), "kind": "b", "text": mark_safe("<i>")})
    bound.is_valid()
    assert widget_html(bound, PythonWidgetRenderer()) == widget_html(
        Everything(data or None, initial={"day": date(2026, 1, 2), "kind": "b", "text": mark_safe("<i>")}),
        DjangoTemplates(),
    )


def test_whole_forms_and_filter_forms_render_as_with_the_templates():
    def rendered(renderer: BaseRenderer) -> tuple[str, ...]:
        everything = Everything({"text": ""})
        everything.is_valid()
        filters = OrderFilterForm({"status": "draft", "q": "a<b"}, entities=[])
        for form in (everything, filters):
            form.renderer = renderer
        return str(everything), str(filters), *(styled(field) for field in filters)

    assert rendered(PythonWidgetRenderer()) == rendered(DjangoTemplates())


def test_forms_use_the_python_widget_renderer():
    assert settings.FORM_RENDERER == "portal.core.form_renderer.PythonWidgetRenderer"
    assert isinstance(forms.Form().renderer, PythonWidgetRenderer)
