from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "innovation.audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from innovation.accounts import scope

        from . import receivers  # noqa: F401  (login, logout, failure and lockout events)
        from .models import AuditEntry, ChainCheck

        # Audit rows (and the checks of their chain) hang in no org subtree: only a role with ALL
        # on audit.view reads them.
        scope.register(AuditEntry, path=None)
        scope.register(ChainCheck, path=None)
