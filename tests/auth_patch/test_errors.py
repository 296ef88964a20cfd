import copy
import pickle
import re
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import bingx_spot
from bingx_spot import errors
from bingx_spot.errors import api_error, redact

GUIDE = Path(__file__).parents[2] / "docs" / "errors-and-retries.md"


def documented_families() -> dict[int, str]:
    """The code-to-class table as the error tree of docs/errors-and-retries.md states it (the
    page's first code block): each class, the codes on its line. 100421 is left out: its class
    depends on the message (below)."""
    tree = GUIDE.read_text(encoding="utf-8").split("```", 2)[1]
    assert tree.lstrip("\n").startswith("BingXError ")
    table: dict[int, str] = {}
    for line in tree.splitlines():
        name = re.search(r"\b(\w+Error)\b", line)
        for code in re.findall(r"\b\d{5,6}\b", line):
            if name and code != "100421":
                table[int(code)] = name.group(1)
    return table


def test_the_code_table_is_the_one_the_docs_document() -> None:
    # The one place the code-to-class table is asserted; elsewhere tests name a class only
    # where the path to it is their subject.
    documented = documented_families()
    assert len(documented) == 17
    assert {code: cls.__name__ for code, cls in errors._FAMILIES.items()} == documented
    for code, name in documented.items():
        error = api_error(code, "any text", operation="cancelOpenOrders")
        assert type(error) is getattr(bingx_spot, name)
        assert (error.code, error.msg, error.status_code) == (code, "any text", 200)
        assert str(error) == f"BingX error {code}: any text"


@pytest.mark.parametrize(
    ("code", "msg", "cls"),
    [
        (100421, "Null timestamp or timestamp mismatch", bingx_spot.TimestampError),
        (100421, "This pair is currently restricted from API trading", bingx_spot.BingXAPIError),
        (100421, "cancel fail, order not exist", bingx_spot.BingXAPIError),
        (100202, "Insufficient assets", bingx_spot.InsufficientBalanceError),
        (123456, "a code nobody documented", bingx_spot.BingXAPIError),
    ],
)
def test_codes_beside_the_table(code: int, msg: str, cls: type[bingx_spot.BingXAPIError]) -> None:
    assert type(api_error(code, msg)) is cls


@pytest.mark.parametrize(
    ("msg", "resume_at", "retry_at"),
    [
        (
            "code:100410:The endpoint trigger frequency limit rule is currently in the disabled "
            "period and will be unblocked after 1727193814249",
            None,
            1727193814249,
        ),
        (
            "over 20 error code:100202 requests within 480000 ms, can retry after time: "
            "1727193970155",
            1727193000000,
            1727193970155,
        ),
        # the server's word on its block wins over what is left of the window
        ("will be unblocked after 1727193814249", 1727193999999, 1727193814249),
        ("too many requests", 1727193999999, 1727193999999),
        ("too many requests", None, None),
        ("unblocked after 12345", None, None),  # not a time
    ],
)
def test_rate_limit_says_when_to_resume(
    msg: str, resume_at: int | None, retry_at: int | None
) -> None:
    error = api_error(100410, msg, resume_at=resume_at)

    assert isinstance(error, bingx_spot.RateLimitError)
    assert isinstance(error, bingx_spot.BingXAPIError)
    assert error.retry_at == retry_at


def test_the_header_value_counts_from_now() -> None:
    before = time.time_ns() // 1_000_000
    error = api_error(100410, "rate limited", resume_header="4122")
    after = time.time_ns() // 1_000_000
    assert isinstance(error, bingx_spot.RateLimitError)
    assert error.retry_at is not None
    assert before + 4122 <= error.retry_at <= after + 4122
    assert api_error(100410, "rate limited", resume_header="soon").retry_at is None  # type: ignore[attr-defined]


def test_attempts_show_in_the_message() -> None:
    error = api_error(100500, "busy")
    error.attempts = 3
    assert str(error) == "BingX error 100500: busy (after 3 attempts)"


def test_the_classes_that_are_two_things_at_once() -> None:
    assert issubclass(bingx_spot.InvalidArgumentError, ValueError)
    assert issubclass(bingx_spot.InvalidArgumentError, bingx_spot.BingXError)
    assert issubclass(bingx_spot.RequestTimeoutError, bingx_spot.NetworkError)
    assert issubclass(bingx_spot.HTTPRateLimitError, bingx_spot.ResponseError)
    assert issubclass(bingx_spot.HTTPRateLimitError, bingx_spot.RateLimitError)
    assert issubclass(bingx_spot.APIRateLimitError, bingx_spot.BingXAPIError)
    assert issubclass(bingx_spot.APIRateLimitError, bingx_spot.RateLimitError)


def test_every_error_says_whether_its_request_was_sent() -> None:
    # An answer was sent; a refusal before anything left was not, and counts no attempt.
    for error in every_kind():
        assert isinstance(error.sent, bool), kind_id(error)
    assert api_error(100410, "will be unblocked after 1727193814249").sent is True
    assert errors.ResponseError("x", status_code=502, content_type="", snippet="").sent is True
    assert errors.NetworkError("x", sent=False).sent is False
    assert errors.NetworkError("x").sent is True  # may have reached BingX
    refused = errors.InvalidArgumentError("symbol is longer than 256 characters")
    assert (refused.sent, refused.attempts) == (False, 0)
    from bingx_spot.deadman import NotArmedError  # noqa: PLC0415

    assert (NotArmedError("not armed").sent, NotArmedError("not armed").attempts) == (False, 0)


