"""``make_client``: the generated ``AuthenticatedClient`` with BingX signing installed."""

import re
import ssl
from collections.abc import Callable
from typing import Literal

import httpx

from bingx_spot_client.client import AuthenticatedClient

from ._version import __version__
from .errors import InvalidArgumentError
from .wire import logs, ratelimit, spec
from .wire.auth import BingXAuth
from .wire.clock import Clock, system_clock
from .wire.network import Proxies, aiohttp_session
from .wire.retry import MAX_SECONDS, Retries
from .wire.transport import MAX_RESPONSE_BYTES, Transport

__all__ = ["DEFAULT_TIMEOUT", "USER_AGENT", "make_client"]

DEFAULT_TIMEOUT = 10.0
USER_AGENT = f"bingx-spot-sdk/{__version__}"
DEFAULT_RETRIES = Retries()
_CREDENTIAL_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f]")


def _check_credential(name: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidArgumentError(f"{name} must be a non-empty string")
    if _CREDENTIAL_UNSAFE.search(value):
        raise InvalidArgumentError(f"{name} must not contain whitespace or control characters")
    if not value.isascii():  # it goes in an HTTP header (the key) or was issued as ASCII
        raise InvalidArgumentError(f"{name} must be ASCII")
    return value


def _check_base_url(base_url: str) -> httpx.URL:
    # The messages never echo the URL: it may hold a password.
    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, TypeError):
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        raise InvalidArgumentError("base_url must be an http:// or https:// URL")
    # httpx takes any integer as a port; a socket refuses it only when the first call is made.
    if url.port is not None and not 0 < url.port <= 65535:
        raise InvalidArgumentError("base_url must have a port from 1 to 65535")
    if url.userinfo:
        raise InvalidArgumentError("base_url must not hold a user or password")
    if "?" in base_url or "#" in base_url:
        raise InvalidArgumentError("base_url must not hold a query or a fragment")
    # The path as written: decoded and encoded again, `%2F` would become `/`.
    return url.copy_with(raw_path=url.raw_path.rstrip(b"/") or b"/")


def _async_backend(
    name: str,
) -> Callable[[str | None, ssl.SSLContext], httpx.AsyncBaseTransport]:
    if name == "httpx":
        return lambda proxy, tls: httpx.AsyncHTTPTransport(verify=tls, proxy=proxy)
    if name == "aiohttp":
        try:
            from httpx_aiohttp import AiohttpTransport  # noqa: PLC0415 - an optional extra
        except ImportError:
            raise InvalidArgumentError(
                "async_backend='aiohttp' needs httpx-aiohttp: pip install 'bingx-spot-sdk[aiohttp]'"
            ) from None
        return lambda proxy, tls: AiohttpTransport(
            verify=tls,
            proxy=httpx.Proxy(proxy) if proxy else None,
            client=lambda: aiohttp_session(tls),  # made on the loop of its first request
        )
    raise InvalidArgumentError(f"async_backend must be 'httpx' or 'aiohttp', got {name!r}")


