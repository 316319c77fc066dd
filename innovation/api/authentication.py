"""Session authentication for /api/v1/ whose CSRF refusal speaks Chinese (DRF's is English)."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions


class SessionAuthentication(authentication.SessionAuthentication):
    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied:
            raise exceptions.PermissionDenied(
                _(
                    "CSRF 校验失败：通过浏览器会话调用接口时，写操作须带 X-CSRFToken 请求头；其他客户端请使用令牌认证。"
                )
            ) from None
