"""Prices and quantities as exact decimals.

The generated models keep a price as it came on the wire: BingX sends decimal strings
(``"0.00000398"``), some answers bare JSON numbers, so a field is typed ``float | str``.
:func:`decimal` turns either into a :class:`~decimal.Decimal` to compute with::

    total = sum(bingx_spot.decimal(order.orig_qty) for order in result.data.orders)
"""

from decimal import Decimal, InvalidOperation

from .errors import InvalidArgumentError

__all__ = ["decimal"]


def decimal(value: str | float) -> Decimal:
    """``value`` as an exact :class:`~decimal.Decimal`: a string digit for digit (``"0.0030"``
    keeps its zeros), a float by its shortest repr (``0.1`` gives ``Decimal("0.1")``, not the
    binary fraction ``Decimal(0.1)`` holds), an int as it is. Raises
    :class:`~bingx_spot.InvalidArgumentError` (a ``ValueError``) for NaN, an infinity, a bool or
    a string that is not a number."""
    if isinstance(value, bool) or not isinstance(value, str | float | int):
        raise InvalidArgumentError(f"not a price or quantity: {value!r}")
    try:
        exact = Decimal(repr(value) if isinstance(value, float) else value)
    except InvalidOperation:
        raise InvalidArgumentError(f"not a decimal number: {value!r}") from None
    if not exact.is_finite():
        raise InvalidArgumentError(f"not a finite number: {value!r}")
    return exact
