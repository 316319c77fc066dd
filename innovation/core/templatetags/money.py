"""Money in pages: yuan with thousands separators and two decimals ("1,234,567.50").

Django's floatformat "g" follows the locale, and zh-Hans has no grouping; amounts on this
platform are read by clerks and auditors, so they are always grouped, and years or counts
(which are not money) never are.
"""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


def format_yuan(value) -> str:
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    return f"{amount.quantize(Decimal('0.01')):,.2f}"


@register.filter
def yuan(value) -> str:
    """A Decimal (or number) of yuan."""
    return format_yuan(value)


@register.filter
def fen_yuan(value) -> str:
    """An integer amount of fen, shown in yuan."""
    if value is None or value == "":
        return ""
    return format_yuan(Decimal(int(value)) / 100)
