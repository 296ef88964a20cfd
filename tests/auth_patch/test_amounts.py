"""bingx_spot.decimal: a wire price or quantity as an exact Decimal."""

from decimal import Decimal

import pytest

import bingx_spot


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
