"""API errors: always a 4xx with a reason for anything the caller did wrong, as a JSON object
(the schema's Error: `detail`, or one key per field)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or _("您无权执行此操作。"))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("未找到，或不在您的权限范围内。"))
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        # ValidationError("…") raised outside a serializer: every error is an object (schema: Error).
        response.data = {"detail": response.data}
    return response
