from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "innovation.recommendations"
    label = "recommendations"
    verbose_name = "向上推荐"

    def ready(self) -> None:
        from innovation.accounts import scope
        from innovation.audit import tracking
        from innovation.core import related
        from innovation.core import workflow as kernel

        from . import models, selectors, stats, workflow  # noqa: F401  (stats registers the figures)

        for model in (
            models.Contest,
            models.Recommendation,
            models.RecommendationObjection,
            models.PackageBuild,
        ):
            scope.register(model, path="scope_path")
        for flow in workflow.WORKFLOWS:
            kernel.register(flow)
        # The achievement's page shows where the item was recommended and what it won.
        related.register("achievements.achievement", selectors.achievement_related)
        for model in (models.Contest, models.ContestCategory):
            tracking.track(model)
        tracking.track(models.RecommendationObjection, exclude=("phone",))
