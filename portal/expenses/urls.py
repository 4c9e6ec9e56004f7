from django.urls import path

from portal.expenses import travel_views, views

app_name = "expenses"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("receipts/", views.receipt_list, name="receipts"),
    path("receipts/new/", views.receipt_create, name="receipt_create"),
    path("receipts/<int:pk>/", views.receipt_edit, name="receipt_edit"),
    path("receipts/<int:pk>/delete/", views.receipt_delete, name="receipt_delete"),
    path("receipts/<int:pk>/file/", views.receipt_file, name="receipt_file"),
    path("reimbursement/new/", views.reimbursement_create, name="reimbursement_create"),
    path("reimbursement/preview/", views.reimbursement_preview, name="reimbursement_preview"),
    path("<int:pk>/reimbursement/", views.reimbursement_edit, name="reimbursement_edit"),
    path("direct-payment/new/", views.direct_payment_create, name="direct_payment_create"),
    path("<int:pk>/direct-payment/", views.direct_payment_edit, name="direct_payment_edit"),
    path("travel/new/", travel_views.travel_create, name="travel_create"),
    path("travel/days/", travel_views.travel_days, name="travel_days"),
    path("<int:pk>/travel/", travel_views.travel_edit, name="travel_edit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/invoice/", views.invoice_file, name="invoice_file"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
