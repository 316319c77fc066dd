"""OpenAPI schema extensions for /api/v1/ (imported by ApiConfig.ready)."""

from drf_spectacular.authentication import SessionScheme


class ChineseSessionScheme(SessionScheme):
    target_class = "innovation.api.authentication.SessionAuthentication"
