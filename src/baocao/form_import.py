"""Reading filled Excel forms back into the round's unit files.

A form is imported only into the round, year and committee it was made for (unless the user asks
otherwise), and only into the unit it was made for: its path is checked to fit the round's tree
and never names the round's own files (``_quy-tac.yaml``, ``_mau/``). Every value is checked as
``validate`` checks a unit file: the unit's own checks and the rule set's conditions run on the
form's unit in its place in the round (its cells, the units its members lead); individual
reviews are matched to members by card number, else by name and birth year, never by row. Every
replaced unit file is kept under a dated name. Messages name the form, sheet, row and column.
"""

from __future__ import annotations

import re
import typing
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path, PurePosixPath

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .checks import Validation
from .diagnostics import Diagnostic, Located, Report, Severity, display_path
from .excel import (ABSENT_SHEET, FORM_VERSION, MEMBER_COLUMNS, META_SHEET, MEMBER_SHEET, PERSONAL_HEADERS, PERSONAL_SHEET,
                    REVIEW_SHEET, UNIT_COLUMNS, UNIT_SHEET, Column, section_titles)
from .files import keep_copy
from .formwords import LINE_BREAKS, NO, YES, choices, code_of, decimal, is_name, is_single_line_text, one_line, suggestion
from .load import Round, RoundFigures, Unit, resolve_written_category
from .model import DonVi
from .rules import RuleSet
from .schema import Converter
from .source import PARTY_COMMITTEE_FILE, ROUND_FILE, SourceFile, is_ignored
from .vietnamese import loose_key, nfc
from .yamlout import dump_yaml, plain_record

ALLOW_OTHER_ROUND = "--cho-phep-khac-dot"
NOT_AT_IMPORT = {"thieu-xep-loai"}  # a form is filled before the committee decides: not worth a line each


class ImportRefused(Exception):
    pass


@dataclass
class Imported:
    form: Path
    target: Path | None
    backup: Path | None = None


@dataclass(frozen=True)
class Identity:
    """Whose form it is, as written on the form's hidden sheet."""

    dot: str
    nam: int | None
    cap_uy: str
    don_vi: str
    ten_don_vi: str


def _set(data: dict, key: str, value: object) -> None:
    parts = key.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


def from_cell(value: object, column: Column) -> object:
    """A cell's value as a YAML file would hold it, before the label of a choice is looked up."""
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
        return [line.strip() for line in LINE_BREAKS.split(value) if line.strip()]
    if typing.get_origin(column.hint) is dict and isinstance(value, str):
        return _numbers_by_key(value)
    if column.hint in (int, float):
        value = decimal(value)  # "85,5", or a number typed as text
    if isinstance(value, float) and value.is_integer() and column.hint is not float:
        return int(value)
    return value


def _numbers_by_key(text: str) -> dict | str:
    """'httnv: 10' lines (or separated by ';') as {'httnv': 10}; the text as it is when it is not that
    (the converter then names the cell and what it needs)."""
    found: dict = {}
    for part in re.split(r"[;\n]", text):
        if not part.strip():
            continue
        key, colon, number = part.partition(":")
        value = decimal(number)
        if not colon or not key.strip() or isinstance(value, str):
            return text
        found[key.strip()] = value
    return found


