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
from ..load import Round, Unit
from ..model import DangVien
from ..rules import TIEU_BIEU, RuleSet
from ..vietnamese import format_decimal, format_int, format_percent, long_date, name_sort_key, pad2, short_date, upper

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


def count2(value: int) -> str:
    """Counts as practice writes them in result phrases: 02, 10, 112."""
    return pad2(value)


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
    category = rules.category(subject, code) if code else None
    return category.ten_ngan if category else ""


def share_text(count: int, base: int) -> str:
    return format_percent(percent(count, base))


def change_text(now: Decimal | None, before: Decimal | None, year: int) -> str:
    difference = change_in_points(now, before)
    if difference is None:
        return ""
    if difference == 0:
        return f", bằng năm {year}"
    word = "tăng" if difference > 0 else "giảm"
    return f", {word} {format_percent(abs(difference))} so với năm {year}"


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
    if unit.parent is not None:
        return committee_of(unit.parent.name), unit.parent.don_vi.bi_thu or ""
    return round_.dot.cap_uy.ten, round_.dot.cap_uy.bi_thu or ""


def unit_header(unit: Unit, round_: Round, type_code: str, when: date | None) -> dict:
    """Header block of a unit's own document: superior bodies, issuing body, number, date line."""
    district = upper(round_.dot.cap_uy.dang_bo)
    don_vi = unit.don_vi
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
        "so": document_number(number, type_code, symbol),
        "dia_danh_ngay": place_and_date(unit_place(unit, round_), when, round_.dot.nam),
    }


def unit_date(unit: Unit) -> date | None:
    don_vi = unit.don_vi
    if don_vi.van_ban and don_vi.van_ban.ngay:
        return don_vi.van_ban.ngay
    return don_vi.hoi_nghi.ngay if don_vi.hoi_nghi else None


