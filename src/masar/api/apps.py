from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "masar.api"
    verbose_name = "API"
