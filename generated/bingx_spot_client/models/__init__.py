"""Contains all the data models used in inputs/outputs"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .balance import Balance
    from .balance_response import BalanceResponse
    from .batch_order import BatchOrder
    from .batch_orders_response import BatchOrdersResponse
    from .cancel_all_after import CancelAllAfter
    from .cancel_all_after_response import CancelAllAfterResponse
    from .cancel_failure import CancelFailure
    from .cancel_open_orders_response import CancelOpenOrdersResponse
    from .cancel_order_response import CancelOrderResponse
    from .cancel_orders_response import CancelOrdersResponse
    from .cancel_orders_result import CancelOrdersResult
    from .cancelled_order import CancelledOrder
    from .cancelled_orders import CancelledOrders
    from .commission_rate import CommissionRate
    from .commission_rate_response import CommissionRateResponse
    from .common_symbols_response import CommonSymbolsResponse
    from .error_response import ErrorResponse
    from .fill import Fill
    from .history_orders_response import HistoryOrdersResponse
    from .my_trades import MyTrades
    from .my_trades_response import MyTradesResponse
    from .open_order import OpenOrder
    from .open_orders import OpenOrders
    from .open_orders_response import OpenOrdersResponse
    from .order_detail import OrderDetail
    from .order_history import OrderHistory
    from .place_order_response import PlaceOrderResponse
    from .placed_order import PlacedOrder
    from .placed_orders import PlacedOrders
    from .query_order_response import QueryOrderResponse
    from .server_time import ServerTime
    from .server_time_response import ServerTimeResponse
    from .spot_balances import SpotBalances
    from .trading_pair import TradingPair
    from .trading_pairs import TradingPairs

__all__ = (
    "Balance",
    "BalanceResponse",
    "BatchOrder",
    "BatchOrdersResponse",
    "CancelAllAfter",
    "CancelAllAfterResponse",
    "CancelFailure",
    "CancelledOrder",
    "CancelledOrders",
    "CancelOpenOrdersResponse",
    "CancelOrderResponse",
    "CancelOrdersResponse",
    "CancelOrdersResult",
    "CommissionRate",
    "CommissionRateResponse",
    "CommonSymbolsResponse",
    "ErrorResponse",
    "Fill",
    "HistoryOrdersResponse",
    "MyTrades",
    "MyTradesResponse",
    "OpenOrder",
    "OpenOrders",
    "OpenOrdersResponse",
    "OrderDetail",
    "OrderHistory",
    "PlacedOrder",
    "PlacedOrders",
    "PlaceOrderResponse",
    "QueryOrderResponse",
    "ServerTime",
    "ServerTimeResponse",
    "SpotBalances",
    "TradingPair",
    "TradingPairs",
)

# name -> the module that defines it
_HOMES = {
    "Balance": ".balance",
    "BalanceResponse": ".balance_response",
    "BatchOrder": ".batch_order",
    "BatchOrdersResponse": ".batch_orders_response",
    "CancelAllAfter": ".cancel_all_after",
    "CancelAllAfterResponse": ".cancel_all_after_response",
    "CancelFailure": ".cancel_failure",
    "CancelOpenOrdersResponse": ".cancel_open_orders_response",
    "CancelOrderResponse": ".cancel_order_response",
    "CancelOrdersResponse": ".cancel_orders_response",
    "CancelOrdersResult": ".cancel_orders_result",
    "CancelledOrder": ".cancelled_order",
    "CancelledOrders": ".cancelled_orders",
    "CommissionRate": ".commission_rate",
    "CommissionRateResponse": ".commission_rate_response",
    "CommonSymbolsResponse": ".common_symbols_response",
    "ErrorResponse": ".error_response",
    "Fill": ".fill",
    "HistoryOrdersResponse": ".history_orders_response",
    "MyTrades": ".my_trades",
    "MyTradesResponse": ".my_trades_response",
    "OpenOrder": ".open_order",
    "OpenOrders": ".open_orders",
    "OpenOrdersResponse": ".open_orders_response",
    "OrderDetail": ".order_detail",
    "OrderHistory": ".order_history",
    "PlaceOrderResponse": ".place_order_response",
    "PlacedOrder": ".placed_order",
    "PlacedOrders": ".placed_orders",
    "QueryOrderResponse": ".query_order_response",
    "ServerTime": ".server_time",
    "ServerTimeResponse": ".server_time_response",
    "SpotBalances": ".spot_balances",
    "TradingPair": ".trading_pair",
    "TradingPairs": ".trading_pairs",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
