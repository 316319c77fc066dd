from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "innovation.core"
    verbose_name = "平台基础"

    def ready(self) -> None:
        from .speedups import cache_tables2_signatures

        cache_tables2_signatures()
