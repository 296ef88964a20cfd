"""No cassette may hold a secret: key header, signature or timestamp are filtered when recording.
Every cassette says where its answers came from, and an operation the local exchange does not
trade yet answers with a body BingX was captured sending, never with one made up."""

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY
from tests.conftest import (
    CAPTURES,
    CASSETTES,
    REDACTED,
    REPLAY_KEY,
    REPLAY_SECRET,
    SOURCES,
    captured_bodies,
)

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
    live = cassette["source"] == SOURCES["live"]
    assert (hosts == {"local-exchange.invalid"}) == (not live), hosts


def _successes(cassette: dict[str, Any]) -> list[str]:
    """The bodies of the cassette's answers that are BingX successes (code 0)."""
    found = []
    for interaction in cassette["interactions"]:
        text = interaction["response"]["body"]["string"]
        if json.loads(text).get("code") == 0:
            found.append(text)
    return found


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(CASSETTES)) for p in FILES])
def test_a_captured_answer_is_the_captured_body_byte_for_byte(path: Path) -> None:
    cassette = yaml.safe_load(path.read_text(encoding="utf-8"))
    successes = _successes(cassette)
    captured = [text for text in successes if text in captured_bodies()]
    # Labelled captured exactly when an answer is one; then each success is one (serverTime's,
    # on a clock sync, aside).
    assert (cassette["source"] == SOURCES["captured"]) == bool(captured)
    if captured:
        assert all(text in captured or "serverTime" in text for text in successes)


# The order lifecycle's operations: each has a cassette whose answer is its
# captured body (tests/fixtures/captures/), and no success made up.
CAPTURED = {
    "place_order": ["surface/order_v3_doc_example.json"],
    "batch_orders": ["surface/batchOrders_v3_doc_example.json"],
    "cancel_order": ["surface/cancel_v3_doc_example.json"],
    "cancel_orders": [
        "surface/cancelOrders_v3_doc_example.json",
        "cancelOrders_jkorf_issue23_live.json",
    ],
    "query_order": ["surface/query_v3_doc_example.json"],
    "history_orders": ["surface/historyOrders_v3_doc_example.json"],
    "my_trades": ["surface/myTrades_v3_doc_example.json"],
    "balance": ["surface/balance_v3_doc_example.json"],
    "commission_rate": ["surface/commissionRate_v3_doc_example.json"],
}


@pytest.mark.parametrize(("operation", "names"), CAPTURED.items())
def test_each_operation_not_traded_locally_answers_with_its_captured_body(
    operation: str, names: list[str]
) -> None:
    answers = []
    for path in sorted((CASSETTES / operation).glob("*.yaml")):
        answers += _successes(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert answers
    assert set(answers) <= captured_bodies()  # none made up
    assert {(CAPTURES / name).read_text(encoding="utf-8") for name in names} <= set(answers)
