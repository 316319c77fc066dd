"""The API of 金牌师徒: agreements (list, detail, draft, each step) and their progress.
Registered on the router by config/api_urls.py (`register`); the selections add their viewsets
here beside agreements.py."""

from .agreements import PairAgreementViewSet


def register(router) -> None:
    router.register("pairs", PairAgreementViewSet, basename="pair")
