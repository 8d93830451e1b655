"""Rule sets: what changes from one era to the next, as data.

A rule set file declares categories, quotas, conditions (each an entry of the fixed catalogue in
``checks.py`` with its parameters), organisation types, wording and forms. A file may extend
another (``ke_thua``): top-level keys replace the parent's, except that quotas and conditions
merge by ``id`` (an entry changes only the fields it gives, ``tat: true`` disables it) and forms
and wording merge by key.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..diagnostics import Located, Report, display_path
from ..model import doc
from ..schema import Converter
from ..source import read_yaml_file
from ..vietnamese import loose_key
from ..kinds import FORMS
from .conditions import CONDITION_KINDS, check_condition_parameters

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
    khong_kiem_diem: bool = doc(
        "Người không được đánh giá cũng không viết bản kiểm điểm (366-QĐ/TW điều 5); false: vẫn kiểm điểm, chỉ không xếp loại",
        default=False,
    )


@dataclass
class HanMuc:
    id: str = doc("Mã hạn mức, dùng để ghi đè hoặc tắt")
    doi_tuong: Literal["to_chuc_co_so", "chi_bo_truc_thuoc", "dang_vien"] = doc("Đối tượng bị giới hạn")
    xep_loai: str = doc("Mức bị giới hạn (mã), hoặc 'tieu_bieu'")
    pham_vi: Literal["dot", "to_chuc_co_so", "chi_bo"] = doc("Phạm vi đếm: cả đợt, từng tổ chức cơ sở đảng, từng chi bộ")
    theo_nhom: bool = doc(
        "Đếm riêng từng nhóm đối tượng có vị trí, vai trò tương đồng (nhom_doi_tuong của bộ quy tắc)", default=False,
    )
    toi_da_ngoai_le: int | None = doc(
        "Tỷ lệ tối đa cấp có thẩm quyền có thể cho phép riêng một tổ chức có thành tích nổi trội (366-QĐ/TW: 25)",
        default=None,
    )
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
    co_the_xem_xet: bool = doc(
        "Văn bản cho phép 'xem xét' (giảm nhẹ): dữ liệu ghi 'xem_xet' kèm lý do thì chỉ cảnh báo", default=False,
    )
    tat: bool = doc("Tắt điều kiện (khi kế thừa)", default=False)


@dataclass
class MucDiem:
    xep_loai: str = doc("Mức xếp loại")
    tu: float = doc("Điểm thấp nhất của mức (tính cả điểm này)")


ScoreGroup = Literal["tieu_chi_chung", "ket_qua_nhiem_vu"]
SUBJECTS = ("to_chuc", "lanh_dao", "cong_chuc", "khong_chuc_vu", "ngoai_he_thong")
"""Who a sub-criterion applies to: collectives (to_chuc) or a member group."""


@dataclass
class TieuChi:
    """A sub-criterion a committee's plan sets inside the 30/70 points (43-HD/BTCTW 7.12)."""

    ma: str = doc("Mã tiêu chí, khóa trong 'tu_diem_tieu_chi' / 'diem_tieu_chi' của dữ liệu")
    ten: str = doc("Tên tiêu chí, in trong phiếu chấm điểm")
    nhom: ScoreGroup = doc("Thuộc nhóm: tieu_chi_chung hoặc ket_qua_nhiem_vu")
    toi_da: float = doc("Điểm tối đa của tiêu chí")
    doi_tuong: list[str] = doc(
        "Áp dụng cho: to_chuc, lanh_dao, cong_chuc, khong_chuc_vu, ngoai_he_thong (bỏ trống: mọi đối tượng)",
        default_factory=list,
    )


@dataclass
class ThangDiem:
    """A points scale: total, its two parts, the band of each category, and a committee's sub-criteria."""

    muc: list[MucDiem] = doc("Các mức theo điểm, từ cao xuống thấp")
    toi_da: float = doc("Điểm tối đa", default=100)
    tieu_chi_chung: float | None = doc("Điểm tối đa nhóm tiêu chí chung", default=None)
    ket_qua_nhiem_vu: float | None = doc("Điểm tối đa nhóm kết quả thực hiện nhiệm vụ", default=None)
    tieu_chi: list[TieuChi] = doc("Tiêu chí thành phần do cấp ủy quy định (tùy chọn)", default_factory=list)

    def criteria_for(self, subject: str) -> list[TieuChi]:
        """The sub-criteria that apply to ``subject`` (to_chuc or a member group), in order."""
        return [c for c in self.tieu_chi if not c.doi_tuong or subject in c.doi_tuong]


