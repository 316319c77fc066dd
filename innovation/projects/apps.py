from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "innovation.projects"
    label = "projects"
    verbose_name = "技术攻关"

    def ready(self) -> None:
        from django.db.models import Q

        from innovation.accounts import scope
        from innovation.accounts.policy import Action
        from innovation.audit import tracking
        from innovation.core import related
        from innovation.core import workflow as kernel

        from . import models, selectors, stats, workflow  # noqa: F401  (stats registers the figures)

        def members_of(user):
            # A worker sees the projects he is a member of; a studio's lead those of his studios.
            return Q(pk__in=models.ProjectMember.objects.filter(worker__user=user).values("project_id")) | Q(
                studio__leader__user=user
            )

        def led_studios(user):
            return Q(studio__leader__user=user)

        scope.register(
            models.Project,
            path="scope_path",
            self_q=members_of,
            self_q_for={Action.PROJECT_MANAGE: led_studios},
        )
        scope.register(
            models.ProjectSupport,
            path="scope_path",
            self_q=lambda user: Q(project__in=models.Project.objects.filter(members_of(user))),
        )
        for flow in workflow.WORKFLOWS:
            kernel.register(flow)
        # The achievement filed from a project links back to it on its page.
        related.register("achievements.achievement", selectors.achievement_related)
        for model in (models.Project, models.ProjectMember, models.Milestone, models.ProjectSupport):
            tracking.track(model)
