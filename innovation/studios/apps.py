from django.apps import AppConfig


class StudiosConfig(AppConfig):
    name = "innovation.studios"
    verbose_name = "创新工作室"

    def ready(self) -> None:
        from django.db.models import Q

        from innovation.accounts import scope
        from innovation.accounts.policy import Action
        from innovation.audit import tracking
        from innovation.core import workflow as kernel

        from . import models, stats  # noqa: F401  (stats registers the studio figures)
        from .naming import workflow as naming_workflow
        from .reports import workflow as reports_workflow
        from .subsidies import workflow as subsidies_workflow

        kernel.register(naming_workflow.WORKFLOW)
        kernel.register(reports_workflow.WORKFLOW)
        kernel.register(subsidies_workflow.WORKFLOW)

        def led_by(user):
            on_roster = models.Member.objects.filter(worker__user=user, left_on__isnull=True)
            return Q(leader__user=user) | Q(pk__in=on_roster.values("studio_id"))

        scope.register(
            models.Studio,
            path="scope_path",
            self_q=led_by,
            self_q_for={Action.STUDIO_REPORT: lambda user: Q(leader__user=user)},
        )
        scope.register(models.StudioApplication, path="scope_path", self_q=lambda user: Q(created_by=user))
        scope.register(models.YearReport, path="scope_path", self_q=lambda user: Q(studio__leader__user=user))
        scope.register(models.Assessment, path="scope_path", self_q=lambda user: Q(studio__leader__user=user))
        scope.register(models.SubsidyRound, path="scope_path")
        scope.register(models.Alliance, path="scope_path")

        from django.urls import reverse

        from innovation.funds import sources

        def round_of_line(line_id: int) -> str:
            return reverse(
                "studios:subsidy_round", args=[models.SubsidyLine.objects.get(pk=line_id).round_id]
            )

        sources.register("studio_subsidy", label="工作室补助", url=round_of_line)

        from innovation.core import mylinks

        from .selectors import my_studio_links

        mylinks.register("studios", my_studio_links)

        for model in (
            models.Studio,
            models.Naming,
            models.Member,
            models.StudioApplication,
            models.YearReport,
            models.Assessment,
            models.AssessmentRubric,
            models.SubsidyPolicy,
            models.SubsidyRound,
            models.SubsidyLine,
            models.Alliance,
            models.AllianceProject,
        ):
            tracking.track(model)
