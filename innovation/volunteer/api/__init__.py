"""The volunteer service's API: the teams (the twin of /volunteer/teams/)."""

from .teams import ServiceTeamViewSet


def register(router) -> None:
    router.register("volunteer/teams", ServiceTeamViewSet, basename="volunteer-team")
