"""Excel forms for cell secretaries, and importing them back into the round's YAML.

The forms are laid out from the model's type hints (``schema.fields_of``), so every key a unit
file can hold has a place in a form, and import reads the same keys back: data → form → import
gives the same data. Import checks each row as ``validate`` does, and names the file, sheet and row.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import typing
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .diagnostics import Located, Report, display_path
from .files import write_atomically
from .load import Round, Unit, resolve_written_category
from .model import DangVien, DonVi, Paragraphs
from .render.docx import write_zip
from .rules import RuleSet
from .schema import Converter, fields_of, split_optional
from .yamlout import dump_yaml, plain

_FIXED_TIME = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
UNIT_SHEET, MEMBER_SHEET, REVIEW_SHEET = "Đơn vị", "Đảng viên", "Kiểm điểm"
PERSONAL_SHEET, ABSENT_SHEET, HELP_SHEET = "Kiểm điểm cá nhân", "Vắng mặt", "Hướng dẫn"
PATH_CELL = "E1"  # on the unit sheet: the unit's path in the round, read by import
MEMBER_ROWS = 300  # rows left open for members in a form
YES, NO = "có", "không"
HEADER = Font(bold=True)
KEY_FONT = Font(size=8, color="808080")
LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")


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
        if dataclasses.is_dataclass(inner):
            found += columns_of(inner, name + ".", text)
        elif origin is dict and typing.get_args(inner)[1] in (int, float):
            found.append(Column(name, inner, text))  # counts or points by key, in one cell: "httnv: 10; htnv: 1"
        elif origin is dict or (origin is list and dataclasses.is_dataclass(typing.get_args(inner)[0])):
            continue
        else:
            found.append(Column(name, inner, text))
    return found


UNIT_COLUMNS = columns_of(DonVi)
MEMBER_COLUMNS = columns_of(DangVien)


# --- values between the model and the sheet --------------------------------------------------------


def _get(record: object, key: str) -> object:
    for part in key.split("."):
        if record is None:
            return None
        record = getattr(record, part)
    return record


def to_cell(value: object, column: Column, rules: RuleSet, subject: str) -> object:
    if value is None:
        return None
    if column.hint is bool:
        return YES if value else NO
    if column.hint is Paragraphs:
        return "\n\n".join(value)
    if typing.get_origin(column.hint) is list:
        return "\n".join(str(v) for v in value)
    if typing.get_origin(column.hint) is dict:
        return "; ".join(f"{k}: {v:g}" for k, v in value.items())
    if column.key.endswith("xep_loai") and isinstance(value, str):
        category = rules.category(subject, value)
        return category.ten_ngan if category else value
    return value


def from_cell(value: object, column: Column) -> object:
    """A cell's value as a YAML file would hold it, for the Converter to check."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if column.hint is bool and isinstance(value, str):
        folded = value.strip().casefold()
        return True if folded == YES else False if folded == NO else value
    if typing.get_origin(column.hint) is list and isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    if typing.get_origin(column.hint) is dict and isinstance(value, str):
        return _pairs(value)
    if isinstance(value, float) and value.is_integer() and column.hint is not float:
        return int(value)
    return value


def _pairs(text: str) -> dict | str:
    """'httnv: 10; htnv: 1' as a mapping; text that is not such a list goes on as it is, for the check to name."""
    pairs = {}
    for part in filter(None, (p.strip() for p in text.replace("\n", ";").split(";"))):
        key, colon, number = part.partition(":")
        try:
            value = float(number.strip().replace(",", "."))
        except ValueError:
            return text
        if not colon:
            return text
        pairs[key.strip()] = int(value) if value.is_integer() else value
    return pairs


SCORE_KEYS = ("tu_diem", "diem", "ty_le_")


def _not_in_era(column: Column, rules: RuleSet) -> bool:
    """Scores and task shares belong to rule sets with a points scale (2025 on): hidden before."""
    return rules.data.thang_diem is None and column.key.startswith(SCORE_KEYS)


def _choices(column: Column, rules: RuleSet, subject: str) -> list[str] | None:
    if column.hint is bool:
        return [YES, NO]
    if typing.get_origin(column.hint) is Literal:
        return list(typing.get_args(column.hint))
    if column.key.endswith("xep_loai"):
        return [c.ten_ngan for c in rules.categories(subject)]
    if column.key == "loai_hinh":
        return rules.org_type_codes()
    return None


