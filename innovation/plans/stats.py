"""`plan_indicators` for /api/v1/stats: indicator code → {"target", "actual", "status"} of the
current plan year (the latest year with targets not after today's year) of the version in force,
in the caller's scope (a county: its own district's targets and actuals; see
`progress.indicator_totals`); "actual" is None and "status" "unavailable" where no module
provides the indicator yet. An empty dict for whoever cannot see plans."""

from innovation.core.stats import StatsProvider, register

from . import progress, selectors


def plan_more(user) -> dict:
    today = progress.today_local()
    plan = selectors.plans_visible_to(user).order_by("-adopted_on", "-id").first()
    version = selectors.current_version(plan, today) if plan is not None else None
    year = selectors.plan_year(version, today) if version is not None else None
    if year is None:
        return {"plan_indicators": {}}
    return {"plan_indicators": progress.indicator_totals(user, version, year, today=today)}


register(StatsProvider(name="plans", compute=lambda user: [], more=plan_more))
