"""What each template sees: plain dicts of text, built from the validated round and its figures.

Every figure comes from ``figures``; this module only words and formats them. Contexts are plain
data (str, int, bool, list, dict), so a document is a pure function of (context, template):
they hash, pickle and compare, and the template checker can read their shape.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from ..figures import (
    EVALUATED,
    Breakdown,
    Tally,
    cell_breakdown,
    cells_below,
    change_in_points,
    last_year_share,
    member_breakdown,
    member_standing,
    organisation_breakdown,
    percent,
    score_of,
    score_spread,
    tally_members,
)
from ..diagnostics import Report
from ..history import History, load_history, unit_key
from ..load import Round, Unit
from ..model import DangVien, VanBan
from ..rules import TIEU_BIEU, RuleSet
from ..vietnamese import format_decimal, format_int, format_percent, format_share, long_date, loose_key, name_sort_key, natural_key, short_date, upper

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]
BLANK = "\u00a0" * 6
"""Room left for a number or date written by hand when the data does not give it."""

GROUP_TITLES = {
    "lanh_dao": "Đảng viên giữ chức vụ lãnh đạo, quản lý",
    "cong_chuc": "Đảng viên là cán bộ, công chức, viên chức",
    "khong_chuc_vu": "Đảng viên không giữ chức vụ lãnh đạo, quản lý",
    "ngoai_he_thong": "Đảng viên không công tác trong hệ thống chính trị",
}


# --- small wording helpers ----------------------------------------------------------------------


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def committee_of(name: str) -> str:
    """The body that signs for a đảng bộ: 'Đảng bộ xã Văn Bình' → 'Đảng ủy xã Văn Bình'."""
    return re.sub(r"^Đảng bộ", "Đảng ủy", name)


_COMMITTEE_BY_LEVEL = {"thành phố": "Thành ủy", "tỉnh": "Tỉnh ủy", "thị xã": "Thị ủy", "huyện": "Huyện ủy", "quận": "Quận ủy"}
_LEVEL_RE = re.compile(r"^Đảng bộ (thành phố|tỉnh|thị xã|huyện|quận) (.+)$")


def committee_body(dang_bo: str) -> str:
    """The committee of a đảng bộ as documents name it: 'Đảng bộ thành phố Hà Nội' → 'Thành ủy Hà
    Nội', 'Đảng bộ huyện Thường Tín' → 'Huyện ủy Thường Tín', 'Đảng bộ phường X' → 'Đảng ủy phường X'."""
    found = _LEVEL_RE.match(dang_bo)
    return f"{_COMMITTEE_BY_LEVEL[found.group(1)]} {found.group(2)}" if found else committee_of(dang_bo)


def counted(count: int, noun: str, what: str) -> str:
    """'3 đồng chí xếp loại HTXSNV', or in words when there are none: 'không có đồng chí nào xếp loại KHTNV'."""
    return f"{format_int(count)} {noun} {what}" if count else f"không có {noun} nào {what}"


def place_and_date(place: str, when: date | None, year: int) -> str:
    if when is None:
        return f"{place}, ngày{BLANK}tháng{BLANK}năm {year}"
    return f"{place}, {long_date(when)}"


def document_number(number: str | None, type_code: str, symbol: str) -> str:
    return f"Số {number or BLANK}-{type_code}/{symbol}"


def recipients(names: list[str]) -> list[str]:
    """'- A,' … '- Z.' as the recipients block writes them."""
    cleaned = [n.rstrip(" ,.;") for n in names]
    return [f"- {n}{'.' if i == len(cleaned) - 1 else ','}" for i, n in enumerate(cleaned)]


def category_name(rules: RuleSet, subject: str, code: str | None) -> str:
    category = rules.category(subject, code) if code else None
    return category.ten if category else ""


def category_short(rules: RuleSet, subject: str, code: str | None) -> str:
    return rules.short_name(subject, code) or ""


def share_text(count: int, base: int) -> str:
    """A share in prose: 100%, 46,9%."""
    return format_share(percent(count, base))


def table_share(count: int, base: int) -> str:
    """A share in a statistical table: two decimals, as the official tables print them (100,00)."""
    return format_percent(percent(count, base)).rstrip("%")


def change_text(now: Decimal | None, before: Decimal | None, year: int) -> str:
    difference = change_in_points(now, before)
    if difference is None:
        return ""
    if difference == 0:
        return f", bằng năm {year}"
    word = "tăng" if difference > 0 else "giảm"
    return f", {word} {format_share(abs(difference))} so với năm {year}"


# --- shared blocks --------------------------------------------------------------------------------


def round_block(round_: Round) -> dict:
    dot = round_.dot
    return {
        "nam": dot.nam,
        "ten": dot.ten or f"Kiểm điểm, {round_.rule_set.word('danh_gia')} năm {dot.nam}",
        "cap_uy": {
            "ten": dot.cap_uy.ten, "dang_bo": dot.cap_uy.dang_bo, "cap_tren": dot.cap_uy.cap_tren,
            "dia_danh": dot.cap_uy.dia_danh, "ky_hieu": dot.cap_uy.ky_hieu,
        },
        "ngay_danh_gia": short_date(dot.ngay_danh_gia),
        "can_cu": list(dot.can_cu),
    }


def rules_block(rules: RuleSet) -> dict:
    def categories(items):
        return [{"ma": c.ma, "ten": c.ten, "ten_ngan": c.ten_ngan} for c in items]

    return {
        "ten": rules.name,
        "thuat_ngu": dict(rules.data.thuat_ngu),
        "xep_loai_to_chuc": categories(rules.data.xep_loai_to_chuc),
        "xep_loai_dang_vien": categories(rules.data.xep_loai_dang_vien),
        "tieu_bieu": rules.data.tieu_bieu.ten if rules.data.tieu_bieu else "",
    }


def base_context(round_: Round, draft: bool) -> dict:
    return {"dot": round_block(round_), "quy_tac": rules_block(round_.rule_set), "du_thao": draft}


def unit_place(unit: Unit, round_: Round) -> str:
    for candidate in (unit, unit.parent):
        if candidate is not None and candidate.don_vi and candidate.don_vi.dia_danh:
            return candidate.don_vi.dia_danh
    return round_.dot.cap_uy.dia_danh


def committee_above(unit: Unit, round_: Round) -> tuple[str, str]:
    """The committee a chi bộ trực thuộc answers to, and its secretary: its đảng bộ's, or (when a
    ward committee runs the round for its cells) the round's own."""
    if unit.parent is not None:  # its file may be unreadable (a draft): then the name from its folder, no secretary
        secretary = unit.parent.don_vi.bi_thu if unit.parent.don_vi else None
        return committee_of(unit.parent.name), secretary or ""
    return round_.dot.cap_uy.ten, round_.dot.cap_uy.bi_thu or ""


def unit_header(unit: Unit, round_: Round, type_code: str, when: date | None) -> dict:
    """Header block of a unit's own document: superior bodies, issuing body, number, date line."""
    district = upper(round_.dot.cap_uy.dang_bo)
    don_vi = unit.data
    if unit.position == "dang_bo_co_so":
        superior, issuer, symbol = [district], upper(committee_of(don_vi.ten)), "ĐU"
    elif unit.position == "chi_bo_truc_thuoc":
        top = district if unit.parent is not None else upper(round_.dot.cap_uy.cap_tren)
        superior, issuer, symbol = [top, upper(committee_above(unit, round_)[0])], upper(don_vi.ten), "CB"
    else:
        superior, issuer, symbol = [district], upper(don_vi.ten), "CB"
    number = don_vi.van_ban.so if don_vi.van_ban else None
    return {
        "cap_tren": superior,
        "co_quan": issuer,
        "co_quan_dong": header_lines(issuer),
        "so": document_number(number, type_code, symbol),
        "dia_danh_ngay": place_and_date(unit_place(unit, round_), when, round_.dot.nam),
    }


def unit_date(unit: Unit) -> date | None:
    don_vi = unit.data
    if don_vi.van_ban and don_vi.van_ban.ngay:
        return don_vi.van_ban.ngay
    return don_vi.hoi_nghi.ngay if don_vi.hoi_nghi else None


def unit_signer(unit: Unit) -> dict:
    """Who signs a unit's document: van_ban.nguoi_ky where given, else the secretary for the
    collective (a đảng bộ whose own file is unreadable signs for its cells' notices by hand)."""
    don_vi = unit.don_vi
    given = don_vi.van_ban.nguoi_ky if don_vi and don_vi.van_ban and don_vi.van_ban.nguoi_ky else None
    default_on_behalf = "T/M ĐẢNG ỦY" if unit.position == "dang_bo_co_so" else "T/M CHI BỘ"
    return {
        "thay_mat": (given.thay_mat if given and given.thay_mat else default_on_behalf),
        "chuc_vu": (given.chuc_vu if given and given.chuc_vu else "BÍ THƯ"),
        "ho_ten": (given.ho_ten if given and given.ho_ten else (don_vi.bi_thu if don_vi else None) or ""),
    }


def round_signer(round_: Round) -> dict:
    """The summary's signer: bao_cao.nguoi_ky, by default on behalf of the standing committee."""
    signer = round_.dot.bao_cao.nguoi_ky
    return {
        "thay_mat": (signer.thay_mat if signer and signer.thay_mat else "T/M BAN THƯỜNG VỤ"),
        "chuc_vu": (signer.chuc_vu if signer and signer.chuc_vu else "BÍ THƯ"),
        "ho_ten": (signer.ho_ten if signer and signer.ho_ten else ""),
    }


