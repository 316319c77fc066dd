"""Path converters of /api/v1/: an id is a positive integer that fits the database's 64 bits.

Anything else (`abc`, `null,null`, `-1`, `99999999999999999999`) matches no route and is
answered by the JSON 404 (innovation.core.views.error_404), never by a ValueError or an
OverflowError deep in a query.
"""

from django.urls import register_converter

ID_MAX = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= ID_MAX:
            raise ValueError("out of range")  # Django: no match, so 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
