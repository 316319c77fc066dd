from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "innovation.org"
    verbose_name = "组织与职工"

    def ready(self) -> None:
        from django.db.models import Q

        from innovation.accounts import scope
        from innovation.audit import tracking

        from . import models, stats  # noqa: F401  (stats registers the home-page figures)

        scope.register(models.Region, path=None)
        scope.register(
            models.TradeUnion,
            path="path",
            self_q=lambda user: Q(enterprise__workers__user=user),
        )
        scope.register(
            models.Enterprise,
            path="scope_path",
            self_q=lambda user: Q(workers__user=user),
        )
        scope.register(models.Worker, path="scope_path", self_q=lambda user: Q(user=user))
        scope.register(models.Honour, path="worker__scope_path", self_q=lambda user: Q(worker__user=user))
        scope.register(
            models.SkillLevelRecord, path="worker__scope_path", self_q=lambda user: Q(worker__user=user)
        )

        tracking.track(models.Region)
        tracking.track(models.TradeUnion)
        tracking.track(models.Enterprise)
        # Encrypted columns and look-up hashes stay out of the trail; the masked copies go in.
        tracking.track(models.Worker, exclude=("id_number", "id_number_hash", "phone", "phone_hash"))
        tracking.track(models.Honour)
        tracking.track(models.SkillLevelRecord)
