from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "innovation.accounts"
    verbose_name = "账户与权限"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from innovation.audit import tracking

        from . import checks, models, twofactor  # noqa: F401  (checks: the deploy checks register)

        user_logged_in.connect(twofactor.forgive_failures_after_password, dispatch_uid="twofactor-forgive")

        tracking.track(models.RoleGrant)
        tracking.track(
            models.User,
            exclude=("password", "last_login"),
        )
