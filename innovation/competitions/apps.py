from django.apps import AppConfig


class CompetitionsConfig(AppConfig):
    name = "innovation.competitions"
    label = "competitions"
    verbose_name = "职工职业技能大赛"

    def ready(self) -> None:
        from django.db.models import Q

        from innovation.accounts import scope
        from innovation.audit import tracking
        from innovation.awards import certificates as award_certificates
        from innovation.core import workflow as kernel

        from . import certificates, models, stats, workflow  # noqa: F401  (stats registers the figures)

        award_certificates.register_finder(certificates.facts_by_code)

        for flow in workflow.WORKFLOWS:
            kernel.register(flow)

        # Events hang at their organiser; a registration where its unit does (the unit sees its
        # own contestants, the organiser above it all of them); a judge sees the occupations
        # whose panel they sit on and their own assignments.
        def judged_by(user, *, chief=False):
            rows = models.JudgeAssignment.objects.filter(judge=user)
            if chief:
                rows = rows.filter(is_chief=True)
            return rows

        scope.register(models.League, path="scope_path")
        scope.register(
            models.Competition,
            path="scope_path",
            self_q=lambda user: Q(pk__in=judged_by(user).values("occupation__competition_id")),
        )
        scope.register(
            models.Occupation,
            path="scope_path",
            self_q=lambda user: Q(pk__in=judged_by(user).values("occupation_id")),
            self_q_for={
                "competition.chief": lambda user: Q(
                    pk__in=judged_by(user, chief=True).values("occupation_id")
                )
            },
        )
        scope.register(
            models.Registration,
            path="scope_path",
            self_q=lambda user: Q(worker__user=user),
            self_q_for={
                "competition.judge": lambda user: Q(
                    occupation_id__in=judged_by(user).values("occupation_id")
                ),
            },
        )
        scope.register(models.JudgeAssignment, path="scope_path", self_q=lambda user: Q(judge=user))
        # Results, awards and promotion recommendations hang where the registration does (the
        # unit sees its own contestants', the organiser all); a worker sees his own.
        for model in (models.Result, models.CompetitionAward, models.PromotionRecommendation):
            scope.register(model, path="scope_path", self_q=lambda user: Q(registration__worker__user=user))

        for model in (
            models.League,
            models.Competition,
            models.Occupation,
            models.Section,
            models.Aspect,
            models.Registration,
            models.JudgeAssignment,
            models.Mark,
            models.TheoryScore,
            models.CompetitionAward,
            models.PromotionRecommendation,
        ):
            tracking.track(model)
