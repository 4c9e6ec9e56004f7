from django.urls import path

from bench.reference import reference_orders

urlpatterns = [path("reference/orders/", reference_orders)]
