from django.urls import path

from portal.community import views

app_name = "community"
urlpatterns = [
    path("", views.post_list, name="list"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("members/", views.profiles, name="profiles"),
    path("profile/", views.profile, name="profile"),
    path("settings/", views.subscriptions, name="settings"),
]