def _card(value: object) -> str | None:
    """A card number as typed: 12345 and '12345' and 12345.0 are the same card."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _name_key(value: object) -> str:
    return " ".join(nfc(str(value)).casefold().split()) if value is not None else ""


def section_code(written: str, titles: dict[str, str]) -> str:
    """A review section as typed: its code, or its title (any case and punctuation)."""
    written = written.strip()
    if written in titles:
        return written
    folded = loose_key(written)
    return next((code for code, title in titles.items() if loose_key(title) == folded or loose_key(code) == folded), written)


class FormReader:
    """Reads one filled form into unit-file data, with a mark for every value (file, sheet!row)."""

    def __init__(self, path: Path, rules: RuleSet, report: Report) -> None:
        self.path, self.rules, self.report = path, rules, report
        self.name = display_path(path)
        self.marks: dict[tuple, tuple] = {}
        self.failed = False

    def where(self, sheet: str, row: int, header: str | None = None) -> tuple:
        place = f"{self.name}:{sheet}!{row}" + (f" (cột «{header}»)" if header else "")
        return (place, 0, 0)

    def error(self, sheet: str, row: int, header: str | None, code: str, message: str, severity: Severity = "loi") -> None:
        self.report.add(Diagnostic(self.where(sheet, row, header)[0], 0, 0, severity, code, message))
        self.failed = self.failed or severity == "loi"

    def read(self) -> tuple[Identity, dict]:
        book = load_workbook(self.path, data_only=True)
        missing = [s for s in (UNIT_SHEET, MEMBER_SHEET, REVIEW_SHEET) if s not in book.sheetnames]
        if missing:
            raise ImportRefused(f"không phải biểu mẫu của baocao (thiếu trang {', '.join(missing)})")
        identity = self._identity(book)
        data: dict = {}
        self.marks[()] = self.where(UNIT_SHEET, 1)
        self._unit(book[UNIT_SHEET], data)
        data["kiem_diem"] = self._sections(book[REVIEW_SHEET])
        members, rows = self._members(book[MEMBER_SHEET])
        if members:
            data["dang_vien"] = members
        if PERSONAL_SHEET in book.sheetnames:
            self._personal(book[PERSONAL_SHEET], members, rows)
        if ABSENT_SHEET in book.sheetnames and "hoi_nghi" in data:
            absent = self._absent(book[ABSENT_SHEET])
            if absent:
                data["hoi_nghi"]["vang_mat"] = absent
        return identity, data

    def _identity(self, book) -> Identity:
        if META_SHEET not in book.sheetnames:
            raise ImportRefused("biểu mẫu lập bằng phiên bản cũ của baocao, không ghi đợt và đơn vị; "
                                "hãy lập lại biểu mẫu bằng lệnh baocao excel-form và điền vào biểu mẫu mới")
        sheet = book[META_SHEET]
        found = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=2).value for r in range(1, 12)}
        if found.get("phien_ban") != FORM_VERSION or not isinstance(found.get("don_vi"), str):
            raise ImportRefused(f"biểu mẫu không đọc được (phiên bản {found.get('phien_ban')!r}, baocao đọc phiên bản "
                                f"{FORM_VERSION}); hãy lập lại biểu mẫu bằng lệnh baocao excel-form")
        year = found.get("nam")
        return Identity(str(found.get("dot") or ""), year if isinstance(year, int) else None, str(found.get("cap_uy") or ""),
                        found["don_vi"], str(found.get("ten_don_vi") or ""))

    def value(self, raw: object, column: Column, subject: str, sheet: str, row: int) -> object:
        """A cell's value for the unit file; None when empty or refused (with a message)."""
        value = from_cell(raw, column)
        if not isinstance(value, str):
            return value
        if is_single_line_text(column.hint) and LINE_BREAKS.search(value):
            if is_name(column.key):
                self.error(sheet, row, column.label, "xuong-dong",
                           f"'{column.key}' là một tên, không được có dấu xuống dòng: {value!r}; hãy viết trên một dòng")
                return None
            self.error(sheet, row, column.label, "xuong-dong", f"'{column.key}' viết trên một dòng; dấu xuống dòng được thay bằng dấu cách",
                       severity="canh_bao")
            value = one_line(value)
        last = column.key.rsplit(".", 1)[-1]
        options = choices(column.key, column.hint, self.rules, subject)
        if options is None or column.hint is bool or last in ("xep_loai", "tu_xep_loai"):
            return value  # categories are resolved as validate does; yes/no checked by the converter
        code = code_of(value, options)
        if code is None and last == "loai_hinh":
            return value  # checked (with a suggestion) by the unit's checks
        if code is None:
            labels = [o.label for o in options]
            close = suggestion(value, labels)
            hint = f"; có phải '{close}'?" if close else ""
            self.error(sheet, row, column.label, "gia-tri-khong-co",
                       f"'{value}' không có trong danh sách{hint}; chọn một trong: {', '.join(labels)}")
        return code

    def _unit(self, units, data: dict) -> None:
        by_key = {c.key: c for c in UNIT_COLUMNS}
        for row in range(2, units.max_row + 1):
            key = units.cell(row=row, column=1).value
            if key not in by_key:
                continue
            value = self.value(units.cell(row=row, column=3).value, by_key[key], "to_chuc", UNIT_SHEET, row)
            if value is not None:
                _set(data, key, value)
                self.marks[tuple(key.split("."))] = self.where(UNIT_SHEET, row, by_key[key].label)

    def _sections(self, sheet) -> dict:
        titles = section_titles(self.rules, "bao_cao_tap_the")
        sections = {}
        for row in range(2, sheet.max_row + 1):
            key, title, text = (sheet.cell(row=row, column=c).value for c in (1, 2, 3))
            written = key if isinstance(key, str) and key.strip() else title
            if isinstance(written, str) and written.strip() and isinstance(text, str) and text.strip():
                code = section_code(written, titles)
                sections[code] = text
                self.marks[("kiem_diem", code)] = self.where(REVIEW_SHEET, row, "Mục")
        self.marks[("kiem_diem",)] = self.where(REVIEW_SHEET, 1)
        return sections

    def _members(self, sheet) -> tuple[list[dict], list[int]]:
        keys = [sheet.cell(row=1, column=c).value for c in range(1, sheet.max_column + 1)]
        by_key = {c.key: c for c in MEMBER_COLUMNS}
        members: list[dict] = []
        rows: list[int] = []
        self.marks[("dang_vien",)] = self.where(MEMBER_SHEET, 2)
        for row in range(3, sheet.max_row + 1):
            record: dict = {}
            index = len(members)
            for column, key in enumerate(keys, start=1):
                if key not in by_key:
                    continue
                value = self.value(sheet.cell(row=row, column=column).value, by_key[key], "dang_vien", MEMBER_SHEET, row)
                if value is not None:
                    _set(record, key, value)
                    self.marks[("dang_vien", index) + tuple(key.split("."))] = self.where(MEMBER_SHEET, row, by_key[key].label)
            if record:
                self.marks[("dang_vien", index)] = self.where(MEMBER_SHEET, row)
                members.append(record)
                rows.append(row)
        return members, rows

    def _personal(self, sheet, members: list[dict], rows: list[int]) -> None:
        """Each review goes to the member it names (card number, else name and birth year)."""
        titles = section_titles(self.rules, "kiem_diem_ca_nhan")
        headers = [sheet.cell(row=1, column=c).value for c in range(1, len(PERSONAL_HEADERS) + 1)]
        if tuple(headers) != PERSONAL_HEADERS:
            self.error(PERSONAL_SHEET, 1, None, "bieu-mau", f"các cột phải là: {', '.join(PERSONAL_HEADERS)}; "
                       "không sửa, xóa hay chèn cột của trang này")
            return
        section_h, text_h = PERSONAL_HEADERS[3:]
        for row in range(2, sheet.max_row + 1):
            card, name, born, section, text = (sheet.cell(row=row, column=c).value for c in range(1, 6))
            if not (isinstance(text, str) and text.strip()):
                if any(v not in (None, "") for v in (card, name, section)):
                    self.error(PERSONAL_SHEET, row, text_h, "thieu-noi-dung", "dòng có đảng viên hoặc mục nhưng chưa có nội dung",
                               severity="canh_bao")
                continue
            if not (isinstance(section, str) and section.strip()):
                self.error(PERSONAL_SHEET, row, section_h, "thieu-muc", "chưa chọn mục của nội dung kiểm điểm")
                continue
            index = self._member_of(row, card, name, born, members, rows)
            if index is None:
                continue
            code = section_code(section, titles)
            members[index].setdefault("kiem_diem", {})[code] = text
            self.marks[("dang_vien", index, "kiem_diem", code)] = self.where(PERSONAL_SHEET, row, section_h)

    def _member_of(self, row: int, card: object, name: object, born: object, members: list[dict], rows: list[int]) -> int | None:
        card_h, name_h = PERSONAL_HEADERS[:2]
        who = f"có số thẻ {_card(card)}" if _card(card) else f"tên '{name}'" + (f" sinh năm {born}" if born else "")
        if _card(card):
            found = [i for i, m in enumerate(members) if _card(m.get("so_the")) == _card(card)]
            header = card_h
            if len(found) == 1 and name and _name_key(members[found[0]].get("ho_ten")) != _name_key(name):
                self.error(PERSONAL_SHEET, row, name_h, "kiem-diem-sai-nguoi",
                           f"số thẻ {_card(card)} là của đồng chí {members[found[0]].get('ho_ten')} "
                           f"(trang '{MEMBER_SHEET}' dòng {rows[found[0]]}), không phải '{name}'; hãy sửa số thẻ hoặc họ tên")
                return None
        elif name:
            born_year = decimal(born) if born is not None else None
            if isinstance(born_year, float) and born_year.is_integer():
                born_year = int(born_year)
            found = [i for i, m in enumerate(members)
                     if _name_key(m.get("ho_ten")) == _name_key(name) and (born_year in (None, "") or m.get("nam_sinh") == born_year)]
            header = name_h
        else:
            self.error(PERSONAL_SHEET, row, card_h, "kiem-diem-khong-ro-nguoi",
                       "nội dung kiểm điểm chưa ghi của ai: ghi số thẻ đảng viên, hoặc họ tên và năm sinh")
            return None
        if not found:
            self.error(PERSONAL_SHEET, row, header, "kiem-diem-khong-ro-nguoi",
                       f"trang '{MEMBER_SHEET}' không có đảng viên nào {who}; bản kiểm điểm này không gắn được với ai")
            return None
        if len(found) > 1:
            places = ", ".join(str(rows[i]) for i in found)
            self.error(PERSONAL_SHEET, row, header, "kiem-diem-khong-ro-nguoi",
                       f"có {len(found)} đảng viên {who} (trang '{MEMBER_SHEET}' các dòng {places}); "
                       "hãy ghi số thẻ đảng viên để biết là của ai")
            return None
        return found[0]

    def _absent(self, sheet) -> list[dict]:
        absent = []
        for row in range(2, sheet.max_row + 1):
            name, reason = sheet.cell(row=row, column=1).value, sheet.cell(row=row, column=2).value
            if not name:
                continue
            if LINE_BREAKS.search(str(name)):
                self.error(ABSENT_SHEET, row, "Họ và tên", "xuong-dong", f"họ tên không được có dấu xuống dòng: {str(name)!r}")
                continue
            absent.append({"ho_ten": str(name), **({"ly_do": one_line(str(reason))} if reason else {})})
            self.marks[("hoi_nghi", "vang_mat", len(absent) - 1)] = self.where(ABSENT_SHEET, row)
        return absent


