"""docs/operations.md runs: each example, in order, on a client whose every answer is BingX's
captured body for the path it calls (tests/fixtures/captures/), and prints what the page says."""

import contextlib
import io
import re
from pathlib import Path

import httpx

import bingx_spot
from tests.variants import capture

PAGE = Path(__file__).parent.parent / "docs" / "operations.md"
V1 = "/openApi/spot/v1/"
# The path each captured success answers.
ANSWERS = {
    V1 + "trade/order": "surface/order_v3_doc_example.json",
    V1 + "trade/batchOrders": "surface/batchOrders_v3_doc_example.json",
    V1 + "trade/cancel": "surface/cancel_v3_doc_example.json",
    V1 + "trade/cancelOrders": "surface/cancelOrders_v3_doc_example.json",
    V1 + "trade/query": "surface/query_v3_doc_example.json",
    V1 + "trade/historyOrders": "surface/historyOrders_v3_doc_example.json",
    V1 + "trade/myTrades": "surface/myTrades_v3_doc_example.json",
    V1 + "account/balance": "surface/balance_v3_doc_example.json",
    V1 + "user/commissionRate": "surface/commissionRate_v3_doc_example.json",
    V1 + "common/symbols": "surface/commonSymbols_v3_doc_example.json",
}


def answer(request: httpx.Request) -> httpx.Response:
    body = capture(ANSWERS[request.url.path])
    return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})


def test_every_example_of_the_operations_page_runs_on_the_captured_answers() -> None:
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
    client = bingx_spot.make_client(
        "KEYdocs", "SECdocs", transport=httpx.MockTransport(answer), rate_limit=False
    )
    printed = io.StringIO()
    scope: dict[str, object] = {"client": client, "alert": print}
    with client, contextlib.redirect_stdout(printed):
        for block in blocks:
            exec(block, scope)  # noqa: S102 - the page's own examples

    # One example per answer, plus placing safely, paging and fitting an order.
    assert len(blocks) == len(ANSWERS) + 3
    lines = printed.getvalue().splitlines()
    assert "1735963671248581120 PENDING" in lines  # as the placing example says
    failed = "1874730962584076288 the  orderId:1874730962584076288 order status :CANCELED,"
    assert any(line.startswith(failed) for line in lines)  # the fail, its id a string
    assert scope["cancelled"] == [1735964997957275648, 1735965127519326208]
    assert scope["paid"] == bingx_spot.decimal("-0.000046483255") + bingx_spot.decimal("-1.2493E-7")
    assert (str(scope["tick"]), str(scope["step"])) == ("0.01", "0.00001")
    assert "1735966927102231296 CANCELED" in lines  # paged
    assert "{'price': '64123.45', 'quantity': '0.00123'}" in lines  # fitted
