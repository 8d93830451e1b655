"""Declarative checking of YAML values against the model's type hints, and the JSON Schema.

Like a configuration schema, every problem in a file is collected before anything fails:
``build`` converts what it can, reports what it cannot (with the key path, hence the line),
and the caller decides from the report whether the file is usable.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import unicodedata
import types
import typing
from datetime import date
from typing import Any, Literal, Union

from . import model
from .diagnostics import Located
from .source import KEY
from .vietnamese import clean_text, legacy_font, parse_date

_MISSING = dataclasses.MISSING
# Text that needs the full treatment: controls and invisible marks, Latin-1 letters (old fonts).
_NEEDS_CARE = re.compile("[\x00-\x1f\x7f-\xff\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\ud800-\udfff\ufffe\uffff]")


MAX_DIGITS = 18  # the YAML reader reads longer digit strings as text (see source._INT_RE)
YEARS = (1850, 2200)  # of any date a round holds: births, admissions, meetings


@dataclasses.dataclass(frozen=True)
class FieldSpec:
    name: str
    hint: Any
    required: bool
    default: Any
    doc: str


@functools.cache
def fields_of(cls: type) -> tuple[FieldSpec, ...]:
    hints = typing.get_type_hints(cls)
    specs = []
    for f in dataclasses.fields(cls):
        required = f.default is _MISSING and f.default_factory is _MISSING
        default = f.default if f.default is not _MISSING else f.default_factory
        specs.append(FieldSpec(f.name, hints[f.name], required, default, f.metadata.get("doc", "")))
    return tuple(specs)


@functools.cache
def split_optional(hint: Any) -> tuple[bool, Any]:
    if typing.get_origin(hint) in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) < len(typing.get_args(hint)):
            return True, args[0] if len(args) == 1 else Union[tuple(args)]
    return False, hint


def key_label(path: tuple) -> str:
    """dang_vien[3].ho_ten: list positions counted from 1, as a person counts entries."""
    label = ""
    for part in path:
        label += f"[{part + 1}]" if isinstance(part, int) else (("." if label else "") + str(part))
    return label or "(tệp)"


def _kind_name(value: Any) -> str:
    if isinstance(value, bool):
        return "giá trị đúng/sai"
    if isinstance(value, (int, float)):
        return f"số {value}"
    if isinstance(value, str):
        return f"chữ '{value}'"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một nhóm khóa"
    return "giá trị trống"


def _expected_name(hint: Any) -> str:
    if hint in (str, model.TextOrNumber):
        return "chữ"
    if hint is int:
        return "một số nguyên"
    if hint is float:
        return "một số (phần thập phân viết dấu chấm: 85.5)"
    if hint is bool:
        return "true hoặc false"
    if hint is date:
        return "một ngày (2017-11-21 hoặc 21/11/2017)"
    if hint is model.Paragraphs:
        return "đoạn văn (chữ hoặc danh sách đoạn)"
    origin = typing.get_origin(hint)
    if origin is list:
        return "một danh sách (mỗi mục một dòng bắt đầu bằng '- ')"
    if origin is dict or dataclasses.is_dataclass(hint):
        return "một nhóm khóa (các dòng 'khóa: giá trị' thụt vào)"
    if origin is Literal:
        return "một trong: " + ", ".join(typing.get_args(hint))
    return str(hint)


class Converter:
    """Converts one file's values, reporting through ``at`` (which knows the file's lines)."""

    def __init__(self, at: Located) -> None:
        self.at = at
        self.root: Any = None  # the file's top-level values: a message about a member names him

    def _error(self, code: str, path: tuple, message: str) -> None:
        self.at.error(code, path, self._whose(path) + message)

    def _warning(self, code: str, path: tuple, message: str) -> None:
        self.at.warning(code, path, self._whose(path) + message)

    def _whose(self, path: tuple) -> str:
        """'đồng chí Vũ Hồng Huệ: ' for a value of a member's (a clerk knows people, not
        'dang_vien[3]'), unless the value is the name itself."""
        if len(path) < 3 or path[0] != "dang_vien" or not isinstance(path[1], int) or path[2] == "ho_ten":
            return ""
        members = self.root.get("dang_vien") if isinstance(self.root, dict) else None
        member = members[path[1]] if isinstance(members, list) and 0 <= path[1] < len(members) else None
        name = member.get("ho_ten") if isinstance(member, dict) else None
        return f"đồng chí {' '.join(name.split())}: " if isinstance(name, str) and name.strip() else ""

    def wrong_type(self, path: tuple, hint: Any, value: Any) -> None:
        """Report a value of the wrong kind (the caller then gives no value: None)."""
        key = key_label(path)
        message = f"'{key}' cần {_expected_name(hint)}, nhưng gặp {_kind_name(value)}"
        if hint is bool and isinstance(value, str):
            message += "; hãy viết true (có) hoặc false (không)"
        self._error("sai-kieu", path, message)

    def value(self, hint: Any, value: Any, path: tuple) -> Any:
        optional, inner = split_optional(hint)
        if value is None:
            return None
        return self._convert(inner, value, path)

    def _convert(self, hint: Any, value: Any, path: tuple) -> Any:
        if hint is Any:
            return value
        if hint is str and type(value) is str and not _NEEDS_CARE.search(value):
            # The common case, fast: plain text, composed, nothing to remove, no old-font letters.
            stripped = value.strip()
            if stripped and unicodedata.is_normalized("NFC", stripped):
                return stripped
        if hint in (str, model.TextOrNumber):
            return self.text(hint, value, path)
        if hint is int:
            return self.integer(value, path)
        if hint is float:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return float(value)
            self.wrong_type(path, hint, value)
            return None
        if hint is bool:
            if isinstance(value, bool):
                return value
            self.wrong_type(path, hint, value)
            return None
        if hint is date:
            return self.date_value(value, path)
        if hint is model.Paragraphs:
            return self.paragraphs(value, path)
        origin = typing.get_origin(hint)
        if origin is Literal:
            return self.choice(hint, value, path)
        if origin is list:
            if not isinstance(value, list):
                self.wrong_type(path, hint, value)
                return None
            (item_hint,) = typing.get_args(hint)
            items = [self.value(item_hint, item, path + (i,)) for i, item in enumerate(value)]
            return [item for item in items if item is not None]
        if origin is dict:
            if not isinstance(value, dict):
                self.wrong_type(path, hint, value)
                return None
            _, item_hint = typing.get_args(hint)
            return {k: self.value(item_hint, v, path + (k,)) for k, v in value.items()}
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            return self.record(hint, value, path)
        raise TypeError(f"no converter for {hint!r}")  # a model declaration error, not user data

    def text(self, hint: Any, value: Any, path: tuple) -> str | None:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and hint is model.TextOrNumber:
            value = str(value)
        if not isinstance(value, str):
            self.wrong_type(path, hint, value)
            return None
        cleaned, removed = clean_text(value)
        if removed:
            self._warning(
                "ky-tu-la", path,
                "đã bỏ ký tự ẩn hoặc ký tự điều khiển không được phép trong văn bản: " + ", ".join(removed),
            )
        cleaned = cleaned.strip()
        if not cleaned:
            key = key_label(path)
            self._error("de-trong", path, f"'{key}' để trống")
            return None
        font = legacy_font(cleaned)
        if font is not None:
            shown = cleaned if len(cleaned) <= 40 else cleaned[:39] + "…"
            self._error(
                "bang-ma-cu", path,
                f"'{key_label(path)}' có vẻ được gõ bằng phông {font} cũ rồi dán vào ('{shown}'); hãy chuyển mã sang "
                f"Unicode (Unikey: Công cụ chuyển mã, nguồn {'TCVN3 (ABC)' if font == 'TCVN3' else 'VNI Windows'}, đích Unicode)",
            )
        return cleaned

    def integer(self, value: Any, path: tuple) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().isdecimal() and value.strip().isascii():
            if len(value.strip()) > MAX_DIGITS:  # no count, year or score has so many digits
                self._error("so-qua-lon", path, f"'{key_label(path)}' là một số có {len(value.strip())} chữ số: quá lớn; hãy kiểm tra lại")
                return None
            return int(value.strip())
        self.wrong_type(path, int, value)
        return None

    def date_value(self, value: Any, path: tuple) -> date | None:
        parsed = parse_date(value) if isinstance(value, str) else None
        if parsed is None:
            key = key_label(path)
            shown = value if isinstance(value, str) else _kind_name(value)
            self._error(
                "sai-ngay", path,
                f"'{key}' không phải ngày hợp lệ: '{shown}'; hãy viết dạng 2017-11-21 hoặc 21/11/2017",
            )
        elif not YEARS[0] <= parsed.year <= YEARS[1]:  # 9999-12-31 is a date, but no date of a review
            self._error("sai-ngay", path, f"'{key_label(path)}': năm {parsed.year} không hợp lý (ngoài {YEARS[0]}–{YEARS[1]}); hãy kiểm tra lại")
            return None
        return parsed

    def paragraphs(self, value: Any, path: tuple) -> list[str] | None:
        if isinstance(value, str):
            chunks = [c for c in value.replace("\r\n", "\n").split("\n\n")]
            texts = [" ".join(c.split("\n")) for c in chunks]
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            texts = value
        else:
            self.wrong_type(path, model.Paragraphs, value)
            return None
        result = []
        for index, text in enumerate(texts):
            cleaned = self.text(str, text, path if isinstance(value, str) else path + (index,)) if text.strip() else None
            if cleaned:
                result.append(cleaned)
        return result

    def choice(self, hint: Any, value: Any, path: tuple) -> str | None:
        allowed = typing.get_args(hint)
        if isinstance(value, str) and value.strip() in allowed:
            return value.strip()
        key = key_label(path)
        message = f"'{key}' không nhận giá trị {_kind_name(value)}; chỉ nhận: {', '.join(allowed)}"
        close = difflib.get_close_matches(str(value), allowed, n=1)
        if close:
            message += f" (có phải '{close[0]}'?)"
        self._error("gia-tri-khong-hop-le", path, message)
        return None

    def record(self, cls: type, value: Any, path: tuple) -> Any:
        if path == ():
            self.root = value
        if not isinstance(value, dict):
            self.wrong_type(path, cls, value)
            return None
        specs = fields_of(cls)
        known = {s.name for s in specs}
        for key in value:
            if key not in known:
                self.unknown_key(str(key), sorted(known), path + (key, KEY))
        kwargs: dict[str, Any] = {}
        for spec in specs:
            if spec.name not in value or value[spec.name] is None:
                if spec.required:
                    self._error(
                        "thieu-khoa", path,
                        f"thiếu khóa bắt buộc '{spec.name}' ({spec.doc})" if spec.doc else f"thiếu khóa bắt buộc '{spec.name}'",
                    )
                    kwargs[spec.name] = None
                continue
            converted = self.value(spec.hint, value[spec.name], path + (spec.name,))
            if converted is not None:
                kwargs[spec.name] = converted
            elif spec.required:
                kwargs[spec.name] = None
        return cls(**kwargs)

    def unknown_key(self, key: str, known: list[str], path: tuple) -> None:
        message = f"khóa lạ '{key}' (không được dùng)"
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        if close:
            message += f"; có phải '{close[0]}'?"
        self._warning("khoa-la", path, message)


# --- JSON Schema ------------------------------------------------------------------------------


def json_schema_of(hint: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    optional, inner = split_optional(hint)
    schema = _schema_of(inner, definitions)
    return {"anyOf": [schema, {"type": "null"}]} if optional else schema


def _schema_of(hint: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    if hint is str:
        return {"type": "string", "pattern": r"\S"}
    if hint is model.TextOrNumber:
        return {"type": ["string", "integer"]}
    if hint is int:
        return {"type": "integer"}
    if hint is float:
        return {"type": "number"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is date:
        return {
            "type": "string",
            "pattern": r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})$",
        }
    if hint is model.Paragraphs:
        return {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    origin = typing.get_origin(hint)
    if origin is Literal:
        return {"enum": list(typing.get_args(hint))}
    if origin is list:
        return {"type": "array", "items": json_schema_of(typing.get_args(hint)[0], definitions)}
    if origin is dict:
        return {"type": "object", "additionalProperties": json_schema_of(typing.get_args(hint)[1], definitions)}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        name = hint.__name__
        if name not in definitions:
            definitions[name] = {}  # placeholder against recursion
            definitions[name] = _record_schema(hint, definitions)
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(hint)


def _record_schema(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    properties = {}
    for spec in fields_of(cls):
        prop = json_schema_of(spec.hint, definitions)
        if spec.doc:
            prop = {"description": spec.doc, **prop}
        properties[spec.name] = prop
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    required = [s.name for s in fields_of(cls) if s.required]
    if required:
        schema["required"] = required
    if cls.__doc__ and not cls.__doc__.startswith(cls.__name__ + "("):
        schema["description"] = cls.__doc__.strip().splitlines()[0]
    return schema


def document_schema(cls: type, title: str) -> dict[str, Any]:
    definitions: dict[str, Any] = {}
    root = _record_schema(cls, definitions)
    definitions.pop(cls.__name__, None)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **root, "$defs": definitions}
