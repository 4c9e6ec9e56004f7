from django.urls import path

from portal.clientportal import views

app_name = "clientportal"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.client_login, name="login"),
    path("orders/", views.order_list, name="orders"),
    path("orders/<int:pk>/", views.order_detail, name="order"),
    path("orders/<int:pk>/answer/", views.order_answer, name="order_answer"),
    path("orders/<int:pk>/offer.pdf", views.order_offer_pdf, name="order_offer_pdf"),
    path("invoices/", views.invoice_list, name="invoices"),
    path("invoices/<int:pk>/", views.invoice_detail, name="invoice"),
    path("invoices/<int:pk>/invoice.pdf", views.invoice_pdf, name="invoice_pdf"),
    path("invoices/<int:pk>/invoice.xml", views.invoice_xml, name="invoice_xml"),
    path("documents/", views.document_list, name="documents"),
    path("documents/files/<int:pk>/", views.shared_file, name="shared_file"),
    path("requests/", views.request_list, name="requests"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("requests/<int:pk>/files/<int:file_pk>/", views.request_file, name="request_file"),
    path("profile/", views.profile, name="profile"),
]
