"""API twins (filled in by the awards work)."""

api_urlpatterns: list = []


def register(router) -> None:
    pass