def unit_recipients(unit: Unit, round_: Round) -> list[str]:
    if unit.data.van_ban and unit.data.van_ban.noi_nhan:
        return recipients(unit.data.van_ban.noi_nhan)
    committee = round_.dot.cap_uy.ten
    if unit.position == "chi_bo_truc_thuoc":
        return recipients([committee_above(unit, round_)[0], "Lưu Chi bộ"])
    own_files = "Lưu Văn phòng Đảng ủy" if unit.position == "dang_bo_co_so" else "Lưu Chi bộ"
    return recipients([f"Ban Thường vụ {committee}", f"{round_.rule_set.word_or('ban_tham_muu', 'Ban Tổ chức')} {committee}", own_files])


NBSP = "\u00a0"
HEADER_LINE = 25
"""Characters of a header line at 14 pt capitals in the header's left column (84 mm)."""


TITLE_FIELD = re.compile(r"\{(nam|ten)\}")


def form_title(round_: Round, form: str, **values) -> str:
    """A document's subject line; its last words ('năm 2026') kept together on one line."""
    mau = round_.rule_set.data.mau.get(form)
    pattern = mau.tieu_de if mau and mau.tieu_de else "{ten}"
    # Only {nam} and {ten} are filled in (a rule set's author wrote the pattern): str.format would
    # also reach attributes ('{ten.__class__}') and pad to any width.
    fields = {"nam": round_.dot.nam, **values}
    title = TITLE_FIELD.sub(lambda found: str(fields.get(found.group(1), found.group(0))), pattern)
    return re.sub(r" (năm) (\d{4})$", NBSP + r"\1" + NBSP + r"\2", title)


def header_lines(name: str) -> list[str]:
    """An issuing body's name on as many header lines as it needs, broken where a name breaks
    naturally: after 'CHI BỘ' / 'ĐẢNG ỦY' rather than inside the proper name."""
    if len(name) <= HEADER_LINE:
        return [name]
    for prefix in ("CHI BỘ ", "ĐẢNG ỦY ", "ĐẢNG BỘ ", "HUYỆN ỦY ", "BAN "):
        rest = name[len(prefix):]
        if name.startswith(prefix) and len(rest) <= HEADER_LINE + 4:
            return [prefix.strip(), rest]
    words, lines = name.split(), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > HEADER_LINE:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return lines


def numbered_sections(form_sections, texts: dict | None, group: str | None = None, keep_empty: bool = True) -> list[dict]:
    sections: list[dict] = []
    for muc in form_sections:
        if group is not None and muc.nhom and group not in muc.nhom:
            continue
        paragraphs = list((texts or {}).get(muc.ma) or [])
        if paragraphs or keep_empty:
            sections.append({"so": ROMAN[len(sections)], "ma": muc.ma, "tieu_de": muc.tieu_de, "doan": paragraphs})
    return sections


def plan_reference(round_: Round) -> str:
    """The document a unit's report answers: the committee's plan, the last of can_cu."""
    return round_.dot.can_cu[-1] if round_.dot.can_cu else f"kế hoạch của {round_.dot.cap_uy.ten}"


# --- the forms with a self-assessment (43-HD/BTCTW: Mẫu 01, 2A, 2B, 2C) ----------------------------------

DOTTED = "." * 124
"""A line to write on by hand, as printed forms leave it (fills the text width at 14 pt)."""
NOTHING = "Không."
CHI_UY_FROM = 9  # full members from which a chi bộ elects a chi ủy (Điều lệ Đảng, art. 24)


def has_chi_uy(unit: Unit) -> bool:
    """Whether a chi bộ has a chi ủy: as the data says, else from its number of full members."""
    if unit.data.co_chi_uy is not None:
        return unit.data.co_chi_uy
    return unit.holds_members and sum(not m.du_bi for m in unit.members) >= CHI_UY_FROM


def leadership_name(unit: Unit) -> str:
    """The collective a unit's report reviews: its leadership, not the whole membership."""
    if unit.position == "dang_bo_co_so":
        return f"Ban Chấp hành {unit.data.ten}"
    if has_chi_uy(unit):
        return f"Chi ủy {unit.data.ten}"
    return f"Bí thư, phó bí thư {unit.data.ten}"


def outline(mau, texts: dict | None, group: str | None = None, variant=None) -> list[dict]:
    """Part A of a form as numbered headings with their paragraphs: sections I., II. …, their items
    1., 2. …; an empty '(nếu có)' section says 'Không.', an empty one otherwise leaves lines to
    write on (a member who hands in no text gets the whole form to fill in by hand)."""
    texts = texts or {}
    blank_form = not any(texts.values())
    entries: list[dict] = []

    def add(muc, level: int, number: str) -> None:
        title = muc.tieu_de_theo_mau.get(variant.ma, muc.tieu_de) if variant is not None else muc.tieu_de
        paragraphs = list(texts.get(muc.ma) or [])
        written_below = any(texts.get(k) for k in muc.keys()[1:])
        empty = not paragraphs and not muc.muc_con
        entries.append({
            "cap": level, "tieu_de": f"{number}. {title}", "doan": paragraphs,
            "khong": empty and muc.neu_co and not blank_form and not written_below,
            "cho_viet": empty and (blank_form or not muc.neu_co),
        })
        children = [c for c in muc.muc_con if mau.applies(c, group, variant)]
        for index, child in enumerate(children, start=1):
            add(child, level + 1, str(index))

    for index, muc in enumerate([m for m in mau.muc if mau.applies(m, group, variant)]):
        add(muc, 1, ROMAN[index])
    for entry in entries:
        if entry["khong"]:
            entry["doan"] = [NOTHING]
    return entries


def score_lines(round_: Round, item, subject: str) -> list[dict]:
    """Part B.I: the self-assessed points, group by group (with the committee's sub-criteria),
    and the total; blank where the data has no score, for the member to write in."""
    scale = round_.rule_set.data.thang_diem
    if scale is None:
        return []
    split, by_criterion = item.tu_diem_chi_tiet, item.tu_diem_tieu_chi or {}
    total = score_of(item, decided=False)
    lines = []
    groups = (("tieu_chi_chung", "Nhóm tiêu chí chung", scale.tieu_chi_chung),
              ("ket_qua_nhiem_vu", "Nhóm tiêu chí về kết quả thực hiện nhiệm vụ", scale.ket_qua_nhiem_vu))
    for number, (key, label, ceiling) in enumerate(groups, start=1):
        given = getattr(split, key, None) if split is not None else None
        lines.append({"stt": str(number), "noi_dung": label, "toi_da": format_score(Decimal(str(ceiling))) if ceiling is not None else "",
                      "diem": format_score(Decimal(str(given))) if given is not None else "", "dam": True})
        for criterion in (c for c in scale.criteria_for(subject) if c.nhom == key):
            value = by_criterion.get(criterion.ma)
            lines.append({"stt": "", "noi_dung": f"- {criterion.ten}", "toi_da": format_score(Decimal(str(criterion.toi_da))),
                          "diem": format_score(Decimal(str(value))) if value is not None else "", "dam": False})
    lines.append({"stt": "", "noi_dung": "Tổng điểm", "toi_da": format_score(Decimal(str(scale.toi_da))),
                  "diem": format_score(total), "dam": True})
    return lines


def self_assessment(round_: Round, item, subject: str, category_subject: str) -> dict:
    """Part B of a form: the score lines and the proposed level (dotted when not proposed)."""
    rules = round_.rule_set
    proposed = category_name(rules, category_subject, item.tu_xep_loai)
    return {"diem": score_lines(round_, item, subject), "de_xuat": f"{proposed}." if proposed else DOTTED[:60],
            "muc": [c.ten for c in rules.categories(category_subject)]}


def form_date(when: date | None, year: int) -> str:
    """The date line of a comment block in the 2025 forms: 'Ngày 29 tháng 11 năm 2026', or room to write it."""
    return long_date(when)[:1].upper() + long_date(when)[1:] if when else f"Ngày{BLANK}tháng{BLANK}năm {year}"


def eased_note(item) -> str:
    """Where a hard condition was eased by the competent level, the reason goes with the rating."""
    eased = item.xem_xet
    if eased is None:
        return ""
    return f"Được xem xét khi xếp loại: {eased.ly_do}" + (f" ({eased.can_cu})" if eased.can_cu else "") + "."


# --- a unit's collective report ---------------------------------------------------------------------


