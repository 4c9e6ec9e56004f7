"""The Smart team's pages of membership (in the back office's namespace)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
