"""baocao render: the documents read back with python-docx, checked against counts made here."""

from __future__ import annotations

import re

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from conftest import REQUIRE_TOOLS, SAMPLE, run_cli, is_template_problem

OUT_NAME = "thuong-tin-2017"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("render")
    result = run_cli("render", str(SAMPLE), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out / OUT_NAME


def texts(path: Path) -> list[str]:
    """Every paragraph of the body and of its tables, in order."""
    doc = Document(str(path))
    found = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                found.extend(p.text for p in cell.paragraphs)
    return found


def all_text(path: Path) -> str:
    return "\n".join(texts(path))


def sample_yaml(rel: str) -> dict:
    return yaml.safe_load((SAMPLE / rel).read_text(encoding="utf-8"))


# --- what is written ---------------------------------------------------------------------------


def test_output_mirrors_the_data_tree(rendered):
    assert (rendered / "bao-cao-tong-hop.docx").is_file()
    assert (rendered / "bieu-tong-hop.docx").is_file()
    assert (rendered / "danh-sach-khen-thuong.docx").is_file()
    for cell_file in SAMPLE.glob("*/chi-bo-*.yaml"):
        folder = rendered / cell_file.parent.name / cell_file.stem
        for name in ("bao-cao-kiem-diem-tap-the.docx", "danh-sach-xep-loai-dang-vien.docx", "bien-ban-hoi-nghi.docx"):
            assert (folder / name).is_file(), folder / name
        reviews = [m for m in yaml.safe_load(cell_file.read_text(encoding="utf-8"))["dang_vien"] if m.get("kiem_diem")]
        assert len(list((folder / "ban-kiem-diem").glob("*.docx"))) == len(reviews)
    for committee in SAMPLE.glob("*/dang-bo.yaml"):
        assert (rendered / committee.parent.name / "bao-cao-kiem-diem-tap-the.docx").is_file()
        assert (rendered / committee.parent.name / "bao-cao-tong-hop.docx").is_file()
    assert not list(rendered.rglob("*.tmp"))


# --- form ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rel",
    ["bao-cao-tong-hop.docx", "dang-bo-xa-van-binh/chi-bo-thon-dong/bao-cao-kiem-diem-tap-the.docx",
     "dang-bo-xa-van-binh/chi-bo-thon-dong/danh-sach-xep-loai-dang-vien.docx"],
)
def test_page_and_font(rendered, rel):
    doc = Document(str(rendered / rel))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    top, bottom, left, right = (round(m.mm, 1) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin))
    assert 20 <= top <= 25 and 20 <= bottom <= 25
    assert 30 <= left <= 35 and 15 <= right <= 20
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    # page numbers from page 2: a different first page, a PAGE field in the other header
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml and "PAGE" not in section.first_page_header._element.xml


def _runs_of(doc, text: str):
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    if p.text == text:
                        return p.runs
    for p in doc.paragraphs:
        if p.text == text:
            return p.runs
    raise AssertionError(f"no paragraph {text!r}")


