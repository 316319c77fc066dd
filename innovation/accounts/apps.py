from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "innovation.accounts"
    verbose_name = "账户与权限"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from innovation.audit import tracking
        from innovation.audit.models import AuditEntry, ChainCheck

        from . import checks, models, scope, twofactor  # noqa: F401  (checks: the deploy checks register)

        user_logged_in.connect(twofactor.forgive_failures_after_password, dispatch_uid="twofactor-forgive")

        # Audit rows (and the checks of their chain) hang in no org subtree: only a role with ALL
        # on audit.view reads them.
        scope.register(AuditEntry, path=None)
        scope.register(ChainCheck, path=None)

        tracking.track(models.RoleGrant)
        tracking.track(
            models.User,
            exclude=("password", "last_login"),
        )