def unit_signer(unit: Unit) -> dict:
    """Who signs a unit's document: van_ban.nguoi_ky where given, else the secretary for the collective."""
    given = unit.don_vi.van_ban.nguoi_ky if unit.don_vi.van_ban and unit.don_vi.van_ban.nguoi_ky else None
    default_on_behalf = "T/M ĐẢNG ỦY" if unit.position == "dang_bo_co_so" else "T/M CHI BỘ"
    return {
        "thay_mat": (given.thay_mat if given and given.thay_mat else default_on_behalf),
        "chuc_vu": (given.chuc_vu if given and given.chuc_vu else "BÍ THƯ"),
        "ho_ten": (given.ho_ten if given and given.ho_ten else unit.don_vi.bi_thu or ""),
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
    if unit.don_vi.van_ban and unit.don_vi.van_ban.noi_nhan:
        return recipients(unit.don_vi.van_ban.noi_nhan)
    committee = round_.dot.cap_uy.ten
    if unit.position == "chi_bo_truc_thuoc":
        return recipients([committee_above(unit, round_)[0], "Lưu Chi bộ"])
    own_files = "Lưu Văn phòng Đảng ủy" if unit.position == "dang_bo_co_so" else "Lưu Chi bộ"
    return recipients([f"Ban Thường vụ {committee}", f"{round_.rule_set.word_or('ban_tham_muu', 'Ban Tổ chức')} {committee}", own_files])


def form_title(round_: Round, form: str, **values) -> str:
    mau = round_.rule_set.data.mau.get(form)
    pattern = mau.tieu_de if mau and mau.tieu_de else "{ten}"
    return pattern.format(nam=round_.dot.nam, **values)


def numbered_sections(form_sections, texts: dict | None, group: str | None = None, keep_empty: bool = True) -> list[dict]:
    sections = []
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
    if unit.don_vi.co_chi_uy is not None:
        return unit.don_vi.co_chi_uy
    return unit.holds_members and sum(not m.du_bi for m in unit.members) >= CHI_UY_FROM


def leadership_name(unit: Unit) -> str:
    """The collective a unit's report reviews: its leadership, not the whole membership."""
    if unit.position == "dang_bo_co_so":
        return f"Ban Chấp hành {unit.don_vi.ten}"
    if has_chi_uy(unit):
        return f"Chi ủy {unit.don_vi.ten}"
    return f"Bí thư, phó bí thư {unit.don_vi.ten}"


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
    rules, don_vi = round_.rule_set, unit.don_vi
    mau = rules.data.mau["bao_cao_tap_the"]
    sections = numbered_sections(mau.muc, don_vi.kiem_diem)
    subject = lower_first(don_vi.ten)
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
    """The result as practice words it: '18/18 đồng chí … được đánh giá, trong đó 02/18 … HTXSNV'."""
    rules = round_.rule_set
    tally = tally_members(members, round_)
    probationary = sum(1 for m in members if m.du_bi)
    sentences = [
        f"Tổng số đảng viên của {who}: {count2(tally.total)} đồng chí "
        f"(chính thức {count2(tally.total - probationary)}, dự bị {count2(probationary)})."
    ]
    for reason, count in sorted(tally.reasons.items()):
        sentences.append(f"Không đánh giá, xếp loại: {count2(count)} đồng chí ({reason}).")
    to_rate = tally.evaluated
    parts = [
        f"{count2(tally.count(c.ma))}/{count2(to_rate)} đồng chí {rules.word('phan_loai')} {c.ten_ngan} ({share_text(tally.count(c.ma), to_rate)})"
        for c in rules.data.xep_loai_dang_vien
    ]
    rated = sum(tally.categories.values())
    sentences.append(
        f"{count2(rated)}/{count2(to_rate)} đồng chí đảng viên thuộc diện đánh giá được đánh giá, {rules.word('phan_loai')}, trong đó: "
        + "; ".join(parts) + "."
    )
    return sentences


def member_list(unit: Unit, round_: Round, draft: bool) -> dict:
    members = unit.members
    return {
        **base_context(round_, draft),
        "tieu_de": unit_header(unit, round_, "DS", unit_date(unit)),
        "van_ban": {
            "ten_loai": "DANH SÁCH",
            "trich_yeu": form_title(round_, "danh_sach_xep_loai", ten=lower_first(unit.don_vi.ten)),
            "nguoi_ky": unit_signer(unit),
            "noi_nhan": [],
        },
        "don_vi": {"ten": unit.don_vi.ten},
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
    meeting, don_vi, rules = unit.don_vi.hoi_nghi, unit.don_vi, round_.rule_set
    members = unit.members
    total, absent = len(members), len(meeting.vang_mat)
    present = total - absent
    probationary = sum(1 for m in members if m.du_bi)
    opening = [
        f"Hồi {meeting.gio_bat_dau or BLANK}, {long_date(meeting.ngay)}, tại {meeting.dia_diem}, {don_vi.ten} tổ chức hội nghị "
        f"kiểm điểm tập thể, cá nhân và {rules.word('danh_gia')} chất lượng đảng viên năm {round_.dot.nam}.",
        f"Tổng số đảng viên của chi bộ: {count2(total)} đồng chí, trong đó chính thức {count2(total - probationary)}, "
        f"dự bị {count2(probationary)}. Có mặt: {count2(present)}/{count2(total)} đồng chí, đạt tỷ lệ {share_text(present, total)}.",
    ]
    if meeting.vang_mat:
        reasons = "; ".join(f"đồng chí {v.ho_ten}" + (f" ({v.ly_do})" if v.ly_do else "") for v in meeting.vang_mat)
        opening.append(f"Vắng mặt: {count2(absent)} đồng chí: {reasons}.")
    if meeting.khach_moi:
        opening.append("Đại biểu dự: " + "; ".join(meeting.khach_moi) + ".")
    opening.append(f"Chủ trì hội nghị: đồng chí {meeting.chu_tri}. Thư ký hội nghị: đồng chí {meeting.thu_ky}.")
    content = [
        f"1. Đồng chí {meeting.chu_tri} trình bày báo cáo kiểm điểm tập thể {lower_first(don_vi.ten)} năm {round_.dot.nam}; "
        "hội nghị thảo luận, đóng góp ý kiến.",
        *(meeting.y_kien or []),
        f"2. Từng đảng viên trình bày bản kiểm điểm cá nhân; hội nghị góp ý, {rules.word('danh_gia')}. Kết quả như sau:",
    ]
    proposed = category_name(rules, "to_chuc", don_vi.tu_xep_loai)
    closing = result_sentences(members, round_)
    if proposed:
        closing.append(f"3. Hội nghị thống nhất đề nghị mức {rules.word('phan_loai')} chất lượng của chi bộ năm {round_.dot.nam}: {proposed}.")
    ending = f"Hội nghị kết thúc hồi {meeting.gio_ket_thuc} cùng ngày." if meeting.gio_ket_thuc else "Hội nghị kết thúc cùng ngày."
    closing.append(ending + " Biên bản đã được thông qua trước hội nghị.")
    return {
        **base_context(round_, draft),
        "tieu_de": unit_header(unit, round_, "BB", meeting.ngay),
        "van_ban": {"ten_loai": "BIÊN BẢN", "trich_yeu": form_title(round_, "bien_ban", ten=lower_first(don_vi.ten)),
                    "nguoi_ky": unit_signer(unit), "noi_nhan": []},
        "bien_ban": {"mo_dau": opening, "noi_dung": content, "ket_thuc": closing,
                     "chu_tri": meeting.chu_tri, "thu_ky": meeting.thu_ky},
        "danh_sach": [member_row(i, m, round_) for i, m in enumerate(members, start=1)],
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
            "chi_bo": unit.don_vi.ten,
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


def _comment_blocks(unit: Unit, member: DangVien, round_: Round, decided: str, dated: bool) -> list[dict]:
    """Below an individual review: the cell's comment and the level decided by the competent
    committee, each signed (and, in the 2025 forms, dated). A chi bộ without a chi ủy comments as
    the chi bộ; a chi bộ cơ sở decides its members' levels itself."""
    rules = round_.rule_set
    signer = unit_signer(unit)
    note = eased_note(member)
    meeting_day = unit.don_vi.hoi_nghi.ngay if unit.don_vi.hoi_nghi else None
    date_line = (lambda when: form_date(when, round_.dot.nam)) if dated else (lambda when: "")
    blocks = []
    if unit.position == "chi_bo_truc_thuoc":
        secretary = committee_above(unit, round_)[1]
        by_chi_uy = has_chi_uy(unit) or not dated
        body = f"{'Chi ủy' if by_chi_uy else 'Chi bộ'} đề nghị mức {rules.word('phan_loai')}: {decided}."
        blocks.append({"tieu_de": f"NHẬN XÉT, ĐÁNH GIÁ CỦA {'CHI ỦY' if by_chi_uy else 'CHI BỘ'}", "noi_dung": body,
                       "ngay": date_line(meeting_day),
                       "thay_mat": "T/M CHI ỦY" if by_chi_uy else "T/M CHI BỘ", "chuc_vu": "BÍ THƯ", "ho_ten": signer["ho_ten"]})
        blocks.append({"tieu_de": f"{rules.word('danh_gia').upper()} CỦA ĐẢNG ỦY", "noi_dung": " ".join(filter(None, [f"Đảng ủy {rules.word('phan_loai')}: {decided}.", note])),
                       "ngay": date_line(None),
                       "thay_mat": "T/M ĐẢNG ỦY", "chuc_vu": "BÍ THƯ", "ho_ten": secretary})
        return blocks
    if dated and has_chi_uy(unit):
        blocks.append({"tieu_de": "NHẬN XÉT, ĐÁNH GIÁ CỦA CHI ỦY", "noi_dung": f"Chi ủy đề nghị mức {rules.word('phan_loai')}: {decided}.",
                       "ngay": date_line(meeting_day), "thay_mat": "T/M CHI ỦY", "chuc_vu": "BÍ THƯ", "ho_ten": signer["ho_ten"]})
    blocks.append({"tieu_de": f"KẾT QUẢ {rules.word('danh_gia').upper()} CỦA CHI BỘ",
                   "noi_dung": " ".join(filter(None, [f"Chi bộ {rules.word('phan_loai')}: {decided}.", note if dated else ""])),
                   "ngay": date_line(meeting_day), "thay_mat": "T/M CHI BỘ", "chuc_vu": "BÍ THƯ", "ho_ten": signer["ho_ten"]})
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
        sentence = (
            f"{format_int(count)}/{format_int(evaluated)} {noun} {lower_first(c.ten) if subject == 'to_chuc' else c.ten_ngan}, "
            f"chiếm {format_percent(now)}{change_text(now, before(c.ma), last_year)}"
        )
        if subject == "to_chuc" and rules.data.tieu_bieu and c.ma == rules.data.tieu_bieu.xep_loai:
            distinguished = tally.distinguished
            share = percent(distinguished, count)
            sentence += (
                f"; trong đó {format_int(distinguished)}/{format_int(count)} {noun} {lower_first(rules.data.tieu_bieu.ten)}, "
                f"chiếm {format_percent(share)} số {c.ten_ngan}{change_text(share, before(TIEU_BIEU), last_year)}"
            )
        if subject == "dang_vien" and c.ma == rules.member_codes()[0] and len(rules.member_codes()) > 1:
            second = rules.data.xep_loai_dang_vien[1]
            sentence += f" (bằng {share_text(count, tally.count(second.ma))} số đảng viên {second.ten_ngan})"
        sentences.append(sentence + ".")
    return sentences


def _roll_sentence(tally: Tally, noun: str) -> str:
    text = f"Tổng số {noun}: {format_int(tally.total)}; đã đánh giá {format_int(tally.evaluated)}/{format_int(tally.total)}, chiếm {share_text(tally.evaluated, tally.total)}"
    not_rated = tally.exempt + tally.not_yet
    if not_rated:
        reasons = "; ".join(f"{reason}: {format_int(count)}" for reason, count in sorted(tally.reasons.items()))
        text += f"; không đánh giá {format_int(not_rated)} ({reasons})"
    return text + "."


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
        sections.append({"so": str(index), "tieu_de": title, "doan": paragraphs})
    spread = _score_sections(scope, round_, len(sections))
    sections += spread
    dot = round_.dot
    if committee is None:
        header = {
            "cap_tren": [upper(dot.cap_uy.cap_tren)],
            "co_quan": upper(dot.cap_uy.ten),
            "so": document_number(dot.bao_cao.so, "BC", dot.cap_uy.ky_hieu),
            "dia_danh_ngay": place_and_date(dot.cap_uy.dia_danh, dot.bao_cao.ngay, dot.nam),
        }
        sign = round_signer(round_)
        to = recipients(dot.bao_cao.noi_nhan) if dot.bao_cao.noi_nhan else recipients([f"Lưu Văn phòng {dot.cap_uy.ten}"])
        who = f"Ban Thường vụ {dot.cap_uy.ten}"
    else:
        header = unit_header(committee, round_, "BC", unit_date(committee))
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
    overall = _quota_sentences(round_, committee) or ["Các tỷ lệ xếp loại bảo đảm đúng hướng dẫn."]
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
            "danh_gia_chung": overall,
        },
    }


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
            upper_bound = f" đến dưới {bands[index - 1].tu:g}" if index else ""
            label = f"từ {band.tu:g}{upper_bound} điểm" if band.tu else f"dưới {bands[index - 1].tu:g} điểm"
            count = spread.bands.get(band.xep_loai, 0)
            parts.append(f"{label} ({category_short(rules, subject, band.xep_loai)}): {format_int(count)}, chiếm {share_text(count, spread.scored)}")
        paragraphs.append(
            f"{format_int(spread.scored)} {noun} có điểm được chấm, bình quân {format_score(spread.average)} điểm; " + "; ".join(parts) + "."
        )
    if not paragraphs:
        return []
    return [{"so": str(numbered + 1), "tieu_de": "Kết quả chấm điểm", "doan": paragraphs}]


def _quota_sentences(round_: Round, committee: Unit | None) -> list[str]:
    from ..figures import quota_results

    rules = round_.rule_set
    sentences = []
    for result in quota_results(round_):
        if committee is not None and result.scope.unit is not committee and result.scope.unit not in committee.children:
            continue
        if committee is None and result.scope.unit is not None:
            continue
        quota = result.quota
        subject = "dang_vien" if quota.doi_tuong == "dang_vien" else "to_chuc"
        capped = rules.data.tieu_bieu.ten_ngan if quota.xep_loai == TIEU_BIEU and rules.data.tieu_bieu else category_short(rules, subject, quota.xep_loai)
        limit = f"{result.percent}%" if result.percent is not None else f"{quota.toi_da}"
        state = "bảo đảm" if result.holds else "vượt"
        sentences.append(f"Tỷ lệ {capped}: {format_int(result.count)}/{format_int(result.base or 0)}, {state} hạn mức không quá {limit}.")
    scoped = [r for r in quota_results(round_) if r.scope.unit is not None and (committee is None or r.scope.unit in [committee, *committee.children])]
    if scoped:
        broken = sum(not r.holds for r in scoped)
        sentences.append(
            f"Hạn mức xếp loại đảng viên được kiểm tra ở {format_int(len(scoped))} đơn vị; "
            + ("tất cả đều bảo đảm." if not broken else f"{format_int(broken)} đơn vị vượt hạn mức.")
        )
    return sentences


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
    shown = share_text(*share_of).rstrip("%") if share_of else fixed_share
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
                    "so": "", "dia_danh_ngay": place_and_date(dot.cap_uy.dia_danh, dot.bao_cao.ngay, dot.nam)},
        "van_ban": {"ten_loai": "BIỂU", "trich_yeu": form_title(round_, "bieu_tong_hop"), "nguoi_ky": {}, "noi_nhan": []},
        "bieu": {
            "ten_bieu_7a": rules.data.thuat_ngu.get("bieu_to_chuc", "Biểu 7A-TCTW"),
            "ten_bieu_7b": rules.data.thuat_ngu.get("bieu_dang_vien", "Biểu 7B-TCTW"),
            "diem": _score_rows(round_),
            "ky_ten": upper(rules.word_or("ban_tham_muu", "Ban Tổ chức")) + " " + upper(dot.cap_uy.ten),
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
            row[key + "_ty_le"] = share_text(count, spread.scored).rstrip("%")
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


def commendation(round_: Round, draft: bool) -> dict:
    rules = round_.rule_set
    distinction = rules.data.tieu_bieu
    top_org = rules.org_codes()[0]
    top_member = rules.member_codes()[0]
    organisations = []
    for unit in round_.all_units():
        don_vi = unit.don_vi
        if not don_vi or not unit.usable:
            continue
        chosen = don_vi.tieu_bieu if distinction else don_vi.xep_loai == top_org
        if chosen:
            note = distinction.ten_ngan if distinction else category_short(rules, "to_chuc", top_org)
            if unit.parent is not None:
                note += f" (thuộc {unit.parent.name})"
            organisations.append({"stt": str(len(organisations) + 1), "ten": don_vi.ten, "ghi_chu": note})
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
            rows.append({"stt": str(counter), "ho_ten": member.ho_ten, "nam_sinh": str(member.nam_sinh or ""),
                         "chuc_vu": member.chuc_vu or "", "chi_bo": cell.name if cell is not grassroots else ""})
        if rows:
            groups.append({"ten": grassroots.name, "danh_sach": rows})
    dot = round_.dot
    title = distinction.ten if distinction else category_name(rules, "to_chuc", top_org)
    return {
        **base_context(round_, draft),
        "tieu_de": {"cap_tren": [upper(dot.cap_uy.cap_tren)], "co_quan": upper(dot.cap_uy.ten), "so": "",
                    "dia_danh_ngay": place_and_date(dot.cap_uy.dia_danh, dot.bao_cao.ngay, dot.nam)},
        "van_ban": {"ten_loai": "DANH SÁCH", "trich_yeu": form_title(round_, "khen_thuong"),
                    "nguoi_ky": round_signer(round_), "noi_nhan": recipients(dot.bao_cao.noi_nhan) if dot.bao_cao.noi_nhan else []},
        "khen_thuong": {
            "danh_hieu_hoa": upper(title),
            "to_chuc": organisations,
            "dang_vien": groups,
            "tong_ket": f"Tổng cộng: {format_int(len(organisations))} tổ chức đảng và {format_int(counter)} đảng viên được đề nghị khen thưởng.",
        },
    }

