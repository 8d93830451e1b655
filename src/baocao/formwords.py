"""The words of the Excel forms: what a cell secretary reads and types, and the codes behind them.

A form shows labels ("Nữ", "Lãnh đạo, quản lý", "Khiển trách", "Trong sạch, vững mạnh"), never
codes; reading a form back accepts the label, the code, and for categories their short names, in
any case and punctuation, and a decimal comma ("85,5"). A value that is none of them gets the
closest one as a suggestion.
"""

from __future__ import annotations

import difflib
import re
import typing
import unicodedata
from dataclasses import dataclass
from typing import Literal

from .model import TextOrNumber
from .rules import RuleSet
from .vietnamese import loose_key
from .yamlout import LINE_BREAKS

YES, NO = "có", "không"

# Labels of the model's fixed choices (its Literal types), by the last part of the key.
LABELS: dict[str, dict[str, str]] = {
    "gioi_tinh": {"nam": "Nam", "nu": "Nữ"},
    "nhom": {
        "lanh_dao": "Lãnh đạo, quản lý",
        "cong_chuc": "Cán bộ, công chức, viên chức",
        "khong_chuc_vu": "Không giữ chức vụ lãnh đạo, quản lý",
        "ngoai_he_thong": "Không công tác trong hệ thống chính trị",
    },
    "tinh_trang": {
        "sinh_hoat": "Đang sinh hoạt",
        "mien": "Miễn công tác và sinh hoạt",
        "dinh_chi": "Đình chỉ sinh hoạt",
    },
    "hinh_thuc": {"khien_trach": "Khiển trách", "canh_cao": "Cảnh cáo", "cach_chuc": "Cách chức", "khai_tru": "Khai trừ"},
    "loai": {"dang_bo_co_so": "Đảng bộ cơ sở", "chi_bo_co_so": "Chi bộ cơ sở", "chi_bo_truc_thuoc": "Chi bộ trực thuộc"},
}

NAME_KEYS = ("ten", "ho_ten", "bi_thu", "chu_tri", "thu_ky")
"""Names: a line break in one is refused (a name is one line), not mended."""

_DECIMAL = re.compile(r"^\s*([+-]?\d+)(?:[,.](\d+))?\s*$")


@dataclass(frozen=True)
class Choice:
    label: str  # shown in the drop-down
    code: str  # written in the unit file


def choices(key: str, hint: object, rules: RuleSet, subject: str) -> list[Choice] | None:
    """The drop-down of a column (its key, dotted, and type hint), labels first; None: free text."""
    last = key.rsplit(".", 1)[-1]
    if hint is bool:
        return [Choice(YES, YES), Choice(NO, NO)]
    if last in ("xep_loai", "tu_xep_loai"):
        return [Choice(c.ten, c.ma) for c in rules.categories(subject)]
    if last == "loai_hinh":
        return [Choice(t.ten, t.ma) for t in rules.data.loai_hinh]
    if typing.get_origin(hint) is Literal:
        labels = LABELS.get(last, {})
        return [Choice(labels.get(code, code), code) for code in typing.get_args(hint)]
    return None


def label_of(value: object, options: list[Choice] | None) -> object:
    """A code as the form shows it."""
    if options is None or not isinstance(value, str):
        return value
    return next((c.label for c in options if c.code == value), value)


def code_of(value: str, options: list[Choice], extra: dict[str, str] | None = None) -> str | None:
    """The code of a label or code as typed (any case, punctuation or spacing); None: not one."""
    folded = loose_key(value)
    for option in options:
        if value in (option.code, option.label) or folded in (loose_key(option.code), loose_key(option.label)):
            return option.code
    return (extra or {}).get(folded)


def _bare(text: str) -> str:
    """Text without its diacritics ('Nũ' and 'Nữ' both 'nu'): typos often hit a tone mark."""
    decomposed = unicodedata.normalize("NFD", loose_key(text).replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def suggestion(value: str, candidates: list[str]) -> str | None:
    """The candidate closest to a typo ('Nũ' → 'Nữ', 'Lãnh đạo' → 'Lãnh đạo, quản lý'), if any is close."""
    for fold in (loose_key, _bare):
        folded = {fold(c): c for c in candidates}
        close = difflib.get_close_matches(fold(value), list(folded), n=1, cutoff=0.6)
        if close:
            return folded[close[0]]
    return None


def decimal(value: object) -> object:
    """A number typed with a decimal comma ("85,5") or as text ("85"), as a number; else as it is."""
    if isinstance(value, str) and (match := _DECIMAL.match(value)):
        whole, fraction = match.groups()
        return float(f"{whole}.{fraction}") if fraction is not None else int(whole)
    return value


def is_single_line_text(hint: object) -> bool:
    return hint in (str, TextOrNumber)


def is_name(key: str) -> bool:
    return key.rsplit(".", 1)[-1] in NAME_KEYS


def one_line(text: str) -> str:
    """Text with every line break made a space (for text that is one line in a document)."""
    return " ".join(LINE_BREAKS.sub(" ", text).split())
