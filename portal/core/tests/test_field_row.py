# ruff: noqa: E501 (the reference template keeps its original lines)
"""The ``field_row`` tag writes the HTML the form-field template it replaced wrote, for every kind of field."""

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

#: The template ``field_row`` replaced (rendered through an include for each field of every form).
REFERENCE = """{% load i18n forms %}{% with problem=problem|default:"" %}
<div class="mb-3{% if field.widget_type == 'checkbox' %} form-check{% endif %}">
  {% if field.widget_type == "checkbox" %}
    {{ field|styled:problem }} <label class="form-check-label" for="{{ field.id_for_label }}">{{ field.label|capfirst }}</label>
  {% else %}
    <label class="form-label" for="{{ field.id_for_label }}">{{ field.label|capfirst }}{% if field|is_required %} <span aria-hidden="true" class="text-danger">*</span><span class="visually-hidden">({% translate "required" %})</span>{% endif %}</label>
    {{ field|styled:problem }}
  {% endif %}
  {% if field.errors %}<div class="invalid-feedback d-block" id="{{ field.auto_id }}_error">{{ field.errors|join:" " }}</div>{% endif %}
  {% if problem %}<div class="invalid-feedback d-block" id="{{ field.auto_id }}_problem">{{ problem }}</div>{% endif %}
  {% if field.help_text %}<div class="form-text" id="{{ field.auto_id }}_help">{{ field.help_text }}</div>{% endif %}
</div>
{% endwith %}"""


class EveryKind(forms.Form):
    name = forms.CharField(label="name <b>& Co</b>", help_text="Wie auf <i>der</i> Rechnung", max_length=5)
    note = forms.CharField(required=False, widget=forms.Textarea)
    status = forms.ChoiceField(choices=[("a", "A & B"), ("b", "<b>")], required=False)
    agree = forms.BooleanField(label="einverstanden")
    kinds = forms.MultipleChoiceField(choices=[("x", "X")], widget=forms.RadioSelect)
    when = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date", "aria-required": "true"}))


def normalised(html: str) -> str:
    """The HTML without the template's indentation and line breaks between tags."""
    return " ".join(html.split()).replace("> <", "><").replace(" </div>", "</div>")


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("bound", [False, True])
@pytest.mark.parametrize("problem", ["", "Bitte <prüfen> & ergänzen"])
def test_every_field_renders_as_the_template_did(language, bound, problem):
    data = {"name": "<script>zu lang</script>", "status": "c", "kinds": "y"} if bound else None
    form = EveryKind(data)
    form.is_valid()
    tag = Template("{% load forms %}{% field_row field problem %}")
    with translation.override(language):
        for field in form:
            context = {"field": field, "problem": problem}
            expected = normalised(Template(REFERENCE).render(Context(context)))
            assert normalised(tag.render(Context(context))) == expected, field.name


def test_errors_and_labels_are_escaped():
    form = EveryKind({"name": "x" * 9})
    form.is_valid()
    html = Template("{% load forms %}{% field_row form.name problem %}").render(
        Context({"form": form, "problem": "<b>"})
    )
    assert "Name &lt;b&gt;&amp; Co&lt;/b&gt;" in html
    assert 'id="id_name_problem">&lt;b&gt;</div>' in html
    assert "id_name_error" in html and "aria-invalid" in html
