"""Excel forms for cell secretaries, and the round's summary tables as a spreadsheet.

The forms are laid out from the model's type hints (``schema.fields_of``), so every key a unit
file can hold has a place in a form (those of another era left out); ``form_import`` reads them
back: data → form → import gives the same data. A form shows the user's words (labels, not
codes: ``formwords``) and carries, on a sheet Excel does not show, the round, year, committee and
unit it was made for, so that it cannot be imported elsewhere by mistake.
"""

from __future__ import annotations

import dataclasses
import io
import re
import typing
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from .files import keep_copy, write_atomically
from .formwords import NO, YES, Choice, choices, label_of
from .load import Round, Unit
from .model import DangVien, DonVi, Paragraphs
from .render.docx import write_zip
from .rules import RuleSet
from .schema import fields_of, split_optional

_FIXED_TIME = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
UNIT_SHEET, MEMBER_SHEET, REVIEW_SHEET = "Đơn vị", "Đảng viên", "Kiểm điểm"
PERSONAL_SHEET, ABSENT_SHEET, HELP_SHEET = "Kiểm điểm cá nhân", "Vắng mặt", "Hướng dẫn"
META_SHEET = "_baocao"  # very hidden: Excel's menus cannot show it; holds whose form it is and the drop-down lists
FORM_VERSION = 2
META_KEYS = ("phien_ban", "dot", "nam", "cap_uy", "don_vi", "ten_don_vi")
PERSONAL_HEADERS = ("Số thẻ đảng viên", "Họ và tên", "Năm sinh", "Mục", "Nội dung")
LIST_COLUMN = 4  # drop-down lists start in column D of the meta sheet
MEMBER_ROWS = 300  # rows left open for members in a form
HEADER = Font(bold=True)
KEY_FONT = Font(size=8, color="808080")
LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")
# One object for every open cell: openpyxl looks each style up in the workbook's table, and
# finding the very same object there is a quick identity match (a new one per cell is compared
# field by field: most of the time of writing a form).
UNLOCKED = Protection(locked=False)


@dataclass(frozen=True)
class Column:
    key: str  # dotted path in the unit file: ky_luat.hinh_thuc
    hint: Any
    label: str


def columns_of(cls: type, prefix: str = "", label: str = "") -> list[Column]:
    """The scalar fields of a model class, nested records flattened to dotted keys.

    Lists of records and review sections (dicts) have sheets of their own and are left out.
    """
    found = []
    for spec in fields_of(cls):
        _, inner = split_optional(spec.hint)
        origin = typing.get_origin(inner)
        name = prefix + spec.name
        text = (label + " — " if label else "") + (spec.doc or spec.name)
        if isinstance(inner, type) and dataclasses.is_dataclass(inner):
            found += columns_of(inner, name + ".", text)
        elif origin is dict and typing.get_args(inner)[1] in (int, float):
            found.append(Column(name, inner, text + " (mỗi mục một dòng, dạng 'httnv: 10')"))  # counts or points by key
        elif origin is dict or (origin is list and dataclasses.is_dataclass(typing.get_args(inner)[0])):
            continue
        else:
            found.append(Column(name, inner, text))
    return found


UNIT_COLUMNS = columns_of(DonVi)
MEMBER_COLUMNS = columns_of(DangVien)
SCORE_KEYS = ("tu_diem", "diem", "ty_le_")


def in_era(column: Column, rules: RuleSet) -> bool:
    """Scores and task shares belong to rule sets with a points scale (2025 on): not in a form before."""
    return rules.data.thang_diem is not None or not column.key.startswith(SCORE_KEYS)


def unit_columns(rules: RuleSet) -> list[Column]:
    return [c for c in UNIT_COLUMNS if in_era(c, rules)]


def member_columns(rules: RuleSet) -> list[Column]:
    return [c for c in MEMBER_COLUMNS if in_era(c, rules)]


# --- values between the model and the sheet --------------------------------------------------------


def _get(record: object, key: str) -> object:
    for part in key.split("."):
        if record is None:
            return None
        record = getattr(record, part)
    return record


def to_cell(value: Any, column: Column, rules: RuleSet, subject: str) -> object:
    if value is None:
        return None
    if column.hint is bool:
        return YES if value else NO
    if column.hint is Paragraphs:
        return "\n\n".join(value)
    if typing.get_origin(column.hint) is list:
        return "\n".join(str(v) for v in value)
    if typing.get_origin(column.hint) is dict:
        return "\n".join(f"{key}: {number:g}" for key, number in value.items())
    return label_of(value, choices(column.key, column.hint, rules, subject))


