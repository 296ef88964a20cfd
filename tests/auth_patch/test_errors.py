import pytest

import bingx_spot
from bingx_spot.errors import api_error


@pytest.mark.parametrize(
    ("code", "msg", "cls"),
    [
        (100001, "Signature verification failed due to signature mismatch", "AuthenticationError"),
        (100412, "Null signature", "AuthenticationError"),
        (100413, "Incorrect apiKey", "AuthenticationError"),
        (
            100004,
            "Permission denied as the API key was created without the permission",
            "PermissionDeniedError",
        ),
        (
            100419,
            "your current request IP is not in the API key whitelist",
            "PermissionDeniedError",
        ),
        (100410, "rate limited", "APIRateLimitError"),
        (109429, "rate limited", "APIRateLimitError"),
        (100421, "Null timestamp or timestamp mismatch", "TimestampError"),
        (100421, "This pair is currently restricted from API trading", "BingXAPIError"),
        (100421, "cancel fail, order not exist", "BingXAPIError"),
        (100400, "miss arguments", "InvalidParameterError"),
        (100204, "no data", "InvalidParameterError"),
        (109400, "invalid parameter", "InvalidParameterError"),
        (100404, "order not exist", "NotFoundError"),
        (80016, "order does not exist", "NotFoundError"),
        (100500, "The current system is busy, please try again later", "ServerBusyError"),
        (100503, "server busy", "ServerBusyError"),
        (80012, "service unavailable", "ServerBusyError"),
        (100202, "Insufficient assets", "BingXAPIError"),
        (123456, "a code nobody documented", "BingXAPIError"),
    ],
)
def test_codes_map_to_families(code: int, msg: str, cls: str) -> None:
    error = api_error(code, msg, operation="cancelOpenOrders")

    assert type(error) is getattr(bingx_spot, cls)
    assert isinstance(error, bingx_spot.BingXAPIError)
    assert isinstance(error, bingx_spot.BingXError)
    assert (error.code, error.msg, error.status_code) == (code, msg, 200)
    assert str(error) == f"BingX error {code}: {msg}"


@pytest.mark.parametrize(
    ("msg", "header", "retry_at"),
    [
        (
            "The endpoint trigger frequency limit rule is currently in the disabled period and "
            "will be unblocked after 1727193814249",
            None,
            1727193814249,
        ),
        (
            "over 20 error code:100202 requests within 480000 ms, can retry after time: "
            "1727193970155",
            "1727193999999",
            1727193970155,
        ),
        ("too many requests", "1727193999999", 1727193999999),
        ("too many requests", None, None),
    ],
)
def test_rate_limit_says_when_to_resume(msg: str, header: str | None, retry_at: int | None) -> None:
    error = api_error(100410, msg, resume_header=header)

    assert isinstance(error, bingx_spot.RateLimitError)
    assert isinstance(error, bingx_spot.BingXAPIError)
    assert error.retry_at == retry_at


def test_attempts_show_in_the_message() -> None:
    error = api_error(100500, "busy")
    error.attempts = 3
    assert str(error) == "BingX error 100500: busy (after 3 attempts)"


def test_invalid_argument_is_a_value_error_and_a_bingx_error() -> None:
    assert issubclass(bingx_spot.InvalidArgumentError, ValueError)
    assert issubclass(bingx_spot.InvalidArgumentError, bingx_spot.BingXError)
    assert issubclass(bingx_spot.RequestTimeoutError, bingx_spot.NetworkError)
