"""The Smart team's pages of cooplife (in the back office's namespace)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
