"""The member's pages of client requests (Anfragen), mounted at ``requests/``."""

from django.urls import path

from portal.clientportal import member_views as views

app_name = "client_requests"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/accept/", views.request_accept, name="accept"),
    path("<int:pk>/decline/", views.request_decline, name="decline"),
    path("<int:pk>/files/<int:file_pk>/", views.request_file, name="file"),
]
