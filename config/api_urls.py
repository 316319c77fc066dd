"""The API's URLs: every app's viewsets on one router. It lives in config, the composition root
that names every app, so that `innovation.api` (the base classes each app's API stands on) names
none of them."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from innovation.achievements import api as achievements_api
from innovation.achievements.duplicates import api as duplicates_api
from innovation.api import views
from innovation.awards import api as awards_api
from innovation.competitions import api as competitions_api
from innovation.dashboards import api as dashboards_api
from innovation.experts import api as experts_api
from innovation.funds import api as funds_api
from innovation.org import api as org_api
from innovation.pairs import api as pairs_api
from innovation.plans import api as plans_api
from innovation.projects import api as projects_api
from innovation.recommendations import api as recommendations_api
from innovation.review import api as review_api
from innovation.studios import api as studios_api
from innovation.volunteer import api as volunteer_api


class Router(DefaultRouter):
    """Paths with converters, and every detail route's id through the "id" converter
    (innovation.api.converters): a non-numeric or out-of-range id is a JSON 404."""

    include_root_view = False
    include_format_suffixes = False  # JSON only

    def __init__(self):
        super().__init__(trailing_slash=False, use_regex_path=False)
        self._default_value_pattern = "id"


router = Router()
org_api.register(router)
achievements_api.register(router)
duplicates_api.register(router)
for module in (
    experts_api,
    review_api,
    awards_api,
    funds_api,
    studios_api,
    pairs_api,
    competitions_api,
    volunteer_api,
    projects_api,
    recommendations_api,
    plans_api,
):
    module.register(router)

urlpatterns = [
    path("me", views.me, name="api-me"),
    path("stats", views.stats, name="api-stats"),
    path(
        "openapi.json",
        SpectacularAPIView.as_view(permission_classes=[AllowAny], authentication_classes=[]),
        {"format": "json"},
        name="api-schema",
    ),
    *experts_api.api_urlpatterns,
    *review_api.api_urlpatterns,
    *awards_api.api_urlpatterns,
    *funds_api.api_urlpatterns,
    *studios_api.api_urlpatterns,
    *dashboards_api.api_urlpatterns,
    path("", include(router.urls)),
]
