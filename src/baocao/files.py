"""Writing files without ever leaving a half-written one, and never outside the output folder."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written document.

    The temporary file is created exclusively, so a link planted under its name is never
    followed; renaming replaces a link at the target itself, not what it points to.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    try:
        with open(temporary, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()


class UnsafeOutput(Exception):
    """A document path that would leave the output folder or go through a link."""


def inside(root: Path, relative: Path) -> Path:
    """root/relative, refusing '..', absolute paths and any link on the way (never followed)."""
    if relative.is_absolute() or any(part in ("..", ".", "") for part in relative.parts):
        raise UnsafeOutput(f"đường dẫn '{relative}' ra ngoài thư mục kết quả")
    current = root
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            raise UnsafeOutput(f"'{current}' là liên kết (symlink) trong thư mục kết quả: baocao không ghi qua liên kết")
    return current
