"""GET /openApi/spot/v1/server/time: public, so neither key nor signature goes out."""

import asyncio
from typing import Any

import pytest

from bingx_spot_client.api.common import server_time
from tests.calling import MODES
from tests.conftest import FIXED_MS, Target
from tests.operation_checks import recorded


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_server_time(target: Target, vcr: Any, mode: str) -> None:
    client = target.client()
    if mode == "sync":
        result = server_time.sync(client=client)
    else:
        result = asyncio.run(server_time.asyncio(client=client))

    [request] = target.sent
    assert (request.method, request.url.path) == ("GET", "/openApi/spot/v1/server/time")
    assert request.url.query == b""
    assert "X-BX-APIKEY" not in request.headers
    assert result.to_dict() == recorded(vcr)
    assert target.live or result.data.server_time == FIXED_MS
