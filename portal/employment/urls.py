from django.urls import path

from portal.employment import views

app_name = "employment"
urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.detail, name="detail"),
]
