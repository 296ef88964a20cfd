"""Calls through the public contract, sync or async, that keep each outcome: a parsed result or
the BingXError raised."""

import asyncio
from types import ModuleType
from typing import Any

import bingx_spot
from bingx_spot_client.api.trade import cancel_open_orders
from bingx_spot_client.client import AuthenticatedClient
from bingx_spot_client.models import CancelOpenOrdersResponse

MODES = ["sync", "async"]
Outcome = CancelOpenOrdersResponse | bingx_spot.BingXError


def cancels(client: AuthenticatedClient, mode: str, times: int, **kwargs: Any) -> list[Outcome]:
    """``times`` cancelOpenOrders calls in one client context."""
    outcomes: list[Outcome] = []

    if mode == "sync":
        with client:
            for _ in range(times):
                try:
                    outcomes.append(cancel_open_orders.sync(client=client, **kwargs))
                except bingx_spot.BingXError as error:
                    outcomes.append(error)
        return outcomes

    async def run() -> None:
        async with client:
            for _ in range(times):
                try:
                    outcomes.append(await cancel_open_orders.asyncio(client=client, **kwargs))
                except bingx_spot.BingXError as error:
                    outcomes.append(error)

    asyncio.run(run())
    return outcomes


def called(operation: ModuleType, client: AuthenticatedClient, mode: str, **kwargs: Any) -> Any:
    """One call of ``operation`` (a generated module) in a client context, sync or async: its
    parsed answer, or the BingXError it raised."""
    try:
        if mode == "sync":
            with client:
                return operation.sync(client=client, **kwargs)

        async def run() -> Any:
            async with client:
                return await operation.asyncio(client=client, **kwargs)

        return asyncio.run(run())
    except bingx_spot.BingXError as error:
        return error