def collective_report(unit: Unit, round_: Round, draft: bool) -> dict:
    rules, don_vi = round_.rule_set, unit.data
    mau = rules.data.mau["bao_cao_tap_the"]
    sections = numbered_sections(mau.muc, don_vi.kiem_diem)
    subject = don_vi.ten
    proposed = category_name(rules, "to_chuc", don_vi.tu_xep_loai)
    own = f"{don_vi.ten} tự nhận mức {rules.word('phan_loai')} chất lượng năm {round_.dot.nam}: {proposed}." if proposed else "(Chưa tự nhận mức xếp loại.)"
    self_score = score_of(don_vi, decided=False)
    if self_score is not None:
        own = f"{don_vi.ten} tự chấm {format_score(self_score)} điểm. " + own
    return {
        **base_context(round_, draft),
        "tieu_de": unit_header(unit, round_, "BC", unit_date(unit)),
        "van_ban": {
            "ten_loai": "BÁO CÁO",
            "trich_yeu": form_title(round_, "bao_cao_tap_the", ten=subject),
            "nguoi_ky": unit_signer(unit),
            "noi_nhan": unit_recipients(unit, round_),
        },
        "don_vi": {
            "ten": don_vi.ten,
            "bi_thu": don_vi.bi_thu or "",
            "mo_dau": f"Thực hiện {plan_reference(round_)}, {subject} báo cáo kết quả kiểm điểm tập thể năm {round_.dot.nam} như sau:",
            "muc": sections,
            "muc_tu_xep_loai": {"so": ROMAN[len(sections)], "tieu_de": rules.data.thuat_ngu.get("muc_tu_xep_loai", "Tự nhận mức xếp loại chất lượng"), "noi_dung": own},
            "tu_diem": format_score(self_score),
            "diem": format_score(score_of(don_vi)),
            "tu_xep_loai": proposed,
            "xep_loai": category_name(rules, "to_chuc", don_vi.xep_loai),
            "tieu_bieu": bool(don_vi.tieu_bieu),
        },
        "mau": {
            "ky_hieu": mau.ky_hieu or "",
            "nam": form_title(round_, "bao_cao_tap_the", ten=subject),
            "mo_dau": f"Thực hiện {plan_reference(round_)}, {leadership_name(unit)} báo cáo kết quả kiểm điểm, tự đánh giá, "
                      f"xếp loại chất lượng năm {round_.dot.nam} như sau:",
            "tap_the": leadership_name(unit),
            "phan_a": outline(mau, don_vi.kiem_diem),
            "phan_b": self_assessment(round_, don_vi, "to_chuc", "to_chuc"),
            "xem_xet": eased_note(don_vi),
            "nguoi_ky": {**unit_signer(unit), "thay_mat": leadership_signature(unit, unit_signer(unit)["thay_mat"])},
        },
    }


def leadership_signature(unit: Unit, given: str) -> str:
    """The leadership collective signs its own report: the chi ủy where there is one."""
    if unit.holds_members and given == "T/M CHI BỘ" and has_chi_uy(unit):
        return "T/M CHI ỦY"
    return given


# --- a cell's member list, minutes and individual reviews ---------------------------------------


def member_row(index: int, member: DangVien, round_: Round) -> dict:
    rules = round_.rule_set
    standing = member_standing(member, round_)
    notes = []
    if standing.kind != EVALUATED:
        notes.append(f"Không xếp loại: {standing.reason}")
    if member.ghi_chu:
        notes.append(member.ghi_chu)
    return {
        "stt": str(index),
        "ho_ten": member.ho_ten,
        "nam_sinh": str(member.nam_sinh or ""),
        "chuc_vu": member.chuc_vu or "",
        "tu_xep_loai": category_short(rules, "dang_vien", member.tu_xep_loai),
        "xep_loai": category_short(rules, "dang_vien", member.xep_loai) if standing.kind == EVALUATED else "",
        "tu_diem": format_score(score_of(member, decided=False)),
        "diem": format_score(score_of(member)),
        "ghi_chu": "; ".join(notes),
    }


def result_sentences(members: list[DangVien], round_: Round, who: str = "chi bộ") -> list[str]:
    """The result as practice words it: '18/18 đồng chí … được đánh giá, trong đó 2/18 … HTXSNV'."""
    rules = round_.rule_set
    tally = tally_members(members, round_)
    sentences = [f"Tổng số đảng viên của {who}: {roll_words(members)}."]
    for reason, count in sorted(tally.reasons.items()):
        sentences.append(f"Không đánh giá, xếp loại: {format_int(count)} đồng chí ({reason}).")
    to_rate = tally.evaluated
    parts = []
    for c in rules.data.xep_loai_dang_vien:
        count = tally.count(c.ma)
        what = f"{rules.word('phan_loai')} {c.ten_ngan}"
        parts.append(f"{format_int(count)}/{format_int(to_rate)} đồng chí {what} ({share_text(count, to_rate)})" if count
                     else counted(0, "đồng chí", what))
    rated = sum(tally.categories.values())
    sentences.append(
        f"{format_int(rated)}/{format_int(to_rate)} đồng chí đảng viên thuộc diện đánh giá được đánh giá, {rules.word('phan_loai')}, trong đó: "
        + "; ".join(parts) + "."
    )
    return sentences


def roll_words(members: list[DangVien]) -> str:
    """'15 đồng chí, đều là đảng viên chính thức' or '15 đồng chí (chính thức 14, dự bị 1)'."""
    probationary = sum(1 for m in members if m.du_bi)
    total = len(members)
    if not probationary:
        return f"{format_int(total)} đồng chí, đều là đảng viên chính thức"
    return f"{format_int(total)} đồng chí (chính thức {format_int(total - probationary)}, dự bị {format_int(probationary)})"


def member_list(unit: Unit, round_: Round, draft: bool) -> dict:
    members = unit.members
    return {
        **base_context(round_, draft),
        "tieu_de": unit_header(unit, round_, "DS", unit_date(unit)),
        "van_ban": {
            "ten_loai": "DANH SÁCH",
            "trich_yeu": form_title(round_, "danh_sach_xep_loai", ten=unit.data.ten),
            "nguoi_ky": unit_signer(unit),
            "noi_nhan": [],
        },
        "don_vi": {"ten": unit.data.ten},
        "danh_sach": [member_row(i, m, round_) for i, m in enumerate(members, start=1)],
        "ket_qua": {"cau": result_sentences(members, round_) + exception_sentences(unit, round_)},
    }


def exception_sentences(unit: Unit, round_: Round) -> list[str]:
    """Where the competent level allowed a higher HTXSNV share for this organisation, say so and by what."""
    from ..figures import quota_results

    sentences = []
    for result in quota_results(round_):
        if result.exception is None or result.scope.unit not in (unit, unit.parent) or result.scope.unit is None:
            continue
        subject = "dang_vien" if result.quota.doi_tuong == "dang_vien" else "to_chuc"
        sentences.append(
            f"Tỷ lệ {category_short(round_.rule_set, subject, result.quota.xep_loai)} của {result.scope.unit.name} được cấp có thẩm quyền "
            f"cho phép đến {result.percent}% ({result.exception.quyet_dinh}): {format_int(result.count)}/{format_int(result.base or 0)}."
        )
    return sentences


def minutes(unit: Unit, round_: Round, draft: bool) -> dict:
    meeting, don_vi, rules = unit.data.hoi_nghi, unit.data, round_.rule_set
    if meeting is None:
        raise ValueError(f"{unit.rel}: minutes are planned only for a chi bộ whose data records its meeting")
    members = unit.members
    total, absent = len(members), len(meeting.vang_mat)
    present = total - absent
    opening = [
        f"Hồi {meeting.gio_bat_dau or BLANK}, {long_date(meeting.ngay)}, tại {meeting.dia_diem}, {don_vi.ten} tổ chức hội nghị "
        f"kiểm điểm tập thể, cá nhân và {rules.word('danh_gia')} chất lượng đảng viên năm {round_.dot.nam}.",
        f"Tổng số đảng viên của chi bộ: {roll_words(members)}. Có mặt: {format_int(present)}/{format_int(total)} đồng chí, "
        f"đạt tỷ lệ {share_text(present, total)}.",
    ]
    if meeting.vang_mat:
        reasons = "; ".join(f"đồng chí {v.ho_ten}" + (f" ({v.ly_do})" if v.ly_do else "") for v in meeting.vang_mat)
        opening.append(f"Vắng mặt: {format_int(absent)} đồng chí: {reasons}.")
    if meeting.dai_dien_cap_tren:
        opening.append(f"Đại diện cấp ủy cấp trên dự và chỉ đạo hội nghị: {meeting.dai_dien_cap_tren}.")
    if meeting.khach_moi:
        opening.append("Đại biểu dự: " + "; ".join(meeting.khach_moi) + ".")
    opening.append(f"Chủ trì hội nghị: đồng chí {meeting.chu_tri}. Thư ký hội nghị: đồng chí {meeting.thu_ky}.")
    content = [
        f"1. Đồng chí {meeting.chu_tri} trình bày báo cáo kiểm điểm tập thể {don_vi.ten} năm {round_.dot.nam}; "
        "hội nghị thảo luận, đóng góp ý kiến.",
        *(meeting.y_kien or []),
        f"2. Từng đảng viên trình bày bản kiểm điểm cá nhân; hội nghị góp ý, {rules.word('danh_gia')}:",
        *member_turns(members, round_),
        "Kết quả như sau:",
    ]
    proposed = category_name(rules, "to_chuc", don_vi.tu_xep_loai)
    closing = result_sentences(members, round_)
    if proposed:
        votes = vote_words(rules, "to_chuc", meeting.bieu_quyet_chi_bo)
        closing.append(f"3. Hội nghị {votes or 'thống nhất'} đề nghị mức {rules.word('phan_loai')} chất lượng của chi bộ năm "
                       f"{round_.dot.nam}: {proposed}.")
    ending = f"Hội nghị kết thúc hồi {meeting.gio_ket_thuc} cùng ngày." if meeting.gio_ket_thuc else "Hội nghị kết thúc cùng ngày."
    closing.append(ending + " Biên bản đã được thông qua trước hội nghị.")
    return {
        **base_context(round_, draft),
        "tieu_de": unit_header(unit, round_, "BB", meeting.ngay),
        "van_ban": {"ten_loai": "BIÊN BẢN", "trich_yeu": form_title(round_, "bien_ban", ten=don_vi.ten),
                    "nguoi_ky": unit_signer(unit), "noi_nhan": []},
        "bien_ban": {"mo_dau": opening, "noi_dung": content, "ket_thuc": closing,
                     "chu_tri": meeting.chu_tri, "thu_ky": meeting.thu_ky},
        "danh_sach": [member_row(i, m, round_) for i, m in enumerate(members, start=1)],
    }


