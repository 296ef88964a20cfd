"""BingX spot API: signing, error mapping and tools around the generated ``bingx_spot_client``.

::

    import bingx_spot
    from bingx_spot_client.api.trade import cancel_open_orders

    client = bingx_spot.make_client(api_key, secret_key)
    result = cancel_open_orders.sync(client=client, symbol="BTC-USDT")

Errors: see :mod:`bingx_spot.errors` for the tree.
"""

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (
    APIRateLimitError,
    AuthenticationError,
    BingXAPIError,
    BingXError,
    HTTPRateLimitError,
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

if TYPE_CHECKING:
    from .amounts import decimal
    from .client import make_client
    from .deadman import DeadMansSwitch, DeadMansSwitchError, NotArmedError
    from .retry import Retries
    from .sweep import CancelReport, cancel_all, cancel_all_async

__all__ = [
    "APIRateLimitError",
    "AuthenticationError",
    "BingXAPIError",
    "BingXError",
    "CancelReport",
    "DeadMansSwitch",
    "DeadMansSwitchError",
    "HTTPRateLimitError",
    "InvalidArgumentError",
    "InvalidParameterError",
    "NetworkError",
    "NotArmedError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTimeoutError",
    "ResponseError",
    "Retries",
    "ServerBusyError",
    "TimestampError",
    "__version__",
    "cancel_all",
    "cancel_all_async",
    "decimal",
    "make_client",
]

# Loaded on first use (name: module), as make_client is.
_LAZY = {
    "CancelReport": "sweep",
    "cancel_all": "sweep",
    "cancel_all_async": "sweep",
    "DeadMansSwitch": "deadman",
    "DeadMansSwitchError": "deadman",
    "NotArmedError": "deadman",
    "decimal": "amounts",
}


def __getattr__(name: str) -> Any:
    # httpx and the generated client load on first use, so importing the errors stays cheap.
    if name == "make_client":
        from .client import make_client  # noqa: PLC0415

        return make_client
    if name == "Retries":
        from .retry import Retries  # noqa: PLC0415

        return Retries
    if name in _LAZY:
        from importlib import import_module  # noqa: PLC0415

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'bingx_spot' has no attribute {name!r}")
