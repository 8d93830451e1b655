"""Committing made documents into the output folder, one by one, without losing anything a
person wrote: an edited document is kept (or, with --force, moved aside), one open in Word is
named, one whose unit left the data moves to ``da-xoa/``; nothing is written through a link."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import display_path
from .files import OutputFolder, UnsafeOutput, discard
from .manifest import Entry, Manifest, file_hash
from .outcome import Rendered
from .plan import Job

if TYPE_CHECKING:
    from .making import Made

REMOVED_FOLDER = "da-xoa"
BUSY_MESSAGE = ("tệp đang mở trong chương trình khác (Word, Excel, trình đọc PDF?) nên không thay được; hãy đóng tệp rồi chạy lại "
                "(các văn bản khác đã được ghi)")
KEPT_MESSAGE = ("tệp đã được sửa tay sau lần lập trước nên được giữ nguyên, không ghi đè (chạy với --force để cất bản sửa tay "
                "sang tên khác rồi lập lại)")


def _aside_name(target: Path, label: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = target.with_name(f"{target.stem}.{label}-{stamp}{target.suffix}")
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = target.with_name(f"{target.stem}.{label}-{stamp}-{counter}{target.suffix}")
    return candidate


class Writer:
    """Commits made documents, one by one, without losing anything a person wrote."""

    def __init__(self, out: Path, manifest: Manifest, force: bool, result: Rendered) -> None:
        self.out, self.manifest, self.force, self.result = out, manifest, force, result
        self.place = OutputFolder(out)
        self.entries: dict[str, Entry] = {}
        self.kept_edited: set[Path] = set()

    def commit(self, job: Job, made: Made) -> None:
        rel = job.output.as_posix()
        entry = self.manifest.documents.get(rel)
        if made.state == "unsafe":
            self.result.note("khong-ghi-qua-lien-ket", self.out / job.output, made.message)
        elif made.state == "up_to_date":
            self.result.up_to_date += 1
        if made.waiting is None:
            if entry is not None:
                self.entries[rel] = entry
            return
        target, found = self.place.status(job.output)
        placed = False
        try:
            placed = self._make_room(target, found, entry, made.digest) and self._place(made.waiting, target)
        finally:
            if not placed:
                discard(made.waiting)
        if placed:
            self.entries[rel] = Entry(made.input, made.digest, job.form, job.unit, made.size, made.mtime_ns)
            self.result.written.append(target)
        elif entry is not None:
            self.entries[rel] = entry
        elif target in self.kept_edited:
            # A person's file where no record says baocao wrote one: recorded as matching nothing,
            # so that every render names it again, as it does an edit of a recorded document.
            self.entries[rel] = Entry("", "", job.form, job.unit)

    def _make_room(self, target: Path, found: os.stat_result | None, entry: Entry | None, digest: str) -> bool:
        """False when the file there (``found``: its status) is a person's edit, kept; with
        --force it is moved aside."""
        if found is None or (entry is not None and entry.matches_file(target, found)) or file_hash(target) == digest:
            return True
        if target.suffix == ".docx":
            from .render.docx import written_by_baocao

            if written_by_baocao(target):  # stale, but as baocao wrote it: no one saved it since
                return True
        # Not what baocao last wrote there, nor what it would write: a person's edit.
        if not self.force:
            self.kept_edited.add(target)
            self.result.not_replaced.add(target)
            self.result.note("giu-ban-sua-tay", target, KEPT_MESSAGE)
            return False
        aside = _aside_name(target, "sua-tay")
        try:
            os.replace(target, aside)
        except PermissionError:  # the edit is open in Word (Windows): left as it is, named
            self._busy(target)
            return False
        self.result.note("cat-ban-sua-tay", target, f"bản sửa tay được cất thành {display_path(aside)}")
        return True

    def _place(self, waiting: Path, target: Path) -> bool:
        try:
            os.replace(waiting, target)
        except PermissionError:  # open in another program (Windows)
            self._busy(target)
            return False
        return True

    def _busy(self, path: Path) -> None:
        self.result.not_replaced.add(path)
        self.result.note("tep-dang-mo", path, BUSY_MESSAGE)

    def keep(self, rel: str, entry: Entry) -> None:
        self.entries[rel] = entry

    def retire(self, rel: str) -> None:
        """A document whose unit or member left the data: moved to da-xoa/, never deleted."""
        try:
            source = self.place.path(Path(rel))
            target = self.place.path(Path(REMOVED_FOLDER) / rel)
        except UnsafeOutput as refusal:
            self.result.note("khong-ghi-qua-lien-ket", self.out / rel, str(refusal))
            return
        if not source.is_file():
            return
        if target.exists():
            target = _aside_name(target, "cu")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(source, target)
        except PermissionError:
            self._busy(source)
            self.entries[rel] = self.manifest.documents[rel]
            return
        self.result.note("chuyen-da-xoa", source, f"đơn vị không còn trong dữ liệu: văn bản được chuyển sang {display_path(target)}")
        for folder in source.parents:
            if folder == self.out or not folder.is_relative_to(self.out) or any(folder.iterdir()):
                break
            folder.rmdir()
