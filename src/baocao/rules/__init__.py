"""Rule sets: what changes from one era to the next, as data.

A rule set file declares categories, quotas, conditions (each an entry of the fixed catalogue in
``checks.py`` with its parameters), organisation types, wording and forms. A file may extend
another (``ke_thua``): top-level keys replace the parent's, except that quotas and conditions
merge by ``id`` (an entry changes only the fields it gives, ``tat: true`` disables it) and forms
and wording merge by key.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..diagnostics import Located, Report, display_path
from ..model import doc
from ..schema import Converter
from ..source import read_yaml_file
from ..vietnamese import loose_key

BUILTIN_DIR = Path(__file__).parent
MAX_DEPTH = 8


@dataclass
class XepLoai:
    ma: str = doc("Mã mức xếp loại: tsvm, httnv, htxsnv ...")
    ten: str = doc("Tên đầy đủ: Hoàn thành tốt nhiệm vụ")
    ten_ngan: str = doc("Tên viết tắt: HTTNV")


@dataclass
class TieuBieu:
    ten: str = doc("Tên danh hiệu: Trong sạch, vững mạnh tiêu biểu")
    ten_ngan: str = doc("Tên ngắn: TSVM tiêu biểu")
    xep_loai: str = doc("Chỉ đơn vị xếp loại này mới được công nhận tiêu biểu")


@dataclass
class LoaiHinh:
    ma: str = doc("Mã loại hình: xa, phuong_thi_tran ...")
    ten: str = doc("Tên cột trong biểu thống kê")


@dataclass
class KhongDanhGia:
    tinh_trang_mien: list[str] = doc("Tình trạng được miễn đánh giá", default_factory=lambda: ["mien"])
    tinh_trang_chua: list[str] = doc("Tình trạng chưa đánh giá", default_factory=lambda: ["dinh_chi"])
    thang_tuoi_dang: int | None = doc("Vào Đảng chưa đủ số tháng này thì chưa xếp loại", default=6)
    thang_thanh_lap: int | None = doc("Thành lập chưa đủ số tháng này thì chưa đánh giá", default=6)


@dataclass
class HanMuc:
    id: str = doc("Mã hạn mức, dùng để ghi đè hoặc tắt")
    doi_tuong: Literal["to_chuc_co_so", "chi_bo_truc_thuoc", "dang_vien"] = doc("Đối tượng bị giới hạn")
    xep_loai: str = doc("Mức bị giới hạn (mã), hoặc 'tieu_bieu'")
    pham_vi: Literal["dot", "to_chuc_co_so", "chi_bo"] = doc("Phạm vi đếm: cả đợt, từng tổ chức cơ sở đảng, từng chi bộ")
    toi_da_phan_tram: int | None = doc("Tối đa bao nhiêu phần trăm của cơ sở tính", default=None)
    toi_da: int | None = doc("Tối đa bao nhiêu (số tuyệt đối)", default=None)
    co_so: str | None = doc("Cơ sở tính phần trăm: tat_ca, duoc_danh_gia, hoặc mã một mức xếp loại", default=None)
    khi_so_dang_vien_duoi: int | None = doc("Chỉ áp dụng cho chi bộ có ít hơn số đảng viên này", default=None)
    thay_the: list[str] = doc("Nơi hạn mức này áp dụng, các hạn mức này không áp dụng", default_factory=list)
    nguon: str | None = doc("Văn bản quy định hạn mức", default=None)
    tat: bool = doc("Tắt hạn mức (khi kế thừa)", default=False)


@dataclass
class DieuKien:
    id: str = doc("Mã điều kiện, dùng để ghi đè hoặc tắt")
    kiem_tra: str = doc("Tên phép kiểm tra trong danh mục của baocao")
    tham_so: dict[str, Any] = doc("Tham số của phép kiểm tra", default_factory=dict)
    nguon: str | None = doc("Văn bản quy định điều kiện", default=None)
    tat: bool = doc("Tắt điều kiện (khi kế thừa)", default=False)


@dataclass
class MucDiem:
    xep_loai: str = doc("Mức xếp loại")
    tu: float = doc("Điểm thấp nhất của mức (tính cả điểm này)")


@dataclass
class ThangDiem:
    """A points scale: total, its two parts, and the band of each category."""

    muc: list[MucDiem] = doc("Các mức theo điểm, từ cao xuống thấp")
    toi_da: float = doc("Điểm tối đa", default=100)
    tieu_chi_chung: float | None = doc("Điểm tối đa nhóm tiêu chí chung", default=None)
    ket_qua_nhiem_vu: float | None = doc("Điểm tối đa nhóm kết quả thực hiện nhiệm vụ", default=None)


@dataclass
class MucMau:
    ma: str = doc("Khóa của mục trong dữ liệu (kiem_diem)")
    tieu_de: str = doc("Tiêu đề mục trong văn bản")
    nhom: list[str] = doc("Chỉ dùng cho các nhóm đảng viên này (bỏ trống: mọi nhóm)", default_factory=list)
    bat_buoc: bool = doc("Mục phải có nội dung", default=False)


@dataclass
class Mau:
    tep: str = doc("Tệp mẫu .docx (tìm trong _mau/ của đợt, rồi templates/)")
    muc: list[MucMau] = doc("Các mục nội dung của mẫu", default_factory=list)
    tieu_de: str | None = doc("Tiêu đề/trích yếu của văn bản", default=None)
    ghi_chu_theo_nhom: dict[str, str] = doc("Dòng ghi đối tượng của mẫu theo nhóm đảng viên (mẫu 2A, 2B, 2C)", default_factory=dict)


@dataclass
class BoQuyTac:
    ten: str = doc("Tên bộ quy tắc")
    xep_loai_to_chuc: list[XepLoai] = doc("Các mức xếp loại tổ chức đảng, từ cao đến thấp")
    xep_loai_dang_vien: list[XepLoai] = doc("Các mức xếp loại đảng viên, từ cao đến thấp")
    loai_hinh: list[LoaiHinh] = doc("Các loại hình tổ chức cơ sở đảng (cột của biểu thống kê)")
    thuat_ngu: dict[str, str] = doc("Cách gọi theo thời kỳ: danh_gia, ...")
    mau: dict[str, Mau] = doc("Các mẫu văn bản")
    mo_ta: str | None = doc("Mô tả", default=None)
    ke_thua: str | None = doc("Bộ quy tắc được kế thừa", default=None)
    nguon: list[str] = doc("Các văn bản làm căn cứ", default_factory=list)
    tieu_bieu: TieuBieu | None = doc("Danh hiệu tiêu biểu (nếu thời kỳ có)", default=None)
    khong_danh_gia: KhongDanhGia = doc("Ai không được đánh giá, xếp loại", default_factory=KhongDanhGia)
    han_muc: list[HanMuc] = doc("Các hạn mức (tỷ lệ tối đa)", default_factory=list)
    dieu_kien: list[DieuKien] = doc("Các điều kiện ràng buộc xếp loại", default_factory=list)
    ghi_chu: list[str] = doc("Ghi chú về nguồn và cách hiểu", default_factory=list)
    thang_diem: ThangDiem | None = doc("Thang điểm (từ 2025: 100 điểm)", default=None)


TIEU_BIEU = "tieu_bieu"


@dataclass
class RuleSet:
    """A loaded, merged rule set with its lookups (plumbing around the user's BoQuyTac)."""

    data: BoQuyTac
    files: list[Path] = field(default_factory=list)  # the file and those it extends, child first
    memo: dict = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        return self.data.ten

    def org_codes(self) -> list[str]:
        return [c.ma for c in self.data.xep_loai_to_chuc]

    def member_codes(self) -> list[str]:
        return [c.ma for c in self.data.xep_loai_dang_vien]

    def categories(self, subject: str) -> list[XepLoai]:
        return self.data.xep_loai_dang_vien if subject == "dang_vien" else self.data.xep_loai_to_chuc

    def category(self, subject: str, code: str) -> XepLoai | None:
        return next((c for c in self.categories(subject) if c.ma == code), None)

    def rank(self, subject: str, code: str) -> int:
        return next(i for i, c in enumerate(self.categories(subject)) if c.ma == code)

    def next_lower(self, subject: str, code: str) -> str | None:
        codes = [c.ma for c in self.categories(subject)]
        index = codes.index(code) if code in codes else -1
        return codes[index + 1] if 0 <= index < len(codes) - 1 else None

    def resolve_category(self, subject: str, written: str) -> str | None:
        """A category as users write it: code, short name or full name, any case or punctuation."""
        if written in (names := self._names(subject)):
            return names[written]
        return names.get(loose_key(written))

    def _names(self, subject: str) -> dict[str, str]:
        """Every way of writing each category, folded, and the codes as they are: worked out once."""
        if subject not in self.memo:
            names = {}
            for c in self.categories(subject):
                names.update({loose_key(c.ma): c.ma, loose_key(c.ten): c.ma, loose_key(c.ten_ngan): c.ma})
            names.update({c.ma: c.ma for c in self.categories(subject)})
            self.memo[subject] = names
        return self.memo[subject]

    def quotas(self) -> list[HanMuc]:
        return [q for q in self.data.han_muc if not q.tat]

    def conditions(self) -> list[DieuKien]:
        return [c for c in self.data.dieu_kien if not c.tat]

    def org_type_codes(self) -> list[str]:
        return [t.ma for t in self.data.loai_hinh]

    def word(self, key: str) -> str:
        return self.data.thuat_ngu.get(key, key)


class RuleSetError(Exception):
    """The rule set cannot be used; its problems are in the report."""


def builtin_names() -> list[str]:
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml"))


def locate(reference: str, relative_to: Path) -> Path | None:
    """A rule set reference: a built-in name, or a file path relative to the referring file."""
    builtin = BUILTIN_DIR / f"{reference}.yaml"
    if "/" not in reference and "\\" not in reference and not reference.endswith(".yaml") and builtin.is_file():
        return builtin
    candidate = (relative_to / reference) if not Path(reference).is_absolute() else Path(reference)
    return candidate if candidate.is_file() else None


_MERGE_BY_ID = ("han_muc", "dieu_kien")
_MERGE_BY_KEY = ("mau", "thuat_ngu")


def _with_file(marks: dict, file: str) -> dict:
    return {path: mark if len(mark) == 3 else (file, *mark) for path, mark in marks.items()}


def _merge(parent: dict, parent_marks: dict, child: dict, child_marks: dict) -> tuple[dict, dict]:
    """Lay a child rule set's raw values over its parent's, keeping each value's file:line."""
    merged = copy.deepcopy(parent)
    marks = dict(parent_marks)
    for key, value in child.items():
        if key in _MERGE_BY_ID and isinstance(value, list) and isinstance(merged.get(key), list):
            _merge_entries_by_id(merged[key], marks, value, child_marks, key)
        elif key in _MERGE_BY_KEY and isinstance(value, dict) and isinstance(merged.get(key), dict):
            for sub_key, sub_value in value.items():
                merged[key][sub_key] = sub_value
                _replace_marks(marks, child_marks, (key, sub_key), (key, sub_key))
        else:
            merged[key] = value
            _replace_marks(marks, child_marks, (key,), (key,))
    return merged, marks


def _merge_entries_by_id(entries: list, marks: dict, overrides: list, override_marks: dict, key: str) -> None:
    positions = {e.get("id"): i for i, e in enumerate(entries) if isinstance(e, dict)}
    for index, override in enumerate(overrides):
        target_id = override.get("id") if isinstance(override, dict) else None
        if target_id in positions:
            target = positions[target_id]
            entries[target] = {**entries[target], **override}
            for field_key in override:
                _replace_marks(marks, override_marks, (key, index, field_key), (key, target, field_key))
        else:
            positions[target_id] = len(entries)
            _replace_marks(marks, override_marks, (key, index), (key, len(entries)))
            entries.append(override)


def _replace_marks(marks: dict, source: dict, source_prefix: tuple, target_prefix: tuple) -> None:
    n = len(target_prefix)
    for path in [p for p in marks if p[:n] == target_prefix]:
        del marks[path]
    m = len(source_prefix)
    for path, mark in source.items():
        if path[:m] == source_prefix:
            marks[target_prefix + path[m:]] = mark


def _read_chain(path: Path, report: Report, chain: list[Path]) -> tuple[dict, dict] | None:
    """Read a rule set file and those it extends, merged; None (reported) when unusable."""
    if path.resolve() in [p.resolve() for p in chain] or len(chain) >= MAX_DEPTH:
        report.add_from(display_path(path), "quy-tac-vong", "bộ quy tắc kế thừa vòng tròn: " + " → ".join(p.name for p in chain + [path]))
        return None
    chain.append(path)
    source = read_yaml_file(path, report)
    if not source.readable:
        return None
    if not isinstance(source.data, dict):
        source.at.error("sai-kieu", (), "tệp bộ quy tắc phải là một nhóm khóa (các dòng 'khóa: giá trị')")
        return None
    raw, marks = source.data, _with_file(source.marks, source.display)
    parent_ref = raw.get("ke_thua")
    if parent_ref is None:
        return raw, marks
    if not isinstance(parent_ref, str):
        source.at.error("sai-kieu", ("ke_thua",), "'ke_thua' cần tên hoặc đường dẫn một bộ quy tắc")
        return None
    parent_path = locate(parent_ref, path.parent)
    if parent_path is None:
        source.at.error(
            "quy-tac-khong-co", ("ke_thua",),
            f"không tìm thấy bộ quy tắc '{parent_ref}'; các bộ có sẵn: {', '.join(builtin_names())}",
        )
        return None
    parent = _read_chain(parent_path, report, chain)
    if parent is None:
        return None
    return _merge(parent[0], parent[1], raw, marks)


def load_rule_set(path: Path, report: Report) -> RuleSet:
    """Load a rule set (and what it extends); raise RuleSetError with the problems reported."""
    chain: list[Path] = []
    before = len(report.errors)
    merged = _read_chain(path, report, chain)
    if merged is None:
        raise RuleSetError(path)
    raw, marks = merged
    at = Located(display_path(path), marks, report)
    data = Converter(at).record(BoQuyTac, raw, ())
    if len(report.errors) == before:
        _check_consistency(data, at)
    if len(report.errors) > before:
        raise RuleSetError(path)
    return RuleSet(data, chain)


def _check_consistency(data: BoQuyTac, at: Located) -> None:
    from ..checks import CONDITION_CATALOGUE, check_condition_parameters

    org = {c.ma for c in data.xep_loai_to_chuc}
    member = {c.ma for c in data.xep_loai_dang_vien}
    if data.tieu_bieu and data.tieu_bieu.xep_loai not in org:
        at.error("quy-tac-sai", ("tieu_bieu", "xep_loai"), f"mức '{data.tieu_bieu.xep_loai}' không có trong xep_loai_to_chuc")
    for i, quota in enumerate(data.han_muc):
        if quota.tat:
            continue
        codes = member if quota.doi_tuong == "dang_vien" else org | ({TIEU_BIEU} if data.tieu_bieu else set())
        if quota.xep_loai not in codes:
            at.error("quy-tac-sai", ("han_muc", i, "xep_loai"), f"hạn mức '{quota.id}': mức '{quota.xep_loai}' không có; các mức: {', '.join(sorted(codes))}")
        if (quota.toi_da_phan_tram is None) == (quota.toi_da is None):
            at.error("quy-tac-sai", ("han_muc", i), f"hạn mức '{quota.id}' cần đúng một trong 'toi_da_phan_tram' hoặc 'toi_da'")
        if quota.toi_da_phan_tram is not None and quota.co_so is None:
            at.error("quy-tac-sai", ("han_muc", i), f"hạn mức '{quota.id}' tính phần trăm nên cần 'co_so'")
        bases = {"tat_ca", "duoc_danh_gia"} | codes
        if quota.co_so is not None and quota.co_so not in bases:
            at.error("quy-tac-sai", ("han_muc", i, "co_so"), f"hạn mức '{quota.id}': cơ sở '{quota.co_so}' không hợp lệ; nhận: {', '.join(sorted(bases))}")
    if data.thang_diem is not None:
        for i, band in enumerate(data.thang_diem.muc):
            if band.xep_loai not in member or band.xep_loai not in org:
                at.error("quy-tac-sai", ("thang_diem", "muc", i, "xep_loai"), f"thang điểm: mức '{band.xep_loai}' phải có cho cả tổ chức và đảng viên")
    for i, condition in enumerate(data.dieu_kien):
        if condition.tat:
            continue
        if condition.kiem_tra not in CONDITION_CATALOGUE:
            at.error("quy-tac-sai", ("dieu_kien", i, "kiem_tra"), f"điều kiện '{condition.id}': phép kiểm tra '{condition.kiem_tra}' không có; danh mục: {', '.join(sorted(CONDITION_CATALOGUE))}")
            continue
        check_condition_parameters(condition, org, member, Located(at.file, at.marks, at.report), ("dieu_kien", i))
