"""The volunteer service's API: the teams (the twin of /volunteer/teams/), the orders (the twin
of /volunteer/orders/) and their expenses."""

from .orders import ExpenseViewSet, OrderViewSet
from .teams import ServiceTeamViewSet


def register(router) -> None:
    router.register("volunteer/teams", ServiceTeamViewSet, basename="volunteer-team")
    router.register("volunteer/orders", OrderViewSet, basename="volunteer-order")
    router.register("volunteer/expenses", ExpenseViewSet, basename="volunteer-expense")
