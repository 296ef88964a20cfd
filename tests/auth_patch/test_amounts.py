"""bingx_spot.decimal and bingx_spot.amount: a wire price or quantity as an exact Decimal, and
back as the text that goes out; and the one exact decimal context amounts are computed in."""

from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)

import pytest

import bingx_spot
from bingx_spot import amounts, filters
from bingx_spot.testing import market


@pytest.mark.parametrize(
    ("value", "exact"),
    [
        ("0.00000398", "0.00000398"),
        ("0.0030", "0.0030"),  # zeros kept, as BingX sent them
        ("8061558", "8061558"),
        ("123456789012345678901234.000000001", "123456789012345678901234.000000001"),
        (0.1, "0.1"),  # the float's shortest repr, not its binary fraction
        (42000.5, "42000.5"),
        (0.0012, "0.0012"),
        (1e-7, "1E-7"),
        (7, "7"),
    ],
)
def test_exact(value: str | float, exact: str) -> None:
    found = bingx_spot.decimal(value)
    assert type(found) is Decimal
    assert found.as_tuple() == Decimal(exact).as_tuple()


def test_a_float_gives_its_repr_not_its_binary_value() -> None:
    assert bingx_spot.decimal(0.1) != Decimal(0.1)  # noqa: RUF032 - the binary value, on purpose
    assert bingx_spot.decimal(0.1) + bingx_spot.decimal(0.2) == Decimal("0.3")


@pytest.mark.parametrize(
    "value",
    ["NaN", "nan", "-Infinity", "inf", float("nan"), float("inf"), float("-inf"), "", "1,5", "abc",
     True, None, b"1", [1]],
)  # fmt: skip
def test_refuses_what_is_not_a_finite_number(value: object) -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError) as caught:
        bingx_spot.decimal(value)  # type: ignore[arg-type]
    assert str(caught.value).endswith(repr(value))  # the message names what was refused


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("0.1557"), "0.1557"),
        (Decimal("0.0030"), "0.0030"),  # its zeros kept
        (Decimal("1E-7"), "0.0000001"),  # str() would write 1E-7
        (Decimal("1.5E+3"), "1500"),
        (Decimal("-0"), "0"),
        ("12.479", "12.479"),
        ("1e-7", "0.0000001"),
        (1e-07, "0.0000001"),  # a float by its shortest repr
        (0.1, "0.1"),
        (42000.5, "42000.5"),
        (115, "115"),
        (Decimal("123456789012345678901234.000000001"), "123456789012345678901234.000000001"),
    ],
)
def test_amount_is_plain_decimal_text(value: Decimal | str | float, text: str) -> None:
    assert bingx_spot.amount(value) == text
    assert bingx_spot.decimal(text) == Decimal(str(value))


@pytest.mark.parametrize(
    "value", [Decimal("NaN"), Decimal("-Infinity"), float("inf"), "abc", "", True, None, b"1",
              Decimal("-0.1"), -5, "-1"],
)  # fmt: skip
def test_amount_refuses_what_is_no_price_or_quantity(value: object) -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError) as caught:
        bingx_spot.amount(value)  # type: ignore[arg-type]
    assert str(caught.value).endswith(repr(value))


def test_the_exact_context_rounds_nothing_and_takes_any_exponent() -> None:
    # PairFilters.fit and the local exchange compute in copies of it, whatever the caller's.
    exact = amounts.EXACT
    assert (exact.prec, exact.Emax, exact.Emin) == (1000, MAX_EMAX, MIN_EMIN)
    assert {signal for signal, on in exact.traps.items() if on} == {
        InvalidOperation, DivisionByZero, Overflow, Inexact
    }  # fmt: skip
    assert (exact.rounding, exact.capitals, exact.clamp) == (ROUND_HALF_EVEN, 1, 0)
    with localcontext(exact), pytest.raises(Inexact):
        Decimal(1) / 3


def test_filters_and_the_local_exchange_share_the_one_exact_context() -> None:
    assert vars(filters)["EXACT"] is amounts.EXACT  # imported, not a context of its own
    assert market.EXACT is amounts.EXACT
