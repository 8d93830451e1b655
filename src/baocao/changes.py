"""What changed between two renders: categories, figures, quotas, units; and the history file."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from .figures import percent, share_base
from .manifest import HISTORY_FILE, now_text
from .rules import TIEU_BIEU, RuleSet
from .vietnamese import format_percent

SUMMARY_NAMES = {"to_chuc_co_so": "TCCSĐ", "chi_bo_truc_thuoc": "chi bộ trực thuộc", "dang_vien": "đảng viên"}


@dataclass
class Change:
    kind: str  # xep_loai_don_vi, xep_loai_dang_vien, them_dang_vien, bo_dang_vien, so_lieu, han_muc, them_don_vi, bo_don_vi, noi_dung
    where: str  # the unit's path, or the summary ('' for the round's)
    text: str
    decided: bool = False  # a decided category changed: goes into the history


class Differ:
    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules

    def label(self, subject: str, code: str | None) -> str:
        if code is None:
            return "(chưa xếp loại)"
        return self.rules.short_name(subject, code) or code

    def diff(self, before: dict, after: dict) -> list[Change]:
        if not before:
            return []
        changes: list[Change] = []
        changes += self.units(before.get("don_vi", {}), after.get("don_vi", {}))
        changes += self.figures(before.get("tong_hop", {}), after.get("tong_hop", {}))
        changes += self.quotas(before.get("han_muc", {}), after.get("han_muc", {}))
        return changes

    def units(self, before: dict, after: dict) -> list[Change]:
        changes = []
        for rel in sorted(set(before) | set(after)):
            old, new = before.get(rel), after.get(rel)
            if old is None:
                changes.append(Change("them_don_vi", rel, f"{rel}: thêm đơn vị {after[rel]['ten']}"))
                continue
            if new is None:
                changes.append(Change("bo_don_vi", rel, f"{rel}: bỏ đơn vị {old['ten']}"))
                continue
            if old["xep_loai"] != new["xep_loai"] or old["tieu_bieu"] != new["tieu_bieu"]:
                changes.append(Change(
                    "xep_loai_don_vi", rel,
                    f"{rel}: {new['ten']}: {self.unit_label(old)} → {self.unit_label(new)}", decided=True,
                ))
            texts_known = "noi_dung" in old  # a manifest written before texts were followed knows none
            if texts_known and old["noi_dung"] != new.get("noi_dung"):
                changes.append(Change("noi_dung", rel, f"{rel}: {new['ten']}: sửa nội dung kiểm điểm tập thể hoặc biên bản"))
            changes += self.members(rel, old["dang_vien"], new["dang_vien"], texts_known)
        return changes

    def unit_label(self, unit: dict) -> str:
        text = self.label("to_chuc", unit["xep_loai"])
        return text + (" (tiêu biểu)" if unit["tieu_bieu"] else "")

    def members(self, rel: str, before: dict, after: dict, texts_known: bool = False) -> list[Change]:
        changes = []
        for key in sorted(set(before) | set(after)):
            old, new = before.get(key), after.get(key)
            if old is None:
                added = after[key]
                changes.append(Change("them_dang_vien", rel, f"{rel}: thêm đồng chí {added['ho_ten']} ({self.label('dang_vien', added['xep_loai'])})",
                                      decided=bool(added["xep_loai"])))
            elif new is None:
                changes.append(Change("bo_dang_vien", rel, f"{rel}: bỏ đồng chí {old['ho_ten']}", decided=bool(old["xep_loai"])))
            elif old["xep_loai"] != new["xep_loai"]:
                changes.append(Change(
                    "xep_loai_dang_vien", rel,
                    f"{rel}: đồng chí {new['ho_ten']}: {self.label('dang_vien', old['xep_loai'])} → {self.label('dang_vien', new['xep_loai'])}",
                    decided=True,
                ))
            if texts_known and old and new and old.get("noi_dung") != new.get("noi_dung"):
                changes.append(Change("noi_dung", rel, f"{rel}: đồng chí {new['ho_ten']}: sửa bản kiểm điểm cá nhân"))
        return changes

    def figures(self, before: dict, after: dict) -> list[Change]:
        changes = []
        for scope in sorted(set(before) & set(after)):
            name = "Báo cáo tổng hợp" if scope == "" else f"Tổng hợp {scope}"
            for subject in sorted(set(before[scope]) & set(after[scope])):
                old, new = before[scope][subject], after[scope][subject]
                parts = []
                codes = [c.ma for c in self.rules.categories("dang_vien" if subject == "dang_vien" else "to_chuc")]
                if subject != "dang_vien" and self.rules.data.tieu_bieu:
                    codes.append(TIEU_BIEU)
                for code in codes:
                    old_count, new_count = old["so"].get(code, 0), new["so"].get(code, 0)
                    old_base, new_base = self.base(old, code), self.base(new, code)
                    if old_count == new_count and old_base == new_base:
                        continue
                    parts.append(
                        f"{self.label('dang_vien' if subject == 'dang_vien' else 'to_chuc', code)} {old_count} → {new_count}, "
                        f"{format_percent(percent(old_count, old_base))} → {format_percent(percent(new_count, new_base))}"
                    )
                if parts:
                    changes.append(Change("so_lieu", scope, f"{name}, {SUMMARY_NAMES.get(subject, subject)}: " + "; ".join(parts)))
        return changes

    def base(self, figures: dict, code: str) -> int:
        return share_base(self.rules, code, figures["so"], figures["danh_gia"])

    def quotas(self, before: dict, after: dict) -> list[Change]:
        changes = []
        for key in sorted(set(before) | set(after)):
            old, new = before.get(key), after.get(key)
            quota, _, scope = key.partition("@")
            where = "cả đợt" if scope == "*" else scope
            if old and new and old["dat"] != new["dat"]:
                state = "vượt → bảo đảm" if new["dat"] else "bảo đảm → vượt"
                changes.append(Change("han_muc", scope, f"Hạn mức {quota} ({where}): {state} ({old['so']} → {new['so']}, tối đa {new['toi_da']})"))
            elif new and not old and not new["dat"]:
                changes.append(Change("han_muc", scope, f"Hạn mức {quota} ({where}): vượt ({new['so']}, tối đa {new['toi_da']})"))
        return changes


def format_changes(changes: list[Change], since: str | None) -> str:
    if not changes:
        return "Không có thay đổi so với lần lập văn bản trước" + (f" ({since})." if since else ".")
    head = "Thay đổi so với lần lập văn bản trước" + (f" ({since})" if since else "") + ":"
    return "\n".join([head, *("  " + c.text for c in changes)])


def changes_json(changes: list[Change], since: str | None) -> str:
    return json.dumps({"lan_truoc": since, "thay_doi": [asdict(c) for c in changes]}, ensure_ascii=False, indent=2)


def append_history(out: Path, changes: list[Change], reason: str | None) -> bool:
    """Record a render that changed decided categories; True when an entry was written."""
    decided = [c for c in changes if c.decided]
    if not decided and not reason:
        return False
    # A reason given is recorded whatever changed (the user says why this render was made).
    entry = {"thoi_gian": now_text(), "ly_do": reason or "", "thay_doi": [c.text for c in (decided or changes)]}
    out.mkdir(parents=True, exist_ok=True)
    # Never through a link planted under the history's name (the render removed any; O_NOFOLLOW where there is one).
    descriptor = os.open(out / HISTORY_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0), 0o644)
    with open(descriptor, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return True


def read_history(out: Path) -> list[dict]:
    path = out / HISTORY_FILE
    if path.is_symlink() or not path.is_file():  # a link is not baocao's history
        return []
    entries = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.strip():
            try:
                entry = json.loads(line)
            except (json.JSONDecodeError, RecursionError):  # a damaged line, or one nested beyond reason
                continue
            if isinstance(entry, dict) and isinstance(entry.get("thay_doi", []), list):
                entries.append(entry)
    return entries


def format_history(entries: list[dict]) -> str:
    if not entries:
        return "Chưa có lần sửa kết quả xếp loại nào được ghi lại."
    lines = []
    for entry in entries:
        reason = f" — lý do: {entry['ly_do']}" if entry.get("ly_do") else " — (không ghi lý do)"
        lines.append(f"{entry.get('thoi_gian', '(không rõ lúc nào)')}{reason}")
        lines.extend(f"  {text}" for text in entry.get("thay_doi", []))
    return "\n".join(lines)
