from django.apps import AppConfig


class EntitiesConfig(AppConfig):
    name = "portal.entities"
    label = "entities"
