from django.apps import AppConfig


class ExpertsConfig(AppConfig):
    name = "innovation.experts"
    verbose_name = "专家库"

    def ready(self) -> None:
        from django.db.models import Q

        from innovation.accounts import scope
        from innovation.audit import tracking
        from innovation.core import workflow as kernel

        from . import models, workflow

        kernel.register(workflow.WORKFLOW)

        scope.register(models.ExpertProfile, path="scope_path", self_q=lambda user: Q(user=user))
        # An assignment hangs where its achievement does; an expert's own are theirs.
        scope.register(models.Assignment, path="scope_path", self_q=lambda user: Q(expert__user=user))
        scope.register(models.Conflict, path="expert__scope_path", self_q=lambda user: Q(expert__user=user))
        scope.register(
            models.Availability, path="expert__scope_path", self_q=lambda user: Q(expert__user=user)
        )

        tracking.track(models.ExpertProfile, exclude=("phone", "phone_hash"))
        tracking.track(models.Conflict)
        tracking.track(models.Availability)
        tracking.track(models.Assignment)
