from django.urls import path

from portal.assembly import views

app_name = "assembly"
urlpatterns = [
    path("", views.assembly_list, name="list"),
    path("<int:pk>/", views.assembly_detail, name="detail"),
    path("<int:pk>/votes/<int:vote_pk>/", views.ballot_cast, name="ballot_cast"),
    path("<int:pk>/proxy/", views.proxy_submit, name="proxy_submit"),
    path("<int:pk>/proxy/<int:proxy_pk>/withdraw/", views.proxy_withdraw, name="proxy_withdraw"),
    path("<int:pk>/proxy/<int:proxy_pk>/file/", views.proxy_file, name="proxy_file"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_file, name="document_file"),
    path("<int:pk>/minutes/", views.minutes_file, name="minutes_file"),
]
