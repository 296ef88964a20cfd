"""The local exchange as an HTTP server on a loopback port (standard library only)."""

import threading
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self

import httpx

from .exchange import LocalExchange
from .raw_faults import LOOPBACK, RAW

__all__ = ["LocalServer"]

POLL_S = 0.005  # how soon stop() takes effect: a test suite stops hundreds of these
_TICK_S = 0.05  # how late a cancelAllAfter countdown may fire on an idle exchange


class LocalServer:
    """Serves ``exchange`` on ``host:port`` (port 0: a free one) in a background thread, and
    runs its cancelAllAfter countdowns on time even when no request arrives.

    ::

        with LocalServer() as server:
            client = bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, base_url=server.url)
    """

    def __init__(
        self,
        exchange: LocalExchange | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        poll: float = POLL_S,
    ) -> None:
        self.exchange = exchange if exchange is not None else LocalExchange()
        self._poll = poll  # seconds: how soon stop() takes effect, and how often an idle one wakes
        self._httpd = ThreadingHTTPServer((host, port), _handler_for(self.exchange))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Self:
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        done = threading.Event()
        ticker = threading.Thread(target=self._tick, args=(done,), daemon=True)
        ticker.start()
        try:
            self._httpd.serve_forever(poll_interval=self._poll)
        finally:
            done.set()
            ticker.join()

    def _tick(self, done: threading.Event) -> None:
        while not done.wait(_TICK_S):
            self.exchange.tick()

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _handler_for(exchange: LocalExchange) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as BingX's front end
        # TCP_NODELAY: the body, written after the headers, goes out at once; Nagle would hold
        # it for the ACK the client delays (40 ms on Linux), on every request but a
        # connection's first.
        disable_nagle_algorithm = True

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            host = self.headers.get("Host", "127.0.0.1")
            request = httpx.Request(
                self.command,
                f"http://{host}{self.path}",
                headers=list(self.headers.items()),
                content=body,
                extensions={LOOPBACK: True},
            )
            try:
                response = exchange.handle(request)
            except httpx.TransportError:
                self.close_connection = True  # a dropped connection: no answer at all
                return
            raw = response.extensions.get(RAW)
            if raw is not None:
                self._write_raw(raw)
                return
            content = response.read()
            try:
                self.send_response(response.status_code)
                for name, value in response.headers.items():
                    if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)
            except ConnectionError:
                self.close_connection = True  # the client gave up (its timeout), as clients do

        def _write_raw(self, pieces: Iterable[bytes]) -> None:
            """Bytes of a wire fault, each sent as it comes; the connection ends with them."""
            self.close_connection = True
            try:
                for piece in pieces:
                    self.wfile.write(piece)
                    self.wfile.flush()
            except OSError:
                pass  # the client gave up, as it should

        do_GET = do_POST = do_PUT = do_DELETE = _serve

        def log_message(self, format: str, *args: object) -> None:
            pass  # request lines carry signatures: never print them

    return Handler
