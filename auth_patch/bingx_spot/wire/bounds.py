"""The bounds the spec declares for each query parameter, checked before anything is sent.

Read from a parameter's schema (references followed): ``minimum``, ``maximum``,
``exclusiveMinimum``, ``exclusiveMaximum`` (the value read as a decimal number), ``minLength``,
``maxLength``, ``pattern`` (told in the words of the schema's ``x-bingx-pattern-words``) and
``enum``; for a parameter whose schema says ``contentMediaType: application/json``
(batchOrders' ``data``), its ``contentSchema`` too: the document's ``type`` (a JSON object where
the schema says array is refused), ``minItems`` / ``maxItems``, and the same bounds and types on
the items and properties inside, with an object's ``required``. Plus an operation's
``x-bingx-max-product``: parameters whose product must stay within a maximum (historyOrders'
``pageIndex`` times ``pageSize``, at most 10000), which JSON Schema cannot say.

A problem is told by the parameter's name and the bound (``pageSize must be at most 100``,
``quantity must be a positive decimal number written out (like 0.001), at most 40 characters``),
never by the value: a value may be secret, or break a log line. A query parameter's type is not
judged beyond what a bound needs (a value compared with a ``maximum`` must be a number): the
generated call already takes typed arguments, and an odd value elsewhere is BingX's to refuse.
Inside a JSON parameter, which the generated call takes as a string, each value's JSON type is
judged where the schema declares one.
"""

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

__all__ = ["Check", "Product", "parameter_check", "problem"]

# A value's problem, told as "<where> <what is wrong>", or None.
Check = Callable[[Any, str], str | None]
# What a schema's `pattern` asks, in words: its refusal reads "<where> must be <words>", and the
# schema's length bounds. Carried in the spec beside the pattern, as every bound here is: one is
# edited with the other in sight, where a table here keyed by the expression would fall back to
# printing it, unnoticed, once the spec's changed; and `description` is prose for the docs, not a
# clause of a sentence. A pattern without words is told as the expression.
_PATTERN_WORDS = "x-bingx-pattern-words"
_MAX_DEPTH = 32
_JSON = "application/json"


@dataclass(frozen=True, slots=True)
class Product:
    """``x-bingx-max-product``: ``parameters`` multiplied must not exceed ``maximum``; a parameter
    not given counts as its ``defaults`` value (BingX's own default), or 1."""

    parameters: tuple[str, ...]
    maximum: int
    defaults: Mapping[str, int]

    def check(self, given: Mapping[str, str]) -> str | None:
        total = 1
        for name in self.parameters:
            value = given.get(name)
            if value is None:
                total *= self.defaults.get(name, 1)
                continue
            if not (value.isascii() and value.isdigit()):
                return f"{name} must be a whole number"
            total *= int(value)
        if total > self.maximum:
            return f"{' * '.join(self.parameters)} must be at most {self.maximum}"
        return None


def product(extension: Any) -> Product | None:
    """The operation's ``x-bingx-max-product``, or ``None``; ``ValueError`` for a malformed one."""
    if extension is None:
        return None
    try:
        names = tuple(str(name) for name in extension["parameters"])
        defaults = {str(k): int(v) for k, v in (extension.get("defaults") or {}).items()}
        return Product(names, int(extension["maximum"]), defaults)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ValueError(f"x-bingx-max-product is malformed: {extension!r}") from None


def problem(
    checks: Mapping[str, Check], limit: Product | None, params: Iterable[tuple[str, str]]
) -> str | None:
    """The first parameter of ``params`` out of its bounds, as a sentence, or ``None``."""
    given = dict(params)
    for name, value in given.items():
        check = checks.get(name)
        if check is not None and (found := check(value, name)):
            return found
    return limit.check(given) if limit is not None else None


def parameter_check(schemas: Mapping[str, Any], schema: Mapping[str, Any]) -> Check | None:
    """The check of a query parameter's value (text) against ``schema``, or ``None`` when the
    schema declares no bound."""
    schema = _resolve(schemas, schema)
    checks = _scalar_checks(schema, text=True)
    content = schema.get("contentSchema")
    if schema.get("contentMediaType") == _JSON and isinstance(content, Mapping):
        inner = _value_check(schemas, content, 0)
        if inner is not None:
            checks.append(_as_json(inner))
    return _all(checks)


