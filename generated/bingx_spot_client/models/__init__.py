"""Contains all the data models used in inputs/outputs"""

from .cancel_all_after import CancelAllAfter
from .cancel_all_after_response import CancelAllAfterResponse
from .cancel_open_orders_response import CancelOpenOrdersResponse
from .cancelled_order import CancelledOrder
from .cancelled_orders import CancelledOrders
from .common_symbols_response import CommonSymbolsResponse
from .error_response import ErrorResponse
from .open_order import OpenOrder
from .open_orders import OpenOrders
from .open_orders_response import OpenOrdersResponse
from .server_time import ServerTime
from .server_time_response import ServerTimeResponse
from .trading_pair import TradingPair
from .trading_pairs import TradingPairs

__all__ = (
    "CancelAllAfter",
    "CancelAllAfterResponse",
    "CancelledOrder",
    "CancelledOrders",
    "CancelOpenOrdersResponse",
    "CommonSymbolsResponse",
    "ErrorResponse",
    "OpenOrder",
    "OpenOrders",
    "OpenOrdersResponse",
    "ServerTime",
    "ServerTimeResponse",
    "TradingPair",
    "TradingPairs",
)