# --- where a form may write ----------------------------------------------------------------------------


def identity_refusal(identity: Identity, round_: Round) -> str | None:
    """Why a form made for another round, year or committee is not imported here; None: it is ours."""
    dot = round_.dot
    if (identity.nam, identity.cap_uy, identity.dot) == (dot.nam, dot.cap_uy.ten, round_.name):
        return None
    return (f"biểu mẫu lập cho đợt '{identity.dot}' năm {identity.nam} của {identity.cap_uy}, không phải đợt này "
            f"('{round_.name}' năm {dot.nam} của {dot.cap_uy.ten}); không nhập, để không ghi đè dữ liệu của đợt này. "
            f"Nếu đúng là muốn nhập vào đợt này, chạy lại với {ALLOW_OTHER_ROUND}")


def target_of(rel: str, round_: Round) -> Path:
    """The unit file a form may write: one of the round's tree, never its own files."""
    path = PurePosixPath(rel)
    parts = path.parts
    refuse = f"đơn vị của biểu mẫu ('{rel}') không phải một tệp đơn vị của đợt"
    if (not parts or path.is_absolute() or "\\" in rel or any(p in ("", ".", "..") or is_ignored(Path(p)) for p in parts)
            or path.suffix != ".yaml" or path.name == ROUND_FILE):
        raise ImportRefused(refuse + ": baocao chỉ ghi tệp .yaml của chi bộ, đảng bộ (không ghi tệp, thư mục bắt đầu bằng _ hay .)")
    folder = round_.folder
    if len(parts) > 2 or (len(parts) == 2 and round_.dot.dang_uy_co_so):
        raise ImportRefused(refuse + ": thư mục lồng nhau không có trong cây đảng của đợt")
    if len(parts) == 2 and path.name != PARTY_COMMITTEE_FILE and not (folder / parts[0] / PARTY_COMMITTEE_FILE).is_file():
        raise ImportRefused(refuse + f": chưa có đảng bộ '{parts[0]}' (thư mục với tệp {PARTY_COMMITTEE_FILE}) trong đợt")
    target = folder.joinpath(*parts)
    if target.is_symlink() or target.parent.is_symlink() or not target.resolve().is_relative_to(folder.resolve()):
        raise ImportRefused(refuse + ": đường dẫn đi qua liên kết hoặc ra ngoài thư mục đợt")
    return target