def _resolve(schemas: Mapping[str, Any], schema: Mapping[str, Any]) -> Mapping[str, Any]:
    for _ in range(_MAX_DEPTH):
        if "$ref" not in schema:
            break
        schema = schemas[str(schema["$ref"]).rsplit("/", 1)[-1]]
    return schema


def _all(checks: list[Check]) -> Check | None:
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]

    def check(value: Any, at: str) -> str | None:
        for one in checks:
            if found := one(value, at):
                return found
        return None

    return check


def _as_json(inner: Check) -> Check:
    def check(value: Any, at: str) -> str | None:
        try:
            doc = json.loads(value)
        except (TypeError, ValueError, RecursionError):
            return f"{at} must be a JSON document"
        return inner(doc, at)

    return check


def _value_check(schemas: Mapping[str, Any], schema: Mapping[str, Any], depth: int) -> Check | None:
    """The check of a JSON value (a parameter's document, or a part of it) against ``schema``."""
    if depth > _MAX_DEPTH:
        return None
    schema = _resolve(schemas, schema)
    checks = _scalar_checks(schema, text=False)
    kinds = _kinds(schema)
    if kinds:
        checks.insert(0, _json_type(kinds))
    low, high = schema.get("minItems"), schema.get("maxItems")
    items = schema.get("items")
    item_check = _value_check(schemas, items, depth + 1) if isinstance(items, Mapping) else None
    if isinstance(low, int) or isinstance(high, int) or item_check is not None:
        checks.append(_array(low, high, item_check))
    properties = schema.get("properties") or {}
    inner = {
        str(name): found
        for name, sub in properties.items()
        if (found := _value_check(schemas, sub, depth + 1)) is not None
    }
    required = tuple(str(name) for name in schema.get("required", ()))
    if inner or required:
        checks.append(_object(required, inner))
    return _all(checks)


# The Python types json.loads gives each JSON type (a bool is no integer here), and its name;
# the spec's judge of answers (:mod:`.spec`) reads the same table.
JSON_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "integer": ((int,), "an integer"),
    "number": ((int, float), "a number"),
    "string": ((str,), "a string"),
    "boolean": ((bool,), "a boolean"),
    "null": ((type(None),), "null"),
    "array": ((list,), "an array"),
    "object": ((dict,), "an object"),
}


def _kinds(schema: Mapping[str, Any]) -> tuple[str, ...]:
    """The JSON types ``schema`` allows (``nullable`` adds null), or none when it says none or
    one this module does not know."""
    kind = schema.get("type")
    kinds = tuple(str(k) for k in kind) if isinstance(kind, list) else (str(kind),)
    if kind is None or not set(kinds) <= JSON_TYPES.keys():
        return ()
    return (*kinds, "null") if schema.get("nullable") is True else kinds


def _json_type(kinds: tuple[str, ...]) -> Check:
    def holds(value: Any, kind: str) -> bool:
        if isinstance(value, bool):
            return kind == "boolean"  # a bool is no number here
        if kind == "integer" and isinstance(value, float):
            return value.is_integer()  # 1.0 is an integer in JSON Schema
        return isinstance(value, JSON_TYPES[kind][0])

    expected = " or ".join(JSON_TYPES[kind][1] for kind in kinds)

    def check(value: Any, at: str) -> str | None:
        return None if any(holds(value, kind) for kind in kinds) else f"{at} must be {expected}"

    return check


def _array(low: Any, high: Any, items: Check | None) -> Check:
    def check(value: Any, at: str) -> str | None:
        if not isinstance(value, list):
            return None  # not an array: no array bound applies
        if isinstance(low, int) and len(value) < low:
            return f"{at} must hold {low} or more items"
        if isinstance(high, int) and len(value) > high:
            return f"{at} must hold at most {high} items"
        if items is not None:
            for index, item in enumerate(value):
                if found := items(item, f"{at}[{index}]"):
                    return found
        return None

    return check


