"""Writing model values back as YAML files users read and edit."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from pathlib import Path

import yaml

from .files import write_atomically


def plain(value: object) -> object:
    """Model values as plain YAML values, leaving out what is empty."""
    if is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value) if getattr(value, f.name) not in (None, [], {})}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def dump_yaml(path: Path, data: dict, comment: str) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)
    write_atomically(path, (f"# {comment}\n" + text).encode("utf-8"))
