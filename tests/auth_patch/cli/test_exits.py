"""The exit statuses are named once: every name is a status the command documents, no two names
share one, and every error class maps to a named status."""

import bingx_spot.errors
from bingx_spot.cli import exits


def _named() -> dict[str, int]:
    return {name: getattr(exits, name) for name in exits.__all__ if name.isupper()}


def test_every_named_status_is_documented_and_no_two_names_share_one() -> None:
    named = {name: value for name, value in _named().items() if isinstance(value, int)}
    assert sorted(named.values()) == sorted(set(named.values()))
    assert set(named.values()) == set(exits.EXIT_STATUS)


def test_every_error_class_maps_to_a_named_status_and_the_base_class_comes_last() -> None:
    named = {value for value in _named().values() if isinstance(value, int)}
    classes = [cls for cls, _ in exits.EXIT_CODES]
    assert {status for _, status in exits.EXIT_CODES} <= named
    assert classes[-1] is bingx_spot.errors.BingXError
    # First match wins: a class listed after one of its bases would never be reached.
    for later, cls in enumerate(classes):
        assert not any(issubclass(cls, base) for base in classes[:later]), cls
