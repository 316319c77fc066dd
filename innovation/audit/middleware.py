from django.conf import settings

from . import context


def client_ip(request) -> str | None:
    """The client's address. X-Forwarded-For is trusted only behind a configured proxy."""
    if settings.SECURE_PROXY_SSL_HEADER and request.headers.get("X-Forwarded-For"):
        return request.headers["X-Forwarded-For"].split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        ua = request.headers.get("User-Agent", "")[:255]
        with context.acting_as(actor, ip=client_ip(request), user_agent=ua):
            return self.get_response(request)
