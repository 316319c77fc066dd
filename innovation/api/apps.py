from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "innovation.api"
    verbose_name = "API"

    def ready(self):
        from . import converters  # noqa: F401  (registers the "id" path converter before any URLconf)
        from . import schema  # noqa: F401  (OpenAPI extensions)
