"""Where a round stands: per unit, submitted, valid, decided, quota headroom, documents current."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from collections.abc import Sequence
from pathlib import Path

from .build import leftover_temporaries, render_running, validate
from .incremental import input_keys, unchanged_units
from .outcome import Validated
from .diagnostics import display_path
from .figures import EVALUATED, QuotaResult, member_standing, quota_results, unit_standing
from .load import Round, Unit
from .manifest import MANIFEST_FILE, STATE_FOLDER, Manifest


@dataclass
class UnitStatus:
    don_vi: str  # path in the round
    ten: str
    da_nop: bool
    hop_le: bool | None
    da_xep_loai: bool | None
    han_muc: str
    van_ban: str


def _decided(unit: Unit, round_: Round) -> bool:
    if unit.don_vi is None:
        return False
    if unit_standing(unit, round_).kind == EVALUATED and not unit.don_vi.xep_loai:
        return False
    return all(m.xep_loai for m in unit.members if member_standing(m, round_).kind == EVALUATED)


def quota_text(result: QuotaResult, round_: Round) -> str:
    rules = round_.rule_set
    code = result.quota.xep_loai
    name = rules.short_name("dang_vien" if result.quota.doi_tuong == "dang_vien" else "to_chuc", code) or code
    if result.holds:
        return f"còn được {result.headroom} {name}"
    return f"phải hạ {result.to_lower} {name}"


def _documents_state(unit_key: str, manifest: Manifest, unchanged: frozenset[str], out: Path) -> str:
    mine = [(rel, entry) for rel, entry in manifest.documents.items() if entry.unit == unit_key]
    if not mine:
        return "chưa lập"
    # A document there that is not what baocao wrote: a person edited it (render keeps it as it is).
    edited = sum(1 for rel, entry in mine if (out / rel).exists() and not entry.matches_file(out / rel))
    if edited:
        return f"có {edited} tệp sửa tay"
    return "mới nhất" if unit_key in unchanged else "cần lập lại"


def round_status(folder: Path, output_root: Path = Path("output"), cache_folder: Path | None = None,
                 ) -> tuple[Validated, list[UnitStatus], list[str]]:
    """``cache_folder``: where the typed units are kept (default: the output folder's state, which
    a render shares; a process that alternates status and render keeps its own, see web/)."""
    cache_folder = cache_folder or output_root / folder.resolve().name / STATE_FOLDER
    validated = validate(folder, draft=True, cache_folder=cache_folder)
    if validated.fatal is not None:
        return validated, [], []
    return validated, *status_rows(validated, output_root)


def status_rows(validated: Validated, output_root: Path) -> tuple[list[UnitStatus], list[str]]:
    """The rows of a round already validated (as a draft), against its output folder now."""
    round_ = validated.loaded_round
    out = output_root / round_.name
    manifest = Manifest.load(out)
    unchanged = unchanged_units(manifest, input_keys(round_, manifest.draft), out)
    erroneous = {d.file for d in validated.report.errors}
    results = quota_results(round_)
    by_unit: dict[int, list[str]] = {}
    for result in results:
        if result.scope.unit is not None:
            by_unit.setdefault(id(result.scope.unit), []).append(quota_text(result, round_))
    rows = []
    for unit in round_.all_units():
        mine = by_unit.get(id(unit), [])
        rows.append(UnitStatus(
            unit.rel.as_posix(), unit.name, True, unit.source.display not in erroneous and unit.usable,
            _decided(unit, round_), "; ".join(mine) or "—",
            _documents_state(unit.rel.as_posix(), manifest, unchanged, out),
        ))
    present = {row.don_vi for row in rows}
    for expected in round_.dot.don_vi_du_kien:
        key = expected.removesuffix(".yaml").removesuffix("/dang-bo")
        if key not in present:
            rows.append(UnitStatus(key, "(chưa nộp)", False, None, None, "—", "—"))
    whole = [f"{r.quota.id}: {r.count}/{r.limit} — {quota_text(r, round_)}" for r in results if r.scope.unit is None]
    return rows, whole


def output_notes(validated: Validated, out: Path) -> list[str]:
    """What is wrong in the output folder itself: temporaries a killed render left, a cache dropped."""
    notes = [d.format() for d in validated.report.warnings if d.code == "bo-nho-dem"]
    problem = Manifest.load(out).problem
    if problem:
        notes.append(f"{display_path(out / STATE_FOLDER / MANIFEST_FILE)}: {problem}")
    if out.is_dir() and not render_running(out):
        left = leftover_temporaries(out)
        if left:
            notes.append(f"{display_path(out)}/: còn {len(left)} tệp tạm (ví dụ {display_path(left[0])}) của một lần lập văn bản "
                         "bị dừng giữa chừng; lần chạy 'baocao render' sau sẽ tự dọn, các văn bản đã có vẫn nguyên vẹn.")
    return notes


def _yes(value: bool | None) -> str:
    return "—" if value is None else ("có" if value else "KHÔNG")


def format_status(rows: list[UnitStatus], whole: list[str], out: Path, notes: Sequence[str] = ()) -> str:
    header = ("Đơn vị", "Tệp", "Nộp", "Hợp lệ", "Xếp loại", "Hạn mức", "Văn bản")
    table = [header] + [
        (r.ten, r.don_vi, "có" if r.da_nop else "chưa nộp", _yes(r.hop_le), "—" if r.da_xep_loai is None else ("đủ" if r.da_xep_loai else "CHƯA ĐỦ"), r.han_muc, r.van_ban)
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in table]
    missing = sum(not r.da_nop for r in rows)
    lines.append("")
    lines.append(f"{len(rows)} đơn vị; {missing} chưa nộp; {sum(r.hop_le is False for r in rows)} có lỗi; "
                 f"{sum(r.da_xep_loai is False for r in rows)} chưa xếp loại đủ.")
    if whole:
        lines.append("Hạn mức cả đợt: " + "; ".join(whole))
    lines.append(f"Văn bản so với {display_path(out)}/")
    lines += [f"Lưu ý: {note}" for note in notes]
    return "\n".join(lines)


def status_json(rows: list[UnitStatus], whole: list[str], notes: Sequence[str] = ()) -> str:
    return json.dumps({"don_vi": [asdict(r) for r in rows], "han_muc_ca_dot": whole, "luu_y": list(notes)}, ensure_ascii=False, indent=2)
