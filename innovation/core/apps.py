from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "innovation.core"
    verbose_name = "平台基础"
