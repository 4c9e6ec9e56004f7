import pytest
from django.contrib import admin
from django.urls import reverse

from conftest import logged_in

pytestmark = pytest.mark.django_db


def test_every_admin_page_renders(admin, member, staff, customer, entities):
    http = logged_in(admin)
    for model, model_admin in admin_site_models():
        info = (model._meta.app_label, model._meta.model_name)
        assert http.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200, info
        if model_admin.has_add_permission(request=_Request(admin)):
            assert http.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200, info
        obj = model.objects.first()
        if obj is not None:
            assert http.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk])).status_code == 200, info


def admin_site_models():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items()]


class _Request:
    def __init__(self, user):
        self.user = user
