from django.apps import AppConfig


class VolunteerConfig(AppConfig):
    name = "innovation.volunteer"
    label = "volunteer"
    verbose_name = "志愿服务"

    def ready(self) -> None:
        from django.db.models import Q

        from innovation.accounts import scope
        from innovation.accounts.policy import Action
        from innovation.audit import tracking
        from innovation.core import mylinks
        from innovation.core import workflow as kernel

        from . import models, selectors, stats, workflow  # noqa: F401  (stats registers the figures)

        def own_teams(user):
            # The teams the user serves in now (leader or member).
            return Q(
                pk__in=models.TeamMember.objects.filter(worker__user=user, left_on=None).values("team_id")
            )

        scope.register(models.ServiceTeam, path="scope_path", self_q=own_teams)

        def led_teams(user):
            return models.ServiceTeam.objects.filter(leader__user=user, is_active=True)

        def team_orders(user):
            # The orders of the teams the user serves in (a member sees his team's work).
            return Q(
                team_id__in=models.TeamMember.objects.filter(worker__user=user, left_on=None).values(
                    "team_id"
                )
            )

        def claimable(user):
            # Triaged orders not yet with a team, in the area of a team the user leads.
            return Q(
                state=models.OrderState.TRIAGED,
                team__isnull=True,
                district_id__in=models.ServiceTeam.districts.through.objects.filter(
                    serviceteam__in=led_teams(user)
                ).values("region_id"),
            )

        def led_orders(user):
            return Q(team__in=led_teams(user)) | claimable(user)

        scope.register(
            models.ServiceOrder,
            path="scope_path",
            self_q=lambda user: team_orders(user) | claimable(user),
            self_q_for={Action.SERVICE_TEAM: led_orders},
        )
        scope.register(
            models.ServiceExpense,
            path="scope_path",
            self_q=lambda user: Q(order__team__in=led_teams(user)),
        )
        for flow in workflow.WORKFLOWS:
            kernel.register(flow)
        # A worker finds his teams on his home page (我的志愿服务队), not in the menu.
        mylinks.register("volunteer", selectors.my_team_links)
        # The calendar and the SLA targets are the city's data, the teams the unions': every change
        # is in the audit trail.
        for model in (
            models.CalendarDay,
            models.WorkingHours,
            models.SlaTarget,
            models.ServiceTeam,
            models.TeamMember,
            models.ServiceExpense,
        ):
            tracking.track(model)
        # The contact's phone is encrypted: the trail shows its masked companion only.
        tracking.track(models.ServiceOrder, exclude=("contact_phone",))
