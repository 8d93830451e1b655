"""The output folder's memory: what each document was made from, and what the round said then.

For every document the manifest keeps a hash of everything it was made from (the whole context
its template sees, the template's bytes, the rule set's files, baocao's version) and a hash of
the bytes written. A re-render compares input hashes to know what to rewrite, and output hashes
to know what a person edited by hand. The snapshot (categories of every unit and member, the
summaries' figures, the quotas) lets ``changes`` say what moved since the last render.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeGuard

from . import __version__
from .files import write_atomically
from .figures import quota_results, totals
from .load import Round, Unit, rule_set_digest
from .model import DangVien

STATE_FOLDER = ".baocao"
MANIFEST_FILE = "manifest.json"
LOCK_FILE = "lock"
HISTORY_FILE = "lich-su.jsonl"
FORMAT = 1


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def canonical(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def input_hash(context: dict, template_hash: str, rules_hash: str) -> str:
    """Everything a document is made from, in one hash."""
    return sha256(b"\0".join([__version__.encode(), template_hash.encode(), rules_hash.encode(), canonical(context)]))


def rules_hash(round_: Round) -> str:
    return rule_set_digest(round_.rule_set)


@dataclass
class Entry:
    """One document of the manifest."""

    input: str
    output: str
    form: str
    unit: str | None
    size: int = 0
    mtime_ns: int = 0

    def matches_file(self, path: Path, found: os.stat_result | None = None) -> bool:
        """Is the file on disk the one we wrote? Size and time first; the hash when they differ.
        ``found``: the file's status, when the caller has it already."""
        if found is None:
            try:
                found = path.stat()
            except FileNotFoundError:
                return False
        if found.st_size == self.size and found.st_mtime_ns == self.mtime_ns:
            return True
        return found.st_size == self.size and file_hash(path) == self.output


@dataclass
class Manifest:
    documents: dict[str, Entry] = field(default_factory=dict)
    snapshot: dict = field(default_factory=dict)
    rendered_at: str | None = None
    version: str = __version__
    draft: bool = False  # the last full render was a draft
    unit_keys: dict[str, str] = field(default_factory=dict)  # what each unit's documents were made from

    problem: str | None = None  # why the manifest found there was set aside (it is rebuilt)

    @classmethod
    def load(cls, out: Path) -> "Manifest":
        path = out / STATE_FOLDER / MANIFEST_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError, RecursionError):  # damaged, not UTF-8, nested beyond reason, a folder
            return cls(problem=_set_aside("không đọc được"))
        if not isinstance(data, dict) or data.get("dinh_dang") != FORMAT:
            return cls(problem=None if isinstance(data, dict) and isinstance(data.get("dinh_dang"), int) else _set_aside("không đúng dạng"))
        documents, snapshot, keys = data.get("van_ban", {}), data.get("anh_chup", {}), data.get("khoa_don_vi", {})
        if not (_documents_fit(documents) and _snapshot_fits(snapshot) and _is_map(keys, str)):
            return cls(problem=_set_aside("không đúng dạng"))
        rendered_at, version = data.get("lap_luc"), data.get("phien_ban", "")
        return cls({rel: Entry(**entry) for rel, entry in documents.items()}, snapshot,
                   rendered_at if isinstance(rendered_at, str) else None, version if isinstance(version, str) else "",
                   bool(data.get("du_thao")), keys)

    def save(self, out: Path) -> None:
        payload = {
            "dinh_dang": FORMAT,
            "phien_ban": __version__,
            "lap_luc": self.rendered_at,
            "du_thao": self.draft,
            "khoa_don_vi": dict(sorted(self.unit_keys.items())),
            "van_ban": {rel: vars(entry) for rel, entry in sorted(self.documents.items())},
            "anh_chup": self.snapshot,
        }
        text = encode(payload)
        write_atomically(out / STATE_FOLDER / MANIFEST_FILE, text.encode("utf-8"))


def _set_aside(why: str) -> str:
    return (f"bản kê {why} (sửa tay hoặc hỏng): bỏ qua và lập lại; văn bản nào không chắc do baocao "
            "ghi thì được giữ nguyên")


def _is_map(value: object, kind: type | tuple[type, ...] = object) -> TypeGuard[dict]:
    return isinstance(value, dict) and all(isinstance(item, kind) for item in value.values())


_ENTRY_FIELDS: dict[str, type | tuple[type, ...]] = {"input": str, "output": str, "form": str, "unit": (str, type(None)), "size": int, "mtime_ns": int}


