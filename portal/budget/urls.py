from django.urls import path

from portal.budget import views

app_name = "budget"
urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/statement.csv", views.statement_csv, name="statement_csv"),
    path("<int:pk>/statement.pdf", views.statement_pdf, name="statement_pdf"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/members/<int:participant_pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/members/<int:participant_pk>/role/", views.member_role, name="member_role"),
    path("<int:pk>/transfer/", views.transfer_create, name="transfer_create"),
    path("collective/new/", views.collective_create, name="collective_create"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("transfers/", views.transfer_list, name="transfer_list"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/withdraw/", views.transfer_withdraw, name="transfer_withdraw"),
]
