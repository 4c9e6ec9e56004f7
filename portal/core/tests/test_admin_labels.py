"""Every label the Django admin shows comes from a translation, so staff read it in their language."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.utils.functional import Promise

PORTAL_APPS = [config for config in apps.get_app_configs() if config.name.startswith("portal.")]
PORTAL_MODELS = [model for config in PORTAL_APPS for model in config.get_models()]


def model_id(model) -> str:
    return model._meta.label


@pytest.mark.parametrize("model", PORTAL_MODELS, ids=model_id)
def test_model_names_are_translated(model):
    assert isinstance(model._meta.verbose_name, Promise)
    assert isinstance(model._meta.verbose_name_plural, Promise)


@pytest.mark.parametrize("model", PORTAL_MODELS, ids=model_id)
def test_field_labels_are_translated(model):
    untranslated = [
        field.name
        for field in model._meta.get_fields()
        if field.concrete and not field.auto_created and not isinstance(field.verbose_name, Promise)
    ]
    assert untranslated == []


@pytest.mark.parametrize("config", [c for c in PORTAL_APPS if list(c.get_models())], ids=lambda c: c.label)
def test_apps_with_models_have_a_translated_name(config):
    assert isinstance(config.verbose_name, Promise)


def test_admin_column_callables_have_a_translated_heading():
    for model_admin in admin.site._registry.values():
        for column in model_admin.list_display:
            function = getattr(model_admin, column, None) if isinstance(column, str) else column
            if callable(function) and column != "__str__":
                assert isinstance(getattr(function, "short_description", None), Promise), (model_admin, column)


def test_admin_site_header_and_title_are_translated():
    assert isinstance(admin.site.site_header, Promise) and isinstance(admin.site.site_title, Promise)
