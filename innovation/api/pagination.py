from rest_framework.pagination import PageNumberPagination

from innovation.core.pagination import KeysFirstPaginator


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class KeysFirstPagination(Pagination):
    """For big scoped lists: each page's keys are found first (innovation.core.pagination)."""

    django_paginator_class = KeysFirstPaginator