def vote_words(rules: RuleSet, subject: str, votes: dict[str, int] | None) -> str:
    """'biểu quyết 10/11 phiếu HTTNV, 1/11 phiếu HTNV' from the counts recorded for a vote."""
    if not votes:
        return ""
    cast = sum(votes.values())
    order = {code: i for i, code in enumerate(c.ma for c in rules.categories(subject))}
    parts = [f"{format_int(n)}/{format_int(cast)} phiếu {category_short(rules, subject, code) or code}"
             for code, n in sorted(votes.items(), key=lambda kv: order.get(kv[0], 99)) if n]
    return "biểu quyết " + ", ".join(parts) + ","


def member_turns(members: list[DangVien], round_: Round) -> list[str]:
    """Each member in turn, as the minutes record it: their own proposal, the meeting's comments, the vote."""
    rules = round_.rule_set
    turns = []
    for member in members:
        if member_standing(member, round_).kind != EVALUATED:
            continue
        said = [f"- Đồng chí {member.ho_ten}" + (f" ({member.chuc_vu})" if member.chuc_vu else "") + ":"]
        own = category_short(rules, "dang_vien", member.tu_xep_loai)
        if own:
            said.append(f"tự nhận mức {own}.")
        if member.y_kien_hoi_nghi:
            said.append("Ý kiến góp ý: " + " ".join(member.y_kien_hoi_nghi))
        decided = category_short(rules, "dang_vien", member.xep_loai)
        votes = vote_words(rules, "dang_vien", member.bieu_quyet)
        if decided:
            said.append(f"Hội nghị {votes or 'thống nhất'} xếp loại {decided}.")
        turns.append(" ".join(said))
    return turns


def ballots(unit: Unit, round_: Round, draft: bool) -> dict:
    """The ballot of a cell's vote: one line per member to rate, and the cell's own level."""
    rules = round_.rule_set
    rated = [m for m in unit.members if member_standing(m, round_).kind == EVALUATED]
    levels = [c.ten_ngan for c in rules.data.xep_loai_dang_vien]
    return {
        **base_context(round_, draft),
        "tieu_de": unit_header(unit, round_, "PBQ", unit.data.hoi_nghi.ngay if unit.data.hoi_nghi else None),
        "van_ban": {"ten_loai": "PHIẾU BIỂU QUYẾT", "trich_yeu": form_title(round_, "phieu_bieu_quyet", ten=unit.data.ten),
                    "nguoi_ky": {}, "noi_nhan": []},
        "phieu": {
            "muc": levels,
            "dang_vien": [{"stt": str(i), "ho_ten": m.ho_ten, "chuc_vu": m.chuc_vu or ""} for i, m in enumerate(rated, start=1)],
            "muc_to_chuc": [c.ten for c in rules.data.xep_loai_to_chuc],
            "huong_dan": "Đồng chí đồng ý mức nào thì đánh dấu (x) vào ô mức đó; mỗi đảng viên chỉ đánh dấu một mức. "
                         "Phiếu đánh dấu nhiều hơn một mức ở một dòng thì dòng đó không hợp lệ.",
        },
    }


def vote_count(unit: Unit, round_: Round, draft: bool) -> dict:
    """The vote-count record (biên bản kiểm phiếu): the ballots for each member and for the cell."""
    rules = round_.rule_set
    meeting = unit.data.hoi_nghi
    present = len(unit.members) - len(meeting.vang_mat) if meeting else len(unit.members)
    rated = [m for m in unit.members if member_standing(m, round_).kind == EVALUATED]
    codes = [c.ma for c in rules.data.xep_loai_dang_vien]
    rows = []
    for index, member in enumerate(rated, start=1):
        votes = member.bieu_quyet or {}
        rows.append({"stt": str(index), "ho_ten": member.ho_ten,
                     "phieu": [format_int(votes[c]) if votes.get(c) else ("0" if votes else "") for c in codes],
                     "xep_loai": category_short(rules, "dang_vien", member.xep_loai)})
    cell_votes = (meeting.bieu_quyet_chi_bo if meeting else None) or {}
    cell_line = vote_words(rules, "to_chuc", cell_votes)
    proposed = category_name(rules, "to_chuc", unit.data.tu_xep_loai)
    return {
        **base_context(round_, draft),
        "tieu_de": unit_header(unit, round_, "BB", meeting.ngay if meeting else None),
        "van_ban": {"ten_loai": "BIÊN BẢN KIỂM PHIẾU", "trich_yeu": form_title(round_, "bien_ban_kiem_phieu", ten=unit.data.ten),
                    "nguoi_ky": unit_signer(unit), "noi_nhan": []},
        "kiem_phieu": {
            "mo_dau": [f"Số phiếu phát ra: {format_int(present)}; số phiếu thu về: {format_int(present)}; số phiếu hợp lệ: {format_int(present)}."],
            "muc": [category_short(rules, "dang_vien", c) for c in codes],
            "dong": rows,
            "chi_bo": [f"Mức xếp loại của chi bộ: {cell_line.removeprefix('biểu quyết ').rstrip(',')}; đề nghị: {proposed}."]
                      if cell_line and proposed else [],
        },
    }


def individual_review(unit: Unit, member: DangVien, round_: Round, draft: bool) -> dict:
    rules = round_.rule_set
    mau = rules.data.mau["kiem_diem_ca_nhan"]
    sections = numbered_sections(mau.muc, member.kiem_diem, member.nhom, keep_empty=False)
    proposed = category_name(rules, "dang_vien", member.tu_xep_loai)
    decided = category_name(rules, "dang_vien", member.xep_loai) or "…………………………"
    variant = mau.variant_of(member.nhom, member.mau_kiem_diem)
    birth = short_date(member.ngay_sinh) if member.ngay_sinh else str(member.nam_sinh or "")
    header = unit_header(unit, round_, "KĐ", unit_date(unit))
    header["cap_tren"] = header["cap_tren"][1:] if unit.position == "chi_bo_truc_thuoc" else header["cap_tren"]
    return {
        **base_context(round_, draft),
        "tieu_de": header,
        "van_ban": {"ten_loai": "BẢN KIỂM ĐIỂM CÁ NHÂN", "trich_yeu": form_title(round_, "kiem_diem_ca_nhan", ten=member.ho_ten),
                    "nguoi_ky": {"thay_mat": "", "chuc_vu": "NGƯỜI TỰ KIỂM ĐIỂM", "ho_ten": member.ho_ten}, "noi_nhan": []},
        "dang_vien": {
            "ho_ten": member.ho_ten,
            "ngay_sinh": birth,
            "chuc_vu_dang": member.chuc_vu_dang or "",
            "chuc_vu_chinh_quyen": member.chuc_vu_chinh_quyen or "",
            "chuc_vu_doan_the": member.chuc_vu_doan_the or "",
            "don_vi_cong_tac": member.don_vi_cong_tac or "",
            "chi_bo": unit.data.ten,
            "doi_tuong": variant.doi_tuong if variant else mau.ghi_chu_theo_nhom.get(member.nhom, GROUP_TITLES[member.nhom]),
            "muc": sections,
            "muc_tu_xep_loai": {
                "so": ROMAN[len(sections)],
                "noi_dung": (f"Tự chấm {format_score(score_of(member, decided=False))} điểm. " if score_of(member, decided=False) is not None else "")
                + (f"Tự nhận mức {rules.word('phan_loai')}: {proposed}." if proposed else "Tự nhận mức xếp loại: …………………………"),
            },
            "nhan_xet": _comment_blocks(unit, member, round_, decided, dated=variant is not None),
        },
        "mau": {
            "ky_hieu": variant.ky_hieu if variant else (mau.ky_hieu or ""),
            "ma": variant.ma if variant else "",
            "nam": form_title(round_, "kiem_diem_ca_nhan", ten=member.ho_ten),
            "phan_a": outline(mau, member.kiem_diem, member.nhom, variant),
            "phan_b": self_assessment(round_, member, member.nhom, "dang_vien"),
        },
    }


def _comment_signer(unit: Unit, member: DangVien) -> dict:
    """Who signs the chi bộ's comment on a member's review: the one who signs for the chi bộ,
    unless that is the member reviewed — no one signs the assessment of himself — then the phó
    bí thư; without one the name is left to be written by hand."""
    signer = unit_signer(unit)
    if loose_key(signer["ho_ten"]) != loose_key(member.ho_ten):
        return signer
    deputy = next((m for m in unit.members if m is not member and "phó bí thư" in
                   f"{m.chuc_vu or ''} {m.chuc_vu_dang or ''}".casefold()), None)
    return {**signer, "chuc_vu": "PHÓ BÍ THƯ" if deputy else "", "ho_ten": deputy.ho_ten if deputy else ""}


