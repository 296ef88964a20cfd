"""Contains all the data models used in inputs/outputs"""

from .cancel_open_orders_response import CancelOpenOrdersResponse
from .cancelled_order import CancelledOrder
from .cancelled_orders import CancelledOrders
from .error_response import ErrorResponse
from .server_time import ServerTime
from .server_time_response import ServerTimeResponse

__all__ = (
    "CancelledOrder",
    "CancelledOrders",
    "CancelOpenOrdersResponse",
    "ErrorResponse",
    "ServerTime",
    "ServerTimeResponse",
)
