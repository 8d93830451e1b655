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

from . import __version__
from .files import write_atomically
from .figures import cell_breakdown, member_breakdown, organisation_breakdown, quota_results
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

    @classmethod
    def load(cls, out: Path) -> "Manifest":
        path = out / STATE_FOLDER / MANIFEST_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
            return cls()
        if data.get("dinh_dang") != FORMAT:
            return cls()
        documents = {rel: Entry(**entry) for rel, entry in data.get("van_ban", {}).items()}
        return cls(documents, data.get("anh_chup", {}), data.get("lap_luc"), data.get("phien_ban", ""), bool(data.get("du_thao")), data.get("khoa_don_vi", {}))

    def save(self, out: Path, snapshot_json: str | None = None) -> None:
        """``snapshot_json``: the snapshot already encoded (by ``encode``, while there was time)."""
        payload = {
            "dinh_dang": FORMAT,
            "phien_ban": __version__,
            "lap_luc": self.rendered_at,
            "du_thao": self.draft,
            "khoa_don_vi": dict(sorted(self.unit_keys.items())),
            "van_ban": {rel: vars(entry) for rel, entry in sorted(self.documents.items())},
        }
        text = encode(payload)[:-1] + ',"anh_chup":' + (snapshot_json or encode(self.snapshot)) + "}"
        write_atomically(out / STATE_FOLDER / MANIFEST_FILE, text.encode("utf-8"))


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
    members = {member_identity(m): {"ho_ten": m.ho_ten, "xep_loai": m.xep_loai} for m in don_vi.dang_vien}
    return {"ten": don_vi.ten, "xep_loai": don_vi.xep_loai, "tieu_bieu": bool(don_vi.tieu_bieu), "dang_vien": members}


def _figures(grassroots: list[Unit], round_: Round, with_organisations: bool) -> dict:
    figures = {}
    pairs = [("chi_bo_truc_thuoc", cell_breakdown(grassroots, round_).total), ("dang_vien", member_breakdown(grassroots, round_).total)]
    if with_organisations:
        pairs.insert(0, ("to_chuc_co_so", organisation_breakdown(grassroots, round_).total))
    for key, tally in pairs:
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