def _comment_blocks(unit: Unit, member: DangVien, round_: Round, decided: str, dated: bool) -> list[dict]:
    """Below an individual review: the cell's comment and the level decided by the competent
    committee, each signed (and, in the 2025 forms, dated). A chi bộ without a chi ủy comments as
    the chi bộ; a chi bộ cơ sở decides its members' levels itself."""
    rules = round_.rule_set
    signer = _comment_signer(unit, member)
    note = eased_note(member)
    meeting_day = unit.data.hoi_nghi.ngay if unit.data.hoi_nghi else None
    date_line = (lambda when: form_date(when, round_.dot.nam)) if dated else (lambda when: "")
    blocks = []
    if unit.position == "chi_bo_truc_thuoc":
        secretary = committee_above(unit, round_)[1]
        by_chi_uy = has_chi_uy(unit)
        body = f"{'Chi ủy' if by_chi_uy else 'Chi bộ'} đề nghị mức {rules.word('phan_loai')}: {decided}."
        blocks.append({"tieu_de": f"NHẬN XÉT, ĐÁNH GIÁ CỦA {'CHI ỦY' if by_chi_uy else 'CHI BỘ'}", "noi_dung": body,
                       "ngay": date_line(meeting_day),
                       "thay_mat": "T/M CHI ỦY" if by_chi_uy else "T/M CHI BỘ", "chuc_vu": signer["chuc_vu"], "ho_ten": signer["ho_ten"]})
        blocks.append({"tieu_de": f"{rules.word('danh_gia').upper()} CỦA ĐẢNG ỦY", "noi_dung": " ".join(filter(None, [f"Đảng ủy {rules.word('phan_loai')}: {decided}.", note])),
                       "ngay": date_line(None),
                       "thay_mat": "T/M ĐẢNG ỦY", "chuc_vu": "BÍ THƯ", "ho_ten": secretary})
        return blocks
    if dated and has_chi_uy(unit):
        blocks.append({"tieu_de": "NHẬN XÉT, ĐÁNH GIÁ CỦA CHI ỦY", "noi_dung": f"Chi ủy đề nghị mức {rules.word('phan_loai')}: {decided}.",
                       "ngay": date_line(meeting_day), "thay_mat": "T/M CHI ỦY", "chuc_vu": signer["chuc_vu"], "ho_ten": signer["ho_ten"]})
    blocks.append({"tieu_de": f"KẾT QUẢ {rules.word('danh_gia').upper()} CỦA CHI BỘ",
                   "noi_dung": " ".join(filter(None, [f"Chi bộ {rules.word('phan_loai')}: {decided}.", note if dated else ""])),
                   "ngay": date_line(meeting_day), "thay_mat": "T/M CHI BỘ", "chuc_vu": signer["chuc_vu"], "ho_ten": signer["ho_ten"]})
    return blocks


# --- summaries ---------------------------------------------------------------------------------------


def _category_sentences(rules: RuleSet, subject: str, last_key: str | None, tally: Tally, noun: str, round_: Round) -> list[str]:
    """One sentence per category; compared with last year when ``last_key`` names its figures."""
    evaluated = tally.evaluated
    last_year = round_.dot.nam - 1

    def before(code: str) -> Decimal | None:
        return last_year_share(round_, last_key, code) if last_key else None

    sentences = []
    for c in rules.categories(subject):
        count = tally.count(c.ma)
        now = percent(count, evaluated)
        named = lower_first(c.ten) if subject == "to_chuc" else c.ten_ngan
        if count:
            sentence = f"{format_int(count)}/{format_int(evaluated)} {noun} {named}, chiếm {share_text(count, evaluated)}{change_text(now, before(c.ma), last_year)}"
        else:
            sentence = f"Không có {noun} {named}{change_text(now, before(c.ma), last_year)}"
        if subject == "to_chuc" and rules.data.tieu_bieu and c.ma == rules.data.tieu_bieu.xep_loai and count:
            distinguished = tally.distinguished
            share = percent(distinguished, count)
            title = lower_first(rules.data.tieu_bieu.ten)
            sentence += (
                f"; trong đó {format_int(distinguished)}/{format_int(count)} {noun} {title}, chiếm {share_text(distinguished, count)} số {c.ten_ngan}"
                f"{change_text(share, before(TIEU_BIEU), last_year)}" if distinguished else f"; không có {noun} nào {title}"
            )
        if subject == "dang_vien" and c.ma == rules.member_codes()[0] and len(rules.member_codes()) > 1 and count:
            second = rules.data.xep_loai_dang_vien[1]
            sentence += f" (bằng {share_text(count, tally.count(second.ma))} số đảng viên {second.ten_ngan})"
        sentences.append(sentence + ".")
    return sentences


def _named_units(rules: RuleSet, units: list[Unit], noun: str) -> list[str]:
    """Published summaries name the best units, those distinguished, and the weakest."""
    rated = [u for u in units if u.usable and u.don_vi and u.don_vi.xep_loai]
    top, bottom = rules.org_codes()[0], rules.org_codes()[-1]
    lines = []
    groups = [(category_name(rules, "to_chuc", top), [u for u in rated if u.data.xep_loai == top])]
    if rules.data.tieu_bieu:
        groups.append((rules.data.tieu_bieu.ten, [u for u in rated if u.data.tieu_bieu]))
    groups.append((category_name(rules, "to_chuc", bottom), [u for u in rated if u.data.xep_loai == bottom]))
    # Chi bộ of several đảng bộ are named with their đảng bộ: names such as "Chi bộ thôn Bắc"
    # repeat from commune to commune, and a list of them says nothing.
    parents = {u.parent.name if u.parent else None for u in units}
    qualified = len(parents) > 1 and None not in parents
    for title, chosen in groups:
        if chosen:
            lines.append(f"Các {noun} {lower_first(title)}: {unit_names(chosen, qualified)}.")
    return lines


def unit_names(units: list[Unit], qualified: bool) -> str:
    """Units by name, in order; ``qualified``: grouped under their đảng bộ, named after them."""
    ordered = sorted(units, key=lambda u: natural_key(u.name))
    if not qualified or any(u.parent is None for u in ordered):
        return ", ".join(u.name for u in ordered)
    by_parent: dict[str, list[str]] = {}
    for unit in ordered:
        assert unit.parent is not None  # tested above
        by_parent.setdefault(unit.parent.name, []).append(unit.name)
    return "; ".join(f"{', '.join(names)} ({parent})" for parent, names in sorted(by_parent.items(), key=lambda item: natural_key(item[0])))


def _roll_sentence(tally: Tally, noun: str) -> str:
    # A draft before the committee decides: only those with a category have been assessed.
    assessed = tally.evaluated - tally.undecided
    text = f"Tổng số {noun}: {format_int(tally.total)}; đã đánh giá {format_int(assessed)}/{format_int(tally.total)}, chiếm {share_text(assessed, tally.total)}"
    if tally.undecided:
        text += f"; chưa xếp loại {format_int(tally.undecided)}"
    not_rated = tally.exempt + tally.not_yet
    if not_rated:
        reasons = "; ".join(f"{reason}: {format_int(count)}" for reason, count in sorted(tally.reasons.items()))
        text += f"; không đánh giá {format_int(not_rated)} ({reasons})"
    return text + "."


def committee_summary(committee: Unit, round_: Round, draft: bool) -> dict:
    """A đảng bộ's summary report: its own chi bộ."""
    return summary([committee], round_, draft, committee=committee)


def round_summary(round_: Round, draft: bool) -> dict:
    """The committee's summary report: the whole round."""
    return summary(round_.units, round_, draft)


