from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "innovation.audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (login, logout, failure and lockout events)

        # How audit rows are scoped is registered by accounts (accounts stands on audit, not the
        # reverse): see AccountsConfig.ready.
