from django.apps import AppConfig


class PairsConfig(AppConfig):
    name = "innovation.pairs"
    label = "pairs"
    verbose_name = "金牌师徒"

    def ready(self) -> None:
        from django.db.models import Q

        from innovation.accounts import scope
        from innovation.audit import tracking
        from innovation.awards import certificates as award_certificates
        from innovation.core import mylinks
        from innovation.core import workflow as kernel

        from . import certificates, models, selection_workflow, selectors, stats, workflow  # noqa: F401  (stats registers the figures)

        award_certificates.register_finder(certificates.facts_by_code)
        kernel.register(workflow.WORKFLOW)
        for flow in selection_workflow.WORKFLOWS:
            kernel.register(flow)

        def own_agreements(user):
            # The agreements the user is a party of (master or apprentice), any version.
            return Q(pk__in=models.Party.objects.filter(worker__user=user).values("agreement_id"))

        scope.register(models.Agreement, path="scope_path", self_q=own_agreements)
        # A pair's benefit record (名师带徒创效) hangs where its agreement does; its parties' own.
        scope.register(
            models.PairBenefit,
            path="agreement__scope_path",
            self_q=lambda user: Q(
                agreement__in=models.Agreement.objects.filter(own_agreements(user)).values("pk")
            ),
        )
        mylinks.register("pairs", selectors.my_pair_links)

        # The selections: a selection and its rows hang where its organiser or the pair's unit
        # does; an expert sees the score sheets assigned to them, a worker his own awards.
        def own_nominations(user):
            return Q(
                pk__in=models.Nomination.objects.filter(agreement__parties__worker__user=user).values("pk")
            )

        scope.register(models.Selection, path="scope_path")
        scope.register(
            models.Nomination,
            path="scope_path",
            self_q=lambda user: (
                Q(series_id__in=models.Party.objects.filter(worker__user=user).values("agreement__root_id"))
                | Q(agreement__parties__worker__user=user)
            ),
        )
        scope.register(models.PairScore, path="scope_path", self_q=lambda user: Q(expert__user=user))
        scope.register(models.PairObjection, path="scope_path", self_q=lambda user: Q(raised_by=user))
        scope.register(models.PairAward, path="scope_path", self_q=lambda user: Q(worker__user=user))

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
            models.Selection,
            models.Nomination,
            models.PairScore,
            models.PairPrizePolicy,
            models.PairAward,
            models.PairObjection,
        ):
            tracking.track(model)