def as_text_only(book: Workbook) -> None:
    """No cell of a form is a formula: text typed by users that begins with '=' (a name, a
    pasted `=cmd|…` DDE call) is kept as text, never evaluated by Excel."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


class Lists:
    """The drop-down lists of a form, each written once in a column of the meta sheet (a list
    typed into the rule itself cannot hold a comma, as 'Lãnh đạo, quản lý' does)."""

    def __init__(self, meta) -> None:
        self.meta = meta
        self.ranges: dict[tuple[str, ...], str] = {}

    def range_of(self, labels: tuple[str, ...]) -> str:
        if labels not in self.ranges:
            column = LIST_COLUMN + len(self.ranges)
            for row, label in enumerate(labels, start=1):
                self.meta.cell(row=row, column=column, value=label)
            letter = get_column_letter(column)
            self.ranges[labels] = f"{quote_sheetname(META_SHEET)}!${letter}$1:${letter}${len(labels)}"
        return self.ranges[labels]

    def validate(self, sheet, options: list[Choice] | list[str], cells: str) -> None:
        labels = tuple(o.label if isinstance(o, Choice) else o for o in options)
        rule = DataValidation(type="list", formula1=self.range_of(labels), allow_blank=True, showErrorMessage=True,
                              errorTitle="Giá trị không hợp lệ", error="Hãy chọn một giá trị trong danh sách.")
        sheet.add_data_validation(rule)
        rule.add(cells)


# --- writing a form -------------------------------------------------------------------------------------


def unit_file(unit: Unit, round_: Round) -> str:
    """The unit's file, relative to the round folder: where import writes it back."""
    return unit.source.path.relative_to(round_.folder).as_posix()


def form_name(unit: Unit, round_: Round) -> str:
    """A form's file name, saying whose it is and for which year, unique in the round: seven
    cells called 'chi bộ thôn Đông' under seven đảng bộ get seven names."""
    parts = Path(unit_file(unit, round_)).with_suffix("").parts
    if parts[-1] == "dang-bo" and len(parts) > 1:
        parts = parts[:-1]
    return "--".join(reversed(parts)) + f"--{round_.dot.nam}.xlsx"


def workbook_bytes(book: Workbook) -> bytes:
    """A workbook's bytes with fixed zip timestamps: the same content gives the same bytes."""
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    # openpyxl stamps the time of saving into the properties: a fixed time, as for the documents.
    return write_zip([(name, _FIXED_TIME.sub(rb"\g<1>2017-01-01T00:00:00Z\g<2>", data) if name == "docProps/core.xml" else data)
                      for name, data in parts])


def form_identity(unit: Unit, round_: Round) -> dict[str, object]:
    """Whose form it is: checked by import against the round it is imported into."""
    return {"phien_ban": FORM_VERSION, "dot": round_.name, "nam": round_.dot.nam, "cap_uy": round_.dot.cap_uy.ten,
            "don_vi": unit_file(unit, round_), "ten_don_vi": unit.name}


def write_form(unit: Unit, round_: Round, target: Path) -> None:
    rules = round_.rule_set
    book = Workbook()
    meta = book.create_sheet(META_SHEET)
    for row, (key, value) in enumerate(form_identity(unit, round_).items(), start=1):
        meta.cell(row=row, column=1, value=key)
        meta.cell(row=row, column=2, value=value)
    lists = Lists(meta)
    _help_sheet(book.active, unit, round_)
    _unit_sheet(book.create_sheet(UNIT_SHEET), unit, rules, lists)
    _member_sheet(book.create_sheet(MEMBER_SHEET), unit, rules, lists)
    _review_sheet(book.create_sheet(REVIEW_SHEET), unit, rules)
    _personal_sheet(book.create_sheet(PERSONAL_SHEET), unit, rules, lists)
    _absent_sheet(book.create_sheet(ABSENT_SHEET), unit)
    book.move_sheet(meta, offset=len(book.sheetnames) - 1 - book.sheetnames.index(META_SHEET))  # last
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    as_text_only(book)
    book.properties.creator = "baocao"
    book.properties.created = book.properties.modified = datetime(2017, 1, 1)
    write_atomically(target, workbook_bytes(book))


