"""Bounds for the numbers a list may be filtered by.

A NumberFilter takes any decimal: `year=0` or `year=99999999999` reached Django's year lookup
(`ValueError: year 0 is out of range`, `OverflowError`), and integers beyond 64 bits reached
the database driver. Each number filter is given a range here — years 1900–2100, anything else
a signed 64-bit integer — so that such a value is a 400 with the reason. The same bounds are
written into the OpenAPI schema (BoundedDjangoFilterExtension)."""

from django.utils.translation import gettext_lazy as _
from django_filters import NumberFilter
from drf_spectacular.contrib.django_filters import DjangoFilterExtension

YEAR_RANGE = (1900, 2100)
INT64_RANGE = (-(2**63), 2**63 - 1)


def _is_year(name: str, filter_field) -> bool:
    parts = [name.removesuffix("_min").removesuffix("_max"), filter_field.lookup_expr]
    parts += (filter_field.field_name or "").split("__")[-1:]
    return any(p == "year" or p.endswith("_year") for p in parts)


def number_bounds(name: str, filter_field) -> tuple[int, int] | None:
    if not isinstance(filter_field, NumberFilter):
        return None
    return YEAR_RANGE if _is_year(name, filter_field) else INT64_RANGE


def bound_number_filters(filterset) -> None:
    """Give every number filter of this FilterSet instance its range (before its form is built)."""
    for name, filter_field in filterset.filters.items():
        bounds = number_bounds(name, filter_field)
        if bounds is None:
            continue
        low, high = bounds
        if bounds == YEAR_RANGE:
            message = _("年度须为%(low)d至%(high)d之间的整数。") % {"low": low, "high": high}
        else:
            message = _("数值超出范围（须在%(low)d至%(high)d之间）。") % {"low": low, "high": high}
        filter_field.extra.setdefault("min_value", low)
        filter_field.extra.setdefault("max_value", high)
        filter_field.extra.setdefault("decimal_places", 0 if bounds == YEAR_RANGE else None)
        messages = filter_field.extra.setdefault("error_messages", {})
        messages.setdefault("min_value", message)
        messages.setdefault("max_value", message)
        messages.setdefault("max_decimal_places", message)


class BoundedDjangoFilterExtension(DjangoFilterExtension):
    """drf-spectacular: number filters carry their minimum and maximum in the schema."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        bounds = number_bounds(field_name, filter_field)
        if bounds is not None:
            for parameter in parameters:
                schema = parameter.get("schema", {})
                schema.update({"minimum": bounds[0], "maximum": bounds[1]})
                if bounds == YEAR_RANGE:
                    schema["type"] = "integer"
        return parameters
