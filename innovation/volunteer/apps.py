from django.apps import AppConfig


class VolunteerConfig(AppConfig):
    name = "innovation.volunteer"
    label = "volunteer"
    verbose_name = "志愿服务"

    def ready(self) -> None:
        from django.db.models import Q

        from innovation.accounts import scope
        from innovation.audit import tracking
        from innovation.core import mylinks

        from . import models, selectors, stats  # noqa: F401  (stats registers the figures)

        def own_teams(user):
            # The teams the user serves in now (leader or member).
            return Q(
                pk__in=models.TeamMember.objects.filter(worker__user=user, left_on=None).values("team_id")
            )

        scope.register(models.ServiceTeam, path="scope_path", self_q=own_teams)
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
        ):
            tracking.track(model)
