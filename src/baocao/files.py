"""Writing files without ever leaving a half-written one, and never outside the output folder."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

SYNC_ALL_AT_ONCE = sys.platform.startswith("linux")
"""Linux's sync() returns only once every written byte is on disk (elsewhere it may return
before), so many files can be made durable with one call instead of one fsync each."""


def write_temporary(target: Path, data: bytes, durable: bool = True, folder_ready: bool = False) -> Path:
    """Write ``data`` to a temporary file beside ``target`` and return its path.

    The temporary file is created exclusively, so a link planted under its name is never
    followed. ``durable`` waits until the bytes are on disk, so that renaming it over the target
    later can never leave a document that is empty after a power cut; a cache, which is only
    ever trusted whole, does without, and so may a caller that calls ``make_durable`` for a
    whole batch before renaming any of it.
    """
    if not folder_ready:
        target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        handle = open(temporary, "xb")
    except FileExistsError:  # left by a killed run (or a link planted there): removed, never followed
        temporary.unlink()
        handle = open(temporary, "xb")
    try:
        with handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
            elif SYNC_ALL_AT_ONCE:
                # Start writing to disk now, without waiting: the sync of the whole batch then has little left to do.
                os.posix_fadvise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
    except BaseException:
        discard(temporary)
        raise
    return temporary


def write_temporary_batched(target: Path, data: bytes) -> Path:
    """A temporary file of a batch (its folder made already): durable now, or by ``make_durable``
    once the batch is written."""
    return write_temporary(target, data, durable=not SYNC_ALL_AT_ONCE, folder_ready=True)


def make_durable() -> None:
    """Every file written with ``write_temporary_batched`` is on disk once this returns."""
    if SYNC_ALL_AT_ONCE:
        os.sync()


def discard(temporary: Path) -> None:
    if temporary.exists():
        temporary.unlink()


def write_atomically(target: Path, data: bytes, durable: bool = True, folder_ready: bool = False) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written document.

    Renaming replaces a link at the target itself, not what it points to.
    """
    temporary = write_temporary(target, data, durable, folder_ready)
    try:
        os.replace(temporary, target)
    finally:
        discard(temporary)


class UnsafeOutput(Exception):
    """A document path that would leave the output folder or go through a link."""


class OutputFolder:
    """Paths below an output folder, refusing '..', absolute paths and any link on the way.

    A folder found not to be a link is remembered: the folders below the root are baocao's own
    making during a run, so a run of thousands of documents checks each folder once, and only
    the file itself every time.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._folders: dict[Path, Path] = {}  # relative folder → checked folder below the root
        self._made: set[Path] = set()

    def make_folder_of(self, target: Path) -> None:
        """Create the folder a file goes in, once a run: creating folders is slow on some disks."""
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)

    def path(self, relative: Path) -> Path:
        return self.status(relative)[0]

    def status(self, relative: Path) -> tuple[Path, os.stat_result | None]:
        """root/relative, and what is there now (None: nothing); a link there is refused."""
        folder = self._folders.get(relative.parent)
        if folder is None or relative.name in ("..", ""):
            if relative.is_absolute() or not relative.parts or ".." in relative.parts:
                raise UnsafeOutput(f"đường dẫn '{relative}' ra ngoài thư mục kết quả")
            folder = self._checked_folder(relative.parent)
        target = folder / relative.name
        found = _lstat(target)
        if found is not None and stat.S_ISLNK(found.st_mode):
            raise _link_refused(target)
        return target, found

    def _checked_folder(self, relative: Path) -> Path:
        """root/relative, a folder (``relative`` already refused if it leaves the root)."""
        folder = self._folders.get(relative)
        if folder is None:
            if not relative.parts:
                folder = self.root
            else:
                folder = self._checked_folder(relative.parent) / relative.name
                if folder.is_symlink():
                    raise _link_refused(folder)
            self._folders[relative] = folder
        return folder


def is_link(path: Path) -> bool:
    """A symbolic link, or on Windows a junction (which os.path.islink does not see before Python 3.12)."""
    found = _lstat(path)
    if found is None:
        return False
    return stat.S_ISLNK(found.st_mode) or bool(getattr(found, "st_file_attributes", 0) & getattr(stat, "FILE_ATTRIBUTE_REPARSE_POINT", 0))


def remove_link(path: Path) -> bool:
    """Remove a link found where baocao keeps a file or folder of its own (never what it points
    to); True when there was one."""
    if not is_link(path):
        return False
    try:
        os.unlink(path)
    except (IsADirectoryError, PermissionError):  # a Windows junction or directory link
        os.rmdir(path)
    return True


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # nothing there yet (or a file where a folder goes: reported on writing)
        return None


def _link_refused(path: Path) -> UnsafeOutput:
    return UnsafeOutput(f"'{path}' là liên kết (symlink) trong thư mục kết quả: baocao không ghi qua liên kết")


def keep_copy(path: Path) -> Path:
    """Copy a file about to be replaced to a dated name beside it (``x.yaml.20261205-074100.bak``)
    and return that name. An earlier copy is never overwritten: every replaced version stays,
    and a name ending in ``.bak`` takes no part in the round."""
    from datetime import datetime  # only when a file is replaced

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    counter = 1
    while True:
        candidate = path.with_name(f"{path.name}.{stamp}{'' if counter == 1 else f'-{counter}'}.bak")
        try:
            with open(candidate, "xb") as copy:  # exclusively: never over an earlier copy, never through a link
                copy.write(path.read_bytes())
            return candidate
        except FileExistsError:
            counter += 1