def test_header_block_of_a_cell_report(rendered):
    doc = Document(str(rendered / "dang-bo-xa-van-binh/chi-bo-thon-dong/bao-cao-kiem-diem-tap-the.docx"))
    unit = sample_yaml("dang-bo-xa-van-binh/chi-bo-thon-dong.yaml")
    header = doc.tables[0]
    left = [p.text for p in header.rows[0].cells[0].paragraphs]
    assert left == ["ĐẢNG BỘ HUYỆN THƯỜNG TÍN", "ĐẢNG ỦY XÃ VĂN BÌNH", unit["ten"].upper(), "*"]
    assert not any(r.bold for r in _runs_of(doc, "ĐẢNG BỘ HUYỆN THƯỜNG TÍN"))
    assert all(r.bold for r in _runs_of(doc, unit["ten"].upper()))
    party = _runs_of(doc, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert all(r.bold and r.font.size == Pt(15) and r.underline for r in party)
    number, place_date = (c.paragraphs[0].text for c in header.rows[1].cells)
    assert number.startswith("Số ") and ":" not in number and number.endswith("-BC/CB")
    meeting = unit["hoi_nghi"]["ngay"]
    assert place_date == f"Văn Bình, ngày {meeting.day:02d} tháng {meeting.month:02d} năm {meeting.year}"
    assert all(r.italic for r in header.rows[1].cells[1].paragraphs[0].runs)
    title = next(p for p in doc.paragraphs if p.text == "BÁO CÁO")
    assert effective(title, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert all(effective(title, "bold", r) and effective(title, "size", r) == Pt(16) for r in title.runs)


def effective(paragraph, what: str, run=None):
    """A formatting value as Word works it out: the run's own, else the paragraph's, else its
    style's, then the style's base and so on."""
    if run is not None and what in ("bold", "size"):
        own = run.bold if what == "bold" else run.font.size
        if own is not None:
            return own
    if what == "alignment" and paragraph.alignment is not None:
        return paragraph.alignment
    style = paragraph.style
    while style is not None:
        value = _style_value(style, what)
        if value is not None:
            return value
        style = style.base_style
    return None


def _style_value(style, what: str):
    if what == "bold":
        return style.font.bold
    if what == "size":
        return style.font.size
    return style.paragraph_format.alignment


# --- named styles: a change of look is made once, in the template's style --------------------------


BODY_STYLES = {"Văn bản", "Đề mục"}
DIRECT_PARAGRAPH_FORMAT = ("jc", "ind", "spacing")


def _body_paragraphs(doc):
    """The paragraphs between the title block and the signature: the review's sections and texts."""
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    start = next(i for i, p in enumerate(paragraphs) if p.text == "-----") + 1
    return paragraphs[start:]


def test_body_headings_title_and_signature_are_in_named_styles(rendered):
    doc = Document(str(rendered / "dang-bo-xa-van-binh/chi-bo-thon-dong/bao-cao-kiem-diem-tap-the.docx"))
    body = _body_paragraphs(doc)
    assert len(body) > 5
    assert {p.style.name for p in body} == BODY_STYLES
    for paragraph in body:
        own = paragraph._p.pPr
        assert own is None or not [child for child in own if child.tag.rsplit("}", 1)[1] in DIRECT_PARAGRAPH_FORMAT], paragraph.text
        assert all(run.font.size is None for run in paragraph.runs), paragraph.text
    kind = next(p for p in doc.paragraphs if p.text == "BÁO CÁO")
    assert kind.style.name == "Tên loại văn bản" and kind.runs[0].font.size is None
    signer = doc.tables[-1].rows[0].cells[1].paragraphs
    assert signer[0].style.name == signer[-1].style.name == "Chữ ký"
    members = Document(str(rendered / "dang-bo-xa-van-binh/chi-bo-thon-dong/danh-sach-xep-loai-dang-vien.docx")).tables[1]
    assert {p.style.name for row in members.rows for cell in row.cells for p in cell.paragraphs} == {"Chữ trong bảng"}


def test_a_style_changed_once_in_word_changes_every_body_paragraph(tmp_path):
    round_dir = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, round_dir)
    (round_dir / "_mau").mkdir()
    template = round_dir / "_mau" / "bao-cao-kiem-diem-tap-the.docx"
    edited = Document(str(SAMPLE.parents[1] / "templates" / template.name))
    edited.styles["Văn bản"].font.size = Pt(13)  # what Home › Styles › Modify does in Word
    edited.save(str(template))
    out = tmp_path / "out"
    result = run_cli("render", str(round_dir), "-o", str(out))
    assert result.exit_code == 0, result.output
    reports = sorted((out / SAMPLE.name).rglob("bao-cao-kiem-diem-tap-the.docx"))
    assert len(reports) > 10
    for report in reports:
        doc = Document(str(report))
        body = _body_paragraphs(doc)
        assert body, report
        assert {effective(p, "size", run) for p in body for run in p.runs} == {Pt(13)}, report


def test_summary_report_header_and_signature(rendered):
    doc = Document(str(rendered / "bao-cao-tong-hop.docx"))
    round_file = sample_yaml("dot-danh-gia.yaml")
    number = doc.tables[0].rows[1].cells[0].paragraphs[0].text
    assert number == f"Số {round_file['bao_cao']['so']}-BC/HU"
    assert [p.text for p in doc.tables[0].rows[0].cells[0].paragraphs] == ["ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "HUYỆN ỦY THƯỜNG TÍN", "*"]
    signature = [p.text for p in doc.tables[-1].rows[0].cells[1].paragraphs]
    assert signature[0] == "T/M BAN THƯỜNG VỤ" and signature[-1] == round_file["bao_cao"]["nguoi_ky"]["ho_ten"]
    recipients = [p.text for p in doc.tables[-1].rows[0].cells[0].paragraphs]
    assert recipients[0] == "Nơi nhận:"
    assert recipients[1:] == [f"- {n}," for n in round_file["bao_cao"]["noi_nhan"][:-1]] + [f"- {round_file['bao_cao']['noi_nhan'][-1]}."]


# --- figures, counted here from the YAML ------------------------------------------------------------


def _sample_counts():
    units = {"org": Counter(), "tieu_bieu": 0, "orgs": 0}
    members = Counter()
    review = sample_yaml("dot-danh-gia.yaml")["ngay_danh_gia"]
    for path in sorted(SAMPLE.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "dot-danh-gia.yaml":
            continue
        if path.name == "dang-bo.yaml" or path.parent == SAMPLE:
            units["orgs"] += 1
            units["org"][data["xep_loai"]] += 1
            units["tieu_bieu"] += bool(data.get("tieu_bieu"))
        for m in data.get("dang_vien", []):
            members["total"] += 1
            admitted = m["ngay_vao_dang"]
            months = (review.year - admitted.year) * 12 + review.month - admitted.month - (review.day < admitted.day)
            if m.get("tinh_trang", "sinh_hoat") != "sinh_hoat" or months < 6:
                continue
            members["evaluated"] += 1
            members[m["xep_loai"]] += 1
    return units, members


def _pct(count: int, base: int) -> str:
    """A share as reports write it: two decimals at most, no trailing zeros ('50%', '46,9%', '57,92%')."""
    from decimal import ROUND_HALF_UP, Decimal

    value = (Decimal(100 * count) / Decimal(base)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{value}".replace(".", ",")
    return (text.rstrip("0").rstrip(",") if "," in text else text) + "%"


def header_texts(path: Path) -> list[str]:
    """Every paragraph of every page header of the document (first page and the others)."""
    doc = Document(str(path))
    found = []
    for section in doc.sections:
        for header in (section.first_page_header, section.header):
            found += [p.text for p in header.paragraphs]
    return found


def test_summary_figures_match_counts_made_from_the_yaml(rendered):
    units, members = _sample_counts()
    text = all_text(rendered / "bao-cao-tong-hop.docx")
    n = units["orgs"]
    tsvm = units["org"]["tsvm"]
    assert f"{tsvm}/{n} tổ chức cơ sở đảng trong sạch, vững mạnh, chiếm {_pct(tsvm, n)}" in text
    assert f"{units['tieu_bieu']}/{tsvm} tổ chức cơ sở đảng trong sạch, vững mạnh tiêu biểu, chiếm {_pct(units['tieu_bieu'], tsvm)}" in text
    evaluated = members["evaluated"]
    for code, short in [("htxsnv", "HTXSNV"), ("httnv", "HTTNV"), ("htnv", "HTNV")]:
        count = members[code]
        shown = f"{count:,}".replace(",", ".")
        assert f"{shown}/{evaluated:,}".replace(",", ".") + f" đảng viên {short}, chiếm {_pct(count, evaluated)}" in text, short
    assert f"bằng {_pct(members['htxsnv'], members['httnv'])} số đảng viên HTTNV" in text
    last = sample_yaml("dot-danh-gia.yaml")["nam_truoc"]["to_chuc_co_so"]
    before = _pct(last["tsvm"], last["duoc_danh_gia"])
    now = _pct(tsvm, n)
    difference = (float(now[:-1].replace(",", ".")) - float(before[:-1].replace(",", "."))) 
    word = "tăng" if difference > 0 else "giảm"
    change = f"{abs(difference):.2f}".replace(".", ",").rstrip("0").rstrip(",")
    assert f"{word} {change}% so với năm 2016" in text


def test_member_list_rows_and_result_phrase(rendered):
    unit = sample_yaml("dang-bo-xa-van-binh/chi-bo-thon-dong.yaml")
    doc = Document(str(rendered / "dang-bo-xa-van-binh/chi-bo-thon-dong/danh-sach-xep-loai-dang-vien.docx"))
    table = doc.tables[1]
    rows = table.rows[1:]
    assert [r.cells[1].text for r in rows] == [m["ho_ten"] for m in unit["dang_vien"]]
    assert [r.cells[0].text for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    total = len(unit["dang_vien"])
    best = sum(m.get("xep_loai") == "htxsnv" for m in unit["dang_vien"])
    rated = sum(bool(m.get("xep_loai")) for m in unit["dang_vien"])
    text = all_text(rendered / "dang-bo-xa-van-binh/chi-bo-thon-dong/danh-sach-xep-loai-dang-vien.docx")
    assert f"Tổng số đảng viên của chi bộ: {total} đồng chí" in text
    assert (f"{best}/{rated} đồng chí phân loại HTXSNV ({_pct(best, rated)})" if best else "không có đồng chí nào phân loại HTXSNV") in text
    # figures as reports write them: no zero-padded counts, no "0,00%" or "100,00%" in prose
    assert not re.search(r"\b0\d/|,00%", text), text


def test_tables_totals(rendered):
    units, members = _sample_counts()
    doc = Document(str(rendered / "bieu-tong-hop.docx"))
    # the statistical tables (between their header and signature tables), found by what they hold
    org_table, member_table = [t for t in doc.tables if t.rows[0].cells[0].text == "STT"][:2]
    first = org_table.rows[2]
    assert first.cells[0].text == "A" and first.cells[2].text == str(units["orgs"])
    by_type = [int(c.text) for c in first.cells[4:]]
    assert sum(by_type) == units["orgs"]
    evaluated_row = next(r for r in member_table.rows if r.cells[1].text == "Đã được đánh giá")
    assert evaluated_row.cells[2].text == f"{members['evaluated']:,}".replace(",", ".")


def test_commendation_lists_every_htxsnv_member_in_vietnamese_order(rendered):
    _, members = _sample_counts()
    doc = Document(str(rendered / "danh-sach-khen-thuong.docx"))
    table = doc.tables[2]
    numbered = [r for r in table.rows[1:] if r.cells[0].text.isdigit()]
    assert len(numbered) == members["htxsnv"]
    icu = pytest.importorskip("icu") if not REQUIRE_TOOLS else __import__("icu")
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    group: list[str] = []
    for row in table.rows[1:]:
        if not row.cells[0].text.isdigit():
            _assert_vietnamese_order(group, collator)
            group = []
        else:
            group.append(row.cells[1].text)
    _assert_vietnamese_order(group, collator)


def _assert_vietnamese_order(names: list[str], collator) -> None:
    def key(name: str):
        words = name.split()
        return (collator.getSortKey(words[-1]), collator.getSortKey(" ".join(words[:-1])))

    assert names == sorted(names, key=key)


# --- behaviour ---------------------------------------------------------------------------------------


def test_rerender_is_byte_identical(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert run_cli("render", str(SAMPLE), "-o", str(first)).exit_code == 0
    assert run_cli("render", str(SAMPLE), "-o", str(second)).exit_code == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*.docx"))
    assert files and files == sorted(p.relative_to(second) for p in second.rglob("*.docx"))
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_escaping_and_diacritics(round_builder, tmp_path):
    r = round_builder()
    name = 'Chi bộ Công ty A & B <Thường Tín> "Mới"'
    r.cell("cb.yaml", ["httnv", "httnv", "httnv"], name=f"'{name}'")
    path = r.root / "cb.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Đảng Viên Số 001", "Nguyễn Thị Ngọc Ánh & <Bé>"), encoding="utf-8")
    result = run_cli("render", str(r.root), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    out = tmp_path / "out" / "dot" / "cb"
    report = all_text(out / "bao-cao-kiem-diem-tap-the.docx")
    header = " ".join(Document(str(out / "bao-cao-kiem-diem-tap-the.docx")).tables[0].rows[0].cells[0].paragraphs[i].text for i in (1, 2))
    assert header == name.upper() and name in report and "Nguyễn Văn Bí" in report
    listing = all_text(out / "danh-sach-xep-loai-dang-vien.docx")
    assert "Nguyễn Thị Ngọc Ánh & <Bé>" in listing


def test_errors_stop_the_render_and_draft_renders_marked(round_builder, tmp_path):
    r = round_builder()
    r.cell("cb-a.yaml", ["htxsnv"] * 2 + ["httnv"] * 4)  # breaks the small-cell quota
    r.write("cb-hong.yaml", "ten: Chi bộ Hỏng\nloai: chi_bo_co_so\nloai_hinh: khac\ndang_vien: 5\n")
    out = tmp_path / "out"
    final = run_cli("render", str(r.root), "-o", str(out))
    assert final.exit_code == 1 and "han-muc-htxsnv-chi-bo-nho" in final.output
    assert not out.exists() or not list(out.rglob("*.docx"))
    draft = run_cli("render", "--draft", str(r.root), "-o", str(out))
    assert draft.exit_code == 0, draft.output
    report = out / "dot" / "cb-a" / "bao-cao-kiem-diem-tap-the.docx"
    # the mark is in the page headers, first page and the others: on every page
    assert header_texts(report).count("DỰ THẢO") == 2 and "DỰ THẢO" not in texts(report)
    assert not (out / "dot" / "cb-hong").exists()  # its data cannot be typed: no document
    problems = (out / "dot" / "van-de.txt").read_text(encoding="utf-8")
    assert "han-muc-htxsnv-chi-bo-nho" in problems and "cb-hong.yaml" in problems
    assert "han-muc" not in all_text(report)  # problems are not written into the documents
    assert "DỰ THẢO" in header_texts(out / "dot" / "bao-cao-tong-hop.docx")
    # a clean final render afterwards carries no mark and removes the stale problems file
    (r.root / "cb-hong.yaml").unlink()
    r.cell("cb-a.yaml", ["htxsnv"] + ["httnv"] * 5)
    assert run_cli("render", str(r.root), "-o", str(out)).exit_code == 0
    assert "DỰ THẢO" not in header_texts(report) and not (out / "dot" / "van-de.txt").exists()


def test_unit_option_renders_one_unit_only(tmp_path):
    out = tmp_path / "out"
    result = run_cli("render", str(SAMPLE), "-o", str(out), "--unit", "dang-bo-xa-van-binh/chi-bo-thon-dong")
    assert result.exit_code == 0, result.output
    written = {p.relative_to(out / OUT_NAME).parts[:2] for p in out.rglob("*.docx")}
    assert written == {("dang-bo-xa-van-binh", "chi-bo-thon-dong")}
    missing = run_cli("render", str(SAMPLE), "-o", str(out), "--unit", "khong-co")
    assert missing.exit_code == 1 and "không có đơn vị 'khong-co'" in missing.output


def _user_template(r, form_file: str, paragraph: str) -> None:
    doc = Document(str(Path(__file__).resolve().parents[1] / "templates" / form_file))
    doc.add_paragraph(paragraph)
    (r.root / "_mau").mkdir(exist_ok=True)
    doc.save(str(r.root / "_mau" / form_file))


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        ("Đơn vị: {{ don_vi.tne }}", "thuộc tính 'don_vi.tne' không có trong dữ liệu baocao cung cấp; có phải 'ten'?"),
        ("Năm: {{ nam_danh_gia }}", "biến 'nam_danh_gia' không có"),
        ("{% for dv in don_vi.muc %}{{ dv.tieu_dee }}{% endfor %}", "thuộc tính 'dv.tieu_dee'"),
        ("{{ dot.nam | khong_co_bo_loc }}", "bộ lọc 'khong_co_bo_loc' không có"),
        ("{% if %}", "sai cú pháp mẫu"),
    ],
)
def test_user_template_problems_name_template_paragraph_and_name(round_builder, tmp_path, paragraph, expected):
    r = round_builder()
    r.cell("cb.yaml", ["httnv"] * 3)
    _user_template(r, "bao-cao-kiem-diem-tap-the.docx", paragraph)
    result = run_cli("render", str(r.root), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    (line,) = [found for found in result.output.splitlines() if is_template_problem(found)]
    assert "_mau/bao-cao-kiem-diem-tap-the.docx" in line and expected in line
    assert paragraph.split("{")[0].strip() in line or "{%" in paragraph
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.docx"))


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        # caught before rendering, by the template check
        ("{{ dot.nam.__class__.__mro__ }}", "thuộc tính nội bộ của Python"),
        # not visible to the check: stopped by the sandbox while rendering
        ('{{ dot.nam | attr("__cla" ~ "ss__") }}', "không được phép"),
        ("{{ dot.can_cu.append(1) }}", "không được phép"),
    ],
)
def test_template_cannot_reach_python_internals(round_builder, tmp_path, paragraph, expected):
    r = round_builder()
    r.cell("cb.yaml", ["httnv"] * 3)
    _user_template(r, "bao-cao-kiem-diem-tap-the.docx", paragraph)
    result = run_cli("render", str(r.root), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    found = [line for line in result.output.splitlines() if is_template_problem(line)]
    assert found and expected in found[0] and "bao-cao-kiem-diem-tap-the.docx" in found[0], result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.docx"))


# --- LibreOffice and ICU --------------------------------------------------------------------------------

KINDS = [
    "bao-cao-tong-hop.docx", "bieu-tong-hop.docx", "danh-sach-khen-thuong.docx",
    "dang-bo-xa-van-binh/bao-cao-tong-hop.docx", "dang-bo-xa-van-binh/bao-cao-kiem-diem-tap-the.docx",
    "dang-bo-xa-van-binh/chi-bo-thon-dong/bao-cao-kiem-diem-tap-the.docx",
    "dang-bo-xa-van-binh/chi-bo-thon-dong/danh-sach-xep-loai-dang-vien.docx",
    "dang-bo-xa-van-binh/chi-bo-thon-dong/bien-ban-hoi-nghi.docx",
]


def test_libreoffice_converts_one_document_of_each_kind(rendered, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        if REQUIRE_TOOLS:
            pytest.fail("LibreOffice (soffice) is required under BAOCAO_REQUIRE_TOOLS=1")
        pytest.skip("LibreOffice is not installed")
    individual = next((rendered / "dang-bo-xa-van-binh/chi-bo-thon-dong/ban-kiem-diem").glob("*.docx"))
    sources = [rendered / k for k in KINDS] + [individual]
    for index, source in enumerate(sources):
        shutil.copy(source, tmp_path / f"{index:02d}.docx")
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *sorted(str(p) for p in tmp_path.glob("*.docx"))],
        check=True, capture_output=True, timeout=300,
    )
    for index in range(len(sources)):
        pdf = tmp_path / f"{index:02d}.pdf"
        assert pdf.is_file() and pdf.stat().st_size > 1000, sources[index]
        assert pdf.read_bytes().startswith(b"%PDF")
