"""Money in pages: yuan with thousands separators and two decimals ("1,234,567.50"), through
the one formatter of `innovation.core.money`.

Django's floatformat "g" follows the locale, and zh-Hans has no grouping; amounts on this
platform are read by clerks and auditors, so they are always grouped, and years or counts
(which are not money) never are.
"""

from decimal import Decimal, InvalidOperation

from django import template

from innovation.core.money import format_yuan, yuan_text

register = template.Library()

__all__ = ["format_yuan", "fen_yuan", "grouped", "register", "yuan"]


@register.filter
def yuan(value) -> str:
    """A Decimal (or number) of yuan."""
    return format_yuan(value)


@register.filter
def fen_yuan(value) -> str:
    """An integer amount of fen, shown in yuan."""
    if value is None or value == "":
        return ""
    return yuan_text(int(value))


@register.filter
def grouped(value) -> str:
    """A count or an amount on a dashboard card: always grouped (6,434; 412,000,500)."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.quantize(Decimal('0.01')):,.2f}"
