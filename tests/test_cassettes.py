"""No cassette may hold a secret: key header, signature or timestamp are filtered when recording.
Every cassette says where its answers came from."""

import re
from pathlib import Path

import httpx
import pytest
import yaml

from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY
from tests.conftest import CASSETTES, REDACTED, REPLAY_KEY, REPLAY_SECRET, SOURCES

FILES = sorted(CASSETTES.rglob("*.yaml"))
SECRET_SHAPED = [
    re.compile(r"[0-9a-f]{64}"),  # an HMAC-SHA256 signature
    re.compile(r"[?&]signature="),
    re.compile(r"[?&]timestamp="),
    re.compile(r"(?i)x-bx-apikey:\s*\n\s*-\s*(?!REDACTED\b)\S"),
]


def test_there_are_cassettes_for_every_operation_module() -> None:
    modules = {
        p.stem.removeprefix("test_") for p in Path(__file__).parent.glob("operations/test_*.py")
    }
    assert modules
    assert {p.name for p in CASSETTES.iterdir()} == modules


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(CASSETTES)) for p in FILES])
def test_cassette_holds_no_secret(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for pattern in SECRET_SHAPED:
        assert not pattern.search(text), f"{pattern.pattern} in {path.name}"
    for secret in (DEMO_API_KEY, DEMO_SECRET_KEY, REPLAY_KEY, REPLAY_SECRET):
        assert secret not in text
    for interaction in yaml.safe_load(text)["interactions"]:
        headers = {k.lower(): v for k, v in interaction["request"]["headers"].items()}
        if "x-bx-apikey" in headers:
            assert headers["x-bx-apikey"] == [REDACTED]


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(CASSETTES)) for p in FILES])
def test_cassette_says_where_its_answers_came_from(path: Path) -> None:
    cassette = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert cassette["source"] in SOURCES.values()
    hosts = {httpx.URL(i["request"]["uri"]).host for i in cassette["interactions"]}
    local = cassette["source"] == SOURCES["local"]
    assert (hosts == {"local-exchange.invalid"}) == local, hosts