def _validation(sheet, choices: list[str], cells: str) -> None:
    formula = '"' + ",".join(choices) + '"'
    if len(formula) > 255:  # Excel's limit for a list typed in the rule
        return
    rule = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                          errorTitle="Giá trị không hợp lệ", error="Hãy chọn một giá trị trong danh sách.")
    sheet.add_data_validation(rule)
    rule.add(cells)


# --- writing a form -------------------------------------------------------------------------------------


def unit_file(unit: Unit, round_: Round) -> str:
    """The unit's file, relative to the round folder: where import writes it back."""
    return unit.source.path.relative_to(round_.folder).as_posix()


def workbook_bytes(book: Workbook) -> bytes:
    """A workbook's bytes with fixed zip timestamps: the same content gives the same bytes."""
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    # openpyxl stamps the time of saving into the properties: a fixed time, as for the documents.
    return write_zip([(name, _FIXED_TIME.sub(rb"\g<1>2017-01-01T00:00:00Z\g<2>", data) if name == "docProps/core.xml" else data)
                      for name, data in parts])


def write_form(unit: Unit, round_: Round, target: Path) -> None:
    rules = round_.rule_set
    book = Workbook()
    _help_sheet(book.active, unit, round_)
    _unit_sheet(book.create_sheet(UNIT_SHEET), unit, rules, unit_file(unit, round_))
    _member_sheet(book.create_sheet(MEMBER_SHEET), unit, rules)
    _review_sheet(book.create_sheet(REVIEW_SHEET), unit, rules)
    _personal_sheet(book.create_sheet(PERSONAL_SHEET), unit, rules)
    _absent_sheet(book.create_sheet(ABSENT_SHEET), unit)
    book.properties.creator = "baocao"
    book.properties.created = book.properties.modified = datetime(2017, 1, 1)
    write_atomically(target, workbook_bytes(book))


