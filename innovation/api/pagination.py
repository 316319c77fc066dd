from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from innovation.core.pagination import KeysFirstPaginator


class Pagination(PageNumberPagination):
    """Pages of 50 by default; `page_size` 1–500, anything else is a 400 with the reason."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        raw = request.query_params.getlist(self.page_size_query_param)
        if not raw:
            return self.page_size
        message = _("每页条数（page_size）须为1至%(max)d之间的整数。") % {"max": self.max_page_size}
        if len(raw) > 1:
            raise ValidationError({self.page_size_query_param: [message]})
        value = raw[0].strip()
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [message]})
        return int(value)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
            elif parameter["name"] == self.page_query_param:
                parameter["schema"].update({"minimum": 1})
        return parameters


class KeysFirstPagination(Pagination):
    """For big scoped lists: each page's keys are found first (innovation.core.pagination)."""

    django_paginator_class = KeysFirstPaginator
