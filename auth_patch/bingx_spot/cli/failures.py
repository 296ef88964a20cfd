"""The error documents that carry ``bingx-spot``'s exit statuses (:mod:`.exits`): one per failure,
printed as a line on stderr and, with ``--json``, as ``{"error": ...}``."""

from typing import Any

from .. import errors
from ..redaction import without_userinfo
from .exits import EXIT_CODES, INTERNAL, INTERRUPTED, TERMINATED, USAGE
from .output import Output, iso

__all__ = [
    "Failure",
    "Stopped",
    "Usage",
    "bingx_error",
    "describe",
    "error_doc",
    "failed",
    "failure",
    "is_storage_fault",
    "storage_text",
]


class Usage(Exception):
    """A usage problem: one line on stderr, exit 2, nothing sent."""


class Stopped(BaseException):
    """SIGTERM, raised where the program happens to be, like KeyboardInterrupt for Ctrl-C."""


class Failure(Exception):
    """A failure already described as an error document (``error_doc``)."""

    def __init__(self, doc: dict[str, Any]) -> None:
        super().__init__(doc["msg"])
        self.doc = doc


def failure(exc: BaseException, out: Output) -> tuple[dict[str, Any], str | None]:
    """The error document of whatever ended a run, and the line to say it with (``None``: its
    message). A bug is an internal error, its traceback shown with ``--debug``."""
    if isinstance(exc, Usage):
        return error_doc("UsageError", str(exc), USAGE), None
    if isinstance(exc, Failure):
        return exc.doc, None
    if isinstance(exc, KeyboardInterrupt | Stopped):
        return stopped_doc(exc), None
    if isinstance(exc, errors.BingXError):
        doc = bingx_error(exc)
        return doc, describe(doc)
    out.debug_traceback()
    return error_doc("InternalError", f"{type(exc).__name__}: {exc}", INTERNAL), None


def is_storage_fault(exc: BaseException) -> bool:
    """Raised by the rate-limit storage's own libraries (redis, limits), not by the SDK."""
    return type(exc).__module__.partition(".")[0] in ("redis", "limits")


def stopped_doc(exc: BaseException, detail: str = "") -> dict[str, Any]:
    """The error document of a run stopped by Ctrl-C (``KeyboardInterrupt``) or SIGTERM
    (:class:`Stopped`): "interrupted" or "terminated", then ``detail``."""
    if isinstance(exc, KeyboardInterrupt):
        return error_doc("Interrupted", "interrupted" + detail, INTERRUPTED)
    return error_doc("Terminated", "terminated" + detail, TERMINATED)


def error_doc(kind: str, msg: str, status: int, *, code: int | None = None) -> dict[str, Any]:
    return {"type": kind, "code": code, "msg": msg, "retry_at": None, "exit": status}


def bingx_error(error: errors.BingXError) -> dict[str, Any]:
    status = next(code for cls, code in EXIT_CODES if isinstance(error, cls))
    if isinstance(error, errors.BingXAPIError):
        doc = error_doc(type(error).__name__, error.msg, status, code=error.code)
    else:
        doc = error_doc(type(error).__name__, str(error), status)
    retry_at = getattr(error, "retry_at", None)
    if isinstance(retry_at, int):
        doc.update(retry_at=retry_at, retry_at_utc=iso(retry_at))
    doc["sent"] = error.sent
    return doc


def failed(error: dict[str, Any]) -> str:
    """ "failed", and whether the failed request was sent when it surely was not."""
    return "failed (not sent)" if error.get("sent") is False else "failed"


def describe(error: dict[str, Any]) -> str:
    if error["code"] is not None:
        text = f"BingX error {error['code']} ({error['type']}): {error['msg'] or 'no message'}"
    else:
        text = f"{error['type']}: {error['msg']}"
    if error.get("retry_at_utc"):
        # BingX's own word (a 100410, a 429), or the rate budget's: it alone never speaks
        # for BingX, except of a block BingX announced (its text says so).
        who = "BingX accepts requests again" if error["type"] != "RateLimitError" else None
        if who is None:
            blocked = "BingX blocks" in str(error["msg"])
            who = "BingX accepts requests again" if blocked else "the rate budget sends again"
        text += f"; {who} from {error['retry_at_utc']}"
    return text


def storage_text(exc: BaseException) -> str:
    text = without_userinfo(str(exc))  # never a storage password
    return f"rate-limit storage: {type(exc).__name__}: {text}"
