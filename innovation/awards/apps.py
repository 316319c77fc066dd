from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "innovation.awards"
    verbose_name = "评审与奖励"

    def ready(self) -> None:
        from django.db.models import Q

        from innovation.accounts import scope
        from innovation.audit import tracking
        from innovation.core import workflow as kernel

        from . import models, stats, workflow  # noqa: F401  (stats registers the award figures)

        kernel.register(workflow.DECISION)
        kernel.register(workflow.OBJECTION)

        def own_awards(user):
            return Q(shares__author__worker__user=user)

        # A decision and its notice hang at the campaign's union; the notice is public.
        scope.register(models.Decision, path="scope_path")
        scope.register(models.DecisionLine, path="decision__scope_path")
        scope.register(models.Objection, path="scope_path", self_q=lambda user: Q(raised_by=user))
        scope.register(models.Award, path="scope_path", self_q=own_awards)
        scope.register(
            models.AwardShare, path="award__scope_path", self_q=lambda user: Q(author__worker__user=user)
        )
        scope.register(models.MayDayQuota, path="scope_path")
        # A campaign's certificate zip hangs at the campaign's union, like the campaign.
        scope.register(models.CertificateArchive, path="scope_path")

        from django.urls import reverse

        from innovation.funds import sources

        def award_of_share(share_id: int) -> str:
            return reverse("awards:detail", args=[models.AwardShare.objects.get(pk=share_id).award_id])

        sources.register("award_share", label="获奖成果奖金", url=award_of_share)

        tracking.track(models.Decision)
        tracking.track(models.DecisionLine)
        tracking.track(models.Objection, exclude=("phone", "phone_hash"))
        tracking.track(models.Award)
        tracking.track(models.AwardShare)
        tracking.track(models.MayDayQuota)
        tracking.track(models.MayDayCandidate)
