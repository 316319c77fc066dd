"""Every HTML list of the product, found in the URLconf (not a hand-made list): each route whose
view is a ScopedListView, with what a test needs to open it."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from innovation.core.generic import ScopedListView


@dataclass(frozen=True)
class ListRoute:
    name: str  # namespace:url_name
    route: str  # the pattern, e.g. "review/ranking/<int:campaign_id>/"
    view: type[ScopedListView]

    @property
    def kwargs(self) -> tuple[str, ...]:
        """The route's parameters, e.g. ("campaign_id",)."""
        return tuple(re.findall(r"<(?:\w+:)?(\w+)>", self.route))


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace, pattern


def list_routes() -> list[ListRoute]:
    routes = []
    for route, namespace, pattern in _walk(get_resolver().url_patterns):
        view = getattr(pattern.callback, "view_class", None)
        if view is not None and issubclass(view, ScopedListView):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            routes.append(ListRoute(name=name, route=route, view=view))
    return routes
