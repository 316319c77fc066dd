from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "innovation.plans"
    label = "plans"
    verbose_name = "三年工作方案"

    def ready(self) -> None:
        from innovation.accounts import scope
        from innovation.audit import tracking

        from . import formulas, models, stats  # noqa: F401  (stats registers plan_indicators)

        # A target and a snapshot row hang where they apply: a district's at its union, a
        # whole-city row at the plan's union (models.PlanTarget.scope_source_path).
        scope.register(
            models.Plan, path="union__path"
        )  # the city's plan: its subtree's (a county reads it through its targets)
        scope.register(models.PlanTarget, path="scope_path")
        scope.register(models.Snapshot, path="scope_path")
        for model in (models.Plan, models.PlanVersion, models.Indicator):
            tracking.track(model)