def _help_sheet(sheet, unit: Unit, round_: Round) -> None:
    sheet.title = HELP_SHEET
    lines = [
        f"BIỂU MẪU NHẬP KẾT QUẢ KIỂM ĐIỂM — {unit.name.upper()} — NĂM {round_.dot.nam}",
        f"Của: {unit.name} ({unit_file(unit, round_)}) — đợt đánh giá năm {round_.dot.nam} của {round_.dot.cap_uy.ten}. "
        "Biểu mẫu chỉ nhập được vào đúng đơn vị và đợt này.",
        "",
        f"1. Trang '{UNIT_SHEET}': thông tin của chi bộ, mỗi dòng một mục; chỉ điền cột 'Giá trị'.",
        f"2. Trang '{MEMBER_SHEET}': mỗi đảng viên một dòng, từ dòng 3; không sửa dòng tiêu đề. Có thể sắp xếp lại các dòng.",
        f"3. Trang '{REVIEW_SHEET}': nội dung kiểm điểm tập thể theo từng mục; các đoạn cách nhau một dòng trống.",
        f"4. Trang '{PERSONAL_SHEET}': nội dung bản kiểm điểm cá nhân (nếu có). Mỗi dòng ghi số thẻ đảng viên, "
        "hoặc họ tên và năm sinh đúng như ở trang 'Đảng viên', rồi chọn mục và ghi nội dung.",
        f"5. Trang '{ABSENT_SHEET}': đảng viên vắng mặt ở hội nghị kiểm điểm và lý do.",
        "Ô có danh sách thả xuống chỉ nhận các giá trị trong danh sách (xếp loại, giới tính, nhóm, hình thức kỷ luật…).",
        "Ngày ghi dạng 21/11/2017. Số lẻ ghi 85,5 hoặc 85.5. Có/không ghi 'có' hoặc 'không'.",
        "Điền xong, gửi lại tệp này; văn phòng nhập bằng lệnh: baocao import <tệp.xlsx> --round <thư mục đợt>.",
    ]
    for row, text in enumerate(lines, start=1):
        sheet.cell(row=row, column=1, value=text).font = HEADER if row == 1 else Font()
    sheet.column_dimensions["A"].width = 110


def _locked_header(sheet, row: int) -> None:
    for cell in sheet[row]:
        cell.font = HEADER if row > 1 else KEY_FONT
        cell.fill = LOCKED_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _unlock(sheet, first_row: int, last_row: int, columns: range) -> None:
    # What `cell.protection = UNLOCKED` does, with the workbook's index of the style looked up once:
    # openpyxl would hash the same Protection again for each of the form's ~10,000 cells, which
    # was most of the time of `excel-form`. The bytes written are the same.
    unlocked = sheet.parent._protections.add(UNLOCKED)
    for row in range(first_row, last_row + 1):
        for column in columns:
            cell = sheet.cell(row=row, column=column)
            if not cell._style:
                cell._style = StyleArray()
            cell._style.protectionId = unlocked
    sheet.protection.sheet = True
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False
    sheet.protection.sort = False  # sorting the members is an ordinary act: reviews follow the person, not the row
    sheet.protection.autoFilter = False


def _unit_sheet(sheet, unit: Unit, rules: RuleSet, lists: Lists) -> None:
    sheet.append(["Khóa", "Nội dung", "Giá trị"])
    _locked_header(sheet, 1)
    columns = unit_columns(rules)
    for row, column in enumerate(columns, start=2):
        sheet.cell(row=row, column=1, value=column.key).font = KEY_FONT
        sheet.cell(row=row, column=2, value=column.label)
        value = sheet.cell(row=row, column=3, value=to_cell(_get(unit.don_vi, column.key), column, rules, "to_chuc"))
        value.alignment = Alignment(wrap_text=True)
        if column.hint is date:
            value.number_format = "DD/MM/YYYY"
        options = choices(column.key, column.hint, rules, "to_chuc")
        if options:
            lists.validate(sheet, options, f"C{row}")
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["A"].hidden = True  # the keys import reads; people read column B
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 50
    _unlock(sheet, 2, len(columns) + 1, range(3, 4))


def _member_sheet(sheet, unit: Unit, rules: RuleSet, lists: Lists) -> None:
    columns = member_columns(rules)
    sheet.append([c.key for c in columns])
    sheet.append([c.label for c in columns])
    _locked_header(sheet, 1)
    _locked_header(sheet, 2)
    for member in unit.members:
        sheet.append([to_cell(_get(member, c.key), c, rules, "dang_vien") for c in columns])
    last = 2 + MEMBER_ROWS
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 28 if column.key == "ho_ten" else 16
        options = choices(column.key, column.hint, rules, "dang_vien")
        if options:
            lists.validate(sheet, options, f"{letter}3:{letter}{last}")
        if column.hint is date:
            for row in range(3, last + 1):
                sheet.cell(row=row, column=index).number_format = "DD/MM/YYYY"
    sheet.row_dimensions[1].hidden = True  # the keys import reads; people read row 2
    sheet.freeze_panes = "B3"
    _unlock(sheet, 3, last, range(1, len(columns) + 1))


