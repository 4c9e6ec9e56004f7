from django.urls import path

from portal.orders import views

app_name = "orders"
urlpatterns = [
    path("", views.order_list, name="list"),
    path("new/", views.order_create, name="create"),
    path("totals/", views.order_totals_preview, name="totals_preview"),
    path("<int:pk>/", views.order_detail, name="detail"),
    path("<int:pk>/edit/", views.order_edit, name="edit"),
    path("<int:pk>/submit/", views.order_submit, name="submit"),
    path("<int:pk>/delete/", views.order_delete, name="delete"),
    path("<int:pk>/duplicate/", views.order_duplicate, name="duplicate"),
    path("<int:pk>/cancel/", views.order_request_cancellation, name="request_cancellation"),
    path("<int:pk>/comment/", views.order_comment, name="comment"),
    path("<int:pk>/resend/", views.order_resend_confirmation, name="resend_confirmation"),
    path("<int:pk>/files/", views.order_attach, name="attach"),
    path("<int:pk>/files/<int:file_pk>/", views.order_file, name="file"),
    path("<int:pk>/files/<int:file_pk>/remove/", views.order_detach, name="detach"),
    path("<int:pk>/files/<int:file_pk>/share/", views.order_share_file, name="share_file"),
    path("<int:pk>/portal/", views.order_portal_visibility, name="portal_visibility"),
]