@dataclass
class MucMau:
    ma: str = doc("Khóa của mục trong dữ liệu (kiem_diem)")
    tieu_de: str = doc("Tiêu đề mục trong văn bản")
    nhom: list[str] = doc("Chỉ dùng cho các nhóm đảng viên (hoặc mã mẫu: 2A, 2B, 2C) này (bỏ trống: mọi nhóm)", default_factory=list)
    bat_buoc: bool = doc("Mục phải có nội dung", default=False)
    neu_co: bool = doc("Mục '(nếu có)': không có nội dung thì ghi 'Không'", default=False)
    tieu_de_theo_mau: dict[str, str] = doc("Tiêu đề riêng cho một mẫu (mã mẫu → tiêu đề)", default_factory=dict)
    muc_con: list["MucMau"] = doc("Các ý của mục (1., 2., 3.)", default_factory=list)

    def keys(self) -> list[str]:
        """The data keys of this section and its items, in order."""
        return [self.ma] + [k for child in self.muc_con for k in child.keys()]


@dataclass
class MauCaNhan:
    """One of a form's variants by subject (43-HD: Mẫu 2A, 2B, 2C)."""

    ma: str = doc("Mã mẫu: 2A, 2B, 2C")
    ky_hieu: str = doc("Ký hiệu in ở góc văn bản: Mẫu 2A-HD KĐ.ĐG")
    doi_tuong: str = doc("Dòng ghi đối tượng dưới tên văn bản: Cá nhân giữ chức vụ lãnh đạo, quản lý")
    nhom: list[str] = doc("Các nhóm đảng viên dùng mẫu này (nhom của đảng viên)", default_factory=list)


