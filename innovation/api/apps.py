from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "innovation.api"
    verbose_name = "API"