def summary(scope: list[Unit], round_: Round, draft: bool, committee: Unit | None = None) -> dict:
    """The summary report: of the whole round, or (``committee``) of one đảng bộ's cells."""
    rules = round_.rule_set
    organisations = organisation_breakdown(scope, round_).total if committee is None else None
    cells = cell_breakdown(scope, round_).total
    members = member_breakdown(scope, round_).total
    parts = []
    if organisations is not None and organisations.total:
        parts.append(("Đối với tổ chức cơ sở đảng", organisations, "to_chuc", "to_chuc_co_so", "tổ chức cơ sở đảng"))
    if cells.total:
        cell_title = "Đối với chi bộ trực thuộc đảng bộ cơ sở" if round_.grassroots() else "Đối với chi bộ trực thuộc"
        parts.append((cell_title, cells, "to_chuc", "chi_bo_truc_thuoc", "chi bộ"))
    parts.append(("Đối với đảng viên", members, "dang_vien", "dang_vien", "đảng viên"))
    sections = []
    for index, (title, tally, subject, last_key, noun) in enumerate(parts, start=1):
        paragraphs = [_roll_sentence(tally, noun), "Kết quả:"]
        # nam_truoc holds the whole round's figures: a đảng bộ's summary is not compared with them.
        compared = last_key if committee is None else None
        paragraphs += ["- " + s for s in _category_sentences(rules, subject, compared, tally, noun, round_)]
        if subject == "to_chuc":
            units = [u for u in scope if u.is_grassroots] if last_key == "to_chuc_co_so" else cells_below(scope)
            paragraphs += _named_units(rules, units, noun)
        sections.append({"so": str(index), "tieu_de": title, "doan": paragraphs})
    spread = _score_sections(scope, round_, len(sections))
    sections += spread
    dot = round_.dot
    if committee is None:
        header = {
            "cap_tren": [upper(dot.cap_uy.cap_tren)],
            "co_quan": upper(dot.cap_uy.ten),
            "co_quan_dong": header_lines(upper(dot.cap_uy.ten)),
            "so": document_number(dot.bao_cao.so, "BC", dot.cap_uy.ky_hieu),
            "dia_danh_ngay": place_and_date(dot.cap_uy.dia_danh, dot.bao_cao.ngay, dot.nam),
        }
        sign = round_signer(round_)
        to = recipients(dot.bao_cao.noi_nhan) if dot.bao_cao.noi_nhan else recipients([f"Lưu Văn phòng {dot.cap_uy.ten}"])
        who = f"Ban Thường vụ {dot.cap_uy.ten}"
    else:
        # The đảng bộ's summary of its cells is a document of its own: its own number and date.
        own = committee.data.van_ban_tong_hop
        header = unit_header(committee, round_, "BC", own.ngay if own and own.ngay else None)
        header["so"] = document_number(own.so if own else None, "BC", "ĐU")
        sign = unit_signer(committee)
        to = unit_recipients(committee, round_)
        who = committee_of(committee.name)
    counted = [(organisations.total if organisations else 0, "tổ chức cơ sở đảng"), (cells.total, "chi bộ trực thuộc"), (members.total, "đảng viên")]
    named = [f"{format_int(n)} {noun}" for n, noun in counted if n]
    scope_words = ", ".join(named[:-1]) + (" và " if len(named) > 1 else "") + named[-1]
    period = ""
    if dot.ngay_bat_dau and dot.han_hoan_thanh:
        period = f" từ ngày {short_date(dot.ngay_bat_dau)} đến ngày {short_date(dot.han_hoan_thanh)}"
    basis = "; ".join(dot.can_cu) if dot.can_cu else f"kế hoạch của {dot.cap_uy.ten}"
    running = [
        f"Thực hiện {basis}, {who} đã chỉ đạo, hướng dẫn các tổ chức đảng tiến hành kiểm điểm tập thể, cá nhân và "
        f"{rules.word('danh_gia')} chất lượng tổ chức đảng, đảng viên năm {dot.nam}.",
        f"Việc kiểm điểm được tổ chức{period}, theo thứ tự tập thể trước, cá nhân sau, gồm {scope_words}.",
    ]
    assessment = round_.dot.danh_gia_chung if committee is None else committee.data.danh_gia_chung
    level = "tổ chức cơ sở đảng" if organisations is not None and organisations.total else "chi bộ trực thuộc"
    return {
        **base_context(round_, draft),
        "tieu_de": header,
        "van_ban": {
            "ten_loai": "BÁO CÁO",
            "trich_yeu": form_title(round_, "bao_cao_tong_hop").replace("tổ chức cơ sở đảng", level),
            "nguoi_ky": sign,
            "noi_nhan": to,
        },
        "tong_hop": {
            "danh_gia_hoa": rules.word("danh_gia").upper(),
            "to_chuc_thuc_hien": running,
            "phan": sections,
            "tiep": assessment_outline(assessment, 3),
        },
    }


ASSESSMENT = [
    (1, "ĐÁNH GIÁ CHUNG", []),
    (2, "Ưu điểm", ["uu_diem"]),
    (2, "Hạn chế, khuyết điểm và nguyên nhân", ["han_che", "nguyen_nhan"]),
    (2, "Bài học kinh nghiệm", ["bai_hoc"]),
    (1, "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", ["phuong_huong"]),
    (1, "ĐỀ XUẤT, KIẾN NGHỊ", ["de_xuat"]),
]
"""The committee's own part of a summary report, after the figures: headings and the keys they print."""


def assessment_outline(assessment, first: int) -> list[dict]:
    """The summary's assessment as the committee wrote it (danh_gia_chung): numbered parts and
    items; lines to write on where the round file has nothing yet."""
    entries, part, item = [], first - 1, 0
    for level, title, keys in ASSESSMENT:
        if level == 1:
            part, item = part + 1, 0
            number = ROMAN[part - 1]
        else:
            item += 1
            number = str(item)
        paragraphs = [p for key in keys for p in (getattr(assessment, key, None) or [])] if assessment else []
        entries.append({"cap": level, "tieu_de": f"{number}. {title}", "doan": paragraphs, "cho_viet": bool(keys) and not paragraphs})
    return entries


