"""The Smart team's general-assembly pages (in the back office's namespace)."""

from django.urls import path

from portal.backoffice import assembly_views as views

urlpatterns = [
    path("", views.assembly_list, name="assembly_list"),
    path("new/", views.assembly_create, name="assembly_create"),
    path("<int:pk>/", views.assembly_detail, name="assembly_detail"),
    path("<int:pk>/edit/", views.assembly_edit, name="assembly_edit"),
    path("<int:pk>/items/", views.item_add, name="assembly_item_add"),
    path("<int:pk>/items/<int:item_pk>/vote/", views.vote_add, name="assembly_vote_add"),
    path("<int:pk>/items/<int:item_pk>/edit/", views.item_edit, name="assembly_item_edit"),
    path("<int:pk>/items/<int:item_pk>/delete/", views.item_delete, name="assembly_item_delete"),
    path("<int:pk>/votes/<int:vote_pk>/edit/", views.vote_edit, name="assembly_vote_edit"),
    path("<int:pk>/votes/<int:vote_pk>/delete/", views.vote_delete, name="assembly_vote_delete"),
    path("<int:pk>/documents/", views.document_add, name="assembly_document_add"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_file, name="assembly_document_file"),
    path("<int:pk>/documents/<int:document_pk>/delete/", views.document_delete, name="assembly_document_delete"),
    path("<int:pk>/invite/", views.assembly_invite, name="assembly_invite"),
    path("<int:pk>/minutes/", views.minutes_upload, name="assembly_minutes_upload"),
    path("<int:pk>/minutes.pdf", views.minutes_file, name="assembly_minutes_file"),
    path("<int:pk>/proxies/<int:proxy_pk>/accept/", views.proxy_accept, name="assembly_proxy_accept"),
    path("<int:pk>/proxies/<int:proxy_pk>/reject/", views.proxy_reject, name="assembly_proxy_reject"),
    path("<int:pk>/proxies/<int:proxy_pk>/file/", views.proxy_file, name="assembly_proxy_file"),
]
