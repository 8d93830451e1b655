"""The Jinja environment templates run in: sandboxed, autoescaping, strict about undefined names."""

from __future__ import annotations

from datetime import date

from jinja2 import StrictUndefined
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


def make_environment() -> ImmutableSandboxedEnvironment:
    """A sandbox: no attribute walks to Python internals, no mutation of the context.

    Autoescape is on because the output is XML; values come out as typed (``&`` becomes
    ``&amp;`` in the XML and ``&`` in Word).
    """
    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters.update(FILTERS)
    return env
