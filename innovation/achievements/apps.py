from django.apps import AppConfig


class AchievementsConfig(AppConfig):
    name = "innovation.achievements"
    verbose_name = "五小创新成果"

    def ready(self) -> None:
        from django.db.models import Q

        from innovation.accounts import scope
        from innovation.accounts.policy import Action
        from innovation.audit import tracking
        from innovation.core import workflow as kernel

        from . import models, stats, workflow  # noqa: F401  (stats registers the figures)

        kernel.register(workflow.WORKFLOW)

        def own_achievements(user):
            authored = models.Author.objects.filter(worker__user=user).values("achievement_id")
            return Q(pk__in=authored) | Q(created_by=user)

        scope.register(models.Campaign, path="union__path")

        def own_or_incubated(user):
            # A studio lead reads what his studio incubated (filed items, not drafts); he edits
            # only his own (ACHIEVEMENT_EDIT keeps own_achievements).
            return own_achievements(user) | Q(studio__leader__user=user, submitted_at__isnull=False)

        scope.register(
            models.Achievement,
            path="scope_path",
            self_q=own_achievements,
            self_q_for={Action.ACHIEVEMENT_VIEW: own_or_incubated},
        )
        # An attachment is its achievement's: same place, same owners.
        scope.register(
            models.Attachment,
            path="achievement__scope_path",
            self_q=lambda user: Q(achievement__in=models.Achievement.objects.filter(own_achievements(user))),
            self_q_for={
                Action.ACHIEVEMENT_VIEW: lambda user: Q(
                    achievement__in=models.Achievement.objects.filter(own_or_incubated(user))
                )
            },
        )
        scope.register(models.DemonstrationPost, path="scope_path", self_q=lambda user: Q(workers__user=user))
        scope.register(models.ImportBatch, path="scope_path", self_q=lambda user: Q(created_by=user))
        # A near-duplicate pair hangs where its newer item hangs (查重: county and city see it).
        scope.register(models.DuplicatePair, path="scope_path")

        tracking.track(models.Campaign)
        tracking.track(models.AwardGrade)
        tracking.track(models.RubricCriterion)
        tracking.track(models.Achievement, exclude=("search_text",))
