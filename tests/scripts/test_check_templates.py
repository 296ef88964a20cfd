"""make check-templates: each override in templates/ is tied to the generator original it was
copied from, and a change of that original (a generator upgrade) fails the check."""

import shutil
import subprocess
import sys
from pathlib import Path

import openapi_python_client
import pytest

ROOT = Path(__file__).parents[2]
SCRIPT = ROOT / "scripts/check_templates.py"
TEMPLATES = ROOT / "templates"
UPSTREAM = Path(openapi_python_client.__file__).with_name("templates")


def check(templates: Path, upstream: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), str(templates), str(upstream)],
                          capture_output=True, text=True, check=False)  # fmt: skip


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    """The overrides and the generator's templates, each copied where a test may change them."""
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    shutil.copytree(UPSTREAM, tmp_path / "upstream")
    return tmp_path / "templates", tmp_path / "upstream"


def overrides() -> list[str]:
    return sorted(p.name for p in TEMPLATES.glob("*.jinja"))


def test_the_overrides_match_the_pinned_generator() -> None:
    done = check(TEMPLATES, UPSTREAM)
    assert done.returncode == 0, done.stderr
    assert overrides()  # there is something to check


@pytest.mark.parametrize("name", overrides())
def test_a_changed_original_fails(copies: tuple[Path, Path], name: str) -> None:
    templates, upstream = copies
    original = upstream / name
    original.write_text(original.read_text(encoding="utf-8") + "{# upstream fix #}\n")

    done = check(templates, upstream)

    assert done.returncode == 1
    assert f"{name}: the generator's original changed" in done.stderr


def test_an_override_without_its_record_fails(copies: tuple[Path, Path]) -> None:
    templates, upstream = copies
    shutil.copy(upstream / "types.py.jinja", templates / "types.py.jinja")

    done = check(templates, upstream)

    assert done.returncode == 1
    assert "types.py.jinja: no recorded upstream sha256" in done.stderr


def test_an_original_the_generator_dropped_fails(copies: tuple[Path, Path]) -> None:
    templates, upstream = copies
    name = overrides()[0]
    (upstream / name).unlink()

    done = check(templates, upstream)

    assert done.returncode == 1
    assert f"{name}: the generator has no such template any more" in done.stderr
