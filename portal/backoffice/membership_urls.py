"""The Smart team's pages of membership (in the back office's namespace)."""

from django.urls import path

from portal.backoffice import membership_views as views

urlpatterns = [
    path("applications/", views.application_queue, name="application_queue"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/payment/", views.application_payment, name="application_payment"),
    path("applications/<int:pk>/accept/", views.application_accept, name="application_accept"),
    path("applications/<int:pk>/reject/", views.application_reject, name="application_reject"),
    path("applications/<int:pk>/declaration/", views.application_declaration, name="application_declaration"),
    path("share-register/", views.share_register, name="share_register"),
    path("share-register/export/", views.share_register_export, name="share_register_export"),
    path("share-register/<int:pk>/paid/", views.share_entry_paid, name="share_entry_paid"),
    path("share-requests/", views.share_request_queue, name="share_request_queue"),
    path("share-requests/<int:pk>/accept/", views.share_request_accept, name="share_request_accept"),
    path("share-requests/<int:pk>/reject/", views.share_request_reject, name="share_request_reject"),
]
