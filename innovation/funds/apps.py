from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "innovation.funds"
    verbose_name = "经费台账"

    def ready(self) -> None:
        from innovation.accounts import scope
        from innovation.audit import tracking

        from . import models, stats  # noqa: F401  (stats registers funds_lines)

        scope.register(models.BudgetLine, path="scope_path")
        scope.register(models.Commitment, path="scope_path")
        scope.register(models.Payment, path="scope_path")
        scope.register(models.BudgetAmendment, path="scope_path")

        tracking.track(models.BudgetLine)
        tracking.track(models.Commitment)
        tracking.track(models.Payment)
        tracking.track(models.BudgetAmendment)
