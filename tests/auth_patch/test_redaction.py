"""One redaction module: the markers, and the old import paths naming its functions."""

import pytest

from bingx_spot import errors, redaction
from bingx_spot.cli import output as show
from bingx_spot.cli.failures import storage_text
from bingx_spot.wire import auth, storage

SIGNATURE = "ab" * 32


def test_the_old_names_are_the_redaction_modules() -> None:
    assert errors.redact is redaction.redact
    assert errors.REDACTED == redaction.REDACTED == "[redacted]"
    assert storage.masked is redaction.masked
    assert storage.scrub is redaction.scrub
    assert auth.mask is redaction.mask_key


def test_a_key_shows_its_first_four_characters() -> None:
    assert redaction.mask_key("ABCDEFGH") == "ABCD***"


def test_json_is_redacted_keys_and_all() -> None:
    doc = {"KEY12345": ["x KEY12345 y", 3, {"s": SIGNATURE}], "n": None}
    assert redaction.redact_json(doc, "KEY12345") == {
        "[redacted]": ["x [redacted] y", 3, {"s": "[redacted]"}],
        "n": None,
    }


def test_the_command_redacts_json_as_text() -> None:
    show.hide("KEY12345")
    try:
        assert show.safe(f"KEY12345 {SIGNATURE}") == "[redacted] [redacted]"
    finally:
        show.hide()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Error connecting to redis://user:pw@host:6379/0", "redis://***@host:6379/0"),
        ("redis://:pw@host and rediss://pw@other", "redis://***@host and rediss://***@other"),
        ("file:///var/x.sqlite is locked", "file:///var/x.sqlite is locked"),
    ],
)
def test_a_storage_error_loses_any_userinfo(text: str, shown: str) -> None:
    assert redaction.without_userinfo(text).endswith(shown)
    assert (
        storage_text(ValueError(text))
        == f"rate-limit storage: ValueError: {redaction.without_userinfo(text)}"
    )


def test_every_account_of_a_desk_stays_hidden() -> None:
    # Each account of --accounts logs in from its own thread: the last must not unhide the rest.
    show.hide("alpha-secret-0123456789")
    show.hide("beta-secret-0123456789")
    try:
        shown = show.safe("alpha-secret-0123456789 beta-secret-0123456789")
        assert shown == "[redacted] [redacted]"
    finally:
        show.hide()
    assert show.safe("alpha-secret-0123456789") == "alpha-secret-0123456789"  # the run is over