def _object(required: tuple[str, ...], inner: Mapping[str, Check]) -> Check:
    def check(value: Any, at: str) -> str | None:
        if not isinstance(value, dict):
            return None
        for name in required:
            if name not in value:
                return f"{at}.{name} is missing"
        for name, sub in inner.items():
            if name in value and (found := sub(value[name], f"{at}.{name}")):
                return found
        return None

    return check


def _scalar_checks(schema: Mapping[str, Any], *, text: bool) -> list[Check]:
    """Checks of a string's lengths, pattern and enum, and of a number's range. ``text``: the
    value is a query parameter's text, so a number bound reads it as a decimal number (and
    ``enum`` compares text); otherwise it is a JSON value, judged by its JSON type."""
    checks: list[Check] = []
    shortest, longest = schema.get("minLength"), schema.get("maxLength")
    pattern, words = schema.get("pattern"), _pattern_words(schema)
    if isinstance(shortest, int) or isinstance(longest, int) or isinstance(pattern, str):
        checks.append(_string(shortest, longest, pattern, words))
    if isinstance(schema.get("enum"), list):
        allowed = [str(v) if text else v for v in schema["enum"]]
        checks.append(_enum(allowed))
    bounds = {
        key: schema[key]
        for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
        if _number(schema.get(key))
    }
    if bounds:
        checks.append(_range(bounds, text=text))
    return checks


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _pattern_words(schema: Mapping[str, Any]) -> str | None:
    """The schema's ``x-bingx-pattern-words`` on one line, or ``None``; ``ValueError`` (when the
    spec loads) for words that are no text, or that stand beside no pattern."""
    words = schema.get(_PATTERN_WORDS)
    if words is None:
        return None
    if not (isinstance(words, str) and words.strip() and isinstance(schema.get("pattern"), str)):
        raise ValueError(f"{_PATTERN_WORDS} must be text beside a pattern: {words!r}")
    return " ".join(words.split())


def _string(shortest: Any, longest: Any, pattern: Any, words: str | None) -> Check:
    compiled = _compiled(pattern) if isinstance(pattern, str) else None
    if words is None:
        mismatch = f"must match {pattern}"
    else:  # the whole rule, lengths too: the value written next must pass them all
        lengths = [f"at least {shortest} characters"] if isinstance(shortest, int) else []
        lengths += [f"at most {longest} characters"] if isinstance(longest, int) else []
        mismatch = "must be " + ", ".join([words, *lengths])

    def check(value: Any, at: str) -> str | None:
        if not isinstance(value, str):
            return None
        if isinstance(shortest, int) and len(value) < shortest:
            return f"{at} must be at least {shortest} characters"
        if isinstance(longest, int) and len(value) > longest:
            return f"{at} is longer than {longest} characters"
        if compiled is not None and not compiled.search(value):
            return f"{at} {mismatch}"
        return None

    return check


def _enum(allowed: list[Any]) -> Check:
    def check(value: Any, at: str) -> str | None:
        return None if value in allowed else f"{at} must be one of {', '.join(map(str, allowed))}"

    return check


_Holds = Callable[[Decimal, Decimal], bool]
_WORDS: dict[str, tuple[str, _Holds]] = {
    "minimum": ("at least", lambda v, b: v >= b),
    "maximum": ("at most", lambda v, b: v <= b),
    "exclusiveMinimum": ("more than", lambda v, b: v > b),
    "exclusiveMaximum": ("less than", lambda v, b: v < b),
}


def _range(bounds: Mapping[str, int | float], *, text: bool) -> Check:
    limits = [(Decimal(repr(b)) if isinstance(b, float) else Decimal(b), key) for key, b in
              bounds.items()]  # fmt: skip

    def check(value: Any, at: str) -> str | None:
        if text:
            try:
                number = Decimal(value)
            except (InvalidOperation, TypeError, ValueError):
                return f"{at} must be a number"
            if not number.is_finite():
                return f"{at} must be a finite number"
        elif _number(value):
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
            if not number.is_finite():
                return f"{at} must be a finite number"
        else:
            return None
        for bound, key in limits:
            words, holds = _WORDS[key]
            if not holds(number, bound):
                return f"{at} must be {words} {bound}"
        return None

    return check
