"""API twins (filled in by the experts work)."""

api_urlpatterns: list = []


def register(router) -> None:
    pass