def _unit_for(don_vi: DonVi, rel: str, round_: Round, source: SourceFile) -> Unit:
    """The form's unit placed in the round's tree as its file would be, for the unit's checks."""
    parts = PurePosixPath(rel).parts
    existing = {u.rel.as_posix(): u for u in round_.all_units()}
    if len(parts) == 2 and parts[1] == PARTY_COMMITTEE_FILE:
        key, position, parent = parts[0], "dang_bo_co_so", None
    elif len(parts) == 2:
        key, position, parent = f"{parts[0]}/{PurePosixPath(parts[1]).stem}", "chi_bo_truc_thuoc", existing.get(parts[0])
    else:
        key, parent = PurePosixPath(parts[0]).stem, None
        position = "chi_bo_truc_thuoc" if round_.dot.dang_uy_co_so else "chi_bo_co_so"
    there = existing.get(key)
    return Unit(don_vi, source, position, Path(key), parent, list(there.children) if there else [])


def check_as_validate(don_vi: DonVi, rel: str, round_: Round, reader: FormReader, report: Report) -> None:
    """The checks ``validate`` runs on a unit file, run on the form's unit (scores, dates, sections…)."""
    found = Report()
    source = SourceFile(reader.path, None, found, known_marks=reader.marks)
    unit = _unit_for(don_vi, rel, round_, source)
    fresh = replace(round_, figures=RoundFigures())  # nothing of this form stays in the round's figures
    Validation(fresh, found, draft=True).check_unit_and_conditions(unit)
    report.extend([d for d in found.diagnostics if d.code not in NOT_AT_IMPORT])


