from django.urls import path

from portal.cooplife import views

app_name = "cooplife"
urlpatterns = [
    path("", views.home, name="home"),
    path("news/", views.news_list, name="news_list"),
    path("news/<int:pk>/", views.news_detail, name="news_detail"),
    path("events/", views.event_list, name="event_list"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/sign-up/", views.event_signup, name="event_signup"),
    path("events/<int:pk>/cancel-sign-up/", views.event_signup_cancel, name="event_signup_cancel"),
    path("events/<int:pk>/calendar.ics", views.event_ics, name="event_ics"),
]
