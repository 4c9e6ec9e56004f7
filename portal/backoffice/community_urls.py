"""The Smart team's pages of community (in the back office's namespace)."""

from django.urls import path

from portal.backoffice import community_views

urlpatterns = [
    path("", community_views.community_queue, name="community_queue"),
    path("<int:pk>/", community_views.community_post, name="community_post"),
    path("<int:pk>/approve/", community_views.community_approve, name="community_approve"),
    path("<int:pk>/reject/", community_views.community_reject, name="community_reject"),
]