def read_form(path: Path, round_: Round, report: Report) -> tuple[Identity, DonVi | None]:
    """A form's unit, typed and checked as validate checks a unit file; None when it has errors."""
    reader = FormReader(path, round_.rule_set, report)
    identity, data = reader.read()
    at = Located(reader.name, reader.marks, report)
    before = len(report.errors)
    don_vi = Converter(at).record(DonVi, data, ())
    if don_vi is not None:
        for key in ("tu_xep_loai", "xep_loai"):
            setattr(don_vi, key, resolve_written_category(at, round_.rule_set, "to_chuc", getattr(don_vi, key), (key,)))
        for index, member in enumerate(don_vi.dang_vien):
            for key in ("tu_xep_loai", "xep_loai"):
                setattr(member, key, resolve_written_category(at, round_.rule_set, "dang_vien", getattr(member, key), ("dang_vien", index, key)))
    if don_vi is not None and len(report.errors) == before:
        check_as_validate(don_vi, identity.don_vi, round_, reader, report)
    return identity, (don_vi if len(report.errors) == before and not reader.failed else None)


def import_forms(forms: list[Path], round_: Round, report: Report, overwrite: bool, other_round: bool = False) -> list[Imported]:
    results = []
    for form in forms:
        try:
            identity, don_vi = read_form(form, round_, report)
            refusal = None if other_round else identity_refusal(identity, round_)
            if refusal:
                raise ImportRefused(refusal)
            target = target_of(identity.don_vi, round_)
        except ImportRefused as refusal:
            report.add_from(display_path(form), "bieu-mau", str(refusal))
            results.append(Imported(form, None))
            continue
        except (zipfile.BadZipFile, InvalidFileException):
            report.add_from(display_path(form), "bieu-mau", "không phải tệp Excel .xlsx (tệp .xls cũ, tệp hỏng hoặc tệp khác "
                            "đổi tên): hãy mở bằng Excel và lưu lại dạng 'Excel Workbook (.xlsx)'")
            results.append(Imported(form, None))
            continue
        except (OSError, KeyError, ValueError, TypeError, IndexError) as exc:  # a workbook broken inside
            report.add_from(display_path(form), "bieu-mau", f"không đọc được tệp Excel: {exc}")
            results.append(Imported(form, None))
            continue
        if don_vi is None:
            results.append(Imported(form, None))
            continue
        backup = None
        if target.exists():
            if not overwrite:
                report.add_from(display_path(form), "da-co-tep",
                                f"{display_path(target)} đã có; chạy lại với --overwrite để thay (bản cũ được giữ lại với tên có ngày giờ)")
                results.append(Imported(form, None))
                continue
            backup = keep_copy(target)
        target.parent.mkdir(exist_ok=True)  # at most a new đảng bộ's own folder (target_of allows no deeper)
        dump_yaml(target, plain_record(don_vi), f"{don_vi.ten}: nhập từ biểu mẫu {form.name}")
        results.append(Imported(form, target, backup))
    return results


_ROW = re.compile(r"^(.*?):(.*)!(\d+)")


def form_report_text(report: Report) -> str:
    """The report with each form's messages in the order of its sheets and rows (row 9 before row 10)."""
    order = {sheet: index for index, sheet in enumerate((UNIT_SHEET, MEMBER_SHEET, REVIEW_SHEET, PERSONAL_SHEET, ABSENT_SHEET))}

    def key(d: Diagnostic) -> tuple:
        match = _ROW.match(d.file)
        if match is None:
            return (d.file, -1, 0, d.file, d.code, d.message)
        form, sheet, row = match.groups()
        return (form, order.get(sheet, len(order)), int(row), d.file, d.code, d.message)

    lines = [d.format() for d in sorted(set(report.diagnostics), key=key)]
    return "\n".join(lines + [report.summary()])
