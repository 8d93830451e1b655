"""The office round trip: Excel forms in, Excel tables and PDF out."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook

from baocao import build
from baocao.manifest import Manifest
from conftest import REQUIRE_TOOLS, SAMPLE, run_cli

CELL = "dang-bo-xa-van-binh/chi-bo-thon-dong"
CELL_FORM = "chi-bo-thon-dong--dang-bo-xa-van-binh--2017.xlsx"  # the cell, then its đảng bộ, then the year


def _need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if REQUIRE_TOOLS:
            pytest.fail(f"{tool} is required under BAOCAO_REQUIRE_TOOLS=1")
        pytest.skip(f"{tool} is not installed")
    return found


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("forms")
    result = run_cli("excel-form", str(SAMPLE), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_a_form_per_unit_with_members_lists_and_locked_headers(forms):
    units = [p for p in SAMPLE.rglob("*.yaml") if p.name != "dot-danh-gia.yaml"]
    assert len(list(forms.rglob("*.xlsx"))) == len(units)
    book = load_workbook(forms / CELL_FORM)
    assert book.sheetnames == ["Hướng dẫn", "Đơn vị", "Đảng viên", "Kiểm điểm", "Kiểm điểm cá nhân", "Vắng mặt", "_baocao"]
    assert book["_baocao"].sheet_state == "veryHidden"  # whose form it is: not shown by Excel's menus
    members = book["Đảng viên"]
    keys = [c.value for c in members[1]]
    data = yaml.safe_load((SAMPLE / f"{CELL}.yaml").read_text(encoding="utf-8"))
    names = [members.cell(row=r, column=keys.index("ho_ten") + 1).value for r in range(3, 3 + len(data["dang_vien"]))]
    assert names == [m["ho_ten"] for m in data["dang_vien"]]
    assert members.protection.sheet and members.cell(row=1, column=1).protection.locked
    assert not members.cell(row=3, column=1).protection.locked
    assert members.freeze_panes == "B3"
    column = chr(ord("A") + keys.index("xep_loai"))
    lists = [v for v in members.data_validations.dataValidation if f"{column}3" in str(v.sqref)]
    assert len(lists) == 1
    # The drop-down shows the categories' names, read from a column of the hidden sheet.
    sheet, cells = lists[0].formula1.split("!")
    shown = [c.value for row in book[sheet.strip("'")][cells.replace("$", "")] for c in row]
    assert shown == ["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ", "Không hoàn thành nhiệm vụ"]
    meta = {book["_baocao"].cell(row=r, column=1).value: book["_baocao"].cell(row=r, column=2).value for r in range(1, 7)}
    assert meta["don_vi"] == CELL + ".yaml" and meta["nam"] == 2017 and meta["cap_uy"] == "Huyện ủy Thường Tín"
    assert "Hướng dẫn" in book.sheetnames and "baocao import" in " ".join(str(c.value) for c in book["Hướng dẫn"]["A"])


def test_round_trip_data_form_import_gives_the_same_data(forms, tmp_path):
    copy = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, copy)
    all_forms = sorted(str(p) for p in forms.rglob("*.xlsx"))
    refused = run_cli("import", *all_forms, "--round", str(copy))
    assert refused.exit_code == 1 and "--overwrite" in refused.output
    result = run_cli("import", *all_forms, "--round", str(copy), "--overwrite")
    assert result.exit_code == 0, result.output
    before = {u.rel.as_posix(): u.don_vi for u in build.validate(SAMPLE).round.all_units()}
    after = build.validate(copy)
    assert after.exit_code == 0, after.report.format_text()
    assert {u.rel.as_posix(): u.don_vi for u in after.round.all_units()} == before
    (backup,) = (copy / CELL).parent.glob("chi-bo-thon-dong.yaml.*.bak")
    assert backup.read_text(encoding="utf-8") == (SAMPLE / f"{CELL}.yaml").read_text(encoding="utf-8")
    assert build.validate(copy).round is not None  # the .bak files take no part


def test_a_form_filled_with_wrong_values_names_sheet_and_row(forms, tmp_path):
    form = tmp_path / "chi-bo-thon-dong.xlsx"
    shutil.copy(forms / CELL_FORM, form)
    book = load_workbook(form)
    members = book["Đảng viên"]
    keys = [c.value for c in members[1]]
    members.cell(row=5, column=keys.index("nam_sinh") + 1, value="một chín bảy")
    members.cell(row=6, column=keys.index("xep_loai") + 1, value="Xuất sắc lắm")
    members.cell(row=7, column=keys.index("ngay_vao_dang") + 1, value="2017-13-45")
    members.cell(row=12, column=keys.index("ho_ten") + 1, value="Người Mới")
    members.cell(row=12, column=keys.index("nam_sinh") + 1, value="năm 80")
    unit = book["Đơn vị"]
    row = next(r for r in range(2, unit.max_row + 1) if unit.cell(row=r, column=1).value == "tieu_bieu")
    unit.cell(row=row, column=3, value="hình như có")
    book.save(form)
    copy = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, copy)
    before = (copy / f"{CELL}.yaml").read_bytes()
    result = run_cli("import", str(form), "--round", str(copy), "--overwrite")
    assert result.exit_code == 1
    out = result.output
    # Each message names the sheet, the row and the column's header as the user sees it.
    assert "chi-bo-thon-dong.xlsx:Đảng viên!5 (cột «Năm sinh»): lỗi [sai-kieu]" in out and "nam_sinh" in out
    assert "chi-bo-thon-dong.xlsx:Đảng viên!6 (cột «Mức xếp loại được quyết định»): lỗi [xep-loai-khong-co]" in out
    assert "Xuất sắc lắm" in out
    assert "chi-bo-thon-dong.xlsx:Đảng viên!7 (cột «Ngày vào Đảng»): lỗi [sai-ngay]" in out
    assert f"chi-bo-thon-dong.xlsx:Đơn vị!{row} (cột «Được công nhận tiêu biểu»): lỗi [sai-kieu]" in out and "tieu_bieu" in out
    # In the order of the form: its sheets as they come, then rows (5, 6, 7 — not as text, 12 before 5).
    places = [line.split(": lỗi")[0].split(":", 1)[1] for line in out.splitlines() if ": lỗi" in line]
    assert [p.split(" (")[0] for p in places] == [f"Đơn vị!{row}", "Đảng viên!5", "Đảng viên!6", "Đảng viên!7", "Đảng viên!12"]
    assert (copy / f"{CELL}.yaml").read_bytes() == before  # nothing written from a form with errors
    assert not list((copy / CELL).parent.glob("*.bak"))


def _docx_numbers(cells) -> list:
    values = []
    for cell in cells:
        text = cell.text.strip()
        values.append(int(text.replace(".", "")) if text.replace(".", "").isdigit() else None)
    return values


def test_xlsx_tables_match_the_word_tables_after_libreoffice_recalculates(tmp_path):
    soffice = _need("soffice")
    out = tmp_path / "out"
    result = run_cli("render", str(SAMPLE), "-o", str(out), "--xlsx")
    assert result.exit_code == 0, result.output
    folder = out / SAMPLE.name
    recalculated = tmp_path / "recalc"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(recalculated), str(folder / "bieu-tong-hop.xlsx")],
                   check=True, capture_output=True, timeout=180)
    book = load_workbook(recalculated / "bieu-tong-hop.xlsx", data_only=True)
    formulas = load_workbook(folder / "bieu-tong-hop.xlsx")
    assert str(formulas.worksheets[0]["C5"].value).startswith("=SUM(")
    word = Document(str(folder / "bieu-tong-hop.docx"))
    # the statistical tables (between their header and signature tables), found by what they hold
    org_table, member_table, word_appendix = [t for t in word.tables if t.rows[0].cells[0].text == "STT"]
    for sheet, table in ((book.worksheets[0], org_table), (book.worksheets[1], member_table)):
        word_rows = [r for r in table.rows[2:]]
        assert len(word_rows) > 5, sheet.title
        for offset, row in enumerate(word_rows, start=5):
            expected = _docx_numbers([row.cells[2]] + list(row.cells[4:]))
            got = [sheet.cell(row=offset, column=3).value] + [sheet.cell(row=offset, column=c).value for c in range(5, 5 + len(row.cells) - 4)]
            if expected[0] is None:
                continue
            assert got == expected, (sheet.title, row.cells[1].text)
    appendix = book["Phụ lục"]
    total_row = word_appendix.rows[-1]
    last = appendix.max_row
    assert appendix.cell(row=last, column=2).value == "Cộng"
    assert [appendix.cell(row=last, column=c).value for c in range(5, 12)] == _docx_numbers(total_row.cells[4:11])
    assert formulas["Phụ lục"].page_setup.orientation == "landscape"


def test_pdf_of_one_document_of_each_kind_with_every_font_embedded(tmp_path):
    _need("soffice")
    pdffonts = _need("pdffonts")
    round_dir = tmp_path / "mot-chi-bo"
    round_dir.mkdir()
    shutil.copy(SAMPLE / "dot-danh-gia.yaml", round_dir)
    (round_dir / "dang-bo-xa-van-binh").mkdir()
    for name in ("dang-bo.yaml", "chi-bo-thon-dong.yaml"):
        shutil.copy(SAMPLE / "dang-bo-xa-van-binh" / name, round_dir / "dang-bo-xa-van-binh" / name)
    out = tmp_path / "out"
    result = run_cli("render", "--draft", str(round_dir), "-o", str(out), "--pdf")
    assert result.exit_code == 0, result.output
    documents = sorted((out / round_dir.name).rglob("*.docx"))
    kinds = {d.name if d.parent.name != "ban-kiem-diem" else "ban-kiem-diem" for d in documents}
    # every kind a round with one đảng bộ and one cell gets: the cell's 7, the đảng bộ's summary, the round's 5
    assert kinds == {"bao-cao-kiem-diem-tap-the.docx", "danh-sach-xep-loai-dang-vien.docx", "bien-ban-hoi-nghi.docx",
                     "phieu-bieu-quyet.docx", "bien-ban-kiem-phieu.docx", "thong-bao-ket-qua.docx", "ban-kiem-diem",
                     "bao-cao-tong-hop.docx", "bieu-tong-hop.docx", "danh-sach-khen-thuong.docx", "quyet-dinh-cong-nhan.docx",
                     "to-trinh-khen-thuong.docx"}, kinds
    for document in documents:
        pdf = document.with_suffix(".pdf")
        assert pdf.is_file(), document
        listing = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        assert listing and all(line.split()[-5] == "yes" for line in listing), (document, listing)


def test_pdf_without_libreoffice_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr("baocao.pdf.find_soffice", lambda: None)
    result = run_cli("render", str(SAMPLE), "-o", str(tmp_path / "out"), "--pdf", "--unit", CELL)
    assert result.exit_code == 1
    assert "apt-get install -y --no-install-recommends libreoffice-writer-nogui" in result.output
    assert list((tmp_path / "out").rglob("*.docx"))  # the documents were written all the same


def test_forms_already_there_are_not_overwritten(tmp_path):
    out = tmp_path / "forms"
    unit_file = SAMPLE / f"{CELL}.yaml"
    assert run_cli("excel-form", str(unit_file), "-o", str(out)).exit_code == 0
    form = out / CELL_FORM
    book = load_workbook(form)
    book["Đảng viên"]["A3"] = "Đã điền tay"
    book.save(form)
    filled = form.read_bytes()
    again = run_cli("excel-form", str(unit_file), "-o", str(out))
    assert again.exit_code == 1 and "Giữ nguyên" in again.output and form.read_bytes() == filled
    forced = run_cli("excel-form", str(unit_file), "-o", str(out), "--overwrite")
    assert forced.exit_code == 0
    (backup,) = out.glob(CELL_FORM + ".*.bak")
    assert backup.read_bytes() == filled and form.read_bytes() != filled


def test_the_spreadsheet_is_remembered_and_a_hand_edit_survives(tmp_path):
    out = tmp_path / "out"
    assert run_cli("render", str(SAMPLE), "-o", str(out), "--xlsx").exit_code == 0
    sheet = out / SAMPLE.name / "bieu-tong-hop.xlsx"
    first = sheet.read_bytes()
    again = run_cli("render", str(SAMPLE), "-o", str(out), "--xlsx")
    assert "Đã ghi 0 văn bản" in again.output and sheet.read_bytes() == first  # same bytes, not rewritten
    assert run_cli("render", str(SAMPLE), "-o", str(out)).exit_code == 0
    assert sheet.exists()  # a render without --xlsx leaves it alone
    book = load_workbook(sheet)
    book.worksheets[0]["B1"] = "sửa tay"
    book.save(sheet)
    edited = sheet.read_bytes()
    kept = run_cli("render", str(SAMPLE), "-o", str(out), "--xlsx")
    assert "[giu-ban-sua-tay]" in kept.output and "bieu-tong-hop.xlsx" in kept.output and sheet.read_bytes() == edited
    assert "Biểu tổng hợp dạng Excel:" not in kept.output  # not named as made: the person's edit is what is there


def test_the_spreadsheet_asked_for_after_an_unchanged_render_is_made(tmp_path):
    # The round's documents are all up to date; the workbook is a job of its own, not skipped with them.
    out = tmp_path / "out"
    assert run_cli("render", str(SAMPLE), "-o", str(out)).exit_code == 0
    sheet = out / SAMPLE.name / "bieu-tong-hop.xlsx"
    assert not sheet.exists()
    asked = run_cli("render", str(SAMPLE), "-o", str(out), "--xlsx")
    assert asked.exit_code == 0 and "Đã ghi 1 văn bản" in asked.output and "biểu tổng hợp dạng Excel" in asked.output
    assert load_workbook(sheet).sheetnames  # a workbook that opens
    entry = Manifest.load(out / SAMPLE.name).documents["bieu-tong-hop.xlsx"]
    assert entry.form == "bieu_tong_hop_xlsx" and entry.unit is None
