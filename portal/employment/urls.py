from django.urls import path

from portal.employment import views

app_name = "employment"
urlpatterns = [
    path("", views.home, name="home"),
    path("request/", views.request_create, name="request_create"),
    path("request/live/", views.request_live, name="request_live"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.request_edit, name="request_edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/change/", views.change_request, name="change_request"),
    path("<int:pk>/certificate/", views.certificate_request, name="certificate_request"),
    path("<int:pk>/contract/<int:number>/", views.contract_file, name="contract_file"),
    path("<int:pk>/contract/<int:number>/signed/", views.signed_contract_file, name="signed_contract_file"),
    path("<int:pk>/payslips/<int:payslip>/", views.payslip_file, name="payslip_file"),
    path("<int:pk>/certificates/<int:certificate>/", views.certificate_file, name="certificate_file"),
]
