from django.urls import path

from portal.membership import views

app_name = "membership"
urlpatterns = [
    path("", views.home, name="home"),
    path("apply/", views.apply, name="apply"),
    path("apply/sent/", views.apply_sent, name="apply_sent"),
    path("apply/confirm/<str:token>/", views.verify, name="verify"),
    path("request/additional/", views.request_additional, name="request_additional"),
    path("request/termination/", views.request_termination, name="request_termination"),
    path("request/transfer/", views.request_transfer, name="request_transfer"),
    path("transfer/<int:pk>/agree/", views.transfer_agree, name="transfer_agree"),
    path("transfer/<int:pk>/decline/", views.transfer_decline, name="transfer_decline"),
    path("request/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("certificate/<int:pk>/", views.certificate_pdf, name="certificate"),
]