def _documents_fit(documents: object) -> bool:
    return _is_map(documents, dict) and all(
        set(entry) <= set(_ENTRY_FIELDS) and {"input", "output", "form", "unit"} <= set(entry)
        and all(isinstance(value, _ENTRY_FIELDS[key]) for key, value in entry.items())
        for entry in documents.values())


_TEXT = (str, type(None))


def _snapshot_fits(snapshot: object) -> bool:
    """The shape ``snapshot`` writes, which ``changes.Differ`` reads without further checks."""
    if not isinstance(snapshot, dict):
        return False
    units, summaries, quotas = snapshot.get("don_vi", {}), snapshot.get("tong_hop", {}), snapshot.get("han_muc", {})
    return (
        _is_map(units, dict) and all(
            isinstance(u.get("ten"), _TEXT) and isinstance(u.get("xep_loai"), _TEXT) and isinstance(u.get("tieu_bieu"), bool)
            and _is_map(u.get("dang_vien"), dict)
            and all(isinstance(m.get("ho_ten"), _TEXT) and isinstance(m.get("xep_loai"), _TEXT) for m in u["dang_vien"].values())
            for u in units.values())
        and _is_map(summaries, dict) and all(
            _is_map(figures, dict) and all(
                isinstance(f.get("danh_gia"), int) and isinstance(f.get("tong_so"), int) and _is_map(f.get("so"), int)
                for f in figures.values())
            for figures in summaries.values())
        and _is_map(quotas, dict) and all(
            isinstance(q.get("dat"), bool) and isinstance(q.get("so"), int) and isinstance(q.get("toi_da"), (int, type(None)))
            for q in quotas.values())
    )


def encode(value: object) -> str:
    """JSON as the manifest keeps it: compact, letters as they are."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def now_text() -> str:
    return datetime.now().isoformat(timespec="seconds")


def record(path: Path, entry: Entry) -> Entry:
    stat = os.stat(path)
    entry.size, entry.mtime_ns = stat.st_size, stat.st_mtime_ns
    return entry


# --- the snapshot: what the round said at a render ---------------------------------------------------


def member_identity(member: DangVien) -> str:
    """A member's identity: the Party card number where given, else name and year of birth."""
    if member.so_the:
        return f"the:{member.so_the}"
    return f"ten:{(member.ho_ten or '').casefold()}:{member.nam_sinh or ''}"


def _unit_snapshot(unit: Unit) -> dict:
    don_vi = unit.don_vi
    if don_vi is None:
        return {"ten": unit.name, "xep_loai": None, "tieu_bieu": False, "dang_vien": {}}
    members = {}
    for m in don_vi.dang_vien:
        members[member_identity(m)] = {"ho_ten": m.ho_ten, "xep_loai": m.xep_loai}
        if m.kiem_diem:
            members[member_identity(m)]["noi_dung"] = _text_digest(m.kiem_diem)
    texts = _text_digest(don_vi.kiem_diem, don_vi.hoi_nghi.y_kien if don_vi.hoi_nghi else None)
    return {"ten": don_vi.ten, "xep_loai": don_vi.xep_loai, "tieu_bieu": bool(don_vi.tieu_bieu), "dang_vien": members,
            "noi_dung": texts}


def _text_digest(sections: dict | None, *more: list | None) -> str:
    """A short digest of review texts, so that `changes` can say a text was edited (not what)."""
    parts = [f"{key}\0" + "\0".join(paragraphs or []) for key, paragraphs in (sections or {}).items()]
    parts += ["\0".join(extra) for extra in more if extra]
    return hashlib.sha256("\1".join(parts).encode("utf-8")).hexdigest()[:16]


def _figures(grassroots: list[Unit], round_: Round, with_organisations: bool) -> dict:
    figures = {}
    for key, tally in totals(grassroots, round_, with_organisations).items():
        counts = dict(tally.categories)
        if key != "dang_vien":
            counts["tieu_bieu"] = tally.distinguished
        figures[key] = {"danh_gia": tally.evaluated, "tong_so": tally.total, "so": counts}
    return figures


def snapshot(round_: Round) -> dict:
    summaries = {"": _figures(round_.units, round_, True)}
    for unit in round_.units:
        if unit.position == "dang_bo_co_so":
            summaries[unit.rel.as_posix()] = _figures([unit], round_, False)
    quotas = {}
    for result in quota_results(round_):
        scope = result.scope.unit.rel.as_posix() if result.scope.unit is not None else "*"
        quotas[f"{result.quota.id}@{scope}"] = {"so": result.count, "toi_da": result.limit, "dat": result.holds}
    return {
        "don_vi": {u.rel.as_posix(): _unit_snapshot(u) for u in round_.all_units()},
        "tong_hop": summaries,
        "han_muc": quotas,
    }

