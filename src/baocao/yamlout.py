"""Writing model values back as YAML files users read and edit."""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

import yaml

from .files import write_atomically

LINE_BREAKS = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
"""Every character a YAML reader or a text editor may take for the end of a line."""


def plain(value: object) -> object:
    """Model values as plain YAML values, leaving out what is empty."""
    if is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value) if getattr(value, f.name) not in (None, [], {})}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def plain_record(record: object) -> dict[str, Any]:
    """A model record (a dataclass) as a plain mapping, leaving out what is empty."""
    data = plain(record)
    if not isinstance(data, dict):
        raise TypeError(f"not a record: {type(record).__name__}")
    return data


def dump_yaml(path: Path, data: dict, comment: str) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)
    # The comment holds a unit's name: a line break in it (U+2028 too, a break to YAML 1.1 readers)
    # would end the comment and start a key of its own.
    comment = " ".join(LINE_BREAKS.sub(" ", comment).split())
    write_atomically(path, (f"# {comment}\n" + text).encode("utf-8"))

