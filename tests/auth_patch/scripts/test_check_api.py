"""make check-api: a breaking change fails unless the version was bumped as semver asks."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[3]
SCRIPT = ROOT / "auth_patch/scripts/check_api.py"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for folder in ("auth_patch", "generated"):
        shutil.copytree(ROOT / folder, tmp_path / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    return tmp_path


def check(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), "HEAD"], cwd=repo, capture_output=True,
                          text=True, check=False)  # fmt: skip


def set_version(repo: Path, version: str) -> None:
    # Wherever the package keeps its version (its own module, or __init__).
    [module] = [
        path
        for path in (repo / "auth_patch/bingx_spot").glob("*.py")
        if '__version__ = "0.1.0"' in path.read_text(encoding="utf-8")
    ]
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace('__version__ = "0.1.0"', f'__version__ = "{version}"'))


def break_api(repo: Path) -> None:
    # A keyword of the public make_client disappears.
    client = repo / "auth_patch/bingx_spot/client.py"
    text = client.read_text(encoding="utf-8")
    client.write_text(text.replace("    recv_window: int = 5000,\n", "", 1), encoding="utf-8")


def test_no_change_passes(repo: Path) -> None:
    done = check(repo)
    assert done.returncode == 0, done.stdout
    assert "0 breaking change(s)" in done.stdout


@pytest.mark.parametrize(("version", "passes"), [("0.1.1", False), ("0.2.0", True)])
def test_a_break_needs_a_minor_bump_while_0x(repo: Path, version: str, passes: bool) -> None:
    break_api(repo)
    set_version(repo, version)
    done = check(repo)

    assert "recv_window" in done.stdout
    assert (done.returncode == 0) is passes, done.stdout