def format_score(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format_decimal(value, 2).rstrip("0").rstrip(",")


def _score_sections(scope: list[Unit], round_: Round, numbered: int) -> list[dict]:
    """Where scores are given: how the decided scores spread over the scale's bands."""
    scale = round_.rule_set.data.thang_diem
    if scale is None:
        return []
    rules = round_.rule_set
    units = [u.don_vi for g in scope for u in g.walk() if u.don_vi]
    members = [m for g in scope for u in g.walk() for m in u.members]
    paragraphs = []
    for noun, items, subject in (("tổ chức đảng", units, "to_chuc"), ("đảng viên", members, "dang_vien")):
        spread = score_spread(items, scale)
        if not spread.scored:
            continue
        bands = sorted(scale.muc, key=lambda b: -b.tu)
        parts = []
        for index, band in enumerate(bands):
            if not band.tu:
                label = f"dưới {bands[index - 1].tu:g} điểm"
            else:
                label = f"từ {band.tu:g} đến dưới {bands[index - 1].tu:g} điểm" if index else f"từ {band.tu:g} điểm trở lên"
            count = spread.bands.get(band.xep_loai, 0)
            level = f"mức {category_short(rules, subject, band.xep_loai)}"
            parts.append(f"{format_int(count)} {noun} đạt {label} ({level}), chiếm {share_text(count, spread.scored)}" if count
                         else f"không có {noun} nào {label}")
        paragraphs.append(
            f"{format_int(spread.scored)} {noun} có điểm được chấm, bình quân {format_score(spread.average)} điểm; " + "; ".join(parts) + "."
        )
    if not paragraphs:
        return []
    return [{"so": str(numbered + 1), "tieu_de": "Kết quả chấm điểm", "doan": paragraphs}]


# --- tables -------------------------------------------------------------------------------------------

LETTERS = "abcdefghij"


def _indicator_rows(rules: RuleSet, breakdown: Breakdown, subject: str, noun: str, types: list[str]) -> list[dict]:
    total = breakdown.total
    rows = []
    for index, c in enumerate(rules.categories(subject)):
        rows.append(indicator_row(f"{LETTERS[index]})", c.ten, lambda t, code=c.ma: t.count(code), breakdown, types,
                                  (total.count(c.ma), total.evaluated)))
        if subject == "to_chuc" and rules.data.tieu_bieu and c.ma == rules.data.tieu_bieu.xep_loai:
            rows.append(indicator_row("", f"Trong đó: {rules.data.tieu_bieu.ten_ngan}", lambda t: t.distinguished, breakdown, types,
                                      (total.distinguished, total.count(c.ma))))
    return rows


def indicator_row(stt: str, label: str, value, breakdown: Breakdown, types: list[str],
                  share_of: tuple[int, int] | None = None, fixed_share: str = "") -> dict:
    """A row of the statistical tables: its text, and (so_lieu) its numbers for a spreadsheet."""
    total, columns = value(breakdown.total), [value(breakdown.by_type[t]) for t in types]
    share = percent(*share_of) if share_of else (Decimal(100) if fixed_share else None)
    shown = table_share(*share_of) if share_of else fixed_share
    return {
        "stt": stt, "chi_tieu": label, "tong_so": format_int(total), "ty_le": shown, "cot": [format_int(c) for c in columns],
        "so_lieu": {"tong_so": total, "ty_le": float(share) if share is not None else None, "cot": columns},
    }


def heading_row(label: str, types: list[str]) -> dict:
    return {"stt": "", "chi_tieu": label, "tong_so": "", "ty_le": "", "cot": [""] * len(types), "so_lieu": None}


def tables(round_: Round, draft: bool) -> dict:
    rules = round_.rule_set
    types = rules.org_type_codes()
    organisations = organisation_breakdown(round_.units, round_)
    cells = cell_breakdown(round_.units, round_)
    members = member_breakdown(round_.units, round_)

    def plain(stt, label, value, breakdown, share=""):
        return indicator_row(stt, label, value, breakdown, types, fixed_share=share)

    grassroots_rows = [
        plain("A", "Số TCCSĐ có đến cuối năm (A = 1 + 2)", lambda t: t.total, organisations),
        plain("1", "Số TCCSĐ được đánh giá chất lượng", lambda t: t.evaluated, organisations, "100,00"),
        heading_row("Kết quả:", types),
        *_indicator_rows(rules, organisations, "to_chuc", "TCCSĐ", types),
        plain("2", "Số TCCSĐ chưa được đánh giá", lambda t: t.not_yet + t.exempt, organisations),
        plain("", "Trong đó: mới thành lập", lambda t: t.reasons.get(_new_reason(round_), 0), organisations),
    ]
    # A round run by a ward committee for its cells has no grassroots organisations below it.
    org_rows = grassroots_rows if organisations.total.total else []
    org_rows += [
        plain("B" if org_rows else "A", "Số chi bộ trực thuộc đảng bộ cơ sở" if org_rows else "Số chi bộ trực thuộc", lambda t: t.total, cells),
        plain("", "Trong đó: đã được đánh giá", lambda t: t.evaluated, cells, "100,00"),
        *_indicator_rows(rules, cells, "to_chuc", "chi bộ", types),
    ]
    top, second = rules.member_codes()[0], rules.member_codes()[1]
    member_rows = [
        plain("A", "Đảng viên tại thời điểm đánh giá (A = 1 + 2 + 3)", lambda t: t.total, members),
        plain("1", "Miễn đánh giá", lambda t: t.exempt, members),
        plain("2", "Chưa được đánh giá", lambda t: t.not_yet, members),
        plain("3", "Đã được đánh giá", lambda t: t.evaluated, members, "100,00"),
        heading_row("Kết quả:", types),
        *_indicator_rows(rules, members, "dang_vien", "đảng viên", types),
        indicator_row("", f"Tỷ lệ {category_short(rules, 'dang_vien', top)} so với {category_short(rules, 'dang_vien', second)}",
                      lambda t: t.count(top), members, types, (members.total.count(top), members.total.count(second))),
    ]
    codes = rules.member_codes()
    appendix = []
    for index, unit in enumerate(round_.units, start=1):
        tally = tally_members((m for u in unit.walk() for m in u.members), round_)
        category = category_short(rules, "to_chuc", unit.don_vi.xep_loai if unit.don_vi else None)
        if unit.don_vi and unit.don_vi.tieu_bieu:
            category += " (TB)"
        appendix.append({
            "stt": str(index), "ten": unit.name,
            "loai_hinh": _type_name(rules, unit.don_vi.loai_hinh if unit.don_vi else None),
            "xep_loai": category, "so_chi_bo": format_int(len(unit.children)) if unit.children else "",
            "dang_vien": format_int(tally.total), "duoc_danh_gia": format_int(tally.evaluated),
            "muc": [format_int(tally.count(code)) for code in codes],
            "so_lieu": {"so_chi_bo": len(unit.children), "dang_vien": tally.total, "duoc_danh_gia": tally.evaluated,
                        "muc": [tally.count(code) for code in codes]},
        })
    totals = members.total
    dot = round_.dot
    return {
        **base_context(round_, draft),
        "tieu_de": {"cap_tren": [upper(dot.cap_uy.cap_tren)], "co_quan": upper(dot.cap_uy.ten),
                    "co_quan_dong": header_lines(upper(dot.cap_uy.ten)), "so": "", "dia_danh_ngay": place_and_date(dot.cap_uy.dia_danh, dot.bao_cao.ngay, dot.nam)},
        "van_ban": {"ten_loai": "BIỂU", "trich_yeu": form_title(round_, "bieu_tong_hop"), "nguoi_ky": {}, "noi_nhan": []},
        "bieu": {
            "ten_bieu_7a": rules.data.thuat_ngu.get("bieu_to_chuc", "Biểu 7A-TCTW"),
            "ten_bieu_7b": rules.data.thuat_ngu.get("bieu_dang_vien", "Biểu 7B-TCTW"),
            "diem": _score_rows(round_),
            "ky_ten": upper(rules.word_or("ban_tham_muu", "Ban Tổ chức")) + " " + upper(dot.cap_uy.ten),
            "ban": upper(rules.word_or("ban_tham_muu", "Ban Tổ chức")),
            "to_chuc": {"cot": [t.ten for t in rules.data.loai_hinh], "dong": org_rows},
            "dang_vien": {"cot": [t.ten for t in rules.data.loai_hinh], "dong": member_rows},
            "ma_dv": [category_short(rules, "dang_vien", code) for code in codes],
            "phu_luc": appendix,
            "ghi_chu_phu_luc": f"Ghi chú: (TB) — {lower_first(rules.data.tieu_bieu.ten)}." if rules.data.tieu_bieu else "",
            "cong": {
                "xep_loai": "", "so_chi_bo": format_int(sum(len(u.children) for u in round_.units)),
                "dang_vien": format_int(totals.total), "duoc_danh_gia": format_int(totals.evaluated),
                "muc": [format_int(totals.count(code)) for code in codes],
            },
        },
    }


def _score_rows(round_: Round) -> list[dict]:
    """Rows of the score table: one per band of the scale, organisations and members."""
    scale = round_.rule_set.data.thang_diem
    if scale is None:
        return []
    units = [u.don_vi for u in round_.all_units() if u.don_vi]
    members = [m for u in round_.all_units() for m in u.members]
    spreads = (score_spread(units, scale), score_spread(members, scale))
    if not any(s.scored for s in spreads):
        return []
    bands = sorted(scale.muc, key=lambda b: -b.tu)
    rows = []
    for index, band in enumerate(bands):
        label = f"Từ {band.tu:g}" + (f" đến dưới {bands[index - 1].tu:g}" if index else "") + " điểm" if band.tu else f"Dưới {bands[index - 1].tu:g} điểm"
        row = {"muc": f"{label} ({category_short(round_.rule_set, 'dang_vien', band.xep_loai)})"}
        for key, spread in zip(("to_chuc", "dang_vien"), spreads):
            count = spread.bands.get(band.xep_loai, 0)
            row[key] = format_int(count)
            row[key + "_ty_le"] = table_share(count, spread.scored)
        rows.append(row)
    rows.append({"muc": "Điểm bình quân", "to_chuc": format_score(spreads[0].average), "to_chuc_ty_le": "",
                 "dang_vien": format_score(spreads[1].average), "dang_vien_ty_le": ""})
    return rows


def _new_reason(round_: Round) -> str:
    from ..figures import STATUS_REASON

    months = round_.rule_set.data.khong_danh_gia.thang_thanh_lap
    return STATUS_REASON["moi_thanh_lap"].format(thang=months)


def _type_name(rules: RuleSet, code: str | None) -> str:
    return next((t.ten for t in rules.data.loai_hinh if t.ma == code), "")


# --- commendation -------------------------------------------------------------------------------------


def years_running_note(years: int, this_year: int) -> str:
    """', 5 năm liền (2022–2026)' where a unit or member was at the top level more than one year running."""
    return f", {years} năm liền ({this_year - years + 1}–{this_year})" if years > 1 else ""


def commendation(round_: Round, draft: bool) -> dict:
    history = load_history(round_, Report()) if round_.dot.cac_dot_truoc else History()
    rules = round_.rule_set
    distinction = rules.data.tieu_bieu
    top_org = rules.org_codes()[0]
    top_member = rules.member_codes()[0]
    organisations: list[dict] = []
    for unit in round_.all_units():
        don_vi = unit.don_vi
        if not don_vi or not unit.usable:
            continue
        if don_vi.tieu_bieu if distinction else don_vi.xep_loai == top_org:
            note = distinction.ten_ngan if distinction else category_short(rules, "to_chuc", top_org)
            years = history.running(history.units.get(unit_key(unit.name), []), round_.dot.nam) + 1
            note += years_running_note(years, round_.dot.nam)
            if unit.parent is not None:
                note += f" (thuộc {unit.parent.name})"
            organisations.append({"stt": str(len(organisations) + 1), "ten": don_vi.ten, "ghi_chu": note, "nam_lien": years})
    groups, counter = [], 0
    for grassroots in round_.units:
        chosen = []
        for cell in (u for u in grassroots.walk() if u.usable):
            for member in cell.members:
                if member.xep_loai == top_member and member_standing(member, round_).kind == EVALUATED:
                    chosen.append((member, cell))
        chosen.sort(key=lambda pair: name_sort_key(pair[0].ho_ten))
        rows = []
        for member, cell in chosen:
            counter += 1
            earlier, certain = history.member_years(member)
            years = history.running(earlier, round_.dot.nam) + 1
            rows.append({"stt": str(counter), "ho_ten": member.ho_ten, "nam_sinh": str(member.nam_sinh or ""),
                         "chuc_vu": member.chuc_vu or "", "chi_bo": cell.name if cell is not grassroots else "",
                         "nam_lien": years, "ghi_chu": years_running_note(years, round_.dot.nam).strip(", ")
                         + ("" if certain or years < 2 else " (ghép theo họ tên, cần đối chiếu)")})
        if rows:
            groups.append({"ten": grassroots.name, "danh_sach": rows})
    dot = round_.dot
    title = distinction.ten if distinction else category_name(rules, "to_chuc", top_org)
    return {
        **base_context(round_, draft),
        "tieu_de": {"cap_tren": [upper(dot.cap_uy.cap_tren)], "co_quan": upper(dot.cap_uy.ten), "co_quan_dong": header_lines(upper(dot.cap_uy.ten)), "so": "",
                    "dia_danh_ngay": place_and_date(dot.cap_uy.dia_danh, dot.bao_cao.ngay, dot.nam)},
        "van_ban": {"ten_loai": "DANH SÁCH", "trich_yeu": form_title(round_, "khen_thuong"),
                    "nguoi_ky": round_signer(round_), "noi_nhan": recipients(dot.bao_cao.noi_nhan) if dot.bao_cao.noi_nhan else []},
        "khen_thuong": {
            "danh_hieu_hoa": upper(title),
            "danh_hieu": title,
            "so_dang_vien": counter,
            "to_chuc": organisations,
            "dang_vien": groups,
            "tong_ket": f"Tổng cộng: {format_int(len(organisations))} tổ chức đảng và {format_int(counter)} đảng viên được đề nghị khen thưởng.",
        },
    }



# --- documents around the ratings: the decision, the notices, the proposal for commendation ------------


def round_header(round_: Round, paper: VanBan | None, type_code: str) -> dict:
    """The header of a document the round's committee issues: its number and date where the round file gives them."""
    dot = round_.dot
    return {
        "cap_tren": [upper(dot.cap_uy.cap_tren)], "co_quan": upper(dot.cap_uy.ten), "co_quan_dong": header_lines(upper(dot.cap_uy.ten)),
        "so": document_number(paper.so if paper else None, type_code, dot.cap_uy.ky_hieu),
        "dia_danh_ngay": place_and_date(dot.cap_uy.dia_danh, paper.ngay if paper else None, dot.nam),
    }


def paper_signer(round_: Round, paper: VanBan | None) -> dict:
    """Who signs a committee's paper: as the round file says for it, else as for the summary report."""
    given = paper.nguoi_ky if paper and paper.nguoi_ky else None
    default = round_signer(round_)
    return {key: (getattr(given, key) if given and getattr(given, key) else default[key]) for key in default}


def advisory_body(round_: Round) -> str:
    return f"{round_.rule_set.word_or('ban_tham_muu', 'Ban Tổ chức')} {round_.dot.cap_uy.ten}"


def recognition(round_: Round, draft: bool) -> dict:
    """The committee's decision recognising the levels of the organisations it rates, with their list."""
    rules, dot = round_.rule_set, round_.dot
    rated = [u for u in round_.units if u.is_grassroots and u.usable and u.don_vi and u.don_vi.xep_loai]
    if not rated:  # a ward committee running the round for its own cells rates the cells
        rated = [u for u in round_.all_units() if u.usable and u.don_vi and u.don_vi.xep_loai and u.holds_members]
    rated.sort(key=lambda u: (rules.rank("to_chuc", u.data.xep_loai or ""), natural_key(u.name)))
    counts = [f"{format_int(n)} {lower_first(c.ten)}" for c in rules.data.xep_loai_to_chuc
              if (n := sum(u.data.xep_loai == c.ma for u in rated))]
    paper = dot.quyet_dinh
    basis = ["Căn cứ Điều lệ Đảng Cộng sản Việt Nam;", *[f"Căn cứ {c};" for c in dot.can_cu],  # citations keep their capitals: "Căn cứ Quy định số 366-QĐ/TW…"
             f"Xét đề nghị của {advisory_body(round_)},"]
    articles = [
        f"Điều 1. Công nhận kết quả {rules.word('danh_gia')} chất lượng năm {dot.nam} của {format_int(len(rated))} tổ chức đảng "
        f"(có danh sách kèm theo), trong đó: {'; '.join(counts)}.",
        "Điều 2. Quyết định có hiệu lực kể từ ngày ký.",
        f"Điều 3. Văn phòng, {advisory_body(round_)} và các tổ chức đảng có tên tại Điều 1 căn cứ quyết định thi hành.",
    ]
    return {
        **base_context(round_, draft),
        "tieu_de": round_header(round_, paper, "QĐ"),
        "van_ban": {"ten_loai": "QUYẾT ĐỊNH", "trich_yeu": form_title(round_, "quyet_dinh_cong_nhan"),
                    "nguoi_ky": paper_signer(round_, paper),
                    "noi_nhan": recipients((paper.noi_nhan if paper and paper.noi_nhan else None)
                                           or ["Như Điều 3", f"Lưu Văn phòng {dot.cap_uy.ten}"])},
        "quyet_dinh": {
            "tham_quyen": f"BAN THƯỜNG VỤ {upper(dot.cap_uy.ten)}",
            "danh_sach_tieu_de": f"Tổ chức đảng được công nhận kết quả {rules.word('danh_gia')} chất lượng năm {dot.nam}",
            "kem_theo": f"(Kèm theo Quyết định số {(paper.so if paper and paper.so else BLANK)}-QĐ/{dot.cap_uy.ky_hieu}, "
                        f"{long_date(paper.ngay) if paper and paper.ngay else f'ngày{BLANK}tháng{BLANK}năm {dot.nam}'} "
                        f"của Ban Thường vụ {dot.cap_uy.ten})",
            "can_cu": basis,
            "dieu": articles,
            "danh_sach": [{"stt": str(i), "ten": u.name, "xep_loai": category_name(rules, "to_chuc", u.data.xep_loai),
                           "ghi_chu": (rules.data.tieu_bieu.ten_ngan if rules.data.tieu_bieu and u.data.tieu_bieu else "")
                           + (f" (thuộc {u.parent.name})" if u.parent is not None else "")}
                          for i, u in enumerate(rated, start=1)],
        },
    }


def notice(unit: Unit, round_: Round, draft: bool) -> dict:
    """The notice to a chi bộ of its members' levels, from the committee directly above it."""
    rules, dot = round_.rule_set, round_.dot
    if unit.parent is not None:
        above = committee_of(unit.parent.name)
        header = {"cap_tren": [upper(dot.cap_uy.dang_bo)], "co_quan": upper(above), "co_quan_dong": header_lines(upper(above)),
                  "so": document_number(None, "TB", "ĐU"), "dia_danh_ngay": place_and_date(unit_place(unit.parent, round_), None, dot.nam)}
        signer = unit_signer(unit.parent)
    else:
        above = dot.cap_uy.ten
        header = round_header(round_, None, "TB")
        signer = round_signer(round_)
    rated = [m for m in unit.members if member_standing(m, round_).kind == EVALUATED and m.xep_loai]
    tally = tally_members(unit.members, round_)
    parts = [f"{format_int(tally.count(c.ma))} đồng chí {c.ten_ngan}" for c in rules.data.xep_loai_dang_vien if tally.count(c.ma)]
    level = category_name(rules, "to_chuc", unit.data.xep_loai)
    opening = [f"Căn cứ kết quả kiểm điểm, {rules.word('danh_gia')} chất lượng năm {dot.nam}, {above} thông báo kết quả "
               f"{rules.word('danh_gia')} chất lượng của {unit.data.ten} và các đảng viên của chi bộ như sau:"]
    if level:
        opening.append(f"1. {unit.data.ten}: {level}" + (f" ({rules.data.tieu_bieu.ten_ngan})" if rules.data.tieu_bieu and unit.data.tieu_bieu else "") + ".")
    opening.append(f"{'2' if level else '1'}. Đảng viên: {format_int(len(rated))} đồng chí được {rules.word('danh_gia')}"
                   + (f", trong đó {', '.join(parts)}" if parts else "") + " (danh sách dưới đây).")
    return {
        **base_context(round_, draft),
        "tieu_de": header,
        "van_ban": {"ten_loai": "THÔNG BÁO", "trich_yeu": form_title(round_, "thong_bao_ket_qua", ten=unit.data.ten),
                    "nguoi_ky": signer, "noi_nhan": recipients([unit.data.ten, f"Lưu Văn phòng {above}"])},
        "thong_bao": {
            "mo_dau": opening,
            "danh_sach": [{"stt": str(i), "ho_ten": m.ho_ten, "chuc_vu": m.chuc_vu or "",
                           "xep_loai": category_name(rules, "dang_vien", m.xep_loai)} for i, m in enumerate(rated, start=1)],
            "ket_thuc": [f"Đề nghị {unit.data.ten} thông báo đến từng đảng viên và lưu vào hồ sơ đảng viên."],
        },
    }


def proposal(round_: Round, draft: bool) -> dict:
    """The proposal (tờ trình) to the committee above for commendation, 'n năm liền' included."""
    rules, dot = round_.rule_set, round_.dot
    listed = commendation(round_, draft)["khen_thuong"]
    running = rules.data.nam_lien_khen_thuong
    members = [dict(r) for g in listed["dang_vien"] for r in g["danh_sach"] if r["nam_lien"] >= running]
    for i, row in enumerate(members, start=1):
        row["stt"] = str(i)
    organisations = [o for o in listed["to_chuc"] if o["nam_lien"] >= running]
    top_member = rules.data.xep_loai_dang_vien[0].ten
    paper = dot.to_trinh
    counted = bool(dot.cac_dot_truoc)  # without the earlier rounds, "n năm liền" cannot be claimed

    def of_them(found: list, noun: str) -> str:
        if not counted:
            return "."
        return (f"; trong đó {format_int(len(found))} {noun} đạt {running} năm liền trở lên." if found
                else f"; chưa có {noun} nào đạt {running} năm liền.")

    body = [
        f"Căn cứ kết quả kiểm điểm, {rules.word('danh_gia')} chất lượng tổ chức đảng, đảng viên năm {dot.nam}, Ban Thường vụ "
        f"{dot.cap_uy.ten} kính đề nghị Ban Thường vụ {committee_body(dot.cap_uy.cap_tren)} xem xét, khen thưởng:",
        f"1. Tổ chức đảng {lower_first(listed['danh_hieu'])} năm {dot.nam}: {format_int(len(listed['to_chuc']))} tổ chức"
        + of_them(organisations, "tổ chức"),
        f"2. Đảng viên {lower_first(top_member)} năm {dot.nam}: {format_int(listed['so_dang_vien'])} đồng chí"
        + of_them(members, "đồng chí"),
        "(Danh sách tổ chức đảng và đảng viên được đề nghị khen thưởng kèm theo tờ trình.)",
    ]
    return {
        **base_context(round_, draft),
        "tieu_de": round_header(round_, paper, "TTr"),
        "van_ban": {"ten_loai": "TỜ TRÌNH", "trich_yeu": form_title(round_, "to_trinh_khen_thuong"),
                    "nguoi_ky": paper_signer(round_, paper),
                    "noi_nhan": recipients((paper.noi_nhan if paper and paper.noi_nhan else None)
                                           or [f"Ban Thường vụ {committee_body(dot.cap_uy.cap_tren)}", f"Lưu Văn phòng {dot.cap_uy.ten}"])},
        "to_trinh": {"noi_dung": body, "nam_lien": running, "to_chuc": organisations if counted else [],
                     "dang_vien": members if counted else []},
    }

