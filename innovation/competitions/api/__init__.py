"""The API of the skills competitions, registered on the router by config/api_urls.py
(`register`): /api/v1/competitions… (results, awards, promotions, leagues, registrations, occupations, then the events)."""

from .results import CompetitionAwardViewSet, CompetitionPromotionViewSet, CompetitionResultViewSet
from .viewsets import (
    CompetitionJudgingViewSet,
    CompetitionLeagueViewSet,
    CompetitionOccupationViewSet,
    CompetitionRegistrationViewSet,
    CompetitionViewSet,
)


def register(router) -> None:
    router.register("competitions/judging", CompetitionJudgingViewSet, basename="competition-judging")
    router.register("competitions/results", CompetitionResultViewSet, basename="competition-result")
    router.register("competitions/awards", CompetitionAwardViewSet, basename="competition-award")
    router.register("competitions/promotions", CompetitionPromotionViewSet, basename="competition-promotion")
    router.register("competitions/leagues", CompetitionLeagueViewSet, basename="competition-league")
    router.register(
        "competitions/registrations", CompetitionRegistrationViewSet, basename="competition-registration"
    )
    router.register(
        "competitions/occupations", CompetitionOccupationViewSet, basename="competition-occupation"
    )
    router.register("competitions", CompetitionViewSet, basename="competition")
