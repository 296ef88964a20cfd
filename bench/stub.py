"""A fast loopback stub of BingX for the benchmark: HTTP/1.1 keep-alive, no signature check.

Answers the documented cancel body to cancelOpenOrders, minimal market lists to what ccxt loads,
and ``{"code":0}`` to anything else. ``GET /__reset`` forgets, ``GET /__first_cancel`` tells
when the first cancel since the reset arrived (``time.time_ns()``) and how many requests came
before it. Prints its port, then serves.
"""

import asyncio
import json
import sys
import time

CANCEL = json.dumps(
    {
        "code": 0,
        "msg": "",
        "debugMsg": "",
        "data": {
            "orders": [
                {
                    "symbol": "BTC-USDT",
                    "orderId": 1735964997957275648,
                    "transactTime": 1702721242701,
                    "price": "42000.5",
                    "stopPrice": "42000.5",
                    "origQty": "0.0012",
                    "executedQty": "0",
                    "cummulativeQuoteQty": "0",
                    "status": "CANCELED",
                    "type": "LIMIT",
                    "side": "BUY",
                    "clientOrderID": "bench-1",
                }
            ]
        },
    },
    separators=(",", ":"),
).encode()
SPOT_SYMBOLS = json.dumps(
    {
        "code": 0,
        "msg": "",
        "data": {
            "symbols": [
                {
                    "symbol": "BTC-USDT",
                    "tickSize": 0.01,
                    "stepSize": 0.0001,
                    "minQty": 0.0001,
                    "maxQty": 1000,
                    "minNotional": 5,
                    "maxNotional": 1000000,
                    "status": 1,
                    "apiStateBuy": True,
                    "apiStateSell": True,
                    "timeOnline": 1700000000000,
                }
            ]
        },
    }
).encode()
EMPTY_LIST = b'{"code":0,"msg":"","data":[]}'
OK = b'{"code":0,"msg":"","data":{}}'

first_cancel_ns = 0
before_cancel = 0


def answer(method: bytes, target: bytes) -> bytes:
    global first_cancel_ns, before_cancel  # noqa: PLW0603 - one process, one stub
    path = target.split(b"?", 1)[0]
    if path.endswith(b"/trade/cancelOpenOrders"):
        if not first_cancel_ns:
            first_cancel_ns = time.time_ns()
        return CANCEL
    if not first_cancel_ns and not path.startswith(b"/__"):
        before_cancel += 1
    if path.endswith(b"/common/symbols"):
        return SPOT_SYMBOLS
    if b"/contracts" in path:
        return EMPTY_LIST
    if path == b"/__reset":
        first_cancel_ns = before_cancel = 0
        return OK
    if path == b"/__first_cancel":
        return json.dumps({"ns": first_cancel_ns, "before": before_cancel}).encode()
    return OK


class Http(asyncio.Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head = self.buffer[:end]
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length :]
            method, target = head.split(b" ", 2)[:2]
            body = answer(method, target)
            self.transport.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                % len(body)
                + body
            )


async def main() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Http, "127.0.0.1", 0, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
