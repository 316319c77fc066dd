from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "innovation.api"
    verbose_name = "API"

    def ready(self):
        # The "id" path converter must be registered before any URLconf is read; the schema
        # module registers the OpenAPI extensions.
        from . import converters, schema  # noqa: F401
