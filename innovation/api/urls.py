from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from innovation.achievements import api as achievements_api
from innovation.org import api as org_api

from . import views

router = DefaultRouter(trailing_slash=False)
router.include_root_view = False
org_api.register(router)
achievements_api.register(router)

urlpatterns = [
    path("me", views.me, name="api-me"),
    path("stats", views.stats, name="api-stats"),
    path(
        "openapi.json",
        SpectacularAPIView.as_view(permission_classes=[AllowAny], authentication_classes=[]),
        {"format": "json"},
        name="api-schema",
    ),
    path("", include(router.urls)),
]