def section_titles(rules: RuleSet, form: str) -> dict[str, str]:
    """A form's review sections: code → title."""
    mau = rules.data.mau.get(form)
    return {m.ma: m.tieu_de for m in (mau.muc if mau else [])}


def _review_sheet(sheet, unit: Unit, rules: RuleSet) -> None:
    sheet.append(["Khóa mục", "Mục", "Nội dung (các đoạn cách nhau một dòng trống)"])
    _locked_header(sheet, 1)
    titles = section_titles(rules, "bao_cao_tap_the")
    texts = unit.don_vi.kiem_diem if unit.don_vi else {}
    keys = list(titles) + [k for k in texts if k not in titles]
    for key in keys:
        sheet.append([key, titles.get(key, key), "\n\n".join(texts.get(key) or [])])
        sheet.cell(row=sheet.max_row, column=3).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["A"].hidden = True  # the codes import reads; people read the titles
    sheet.column_dimensions["B"].width = 50
    sheet.column_dimensions["C"].width = 100
    _unlock(sheet, 2, max(sheet.max_row, 2), range(3, 4))


def _personal_sheet(sheet, unit: Unit, rules: RuleSet, lists: Lists) -> None:
    sheet.append(list(PERSONAL_HEADERS))
    _locked_header(sheet, 1)
    titles = section_titles(rules, "kiem_diem_ca_nhan")
    for member in unit.members:
        for key, paragraphs in (member.kiem_diem or {}).items():
            sheet.append([member.so_the, member.ho_ten, member.nam_sinh, titles.get(key, key), "\n\n".join(paragraphs)])
    if titles:
        lists.validate(sheet, list(titles.values()), f"D2:D{2 + MEMBER_ROWS}")
    for letter, width in zip("ABCDE", (16, 28, 10, 40, 100)):
        sheet.column_dimensions[letter].width = width
    _unlock(sheet, 2, 2 + MEMBER_ROWS, range(1, 6))


def _absent_sheet(sheet, unit: Unit) -> None:
    sheet.append(["Họ và tên", "Lý do vắng mặt"])
    _locked_header(sheet, 1)
    meeting = unit.don_vi.hoi_nghi if unit.don_vi else None
    for absent in (meeting.vang_mat if meeting else []):
        sheet.append([absent.ho_ten, absent.ly_do])
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 60
    _unlock(sheet, 2, 2 + MEMBER_ROWS, range(1, 3))


@dataclass
class FormsWritten:
    written: list[Path]
    kept: list[Path]  # forms already there (perhaps being filled): not overwritten
    backups: list[Path]


def write_forms(round_: Round, out: Path, only: Path | None = None, overwrite: bool = False,
                progress: Callable[[str, int, int], None] | None = None) -> FormsWritten:
    """A form per unit, named for its unit (``form_name``); a form already in ``out`` is kept
    unless ``overwrite`` (then its earlier version is kept under a dated name)."""
    result = FormsWritten([], [], [])
    units = [unit for unit in round_.all_units()
             if unit.usable and (only is None or unit.source.path.resolve() == only.resolve())]
    for count, unit in enumerate(units):
        if progress:
            progress(FORMS_STAGE, count, len(units))
        target = out / form_name(unit, round_)
        if target.exists():
            if not overwrite:
                result.kept.append(target)
                continue
            result.backups.append(keep_copy(target))
        write_form(unit, round_, target)
        result.written.append(target)
    if progress:
        progress(FORMS_STAGE, len(units), len(units))
    return result


FORMS_STAGE = "Đang lập biểu mẫu Excel"


# --- the summary tables as a spreadsheet ------------------------------------------------------------------

COUNT_FORMAT = "[$-42A]#,##0"  # Vietnamese: 1.234
SHARE_FORMAT = "[$-42A]0.00"  # Vietnamese: 62,62


