"""Prices and quantities as exact decimals, both ways.

The generated models keep a price as it came on the wire: BingX sends decimal strings
(``"0.00000398"``), some answers bare JSON numbers, so a field is typed ``float | str``.
:func:`decimal` turns either into a :class:`~decimal.Decimal` to compute with::

    total = sum(bingx_spot.decimal(order.orig_qty) for order in result.data.orders)

The operations that place an order take their amounts (``price``, ``quantity``,
``quoteOrderQty``, ``stopPrice``) as strings, the exact decimal text that goes on the wire.
:func:`amount` writes one from a ``Decimal``, never in exponent form (``str(Decimal("1E-7"))``
is ``"1E-7"``)::

    place_order.sync(client=client, ..., price=bingx_spot.amount(price))
"""

from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
)

from .errors import InvalidArgumentError

__all__ = ["amount", "decimal"]

# The one exact decimal context, for arithmetic on amounts that must not depend on the caller's
# context (PairFilters.fit, the local exchange's market): any exponent, and any rounding
# (Inexact) or operation that makes no sense raises. Never set nor changed itself: each use takes
# a copy (localcontext(EXACT, prec=...), EXACT.copy()), with the precision it needs.
EXACT = Context(
    prec=1000,
    Emax=MAX_EMAX,
    Emin=MIN_EMIN,
    traps=[InvalidOperation, DivisionByZero, Overflow, Inexact],
)


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


def amount(value: Decimal | str | float) -> str:
    """``value`` as the text a price or quantity goes out as: plain decimal digits, with a point
    where there are decimals, never an exponent. A ``Decimal`` or a string keeps its digits
    (``Decimal("0.0030")`` is ``"0.0030"``, ``Decimal("1E-7")`` is ``"0.0000001"``), a float is
    read by its shortest repr (``1e-07`` is ``"0.0000001"``), an int as it is. Nothing is
    rounded: fitting a pair's ``tickSize`` and ``stepSize`` is the caller's (BingX truncates
    finer amounts, docs/bingx-facts.md, "The rest of the spot order lifecycle"). Raises
    :class:`~bingx_spot.InvalidArgumentError` for what :func:`decimal` refuses (NaN, an
    infinity, a bool, text that is no number) and for a negative value."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidArgumentError(f"not a finite number: {value!r}")
        exact = value
    else:
        exact = decimal(value)
    if exact < 0:
        raise InvalidArgumentError(f"a price or quantity must not be negative: {value!r}")
    return format(exact.copy_abs(), "f")  # -0 is 0
