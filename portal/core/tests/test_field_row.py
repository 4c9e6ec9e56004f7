# ruff: noqa: E501 (the reference template keeps its original lines)
"""The ``field_row`` tag writes the HTML the form-field template it replaced wrote, for every kind of field
but groups of radio buttons and checkboxes, which it writes as a fieldset of Bootstrap form-checks."""

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
            if isinstance(field.field.widget, forms.RadioSelect):
                continue  # see test_option_groups_are_fieldsets_of_form_checks
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


class Ballot(forms.Form):
    choice = forms.ChoiceField(label="Your <vote>", choices=[("yes", "Yes"), ("no", "<No>")], widget=forms.RadioSelect)
    people = forms.MultipleChoiceField(
        choices=[("1", "Ada"), ("2", "Bo")], widget=forms.CheckboxSelectMultiple, required=False, help_text="Up to 1"
    )


@pytest.mark.parametrize("field", ["choice", "people"])
def test_option_groups_are_fieldsets_of_form_checks(field):
    form = Ballot({"choice": "maybe", "people": ["2"]})
    form.is_valid()
    html = Template("{% load forms %}{% field_row field %}").render(Context({"field": form[field]}))
    assert html.startswith('<fieldset class="mb-3"><legend class="form-label fs-6">') and html.endswith("</fieldset>")
    assert 'class="form-check-input"' not in html.split("<input", 1)[0]  # no input class on the wrapper
    assert html.count('<div class="form-check">') == 2
    for option in form[field].subwidgets:
        assert f'<label class="form-check-label" for="{option.id_for_label}">' in html
        assert f'id="{option.id_for_label}"' in html
    if field == "choice":
        assert "Your &lt;vote&gt;" in html and "&lt;No&gt;" in html
        assert html.count("form-check-input is-invalid") == 2 and 'id="id_choice_error"' in html
        assert 'aria-describedby="id_choice_error"' in html
    else:
        assert 'value="2" id="id_people_1" checked class="form-check-input" aria-describedby="id_people_help">' in html
