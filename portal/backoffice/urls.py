from django.urls import path

from portal.backoffice import client_views, invoice_views, order_views, statement_views, views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("personal-data/", views.personal_data_requests, name="personal_data_requests"),
    path("personal-data/<int:pk>/", views.personal_data_request, name="personal_data_request"),
    path("personal-data/<int:pk>/approve/", views.personal_data_request_approve, name="personal_data_request_approve"),
    path("personal-data/<int:pk>/reject/", views.personal_data_request_reject, name="personal_data_request_reject"),
    path("members/", views.members, name="members"),
    path("members/new/", views.member_create, name="member_create"),
    path("emails/", views.emails, name="emails"),
    path("emails/<int:pk>/", views.email_detail, name="email_detail"),
    path("emails/<int:pk>/resend/", views.email_resend, name="email_resend"),
    path("orders/", order_views.order_list, name="order_list"),
    path("orders/review/", order_views.order_queue, name="order_queue"),
    path("orders/<int:pk>/", order_views.order_detail, name="order_detail"),
    path("orders/<int:pk>/decide/", order_views.order_decide, name="order_decide"),
    path("orders/<int:pk>/comment/", order_views.order_comment, name="order_comment"),
    path("orders/<int:pk>/files/<int:file_pk>/", order_views.order_file, name="order_file"),
    path("clients/", client_views.client_list, name="client_list"),
    path("clients/<int:pk>/", client_views.client_detail, name="client_detail"),
    path("invoices/", invoice_views.invoice_list, name="invoice_list"),
    path("invoices/export.csv", invoice_views.invoice_export, name="invoice_export"),
    path("invoices/<int:pk>/", invoice_views.invoice_detail, name="invoice_detail"),
    path("invoices/<int:pk>/edit/", invoice_views.invoice_edit, name="invoice_edit"),
    path("invoices/<int:pk>/act/", invoice_views.invoice_act, name="invoice_act"),
    path("invoices/<int:pk>/payments/", invoice_views.invoice_payment, name="invoice_payment"),
    path("invoices/<int:pk>/invoice.pdf", invoice_views.invoice_pdf, name="pdf"),
    path("invoices/<int:pk>/invoice.xml", invoice_views.invoice_xml, name="xml"),
    path("bank-statements/", statement_views.statement_list, name="statement_list"),
    path("bank-statements/<int:pk>/", statement_views.statement_detail, name="statement_detail"),
    path("bank-statements/<int:pk>/book/", statement_views.statement_book, name="statement_book"),
    path(
        "bank-statements/<int:pk>/lines/<int:line_pk>/assign/",
        statement_views.statement_line_assign,
        name="statement_line_assign",
    ),
    path(
        "bank-statements/<int:pk>/lines/<int:line_pk>/ignore/",
        statement_views.statement_line_ignore,
        name="statement_line_ignore",
    ),
]
