"""The Jinja environment templates run in: sandboxed, autoescaping, strict about undefined names."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import update_wrapper

from jinja2 import StrictUndefined
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..vietnamese import format_decimal, format_int, long_date, pad2, short_date, upper


def _date_long(value: object) -> str:
    return long_date(value) if isinstance(value, date) else str(value)


def _date_short(value: object) -> str:
    return short_date(value) if isinstance(value, date) else str(value)


FILTERS = {
    "ngay": _date_long,  # ngày 05 tháng 02 năm 2018
    "ngay_ngan": _date_short,  # 05/02/2018
    "so": format_int,  # 1.234
    "thap_phan": format_decimal,  # 62,62
    "hai_chu_so": pad2,  # 02
    "hoa": upper,  # CHỮ HOA
}


class TemplateLimit(Exception):
    """A template asked for more than a document can hold (the message says what, in Vietnamese)."""


MAX_TEXT = 10_000_000  # characters or items one operation of a template may make
MAX_WIDTH = 9_999  # a field width or padding in a format, a filter's width
MAX_INT_BITS = 100_000  # about 30,000 digits: far beyond any count or sum a report holds
_WIDE_PERCENT = re.compile(r"%[-#0 +]*(?:\*|\d{5,})|%[-#0 +]*\d*\.(?:\*|\d{5,})")
_WIDE_FIELD = re.compile(r"\{[^{}]*:[^{}]*(?:\d{5,}|\{)")


def _too_long(size: int) -> TemplateLimit:
    return TemplateLimit(f"mẫu tạo ra một chuỗi hay danh sách {format_int(size)} phần tử, quá giới hạn {format_int(MAX_TEXT)} cho một phép tính")


class LimitedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with limits on what one operation may allocate: ``'a' * 10**10``, a list
    multiplied, ``10 ** 10**6``, a format width of a billion. (Loops are bounded by the sandbox's
    range limit and by the time limit of a document; output size by the renderer.)"""

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Context, operator: str, left: object, right: object) -> object:
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) and len(sequence) * count > MAX_TEXT:
                    raise _too_long(len(sequence) * count)
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise TemplateLimit("mẫu tính ra một số quá lớn (phép nhân)")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right * left.bit_length() > MAX_INT_BITS:
                raise TemplateLimit(f"mẫu tính ra một số quá lớn ({left} mũ {right})")
        elif operator == "%" and isinstance(left, str) and _WIDE_PERCENT.search(left):
            raise TemplateLimit(f"độ rộng trong định dạng '%' của mẫu quá lớn (tối đa {MAX_WIDTH})")
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: object) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and _WIDE_FIELD.search(value.__self__):  # type: ignore[attr-defined]
            raise TemplateLimit(f"độ rộng trong định dạng .format() của mẫu quá lớn hoặc lấy từ dữ liệu (tối đa {MAX_WIDTH})")
        return wrapped

    def call(__self, __context: Context, __obj: object, *args: object, **kwargs: object) -> object:  # noqa: N805 - Jinja's own signature
        name = getattr(__obj, "__name__", "")
        if name in _WIDTH_METHODS and isinstance(getattr(__obj, "__self__", None), str):
            _check_widths(args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)


_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}


def _check_widths(args: tuple, kwargs: dict) -> None:
    if any(isinstance(value, int) and value > MAX_WIDTH for value in (*args, *kwargs.values())):
        raise TemplateLimit(f"độ rộng trong mẫu quá lớn (tối đa {MAX_WIDTH})")


def _limited_filter(name: str, original: Callable) -> Callable:
    """A built-in filter whose width arguments are limited (center, indent, wordwrap, format)."""

    def limited(*args: object, **kwargs: object) -> object:
        _check_widths(args[1:], kwargs)
        if name == "format" and isinstance(args[0], str) and _WIDE_PERCENT.search(args[0]):
            raise TemplateLimit(f"độ rộng trong bộ lọc 'format' của mẫu quá lớn (tối đa {MAX_WIDTH})")
        return original(*args, **kwargs)

    return update_wrapper(limited, original)


def make_environment() -> ImmutableSandboxedEnvironment:
    """A sandbox: no attribute walks to Python internals, no mutation of the context, limits on
    what one operation may allocate.

    Autoescape is on because the output is XML; values come out as typed (``&`` becomes
    ``&amp;`` in the XML and ``&`` in Word).
    """
    env = LimitedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    for name in ("center", "indent", "wordwrap", "format"):
        env.filters[name] = _limited_filter(name, env.filters[name])
    env.filters.update(FILTERS)
    return env
