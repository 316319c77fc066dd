"""API twins (filled in by the funds work)."""

api_urlpatterns: list = []


def register(router) -> None:
    pass
