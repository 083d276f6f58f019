from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "masar.api"
    verbose_name = "API"

    def ready(self) -> None:
        # drf-spectacular finds its extensions by their class being defined.
        from . import schema  # noqa: F401
