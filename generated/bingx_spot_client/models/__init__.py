"""Contains all the data models used in inputs/outputs"""

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
