"""BingX spot API: signing, error mapping and tools around the generated ``bingx_spot_client``.

::

    import bingx_spot
    from bingx_spot_client.api.trade import cancel_open_orders

    client = bingx_spot.make_client(api_key, secret_key)
    result = cancel_open_orders.sync(client=client, symbol="BTC-USDT")

Errors: see :mod:`bingx_spot.errors` for the tree.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .amounts import amount, decimal
from .errors import (
    APIRateLimitError,
    AuthenticationError,
    BingXAPIError,
    BingXError,
    HTTPRateLimitError,
    InsufficientBalanceError,
    InvalidArgumentError,
    InvalidParameterError,
    NetworkError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestTimeoutError,
    ResponseError,
    ServerBusyError,
    TimestampError,
)
from .filters import FittedOrder, PairFilters, pair_filters, pair_filters_async
from .history import iter_order_history, iter_order_history_async

if TYPE_CHECKING:
    from .cancellation import CancelReport, cancel_all, cancel_all_async
    from .client import make_client
    from .deadman import DeadMansSwitch, DeadMansSwitchError, NotArmedError
    from .wire.retry import Retries

__all__ = [
    "APIRateLimitError",
    "AuthenticationError",
    "BingXAPIError",
    "BingXError",
    "CancelReport",
    "DeadMansSwitch",
    "DeadMansSwitchError",
    "FittedOrder",
    "HTTPRateLimitError",
    "InsufficientBalanceError",
    "InvalidArgumentError",
    "InvalidParameterError",
    "NetworkError",
    "NotArmedError",
    "NotFoundError",
    "PairFilters",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTimeoutError",
    "ResponseError",
    "Retries",
    "ServerBusyError",
    "TimestampError",
    "__version__",
    "amount",
    "cancel_all",
    "cancel_all_async",
    "decimal",
    "iter_order_history",
    "iter_order_history_async",
    "make_client",
    "pair_filters",
    "pair_filters_async",
]

# Loaded on first use (name: module), yet listed by dir() and help() as the rest are. Each costs
# too much at import: bench/run.py's "import bingx_spot + operation" (1.51x `import httpx` in
# BENCHMARKS.md; the target is 1.6x) goes up, in medians of 31 to 61 interleaved runs, by 0.07x
# with cancellation alone (its module and the generated endpoints it uses: 1.58x, no room left
# for the noise between runs), 0.26x with deadman (asyncio), 0.45x with retry and 0.6x with client
# (the transport, httpcore, the rate budget's sqlite3). decimal and amount (amounts) cost nothing
# measurable; filters and history (which import the generated modules and the spec only when
# called) about 0.09x in medians of 21 interleaved runs (1.51x with them, 1.42x without): kept
# plain, inside the target.
_LAZY = {
    "CancelReport": "cancellation",
    "cancel_all": "cancellation",
    "cancel_all_async": "cancellation",
    "make_client": "client",
    "Retries": "wire.retry",
    "DeadMansSwitch": "deadman",
    "DeadMansSwitchError": "deadman",
    "NotArmedError": "deadman",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'bingx_spot' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