def _help_sheet(sheet, unit: Unit, round_: Round) -> None:
    sheet.title = HELP_SHEET
    lines = [
        f"BIỂU MẪU NHẬP KẾT QUẢ KIỂM ĐIỂM — {unit.name.upper()} — NĂM {round_.dot.nam}",
        "",
        f"1. Trang '{UNIT_SHEET}': thông tin của chi bộ, mỗi dòng một mục; chỉ điền cột 'Giá trị'.",
        f"2. Trang '{MEMBER_SHEET}': mỗi đảng viên một dòng, từ dòng 3; không sửa hai dòng tiêu đề.",
        f"3. Trang '{REVIEW_SHEET}': nội dung kiểm điểm tập thể theo từng mục; các đoạn cách nhau một dòng trống.",
        f"4. Trang '{PERSONAL_SHEET}': nội dung bản kiểm điểm cá nhân (nếu có), ghi số thứ tự đảng viên.",
        f"5. Trang '{ABSENT_SHEET}': đảng viên vắng mặt ở hội nghị kiểm điểm và lý do.",
        "Ô có danh sách thả xuống chỉ nhận các giá trị trong danh sách. Ngày ghi dạng 21/11/2017.",
        "Mức xếp loại ghi tên viết tắt (HTXSNV, HTTNV, HTNV, KHTNV, TSVM…). Có/không ghi 'có' hoặc 'không'.",
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
    for row in range(first_row, last_row + 1):
        for column in columns:
            sheet.cell(row=row, column=column).protection = Protection(locked=False)
    sheet.protection.sheet = True
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False


def _unit_sheet(sheet, unit: Unit, rules: RuleSet, file: str) -> None:
    sheet.append(["Khóa", "Nội dung", "Giá trị"])
    _locked_header(sheet, 1)
    sheet[PATH_CELL] = file
    sheet[PATH_CELL].font = KEY_FONT
    for row, column in enumerate(UNIT_COLUMNS, start=2):
        sheet.cell(row=row, column=1, value=column.key).font = KEY_FONT
        sheet.cell(row=row, column=2, value=column.label)
        value = sheet.cell(row=row, column=3, value=to_cell(_get(unit.don_vi, column.key), column, rules, "to_chuc"))
        value.alignment = Alignment(wrap_text=True)
        if column.hint is date:
            value.number_format = "DD/MM/YYYY"
        choices = _choices(column, rules, "to_chuc")
        if choices:
            _validation(sheet, choices, f"C{row}")
        if _not_in_era(column, rules):
            sheet.row_dimensions[row].hidden = True
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["A"].hidden = True  # the keys import reads; people read column B
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 50
    _unlock(sheet, 2, len(UNIT_COLUMNS) + 1, range(3, 4))


def _member_sheet(sheet, unit: Unit, rules: RuleSet) -> None:
    sheet.append([c.key for c in MEMBER_COLUMNS])
    sheet.append([c.label for c in MEMBER_COLUMNS])
    _locked_header(sheet, 1)
    _locked_header(sheet, 2)
    for member in unit.members:
        sheet.append([to_cell(_get(member, c.key), c, rules, "dang_vien") for c in MEMBER_COLUMNS])
    last = 2 + MEMBER_ROWS
    for index, column in enumerate(MEMBER_COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 28 if column.key == "ho_ten" else 16
        choices = _choices(column, rules, "dang_vien")
        if choices:
            _validation(sheet, choices, f"{letter}3:{letter}{last}")
        if column.hint is date:
            for row in range(3, last + 1):
                sheet.cell(row=row, column=index).number_format = "DD/MM/YYYY"
        if _not_in_era(column, rules):
            sheet.column_dimensions[letter].hidden = True
    sheet.row_dimensions[1].hidden = True  # the keys import reads; people read row 2
    sheet.freeze_panes = "B3"
    _unlock(sheet, 3, last, range(1, len(MEMBER_COLUMNS) + 1))


def _review_sheet(sheet, unit: Unit, rules: RuleSet) -> None:
    sheet.append(["Khóa mục", "Mục", "Nội dung (các đoạn cách nhau một dòng trống)"])
    _locked_header(sheet, 1)
    form = rules.data.mau.get("bao_cao_tap_the")
    sections = form.muc if form else []
    texts = unit.don_vi.kiem_diem if unit.don_vi else {}
    keys = [m.ma for m in sections] + [k for k in texts if k not in {m.ma for m in sections}]
    titles = {m.ma: m.tieu_de for m in sections}
    for key in keys:
        sheet.append([key, titles.get(key, ""), "\n\n".join(texts.get(key) or [])])
        sheet.cell(row=sheet.max_row, column=3).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 50
    sheet.column_dimensions["C"].width = 100
    _unlock(sheet, 2, max(sheet.max_row, 2), range(3, 4))


def _personal_sheet(sheet, unit: Unit, rules: RuleSet) -> None:
    sheet.append(["STT đảng viên", "Họ và tên", "Khóa mục", "Nội dung"])
    _locked_header(sheet, 1)
    for index, member in enumerate(unit.members, start=1):
        for key, paragraphs in (member.kiem_diem or {}).items():
            sheet.append([index, member.ho_ten, key, "\n\n".join(paragraphs)])
    for letter, width in zip("ABCD", (14, 28, 24, 100)):
        sheet.column_dimensions[letter].width = width
    _unlock(sheet, 2, 2 + MEMBER_ROWS, range(1, 5))


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


def write_forms(round_: Round, out: Path, only: Path | None = None, overwrite: bool = False) -> FormsWritten:
    """A form per unit; a form already in ``out`` is kept unless ``overwrite`` (then kept as .bak)."""
    result = FormsWritten([], [], [])
    for unit in round_.all_units():
        if not unit.usable:
            continue
        if only is not None and unit.source.path.resolve() != only.resolve():
            continue
        target = out / Path(unit_file(unit, round_)).with_suffix(".xlsx")
        if target.exists():
            if not overwrite:
                result.kept.append(target)
                continue
            backup = target.with_name(target.name + ".bak")
            shutil.copy2(target, backup)
            result.backups.append(backup)
        write_form(unit, round_, target)
        result.written.append(target)
    return result


# --- reading a form back ---------------------------------------------------------------------------------


class ImportRefused(Exception):
    pass


@dataclass
class Imported:
    form: Path
    target: Path | None
    backup: Path | None = None


def _set(data: dict, key: str, value: object) -> None:
    parts = key.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


class FormReader:
    """Reads one filled form into unit-file data, with a mark for every value (file, sheet!row)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = display_path(path)
        self.marks: dict[tuple, tuple] = {}

    def where(self, sheet: str, row: int) -> tuple:
        return (f"{self.name}:{sheet}!{row}", 0, 0)

    def read(self) -> tuple[str, dict]:
        book = load_workbook(self.path, data_only=True)
        missing = [s for s in (UNIT_SHEET, MEMBER_SHEET, REVIEW_SHEET) if s not in book.sheetnames]
        if missing:
            raise ImportRefused(f"{self.name}: không phải biểu mẫu của baocao (thiếu trang {', '.join(missing)})")
        units = book[UNIT_SHEET]
        rel = units[PATH_CELL].value
        if not isinstance(rel, str) or not rel.strip():
            raise ImportRefused(f"{self.name}: thiếu đường dẫn đơn vị ở ô {UNIT_SHEET}!{PATH_CELL}")
        data: dict = {}
        self.marks[()] = self.where(UNIT_SHEET, 1)
        by_key = {c.key: c for c in UNIT_COLUMNS}
        for row in range(2, units.max_row + 1):
            key = units.cell(row=row, column=1).value
            if key not in by_key:
                continue
            value = from_cell(units.cell(row=row, column=3).value, by_key[key])
            if value is not None:
                _set(data, key, value)
                self.marks[tuple(key.split("."))] = self.where(UNIT_SHEET, row)
        data["kiem_diem"] = self._sections(book[REVIEW_SHEET])
        members = self._members(book[MEMBER_SHEET])
        if members:
            data["dang_vien"] = members
        if PERSONAL_SHEET in book.sheetnames:
            self._personal(book[PERSONAL_SHEET], data.get("dang_vien", []))
        if ABSENT_SHEET in book.sheetnames and "hoi_nghi" in data:
            absent = self._absent(book[ABSENT_SHEET])
            if absent:
                data["hoi_nghi"]["vang_mat"] = absent
        return rel.strip(), data

    def _sections(self, sheet) -> dict:
        sections = {}
        for row in range(2, sheet.max_row + 1):
            key, text = sheet.cell(row=row, column=1).value, sheet.cell(row=row, column=3).value
            if key and isinstance(text, str) and text.strip():
                sections[key] = text
                self.marks[("kiem_diem", key)] = self.where(REVIEW_SHEET, row)
        self.marks[("kiem_diem",)] = self.where(REVIEW_SHEET, 1)
        return sections

    def _members(self, sheet) -> list[dict]:
        keys = [sheet.cell(row=1, column=c).value for c in range(1, sheet.max_column + 1)]
        by_key = {c.key: c for c in MEMBER_COLUMNS}
        members = []
        self.marks[("dang_vien",)] = self.where(MEMBER_SHEET, 2)
        for row in range(3, sheet.max_row + 1):
            record: dict = {}
            index = len(members)
            for column, key in enumerate(keys, start=1):
                if key not in by_key:
                    continue
                value = from_cell(sheet.cell(row=row, column=column).value, by_key[key])
                if value is not None:
                    _set(record, key, value)
                    self.marks[("dang_vien", index) + tuple(key.split("."))] = self.where(MEMBER_SHEET, row)
            if record:
                self.marks[("dang_vien", index)] = self.where(MEMBER_SHEET, row)
                members.append(record)
        return members

    def _personal(self, sheet, members: list[dict]) -> None:
        for row in range(2, sheet.max_row + 1):
            number, key, text = (sheet.cell(row=row, column=c).value for c in (1, 3, 4))
            if not (isinstance(number, (int, float)) and key and isinstance(text, str) and text.strip()):
                continue
            index = int(number) - 1
            if 0 <= index < len(members):
                members[index].setdefault("kiem_diem", {})[key] = text
                self.marks[("dang_vien", index, "kiem_diem", key)] = self.where(PERSONAL_SHEET, row)

    def _absent(self, sheet) -> list[dict]:
        absent = []
        for row in range(2, sheet.max_row + 1):
            name, reason = sheet.cell(row=row, column=1).value, sheet.cell(row=row, column=2).value
            if name:
                absent.append({"ho_ten": str(name), **({"ly_do": str(reason)} if reason else {})})
                self.marks[("hoi_nghi", "vang_mat", len(absent) - 1)] = self.where(ABSENT_SHEET, row)
        return absent


def read_form(path: Path, round_: Round, report: Report) -> tuple[str, DonVi | None]:
    """A form's unit, typed and checked as validate checks a unit file; None when it has errors."""
    reader = FormReader(path)
    rel, data = reader.read()
    at = Located(reader.name, reader.marks, report)
    before = len(report.errors)
    don_vi = Converter(at).record(DonVi, data, ())
    if don_vi is not None:
        for key in ("tu_xep_loai", "xep_loai"):
            setattr(don_vi, key, resolve_written_category(at, round_.rule_set, "to_chuc", getattr(don_vi, key), (key,)))
        for index, member in enumerate(don_vi.dang_vien):
            for key in ("tu_xep_loai", "xep_loai"):
                setattr(member, key, resolve_written_category(at, round_.rule_set, "dang_vien", getattr(member, key), ("dang_vien", index, key)))
    return rel, (don_vi if len(report.errors) == before else None)


def import_forms(forms: list[Path], round_: Round, report: Report, overwrite: bool) -> list[Imported]:
    results = []
    for form in forms:
        try:
            rel, don_vi = read_form(form, round_, report)
        except ImportRefused as refusal:
            report.add_from(display_path(form), "bieu-mau", str(refusal).split(": ", 1)[-1])
            continue
        except (OSError, KeyError, ValueError) as exc:
            report.add_from(display_path(form), "bieu-mau", f"không đọc được tệp Excel: {exc}")
            continue
        if don_vi is None:
            results.append(Imported(form, None))
            continue
        target = round_.folder / rel
        if not rel.endswith(".yaml") or not target.resolve().is_relative_to(round_.folder.resolve()) or ".." in Path(rel).parts:
            report.add_from(display_path(form), "bieu-mau", f"đường dẫn đơn vị '{rel}' ra ngoài thư mục đợt")
            continue
        backup = None
        if target.exists():
            if not overwrite:
                report.add_from(display_path(form), "da-co-tep",
                                f"{display_path(target)} đã có; chạy lại với --overwrite để thay (bản cũ được giữ thành .bak)")
                results.append(Imported(form, None))
                continue
            backup = target.with_name(target.name + ".bak")
            shutil.copy2(target, backup)
        dump_yaml(target, plain(don_vi), f"{don_vi.ten}: nhập từ biểu mẫu {form.name}")
        results.append(Imported(form, target, backup))
    return results



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


def _print_setup(sheet, header_rows: int) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_rows}:{header_rows}"


def _title(sheet, context: dict, form_name: str, heading: str, width: int) -> None:
    sheet.title = heading[:31]
    sheet["A1"] = context["tieu_de"]["co_quan"]
    sheet["A1"].font = HEADER
    sheet.cell(row=1, column=width, value=form_name).font = HEADER
    sheet["A2"] = f"{heading.upper()} NĂM {context['dot']['nam']}"
    sheet["A2"].font = Font(bold=True, size=13)


def _indicator_sheet(sheet, form_name: str, heading: str, table: dict, context: dict) -> None:
    types = table["cot"]
    width = 4 + len(types)
    _title(sheet, context, form_name, heading, width)
    header_row = 4
    for column, text in enumerate(["STT", "CHỈ TIÊU", "Tổng số", "Tỷ lệ (%)", *types], start=1):
        cell = sheet.cell(row=header_row, column=column, value=text)
        cell.font = HEADER
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    first_type, last_type = get_column_letter(5), get_column_letter(width)
    for offset, row in enumerate(table["dong"], start=1):
        r = header_row + offset
        sheet.cell(row=r, column=1, value=row["stt"])
        sheet.cell(row=r, column=2, value=row["chi_tieu"])
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
        sheet.cell(row=header_row, column=column, value=text).font = HEADER
    rows = bieu["phu_luc"]
    for offset, row in enumerate(rows, start=1):
        r = header_row + offset
        numbers = row["so_lieu"]
        values = [int(row["stt"]), row["ten"], row["loai_hinh"], row["xep_loai"], numbers["so_chi_bo"],
                  numbers["dang_vien"], numbers["duoc_danh_gia"], *numbers["muc"]]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=column, value=value)
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
