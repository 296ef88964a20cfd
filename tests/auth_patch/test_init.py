"""The package's public surface: what ``dir()`` and ``help()`` show."""

import io
import pydoc
import subprocess
import sys

import bingx_spot


def test_dir_lists_every_public_name() -> None:
    assert set(bingx_spot.__all__) <= set(dir(bingx_spot))


def test_every_public_name_resolves() -> None:
    for name in bingx_spot.__all__:
        assert getattr(bingx_spot, name) is not None


def test_help_names_the_main_entry_points() -> None:
    shown = io.StringIO()
    pydoc.Helper(output=shown).help(bingx_spot)  # what help(bingx_spot) prints
    text = shown.getvalue()
    for name in ("make_client", "cancel_all", "DeadMansSwitch", "Retries", "decimal"):
        assert name in text


def test_an_unknown_name_is_an_attribute_error() -> None:
    assert not hasattr(bingx_spot, "no_such_name")


def test_dir_loads_nothing_of_the_wire() -> None:
    # dir() lists the lazy names without importing them: the import stays cheap.
    code = (
        "import sys, bingx_spot; dir(bingx_spot); "
        "print([m for m in ('client', 'wire.retry', 'wire.transport', 'deadman', 'cancellation')"
        " if f'bingx_spot.{m}' in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
