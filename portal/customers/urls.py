from django.urls import path

from portal.customers import views

app_name = "customers"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_create, name="create"),
    path("new/inline/", views.client_create_inline, name="create_inline"),
    path("search/", views.client_typeahead, name="typeahead"),
    path("search/<int:pk>/take-over/", views.client_take_over, name="take_over"),
    path("<int:pk>/", views.client_detail, name="detail"),
    path("<int:pk>/edit/", views.client_edit, name="edit"),
    path("<int:pk>/contacts/", views.client_contacts, name="contacts"),
]