def tables_workbook(context: dict) -> bytes:
    """The statistical tables of the round (the rows and figures of the Word tables) as .xlsx:
    real numbers with Vietnamese number formats, totals as formulas, landscape A4, frozen headers."""
    bieu = context["bieu"]
    book = Workbook()
    _indicator_sheet(book.active, bieu["ten_bieu_7a"], "Tổ chức đảng", bieu["to_chuc"], context)
    _indicator_sheet(book.create_sheet(), bieu["ten_bieu_7b"], "Đảng viên", bieu["dang_vien"], context)
    _appendix_sheet(book.create_sheet("Phụ lục"), bieu, context)
    book.properties.creator = "baocao"
    book.properties.created = book.properties.modified = datetime(2017, 1, 1)
    return workbook_bytes(book)


def put(sheet, row: int, column: int, value: object):
    """A value of the data in a cell, never a formula: a unit named '=cmd|…' stays a name.
    (The table's own totals are the only formulas, written apart.)"""
    cell = sheet.cell(row=row, column=column, value=value)
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def _print_setup(sheet, header_rows: int) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_rows}:{header_rows}"


def _title(sheet, context: dict, form_name: str, heading: str, width: int) -> None:
    sheet.title = heading[:31]
    put(sheet, 1, 1, context["tieu_de"]["co_quan"]).font = HEADER
    put(sheet, 1, width, form_name).font = HEADER
    put(sheet, 2, 1, f"{heading.upper()} NĂM {context['dot']['nam']}").font = Font(bold=True, size=13)


def _indicator_sheet(sheet, form_name: str, heading: str, table: dict, context: dict) -> None:
    types = table["cot"]
    width = 4 + len(types)
    _title(sheet, context, form_name, heading, width)
    header_row = 4
    for column, text in enumerate(["STT", "CHỈ TIÊU", "Tổng số", "Tỷ lệ (%)", *types], start=1):
        cell = put(sheet, header_row, column, text)
        cell.font = HEADER
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    first_type, last_type = get_column_letter(5), get_column_letter(width)
    for offset, row in enumerate(table["dong"], start=1):
        r = header_row + offset
        put(sheet, r, 1, row["stt"])
        put(sheet, r, 2, row["chi_tieu"])
        numbers = row.get("so_lieu")
        if not numbers:
            continue
        for index, value in enumerate(numbers["cot"], start=5):
            sheet.cell(row=r, column=index, value=value).number_format = COUNT_FORMAT
        total = sheet.cell(row=r, column=3)
        # The total is the sum of the type columns whenever every unit has a type.
        total.value = f"=SUM({first_type}{r}:{last_type}{r})" if sum(numbers["cot"]) == numbers["tong_so"] else numbers["tong_so"]
        total.number_format = COUNT_FORMAT
        if numbers["ty_le"] is not None:
            sheet.cell(row=r, column=4, value=numbers["ty_le"]).number_format = SHARE_FORMAT
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 48
    for column in range(3, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 11
    sheet.freeze_panes = f"C{header_row + 1}"
    _print_setup(sheet, header_row)


def _appendix_sheet(sheet, bieu: dict, context: dict) -> None:
    headers = ["STT", "Tổ chức cơ sở đảng", "Loại hình", "Xếp loại", "Số chi bộ", "Đảng viên", "Được đánh giá", *bieu["ma_dv"]]
    _title(sheet, context, "Phụ lục", "Kết quả theo tổ chức cơ sở đảng", len(headers))
    sheet.title = "Phụ lục"
    header_row = 4
    for column, text in enumerate(headers, start=1):
        put(sheet, header_row, column, text).font = HEADER
    rows = bieu["phu_luc"]
    for offset, row in enumerate(rows, start=1):
        r = header_row + offset
        numbers = row["so_lieu"]
        values = [int(row["stt"]), row["ten"], row["loai_hinh"], row["xep_loai"], numbers["so_chi_bo"],
                  numbers["dang_vien"], numbers["duoc_danh_gia"], *numbers["muc"]]
        for column, value in enumerate(values, start=1):
            cell = put(sheet, r, column, value)
            if column >= 5:
                cell.number_format = COUNT_FORMAT
    total_row = header_row + len(rows) + 1
    sheet.cell(row=total_row, column=2, value="Cộng").font = HEADER
    for column in range(5, len(headers) + 1):
        letter = get_column_letter(column)
        cell = sheet.cell(row=total_row, column=column, value=f"=SUM({letter}{header_row + 1}:{letter}{total_row - 1})")
        cell.number_format = COUNT_FORMAT
        cell.font = HEADER
    sheet.column_dimensions["B"].width = 44
    sheet.freeze_panes = f"C{header_row + 1}"
    _print_setup(sheet, header_row)
