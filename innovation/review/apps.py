from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "innovation.review"
    verbose_name = "专家评审"

    def ready(self) -> None:
        from django.db.models import Q

        from innovation.accounts import scope

        from . import models

        scope.register(
            models.ScoreSheet,
            path="assignment__scope_path",
            self_q=lambda user: Q(assignment__expert__user=user),
        )
        scope.register(models.ItemResult, path="scope_path")
        scope.register(models.ScoringClosure, path="scope_path")
