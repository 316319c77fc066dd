from django.apps import AppConfig


class PairsConfig(AppConfig):
    name = "innovation.pairs"
    label = "pairs"
    verbose_name = "金牌师徒"

    def ready(self) -> None:
        from django.db.models import Q

        from innovation.accounts import scope
        from innovation.audit import tracking
        from innovation.core import mylinks
        from innovation.core import workflow as kernel

        from . import models, selectors, stats, workflow  # noqa: F401  (stats registers the figures)

        kernel.register(workflow.WORKFLOW)

        def own_agreements(user):
            # The agreements the user is a party of (master or apprentice), any version.
            return Q(pk__in=models.Party.objects.filter(worker__user=user).values("agreement_id"))

        scope.register(models.Agreement, path="scope_path", self_q=own_agreements)
        mylinks.register("pairs", selectors.my_pair_links)

        # Every write of a draft, a signature, a target and a progress row is in the audit trail
        # (the kernel writes the steps' entries itself).
        for model in (
            models.ApprenticeCapPolicy,
            models.Agreement,
            models.Party,
            models.Target,
            models.TeachingRecord,
            models.Training,
            models.SkillLevelChange,
            models.PairPatent,
            models.Graduation,
        ):
            tracking.track(model)
