from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "innovation.accounts"
    verbose_name = "账户与权限"

    def ready(self) -> None:
        from innovation.audit import tracking

        from . import models

        tracking.track(models.RoleGrant)
        tracking.track(
            models.User,
            exclude=("password", "last_login"),
        )
