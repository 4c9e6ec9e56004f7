from django.urls import path

from portal.invoicing import views

app_name = "invoicing"
urlpatterns = [
    path("", views.invoice_list, name="list"),
    path("new/", views.invoice_create, name="create"),
    path("<int:pk>/", views.invoice_detail, name="detail"),
    path("<int:pk>/invoice.pdf", views.invoice_pdf, name="pdf"),
    path("<int:pk>/invoice.xml", views.invoice_xml, name="xml"),
    path("<int:pk>/request-changes/", views.invoice_request_changes, name="request_changes"),
    path("<int:pk>/send-now/", views.invoice_send_now, name="send_now"),
]
