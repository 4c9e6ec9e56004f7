from django.apps import AppConfig


class ClientportalConfig(AppConfig):
    name = "portal.clientportal"
    label = "clientportal"
