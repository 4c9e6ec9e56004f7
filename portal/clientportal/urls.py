from django.urls import path

from portal.clientportal import views

app_name = "clientportal"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.home, name="login"),
]