SIGNATURE = "022f7f91226795e6971e22a689b4055b5835472607a4c5601801d689f63e24fa"


def every_kind() -> list[errors.BingXError]:
    """One error of every class in the tree, with every attribute set."""
    found: list[errors.BingXError] = [
        errors.BingXError("plain"),
        errors.InvalidArgumentError("symbol is longer than 256 characters"),
        errors.NetworkError("POST /x: ConnectError", operation="cancelOpenOrders", sent=False),
        errors.RequestTimeoutError("POST /x: ReadTimeout", operation="cancelOpenOrders"),
        errors.ResponseError(
            "cancelOpenOrders: the body is not JSON",
            status_code=502,
            content_type="text/html",
            snippet="<html>",
            operation="cancelOpenOrders",
        ),
        errors.HTTPRateLimitError(
            "cancelOpenOrders: too many requests", status_code=429, content_type="", snippet=""
        ),
    ]
    late = errors.RateLimitError("no rate budget")
    late.retry_at = 1727193814249
    found.append(late)
    found[-2].retry_at = 1727193814249  # type: ignore[attr-defined]
    for code, msg in [
        (100001, "Signature verification failed"),
        (100004, "no permission"),
        (100410, "will be unblocked after 1727193814249"),
        (100421, "Null timestamp or timestamp mismatch"),
        (100400, "miss arguments"),
        (100404, "order not exist"),
        (100500, "busy"),
        (100202, "Insufficient assets"),
        (100414, "account under risk control"),
    ]:
        found.append(api_error(code, msg, status_code=200, operation="cancelOpenOrders"))
    for error in found:
        error.attempts = 3
    return found


def kind_id(error: errors.BingXError) -> str:
    return type(error).__name__ + str(getattr(error, "code", ""))


def test_every_class_of_the_tree_is_covered() -> None:
    classes = {
        cls
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.BingXError)
    }
    assert classes == {type(error) for error in every_kind()}


@pytest.mark.parametrize("error", every_kind(), ids=kind_id)
@pytest.mark.parametrize(
    "clone",
    [
        lambda e: pickle.loads(pickle.dumps(e)),  # noqa: S301 - our own bytes
        lambda e: pickle.loads(pickle.dumps(e, protocol=0)),  # noqa: S301
        copy.copy,
        copy.deepcopy,
    ],
    ids=["pickle", "pickle-0", "copy", "deepcopy"],
)
def test_every_error_round_trips(error: errors.BingXError, clone: object) -> None:
    again = clone(error)  # type: ignore[operator]

    assert type(again) is type(error)
    assert again is not error
    assert again.args == error.args
    assert vars(again) == vars(error)
    assert str(again) == str(error)
    assert (again.status_code, again.operation, again.attempts) == (
        error.status_code,
        error.operation,
        error.attempts,
    )
    assert getattr(again, "retry_at", None) == getattr(error, "retry_at", None)
    assert again.sent is error.sent


def _raise_in_a_worker(code: int) -> None:
    raise api_error(code, "from a worker", operation="cancelOpenOrders")


def test_an_error_crosses_a_process_pool() -> None:
    with ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(_raise_in_a_worker, 100410)
        with pytest.raises(bingx_spot.APIRateLimitError) as caught:
            future.result(timeout=60)
        assert pool.submit(abs, -1).result(timeout=60) == 1  # the pool survived
    assert (caught.value.code, caught.value.operation) == (100410, "cancelOpenOrders")


@pytest.mark.parametrize(
    ("text", "secrets", "expected"),
    [
        (f"signature={SIGNATURE}&x", (), "signature=[redacted]&x"),
        (f"{SIGNATURE}ab", (), "[redacted]"),  # a longer run is one run
        (f"{SIGNATURE[:63]}", (), SIGNATURE[:63]),
        ("apiKey KEY123 refused", ("KEY123",), "apiKey [redacted] refused"),
        ("nothing here", ("", "KEY123"), "nothing here"),
        # What a cut left of a key: more than its first four characters is redacted.
        ("refused KEY12", ("KEY123",), "refused [redacted]"),
        ("refused KEY1", ("KEY123",), "refused KEY1"),
        ("KEY12x KEY1234", ("KEY123",), "[redacted]x [redacted]4"),
        # Secrets that start alike: each is redacted whole.
        (
            "k demo-key-1 s demo-secret-2",
            ("demo-key-1", "demo-secret-2"),
            "k [redacted] s [redacted]",
        ),
        ("cut demo-secr", ("demo-key-1", "demo-secret-2"), "cut [redacted]"),
    ],
)
def test_redact(text: str, secrets: tuple[str, ...], expected: str) -> None:
    assert redact(text, *secrets) == expected


def test_api_error_keeps_the_message_redacted() -> None:
    msg = f"bad signature {SIGNATURE} for key KEY123"
    error = api_error(100001, msg, redactor=lambda text: redact(text, "KEY123"))
    for text in (str(error), repr(error), repr(error.args), error.msg, repr(vars(error))):
        assert SIGNATURE not in text
        assert "KEY123" not in text
    assert error.msg == "bad signature [redacted] for key [redacted]"


def test_api_error_keeps_the_message_on_one_short_line() -> None:
    error = api_error(100400, "bad\r\nX-Injected: 1\x00" + "x" * 2000)
    assert error.msg.startswith("bad  X-Injected: 1 x")
    assert len(error.msg) == 500
