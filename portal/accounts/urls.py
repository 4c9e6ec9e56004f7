from django.urls import path

from portal.accounts import views

urlpatterns = [
    path("settings/", views.settings_page, name="settings"),
    path("settings/language/", views.change_language, name="settings_language"),
    path("settings/notifications/", views.change_notifications, name="settings_notifications"),
    path("role/", views.switch_role, name="switch_role"),
    path("profile/", views.profile, name="profile"),
    path("profile/change/", views.personal_data_change, name="personal_data_change"),
    path("profile/requests/<int:pk>/", views.personal_data_request, name="personal_data_request"),
    path(
        "profile/requests/<int:pk>/withdraw/",
        views.personal_data_request_withdraw,
        name="personal_data_request_withdraw",
    ),
]
