"""The API of 金牌师徒: agreements (list, detail, draft, each step) and their progress.
Registered on the router by config/api_urls.py (`register`); the selections' viewsets are in
selections.py."""

from .agreements import PairAgreementViewSet
from .benefits import PairBenefitViewSet
from .selections import (
    PairAwardViewSet,
    PairNominationViewSet,
    PairObjectionViewSet,
    PairScoreViewSet,
    PairSelectionViewSet,
)


def register(router) -> None:
    # The selections first: "pairs/<pk>" of the agreements would not match their paths anyway.
    router.register("pairs/selections", PairSelectionViewSet, basename="pair-selection")
    router.register("pairs/nominations", PairNominationViewSet, basename="pair-nomination")
    router.register("pairs/scores", PairScoreViewSet, basename="pair-score")
    router.register("pairs/awards", PairAwardViewSet, basename="pair-award")
    router.register("pairs/objections", PairObjectionViewSet, basename="pair-objection")
    router.register("pairs/benefits", PairBenefitViewSet, basename="pair-benefit")
    router.register("pairs", PairAgreementViewSet, basename="pair")