def make_client(
    api_key: str,
    secret_key: str,
    *,
    base_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    recv_window: int = 5000,
    clock: Clock = system_clock,
    transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
    retries: Retries = DEFAULT_RETRIES,
    rate_limit: bool = True,
    rate_limit_storage: str = "memory://",
    async_backend: Literal["httpx", "aiohttp"] = "httpx",
    account: str | None = None,
    proxy: str | None = None,
    max_response_bytes: int = MAX_RESPONSE_BYTES,
) -> AuthenticatedClient:
    """A client for every operation in ``bingx_spot_client.api``, sync and async.

    - ``base_url``: default the spec's first server, ``https://open-api.bingx.com``. It may have
      a path (a gateway's prefix); never a query, a fragment or a user and password.
    - ``timeout``: seconds for each of connect, read, write and pool wait; the whole call, reading
      included, ends by ``retries.deadline``.
    - ``recv_window``: ms the server accepts a request after its timestamp (1..60000), sent
      when a call gives none.
    - ``clock``: milliseconds since the epoch; injected by tests.
    - ``transport``: an httpx transport, e.g. ``bingx_spot.testing.LocalExchange().transport()``.
    - ``retries``: :class:`bingx_spot.Retries`: 2 retries within a 30 s deadline per call.
    - ``rate_limit``: keep to each operation's rate limit from the spec, client-side (default).
    - ``rate_limit_storage``: where the budget and BingX's blocks live: ``memory://`` (every
      client in this process), ``file:///path/to/file.sqlite`` (every process of this host;
      ``bingx_spot.wire.storage.host_store()`` names this user's, the command's default) or
      ``redis://host:port/db`` (every process using that Redis; needs the
      ``bingx-spot-sdk[redis]`` extra). A store that fails or stalls (a Redis down, a host file
      corrupt, unwritable, locked or owned by another user) never stops a call: it keeps to this
      process's budget meanwhile, with one WARNING on the ``bingx_spot`` logger.
    - ``account``: whose budget this client spends. BingX limits per account, not per key: give
      clients of one account's keys the same name (its UID, say) and they share one budget.
      Default: the API key (as a hash), so each key has its own. The host never splits it.
    - ``async_backend``: ``"aiohttp"`` sends async calls through aiohttp (``httpx-aiohttp``, the
      ``bingx-spot-sdk[aiohttp]`` extra), faster than httpx's own async transport.
    - ``proxy``: an ``http://`` or ``https://`` proxy URL for every request. Without it the
      environment's ``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY`` and ``NO_PROXY`` apply, as in
      httpx, read now; neither applies to a ``transport`` given here.
    - ``max_response_bytes``: the most of a body read, after decompression (default 4 MiB); a
      longer one raises :class:`~bingx_spot.ResponseError`.

    The key and secret live only in the auth, ``client.get_httpx_client().auth``: its
    ``account`` is the hash that keys the rate budget and the dead man's switch. The generated
    client's ``token`` is no credential here: it is the ``User-Agent`` it sends.
    Raises :class:`~bingx_spot.InvalidArgumentError` for a bad argument.
    """
    api_key = _check_credential("api_key", api_key)
    secret_key = _check_credential("secret_key", secret_key)
    url = _check_base_url(base_url or spec.load().default_base_url)
    base_url = str(url).rstrip("/")
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise InvalidArgumentError("timeout must be a positive number of seconds")
    if not 0 < timeout <= MAX_SECONDS:  # nan and inf included: sockets cannot take them
        raise InvalidArgumentError(
            f"timeout must be a positive number of seconds, at most {MAX_SECONDS:g}"
        )
    if not isinstance(retries, Retries):
        raise InvalidArgumentError("retries must be a bingx_spot.Retries")
    if account is not None and (not isinstance(account, str) or not account):
        raise InvalidArgumentError("account must be a non-empty string")
    if isinstance(max_response_bytes, bool) or not isinstance(max_response_bytes, int):
        raise InvalidArgumentError("max_response_bytes must be a positive integer")
    if max_response_bytes < 1:
        raise InvalidArgumentError("max_response_bytes must be a positive integer")
    if proxy is not None and not isinstance(proxy, str):
        raise InvalidArgumentError("proxy must be a URL string")
    proxies = Proxies(proxy)
    if problem := proxies.check():
        raise InvalidArgumentError(problem)
    auth = BingXAuth(
        api_key,
        secret_key,
        recv_window=recv_window,
        clock=clock,
        base_path=url.path,
        account=account,
    )
    budget = ratelimit.budget_for(rate_limit_storage) if rate_limit else None
    make_async = _async_backend(async_backend)
    logs.install(api_key, secret_key)
    # The generated client writes `prefix token` into its auth_header_name on every httpx client
    # it builds (those of with_headers() and with_timeout() copies too), and token is required:
    # some header carries it. The User-Agent as the token writes that header once; `headers=`
    # alone would still leave an `Authorization: Bearer ...` BingX never reads, `httpx_args`
    # cannot hold headers (the generated client passes its own), and the API key as the token
    # would go out on unsigned requests too: that header stays the signer's.
    return AuthenticatedClient(
        base_url=base_url,
        token=USER_AGENT,
        prefix="",
        auth_header_name="User-Agent",
        timeout=httpx.Timeout(timeout),
        httpx_args={
            "auth": auth,
            "transport": Transport(
                transport,
                auth=auth,
                retries=retries,
                budget=budget.for_account(auth.account) if budget else None,
                make_async=make_async,
                proxies=proxies,
                max_bytes=max_response_bytes,
            ),
        },
    )