@dataclass
class Mau:
    tep: str = doc("Tệp mẫu .docx (tìm trong _mau/ của đợt, rồi templates/)")
    muc: list[MucMau] = doc("Các mục nội dung của mẫu", default_factory=list)
    tieu_de: str | None = doc("Tiêu đề/trích yếu của văn bản", default=None)
    ghi_chu_theo_nhom: dict[str, str] = doc("Dòng ghi đối tượng của mẫu theo nhóm đảng viên (mẫu 2A, 2B, 2C)", default_factory=dict)
    ky_hieu: str | None = doc("Ký hiệu mẫu in ở góc văn bản: Mẫu 01-HD KĐ.ĐG", default=None)
    mau_theo_nhom: list[MauCaNhan] = doc("Các biến thể của mẫu theo đối tượng (2A, 2B, 2C)", default_factory=list)
    tu_danh_gia: bool = doc("Có phần B: tự đánh giá theo thang điểm và đề xuất mức xếp loại", default=False)
    moi_dang_vien: bool = doc(
        "Mỗi đảng viên phải kiểm điểm đều có bản (chưa có nội dung thì in mẫu để viết tay)", default=False,
    )

    def variant(self, code: str) -> MauCaNhan | None:
        return next((v for v in self.mau_theo_nhom if v.ma == code), None)

    def variant_for_group(self, group: str) -> MauCaNhan | None:
        return next((v for v in self.mau_theo_nhom if group in v.nhom), None)

    def variant_of(self, group: str | None, chosen: str | None = None) -> MauCaNhan | None:
        """The variant a member writes: the one chosen in the data, else the one for their group."""
        if chosen is not None:
            return self.variant(chosen)
        return self.variant_for_group(group) if group is not None else None

    def applies(self, muc: MucMau, group: str | None, variant: MauCaNhan | None) -> bool:
        """Whether a section is in the form a member of ``group`` writes (``nhom`` names groups or variants)."""
        if group is None or not muc.nhom:
            return True
        return group in muc.nhom or (variant is not None and variant.ma in muc.nhom)

    def flat_sections(self, group: str | None = None, variant: MauCaNhan | None = None) -> list[MucMau]:
        """Every section and item of the form for this subject, in order (items after their section)."""
        def walk(sections: list[MucMau]) -> list[MucMau]:
            return [m for muc in sections if self.applies(muc, group, variant) for m in [muc, *walk(muc.muc_con)]]
        return walk(self.muc)


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
    nam_lien_khen_thuong: int = doc("Số năm liền ở mức cao nhất để đề nghị khen thưởng (thực tiễn: 5 năm liền)", default=5)
    nhom_doi_tuong: dict[str, list[str]] = doc(
        "Nhóm đối tượng có vị trí, vai trò tương đồng (cho hạn mức 'theo_nhom'): tên nhóm → các nhom của đảng viên",
        default_factory=dict,
    )


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

    def short_name(self, subject: str, code: str | None) -> str | None:
        """A level's short name (HTTNV, TSVM tiêu biểu), the tiêu biểu mark included; None for
        no level or one the rule set does not have."""
        if code == TIEU_BIEU and self.data.tieu_bieu:
            return self.data.tieu_bieu.ten_ngan
        category = self.category(subject, code) if code else None
        return category.ten_ngan if category else None

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

    def word_or(self, key: str, default: str) -> str:
        """An era's word where the rule set gives one, else the earlier eras' (2014–2017) word."""
        return self.data.thuat_ngu.get(key, default)


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
    org = {c.ma for c in data.xep_loai_to_chuc}
    member = {c.ma for c in data.xep_loai_dang_vien}
    missing = [form for form in FORMS if form not in data.mau]
    if missing:
        at.error("quy-tac-sai", ("mau",), f"thiếu mẫu cho văn bản: {', '.join(missing)}; mỗi văn bản baocao lập cần một mục "
                 f"trong 'mau' (tên mục và tệp .docx, xem các bộ quy tắc có sẵn)")
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
    for form, mau in data.mau.items():
        for placeholder in re.findall(r"\{[^{}]*\}?", mau.tieu_de or ""):
            if placeholder not in ("{nam}", "{ten}"):
                at.error("quy-tac-sai", ("mau", form, "tieu_de"),
                         f"tiêu đề của mẫu '{form}' có '{placeholder}': chỉ được dùng {{nam}} (năm) và {{ten}} (tên đơn vị, đồng chí)")
    if data.thang_diem is not None:
        for i, band in enumerate(data.thang_diem.muc):
            if band.xep_loai not in member or band.xep_loai not in org:
                at.error("quy-tac-sai", ("thang_diem", "muc", i, "xep_loai"), f"thang điểm: mức '{band.xep_loai}' phải có cho cả tổ chức và đảng viên")
    for i, quota in enumerate(data.han_muc):
        if quota.tat:
            continue
        if quota.theo_nhom and not data.nhom_doi_tuong:
            at.error("quy-tac-sai", ("han_muc", i, "theo_nhom"), f"hạn mức '{quota.id}' tính theo nhóm đối tượng nhưng bộ quy tắc chưa có 'nhom_doi_tuong'")
        if quota.toi_da_ngoai_le is not None and (quota.toi_da_phan_tram is None or quota.toi_da_ngoai_le < quota.toi_da_phan_tram):
            at.error("quy-tac-sai", ("han_muc", i, "toi_da_ngoai_le"), f"hạn mức '{quota.id}': 'toi_da_ngoai_le' cần một tỷ lệ phần trăm không nhỏ hơn 'toi_da_phan_tram'")
    if data.thang_diem is not None:
        for group in ("tieu_chi_chung", "ket_qua_nhiem_vu"):
            ceiling = getattr(data.thang_diem, group)
            for subject in SUBJECTS:
                total = sum(c.toi_da for c in data.thang_diem.criteria_for(subject) if c.nhom == group)
                if ceiling is not None and total > ceiling:
                    at.error("quy-tac-sai", ("thang_diem", "tieu_chi"), f"các tiêu chí nhóm '{group}' cho '{subject}' cộng lại {total:g} điểm, quá {ceiling:g}")
        for i, criterion in enumerate(data.thang_diem.tieu_chi):
            unknown = [d for d in criterion.doi_tuong if d not in SUBJECTS]
            if unknown:
                at.error("quy-tac-sai", ("thang_diem", "tieu_chi", i, "doi_tuong"), f"tiêu chí '{criterion.ma}': đối tượng '{unknown[0]}' không có; nhận: {', '.join(SUBJECTS)}")
    for i, condition in enumerate(data.dieu_kien):
        if condition.tat:
            continue
        if condition.kiem_tra not in CONDITION_KINDS:
            at.error("quy-tac-sai", ("dieu_kien", i, "kiem_tra"), f"điều kiện '{condition.id}': phép kiểm tra '{condition.kiem_tra}' không có; danh mục: {', '.join(sorted(CONDITION_KINDS))}")
            continue
        check_condition_parameters(condition, org, member, Located(at.file, at.marks, at.report), ("dieu_kien", i))
