"""Build the bundled .docx templates in templates/ with python-docx.

    python tools/make_templates.py templates

The templates are the product users edit in Word or LibreOffice; this script is only how the
first versions were laid out, so that their layout (Hướng dẫn 36-HD/VPTW: A4, Times New Roman,
header block, title, signature block) is written down once. Re-running it overwrites templates/.
Tags use docxtpl's syntax: {{ … }}, {%p … %} for whole paragraphs, {%tr … %} for table rows,
{%tc … %} for table cells.
"""

from __future__ import annotations

import argparse
import io
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

FONT = "Times New Roman"
FIXED_TIME = datetime(2017, 1, 1)

# Named paragraph styles, as Word shows them in its Styles gallery: a committee that wants its body
# text in 13 pt changes "Văn bản" once, in Word, and every paragraph of that kind follows. The ids
# are ASCII so that the XML stays plain; Word shows the names.
BODY, HEADING, KIND, SUBJECT, SIGNATURE, TABLE_TEXT = (
    "Văn bản", "Đề mục", "Tên loại văn bản", "Trích yếu", "Chữ ký", "Chữ trong bảng")
TABLE_TEXT_SIZE = 12


# --- document set-up --------------------------------------------------------------------------


def new_document(landscape: bool = False) -> Document:
    doc = Document()
    _set_styles(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(20), Mm(15)
        section.left_margin, section.right_margin = Mm(20), Mm(15)
    else:
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)
    _page_numbers_from_page_two(section)
    props = doc.core_properties
    props.author = "baocao"
    props.last_modified_by = "baocao"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    props.title = ""
    props.comments = ""
    return doc


def _set_styles(doc: Document) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    rpr.append(lang)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing = 1.0
    _named_style(doc, BODY, "VanBan", align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=6, spacing=1.15)
    _named_style(doc, HEADING, "DeMuc", base=BODY, bold=True, before=6, keep_with_next=True)
    _named_style(doc, KIND, "TenLoaiVanBan", size=16, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, keep_with_next=True)
    _named_style(doc, SUBJECT, "TrichYeu", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True)
    _named_style(doc, SIGNATURE, "ChuKy", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _named_style(doc, TABLE_TEXT, "ChuTrongBang", size=TABLE_TEXT_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)


def _named_style(doc: Document, name: str, style_id: str, *, base: str = "Normal", size: float | None = None,
                 bold: bool = False, align=None, indent: bool = False, before: float = 0, after: float = 0,
                 spacing: float | None = None, keep_with_next: bool = False) -> None:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = style_id
    style.base_style = doc.styles[base]
    style.quick_style = True  # shown in Word's Styles gallery
    if size is not None:
        style.font.size = Pt(size)
    if bold:
        style.font.bold = True
    fmt = style.paragraph_format
    if align is not None:
        fmt.alignment = align
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if before:
        fmt.space_before = Pt(before)
    if after:
        fmt.space_after = Pt(after)
    if spacing is not None:
        fmt.line_spacing = spacing
    if keep_with_next:
        fmt.keep_with_next = True


def _page_numbers_from_page_two(section) -> None:
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _field(run, "PAGE")
    run.font.size = Pt(13)
    section.first_page_header.paragraphs[0].text = ""
    for header in (section.first_page_header, section.header):
        _draft_mark(header)


def _draft_mark(header) -> None:
    """'DỰ THẢO' in the page header, so that a draft says so on every page; gone when not a draft."""
    tag(header, "{%p if du_thao %}")
    para(header, "DỰ THẢO", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT, color=RGBColor(0xC0, 0, 0))
    tag(header, "{%p endif %}")


def _field(run, instruction: str) -> None:
    begin, text, sep, end = (OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar"), OxmlElement("w:fldChar"))
    begin.set(qn("w:fldCharType"), "begin")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    sep.set(qn("w:fldCharType"), "separate")
    end.set(qn("w:fldCharType"), "end")
    number = OxmlElement("w:t")
    number.text = "2"
    run._r.append(begin)
    run._r.append(text)
    run._r.append(sep)
    run._r.append(number)
    run._r.append(end)


# --- paragraphs ---------------------------------------------------------------------------------


def para(container, text: str = "", *, size: float = 14, bold: bool = False, italic: bool = False,
         underline: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT, indent: bool = False,
         after: float = 0, before: float = 0, spacing: float = 1.0, color: RGBColor | None = None):
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after, fmt.space_before = Pt(after), Pt(before)
    fmt.line_spacing = spacing
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if text:
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
        if color is not None:
            run.font.color.rgb = color
    return p


def styled(container, text: str, style: str):
    """A paragraph in one of the named styles, with no formatting of its own."""
    p = container.add_paragraph(style=style)
    if text:
        p.add_run(text)
    return p


def tag(container, text: str):
    """A paragraph that holds only a docxtpl paragraph tag ({%p … %}); it vanishes when rendered."""
    return para(container, text)


def body(container, text: str):
    return styled(container, text, BODY)


def heading(container, text: str):
    return styled(container, text, HEADING)


def signer_cell(cell, *lines: str, name: str) -> None:
    """A signature: the 'on behalf of' and post lines in bold, room to sign, the name in bold."""
    for line in lines:
        cell_styled(cell, line, SIGNATURE)
    for _ in range(3):
        cell_para(cell, "")
    cell_styled(cell, name, SIGNATURE)


def paragraphs_of(container, source: str, item: str = "doan") -> None:
    """Body paragraphs repeated over a list of texts: {%p for doan in source %} … {%p endfor %}."""
    tag(container, f"{{%p for {item} in {source} %}}")
    body(container, f"{{{{ {item} }}}}")
    tag(container, "{%p endfor %}")


def centre(container, text: str, **kwargs):
    p = para(container, text, align=WD_ALIGN_PARAGRAPH.CENTER, **kwargs)
    p.paragraph_format.keep_with_next = True
    return p


def _cell_paragraph(cell):
    """The cell's first (empty) paragraph, used once, then new ones."""
    first = cell.paragraphs[0]
    if not first.text and not getattr(cell, "_used", False):
        cell._used = True
        return first
    return cell.add_paragraph()


def cell_para(cell, text: str = "", *, size: float = 14, bold: bool = False, italic: bool = False,
              underline: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER, after: float = 0):
    p = _cell_paragraph(cell)
    p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    if text:
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    return p


def cell_styled(cell, text: str, style: str):
    p = _cell_paragraph(cell)
    p.style = style
    if text:
        p.add_run(text)
    return p


def table_text(cell, text: str, size: float, align=WD_ALIGN_PARAGRAPH.CENTER, bold: bool = False):
    """A table cell's text in the table style; a size or alignment other than the style's is the
    table's own (a wide statistical table needs smaller text)."""
    p = cell_styled(cell, "", TABLE_TEXT)
    if align != WD_ALIGN_PARAGRAPH.CENTER:
        p.alignment = align
    if text:
        run = p.add_run(text)
        if size != TABLE_TEXT_SIZE:
            run.font.size = Pt(size)
        run.bold = bold or None
    return p


# --- tables ---------------------------------------------------------------------------------------


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _grid_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    tbl_pr.append(borders)


def _set_grid(table, widths_mm: list[float]) -> None:
    """Column widths live in the table grid; LibreOffice and Word both read it from there."""
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm):
        column.set(qn("w:w"), str(int(Mm(width).twips)))


def layout_table(doc, widths_mm: list[float], rows: int = 1):
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    _set_grid(table, widths_mm)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for row in table.rows:
        # A signature or header block is never split across two pages.
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)
    return table


def grid_table(doc, headers: list[str], widths_mm: list[float], size: float = 12):
    table = doc.add_table(rows=1, cols=len(headers))
    _set_grid(table, widths_mm)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _grid_borders(table)
    for cell, text, width in zip(table.rows[0].cells, headers, widths_mm):
        cell.width = Mm(width)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        table_text(cell, text, size, bold=True)
    _repeat_header(table.rows[0])
    return table


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def tag_row(table, text: str, widths_mm: list[float], size: float = 12):
    """A row that holds only a docxtpl row tag ({%tr … %}); it vanishes when rendered."""
    return add_row(table, [text] + [""] * (len(widths_mm) - 1), widths_mm, size=size)


def add_row(table, texts: list[str], widths_mm: list[float], size: float = 12, aligns=None, bold: bool = False):
    row = table.add_row()
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a table row is never split across pages
    for i, (cell, text, width) in enumerate(zip(row.cells, texts, widths_mm)):
        cell.width = Mm(width)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        align = aligns[i] if aligns else WD_ALIGN_PARAGRAPH.CENTER
        table_text(cell, text, size, align, bold)
    return row


# --- the blocks of a Party document ------------------------------------------------------------


DOTTED = "." * 124
"""A line to write on by hand (the same width as the context's)."""


def header_block(doc, width_mm: float = 165, number: bool = True) -> None:
    """Superior and issuing body, *, number | ĐẢNG CỘNG SẢN VIỆT NAM, place and date."""
    # Wider than the text block (7.5 mm a side, into the margins) so that names such as
    # "ĐẢNG ỦY PHƯỜNG SÔNG NHUỆ" and the date line do not wrap at 14 pt.
    table = layout_table(doc, [84, 96], rows=2)
    top_left, top_right = table.rows[0].cells
    cell_para(top_left, "{%p for dong in tieu_de.cap_tren %}")
    cell_para(top_left, "{{ dong }}")
    cell_para(top_left, "{%p endfor %}")
    cell_para(top_left, "{%p for dong in tieu_de.co_quan_dong or [tieu_de.co_quan] %}")
    cell_para(top_left, "{{ dong }}", bold=True)
    cell_para(top_left, "{%p endfor %}")
    cell_para(top_left, "*")
    cell_para(top_right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True)
    bottom_left, bottom_right = table.rows[1].cells
    cell_para(bottom_left, "{{ tieu_de.so }}" if number else "")
    cell_para(bottom_right, "{{ tieu_de.dia_danh_ngay }}", italic=True)
    para(doc, "", after=12)


def title_block(doc, kind: str, subject: str = "{{ van_ban.trich_yeu }}") -> None:
    styled(doc, kind, KIND)
    styled(doc, subject, SUBJECT)
    centre(doc, "-----", size=14, after=12)


def reviewer_signature(doc) -> None:
    """'NGƯỜI TỰ KIỂM ĐIỂM', room to sign, the member's name: the end of an individual review."""
    table = layout_table(doc, [82, 83])
    right = table.rows[0].cells[1]
    cell_para(right, "NGƯỜI TỰ KIỂM ĐIỂM", bold=True)
    cell_para(right, "(Ký, ghi rõ họ tên)", italic=True, size=13)
    for _ in range(3):
        cell_para(right, "")
    cell_para(right, "{{ dang_vien.ho_ten }}", bold=True)


def loop_table(doc, source: str, headers: list[str], cells: list[str], widths: list[float], aligns, size: float = 13) -> None:
    """A grid table with a row repeated over a list of the context: {%tr for dv in source %}."""
    table = grid_table(doc, headers, widths, size=size)
    tag_row(table, f"{{%tr for dv in {source} %}}", widths, size=size)
    add_row(table, cells, widths, size=size, aligns=aligns)
    tag_row(table, "{%tr endfor %}", widths, size=size)


def keep_with_signature(doc) -> None:
    """The paragraph before a signature block stays on its page: a signature never stands alone."""
    last = doc.paragraphs[-1]
    last.paragraph_format.keep_with_next = True


def signature_block(doc, width_mm: float = 165, recipients: bool = True) -> None:
    keep_with_signature(doc)
    table = layout_table(doc, [width_mm * 0.5, width_mm * 0.5])
    left, right = table.rows[0].cells
    if recipients:
        cell_para(left, "Nơi nhận:", size=14, bold=True, italic=True, underline=False, align=WD_ALIGN_PARAGRAPH.LEFT)
        cell_para(left, "{%p for noi in van_ban.noi_nhan %}", align=WD_ALIGN_PARAGRAPH.LEFT)
        cell_para(left, "{{ noi }}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
        cell_para(left, "{%p endfor %}", align=WD_ALIGN_PARAGRAPH.LEFT)
    signer_cell(right, "{{ van_ban.nguoi_ky.thay_mat }}", "{{ van_ban.nguoi_ky.chuc_vu }}", name="{{ van_ban.nguoi_ky.ho_ten }}")


def _underline_recipients_label(doc) -> None:
    """'Nơi nhận:' is underlined and bold-italic in practice; python-docx sets it per run."""
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    if p.text == "Nơi nhận:":
                        for run in p.runs:
                            run.underline = True


def save(doc, path: Path) -> None:
    """Save with fixed zip timestamps, so that laying the templates out again gives the same bytes."""
    _underline_recipients_label(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info))


# --- the templates ------------------------------------------------------------------------------


def collective_report(target: Path) -> None:
    doc = new_document()
    header_block(doc)
    title_block(doc, "BÁO CÁO")
    body(doc, "{{ don_vi.mo_dau }}")
    tag(doc, "{%p for muc in don_vi.muc %}")
    heading(doc, "{{ muc.so }}. {{ muc.tieu_de }}")
    tag(doc, "{%p for doan in muc.doan %}")
    body(doc, "{{ doan }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not muc.doan %}")
    body(doc, "(Chưa có nội dung.)")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    heading(doc, "{{ don_vi.muc_tu_xep_loai.so }}. {{ don_vi.muc_tu_xep_loai.tieu_de }}")
    body(doc, "{{ don_vi.muc_tu_xep_loai.noi_dung }}")
    para(doc, "", after=6)
    signature_block(doc)
    save(doc, target / "bao-cao-kiem-diem-tap-the.docx")


def member_list(target: Path, scores: bool = False) -> None:
    """The member list; with ``scores`` (from 2025) it shows the self-assessed and decided points."""
    doc = new_document()
    header_block(doc, number=False)
    title_block(doc, "DANH SÁCH")
    left, centre_ = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER
    if scores:
        columns = [("STT", "stt", 11, centre_), ("Họ và tên", "ho_ten", 34, left), ("Năm sinh", "nam_sinh", 12, centre_),
                   ("Chức vụ", "chuc_vu", 24, left), ("Tự chấm điểm", "tu_diem", 13, centre_), ("Tự xếp loại", "tu_xep_loai", 19, centre_),
                   ("Điểm", "diem", 12, centre_), ("Xếp loại", "xep_loai", 19, centre_), ("Ghi chú", "ghi_chu", 21, left)]
    else:
        columns = [("STT", "stt", 12, centre_), ("Họ và tên", "ho_ten", 44, left), ("Năm sinh", "nam_sinh", 15, centre_),
                   ("Chức vụ", "chuc_vu", 30, left), ("Tự xếp loại", "tu_xep_loai", 21, centre_), ("Xếp loại", "xep_loai", 21, centre_),
                   ("Ghi chú", "ghi_chu", 22, left)]
    widths = [c[2] for c in columns]
    size = 10 if scores else 12
    table = grid_table(doc, [c[0] for c in columns], widths, size=size)
    tag_row(table, "{%tr for dv in danh_sach %}", widths, size=size)
    add_row(table, [f"{{{{ dv.{c[1]} }}}}" for c in columns], widths, size=size, aligns=[c[3] for c in columns])
    tag_row(table, "{%tr endfor %}", widths, size=size)
    para(doc, "", after=6)
    heading(doc, "Kết quả:")
    paragraphs_of(doc, "ket_qua.cau", "cau")
    para(doc, "", after=6)
    signature_block(doc, recipients=False)
    save(doc, target / ("danh-sach-xep-loai-dang-vien-diem.docx" if scores else "danh-sach-xep-loai-dang-vien.docx"))


def individual_review(target: Path) -> None:
    doc = new_document()
    header_block(doc, number=False)
    centre(doc, "BẢN KIỂM ĐIỂM CÁ NHÂN", size=16, bold=True, before=6)
    centre(doc, "Năm {{ dot.nam }}", size=14, bold=True)
    centre(doc, "({{ dang_vien.doi_tuong }})", size=14, italic=True, after=12)
    for label, key in [("Họ và tên", "ho_ten"), ("Ngày sinh", "ngay_sinh"), ("Chức vụ Đảng", "chuc_vu_dang"),
                       ("Chức vụ chính quyền", "chuc_vu_chinh_quyen"), ("Chức vụ đoàn thể", "chuc_vu_doan_the"),
                       ("Đơn vị công tác", "don_vi_cong_tac"), ("Chi bộ", "chi_bo")]:
        para(doc, f"- {label}: {{{{ dang_vien.{key} }}}}", after=3, spacing=1.15)
    para(doc, "", after=6)
    tag(doc, "{%p for muc in dang_vien.muc %}")
    heading(doc, "{{ muc.so }}. {{ muc.tieu_de }}")
    tag(doc, "{%p for doan in muc.doan %}")
    body(doc, "{{ doan }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    heading(doc, "{{ dang_vien.muc_tu_xep_loai.so }}. Tự nhận mức xếp loại chất lượng")
    body(doc, "{{ dang_vien.muc_tu_xep_loai.noi_dung }}")
    para(doc, "", after=6)
    reviewer_signature(doc)
    tag(doc, "{%p for khoi in dang_vien.nhan_xet %}")
    para(doc, "", after=6)
    centre(doc, "{{ khoi.tieu_de }}", bold=True, after=6)
    body(doc, "{{ khoi.noi_dung }}")
    table = layout_table(doc, [82, 83])
    signer_cell(table.rows[0].cells[1], "{{ khoi.thay_mat }}", "{{ khoi.chuc_vu }}", name="{{ khoi.ho_ten }}")
    tag(doc, "{%p endfor %}")
    save(doc, target / "ban-kiem-diem-ca-nhan.docx")


def minutes(target: Path) -> None:
    doc = new_document()
    header_block(doc)
    title_block(doc, "BIÊN BẢN")
    paragraphs_of(doc, "bien_ban.mo_dau")
    heading(doc, "NỘI DUNG HỘI NGHỊ")
    paragraphs_of(doc, "bien_ban.noi_dung")
    widths = [12, 55, 30, 30, 38]
    table = grid_table(doc, ["STT", "Họ và tên", "Tự xếp loại", "Hội nghị xếp loại", "Ghi chú"], widths)
    left, centre_ = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER
    tag_row(table, "{%tr for dv in danh_sach %}", widths)
    add_row(table, ["{{ dv.stt }}", "{{ dv.ho_ten }}", "{{ dv.tu_xep_loai }}", "{{ dv.xep_loai }}", "{{ dv.ghi_chu }}"],
            widths, aligns=[centre_, left, centre_, centre_, left])
    tag_row(table, "{%tr endfor %}", widths)
    para(doc, "", after=6)
    paragraphs_of(doc, "bien_ban.ket_thuc")
    para(doc, "", after=6)
    table = layout_table(doc, [82, 83])
    left_cell, right_cell = table.rows[0].cells
    signer_cell(left_cell, "THƯ KÝ HỘI NGHỊ", name="{{ bien_ban.thu_ky }}")
    signer_cell(right_cell, "CHỦ TRÌ HỘI NGHỊ", name="{{ bien_ban.chu_tri }}")
    save(doc, target / "bien-ban-hoi-nghi.docx")


def summary_report(target: Path) -> None:
    doc = new_document()
    header_block(doc)
    title_block(doc, "BÁO CÁO")
    heading(doc, "I. CÔNG TÁC CHỈ ĐẠO, TỔ CHỨC THỰC HIỆN")
    paragraphs_of(doc, "tong_hop.to_chuc_thuc_hien")
    heading(doc, "II. KẾT QUẢ KIỂM ĐIỂM, {{ tong_hop.danh_gia_hoa }}")
    tag(doc, "{%p for phan in tong_hop.phan %}")
    heading(doc, "{{ phan.so }}. {{ phan.tieu_de }}")
    tag(doc, "{%p for doan in phan.doan %}")
    body(doc, "{{ doan }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    outline_of(doc, "tong_hop.tiep")
    para(doc, "", after=6).paragraph_format.keep_with_next = True
    signature_block(doc)
    save(doc, target / "bao-cao-tong-hop.docx")


def summary_tables(target: Path, columns: int = 10, name: str = "bieu-tong-hop.docx",
                   organisations_title: str = "BÁO CÁO ĐÁNH GIÁ CHẤT LƯỢNG TỔ CHỨC CƠ SỞ ĐẢNG") -> None:
    """Biểu 7A/7B layout (10 organisation types, 2014–2017), or the later types (Biểu 5, 11 columns)
    with a table of the score bands."""
    doc = new_document(landscape=True)
    width = 262
    table_header(doc, width, "{{ bieu.ten_bieu_7a }}")
    centre(doc, organisations_title, size=14, bold=True, before=6)
    centre(doc, "Năm {{ dot.nam }}", size=14, bold=True, after=6)
    _indicator_table(doc, "bieu.to_chuc", width, columns)
    table_footer(doc, width)
    page_break(doc)
    table_header(doc, width, "{{ bieu.ten_bieu_7b }}")
    centre(doc, "ĐÁNH GIÁ CHẤT LƯỢNG ĐẢNG VIÊN", size=14, bold=True, before=6)
    centre(doc, "Năm {{ dot.nam }}", size=14, bold=True, after=6)
    _indicator_table(doc, "bieu.dang_vien", width, columns)
    table_footer(doc, width)
    if columns != ORG_TYPE_COLUMNS:
        _score_table(doc, width)
    page_break(doc)
    centre(doc, "PHỤ LỤC", size=14, bold=True)
    centre(doc, "Kết quả đánh giá, phân loại theo từng tổ chức cơ sở đảng năm {{ dot.nam }}", size=14, bold=True, after=6)
    _appendix_table(doc, width)
    table_footer(doc, width)
    save(doc, target / name)


def page_break(doc) -> None:
    """The next table starts a page: a tiny paragraph that begins the new page itself (a break at
    the end of a full page would spill onto a blank page of its own)."""
    paragraph = para(doc, "")
    paragraph.paragraph_format.page_break_before = True
    paragraph.add_run().font.size = Pt(1)


def table_header(doc, width: float, form_name: str) -> None:
    """A statistical table's header: superior body, committee, its board (BAN TỔ CHỨC …), the form's name and the date."""
    table = layout_table(doc, [width * 0.4, width * 0.6])
    left, right = table.rows[0].cells
    cell_para(left, "{%p for dong in tieu_de.cap_tren %}")
    cell_para(left, "{{ dong }}", size=13)
    cell_para(left, "{%p endfor %}")
    cell_para(left, "{{ tieu_de.co_quan }}", size=13, bold=True)
    cell_para(left, "{{ bieu.ban }}", size=13, bold=True)
    cell_para(left, "*", size=13)
    cell_para(right, form_name, size=13, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    cell_para(right, "{{ tieu_de.dia_danh_ngay }}", size=13, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)


def table_footer(doc, width: float) -> None:
    """Under each table: who drew it up, and the board that signs (the date is in the table's header),
    kept short so that it stays on the table's page."""
    table = layout_table(doc, [width * 0.5, width * 0.5])
    left, right = table.rows[0].cells
    cell_para(left, "NGƯỜI LẬP BIỂU", bold=True, size=13)
    cell_para(right, "{{ bieu.ky_ten }}", bold=True, size=13)
    cell_para(left, "", size=12)
    cell_para(right, "", size=12)


ORG_TYPE_COLUMNS = 10
"""Biểu 7A/7B-TCTW have one column per organisation type; the 2014–2017 rule sets have 10."""


def _score_table(doc, width: float) -> None:
    """The spread of the decided scores over the scale's bands, on a page of its own with its footer."""
    tag(doc, "{%p if bieu.diem %}")
    page_break(doc)
    table_header(doc, width, "{{ bieu.ten_bieu_7b }}")
    centre(doc, "KẾT QUẢ CHẤM ĐIỂM", size=14, bold=True, before=12, after=6)
    widths = [90, 40, 30, 40, 30]
    table = grid_table(doc, ["Mức điểm", "Tổ chức đảng", "Tỷ lệ (%)", "Đảng viên", "Tỷ lệ (%)"], widths, size=11)
    tag_row(table, "{%tr for d in bieu.diem %}", widths, size=11)
    add_row(table, ["{{ d.muc }}", "{{ d.to_chuc }}", "{{ d.to_chuc_ty_le }}", "{{ d.dang_vien }}", "{{ d.dang_vien_ty_le }}"],
            widths, size=11, aligns=[WD_ALIGN_PARAGRAPH.LEFT] + [WD_ALIGN_PARAGRAPH.CENTER] * 4)
    tag_row(table, "{%tr endfor %}", widths, size=11)
    table_footer(doc, width)
    tag(doc, "{%p endif %}")


def _indicator_table(doc, source: str, width: float, columns: int = ORG_TYPE_COLUMNS) -> None:
    """Indicators as rows; Tổng số, Tỷ lệ, then one column per organisation type."""
    ORG_TYPE_COLUMNS = columns  # noqa: N806 - the count this table is laid out for
    first = [12, 60, 15, 15]  # "STT" in bold fits 12 mm, not 10
    type_width = (width - sum(first)) / ORG_TYPE_COLUMNS
    widths = first + [type_width] * ORG_TYPE_COLUMNS
    centre_, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    headers = ["STT", "CHỈ TIÊU", "Tổng số", "Tỷ lệ (%)"] + [
        f"{{{{ {source}.cot[{i}] }}}}" for i in range(ORG_TYPE_COLUMNS)
    ]
    table = grid_table(doc, headers, widths, size=10 if ORG_TYPE_COLUMNS <= 10 else 9)
    numbers = ["A", "B", "1", "2"] + [str(i + 3) for i in range(ORG_TYPE_COLUMNS)]
    add_row(table, numbers, widths, size=10)
    tag_row(table, "{%tr for dong in " + source + ".dong %}", widths, size=10)
    texts = ["{{ dong.stt }}", "{{ dong.chi_tieu }}", "{{ dong.tong_so }}", "{{ dong.ty_le }}"] + [
        f"{{{{ dong.cot[{i}] }}}}" for i in range(ORG_TYPE_COLUMNS)
    ]
    add_row(table, texts, widths, size=11, aligns=[centre_, left] + [centre_] * (len(widths) - 2))
    tag_row(table, "{%tr endfor %}", widths, size=10)
    para(doc, "Ghi chú: cột 1 = 3 + 4 + … + " + str(ORG_TYPE_COLUMNS + 2) + "; tỷ lệ tính trên số được đánh giá.", size=11, italic=True, before=3)


def _appendix_table(doc, width: float) -> None:
    widths = [12, 74, 22, 20, 16, 16, 18, 20, 20, 20, 20]
    scale = width / sum(widths)
    widths = [w * scale for w in widths]
    headers = ["STT", "Tổ chức cơ sở đảng", "Loại hình", "Xếp loại", "Số chi bộ", "Đảng viên",
               "Được đánh giá", "{{ bieu.ma_dv[0] }}", "{{ bieu.ma_dv[1] }}", "{{ bieu.ma_dv[2] }}", "{{ bieu.ma_dv[3] }}"]
    table = grid_table(doc, headers, widths, size=11)
    left, centre_ = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER
    tag_row(table, "{%tr for dv in bieu.phu_luc %}", widths, size=11)
    add_row(table, ["{{ dv.stt }}", "{{ dv.ten }}", "{{ dv.loai_hinh }}", "{{ dv.xep_loai }}", "{{ dv.so_chi_bo }}",
                    "{{ dv.dang_vien }}", "{{ dv.duoc_danh_gia }}", "{{ dv.muc[0] }}", "{{ dv.muc[1] }}",
                    "{{ dv.muc[2] }}", "{{ dv.muc[3] }}"], widths, size=11, aligns=[centre_, left] + [centre_] * 9)
    tag_row(table, "{%tr endfor %}", widths, size=11)
    add_row(table, ["", "Cộng", "", "{{ bieu.cong.xep_loai }}", "{{ bieu.cong.so_chi_bo }}", "{{ bieu.cong.dang_vien }}",
                    "{{ bieu.cong.duoc_danh_gia }}", "{{ bieu.cong.muc[0] }}", "{{ bieu.cong.muc[1] }}",
                    "{{ bieu.cong.muc[2] }}", "{{ bieu.cong.muc[3] }}"], widths, size=11, bold=True,
            aligns=[centre_, left] + [centre_] * 9)
    para(doc, "{{ bieu.ghi_chu_phu_luc }}", size=11, italic=True, before=3)


def commendation_list(target: Path) -> None:
    doc = new_document()
    header_block(doc, number=False)
    title_block(doc, "DANH SÁCH")
    heading(doc, "I. TỔ CHỨC ĐẢNG {{ khen_thuong.danh_hieu_hoa }}")
    widths = [12, 95, 58]
    table = grid_table(doc, ["STT", "Tổ chức đảng", "Ghi chú"], widths)
    left, centre_ = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER
    tag_row(table, "{%tr for dv in khen_thuong.to_chuc %}", widths)
    add_row(table, ["{{ dv.stt }}", "{{ dv.ten }}", "{{ dv.ghi_chu }}"], widths, aligns=[centre_, left, left])
    tag_row(table, "{%tr endfor %}", widths)
    para(doc, "", after=6)
    heading(doc, "II. ĐẢNG VIÊN HOÀN THÀNH XUẤT SẮC NHIỆM VỤ")
    widths = [11, 44, 15, 33, 33, 29]
    table = grid_table(doc, ["STT", "Họ và tên", "Năm sinh", "Chức vụ", "Chi bộ", "Ghi chú"], widths)
    tag_row(table, "{%tr for nhom in khen_thuong.dang_vien %}", widths)
    row = add_row(table, ["{{ nhom.ten }}", "", "", "", "", ""], widths, aligns=[left] * 6, bold=True)
    row.cells[0].merge(row.cells[5])
    tag_row(table, "{%tr for dv in nhom.danh_sach %}", widths)
    add_row(table, ["{{ dv.stt }}", "{{ dv.ho_ten }}", "{{ dv.nam_sinh }}", "{{ dv.chuc_vu }}", "{{ dv.chi_bo }}", "{{ dv.ghi_chu }}"],
            widths, aligns=[centre_, left, centre_, left, left, left])
    tag_row(table, "{%tr endfor %}", widths)
    tag_row(table, "{%tr endfor %}", widths)
    para(doc, "", after=6)
    body(doc, "{{ khen_thuong.tong_ket }}")
    para(doc, "", after=6)
    signature_block(doc)
    save(doc, target / "danh-sach-khen-thuong.docx")


def later_forms(target: Path) -> None:
    """From 2025 (366-QĐ/TW): scores in the member list; the organisation types of Biểu 5-BTCTW."""
    member_list(target, scores=True)
    summary_tables(target, columns=8, name="bieu-tong-hop-diem.docx",
                   organisations_title="KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG TỔ CHỨC ĐẢNG")


# --- the forms of 43-HD/BTCTW (2025 on): part A (the review) and part B (the self-assessment) -----------


def form_code(doc) -> None:
    """The form's code in the top right corner: Mẫu 01-HD KĐ.ĐG."""
    para(doc, "{{ mau.ky_hieu }}", size=12, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)


def form_title(doc, title: str, subject: str) -> None:
    centre(doc, title, size=15, bold=True, before=6)
    centre(doc, "{{ mau.nam }}", size=14, bold=True)
    centre(doc, subject, size=14, italic=True, after=12)


def part_a(doc) -> None:
    heading(doc, "A. NỘI DUNG KIỂM ĐIỂM")
    outline_of(doc, "mau.phan_a")


def outline_of(doc, source: str) -> None:
    """Sections I., II. … (bold) and their items 1., 2. … (bold italic), each with its text, 'Không.'
    for an empty '(nếu có)' section, or lines to write on by hand."""
    tag(doc, f"{{%p for muc in {source} %}}")
    tag(doc, "{%p if muc.cap == 1 %}")
    heading(doc, "{{ muc.tieu_de }}")
    tag(doc, "{%p else %}")
    item = heading(doc, "{{ muc.tieu_de }}")
    for run in item.runs:
        run.italic = True
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for doan in muc.doan %}")
    body(doc, "{{ doan }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if muc.cho_viet %}")
    for _ in range(2):
        para(doc, DOTTED, after=3, spacing=1.15)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def part_b(doc) -> None:
    """The self-assessment: points by group of criteria (the committee's sub-criteria below each),
    the total, and the level proposed."""
    heading(doc, "B. NỘI DUNG TỰ ĐÁNH GIÁ, XẾP LOẠI")
    heading(doc, "I. Đánh giá theo các nhóm tiêu chí")
    widths = [13, 96, 28, 28]
    left, centre_ = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER
    table = grid_table(doc, ["STT", "Nội dung", "Điểm tối đa", "Điểm tự chấm"], widths, size=13)
    tag_row(table, "{%tr for dong in mau.phan_b.diem %}", widths, size=13)
    tag_row(table, "{%tr if dong.dam %}", widths, size=13)
    add_row(table, ["{{ dong.stt }}", "{{ dong.noi_dung }}", "{{ dong.toi_da }}", "{{ dong.diem }}"], widths, size=13,
            aligns=[centre_, left, centre_, centre_], bold=True)
    tag_row(table, "{%tr else %}", widths, size=13)
    add_row(table, ["", "{{ dong.noi_dung }}", "{{ dong.toi_da }}", "{{ dong.diem }}"], widths, size=13, aligns=[centre_, left, centre_, centre_])
    tag_row(table, "{%tr endif %}", widths, size=13)
    tag_row(table, "{%tr endfor %}", widths, size=13)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    para(doc, "", after=6)
    heading(doc, "II. Đề xuất xếp loại mức chất lượng")
    body(doc, "{{ mau.phan_b.de_xuat }}").paragraph_format.keep_with_next = True


def form_01(target: Path) -> None:
    """Mẫu 01-HD KĐ.ĐG: the report of a collective's review, self-assessment and proposed level."""
    doc = new_document()
    form_code(doc)
    header_block(doc)
    form_title(doc, "BÁO CÁO KIỂM ĐIỂM, TỰ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CỦA TẬP THỂ", "({{ mau.tap_the }})")
    body(doc, "{{ mau.mo_dau }}")
    part_a(doc)
    part_b(doc)
    tag(doc, "{%p if mau.xem_xet %}")
    body(doc, "{{ mau.xem_xet }}").paragraph_format.keep_with_next = True
    tag(doc, "{%p endif %}")
    para(doc, "", after=6).paragraph_format.keep_with_next = True
    table = layout_table(doc, [82.5, 82.5])
    left, right = table.rows[0].cells
    cell_para(left, "Nơi nhận:", size=14, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    cell_para(left, "{%p for noi in van_ban.noi_nhan %}", align=WD_ALIGN_PARAGRAPH.LEFT)
    cell_para(left, "{{ noi }}", size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    cell_para(left, "{%p endfor %}", align=WD_ALIGN_PARAGRAPH.LEFT)
    signer_cell(right, "{{ mau.nguoi_ky.thay_mat }}", "{{ mau.nguoi_ky.chuc_vu }}", name="{{ mau.nguoi_ky.ho_ten }}")
    save(doc, target / "mau-01-bao-cao-tap-the.docx")


def form_02(target: Path) -> None:
    """Mẫu 2A, 2B, 2C-HD KĐ.ĐG: an individual's review, self-assessment and proposed level, with the
    cell's comment and the competent committee's decision below, each dated and signed."""
    doc = new_document()
    form_code(doc)
    header_block(doc, number=False)
    form_title(doc, "BẢN KIỂM ĐIỂM, TỰ ĐÁNH GIÁ, XẾP LOẠI CÁ NHÂN", "({{ dang_vien.doi_tuong }})")
    for label, key in [("Họ và tên", "ho_ten"), ("Ngày sinh", "ngay_sinh"), ("Chức vụ Đảng", "chuc_vu_dang"),
                       ("Chức vụ chính quyền", "chuc_vu_chinh_quyen"), ("Chức vụ đoàn thể", "chuc_vu_doan_the"),
                       ("Đơn vị công tác", "don_vi_cong_tac"), ("Chi bộ", "chi_bo")]:
        para(doc, f"- {label}: {{{{ dang_vien.{key} }}}}", after=3, spacing=1.15)
    para(doc, "", after=6)
    part_a(doc)
    part_b(doc)
    para(doc, "", after=6).paragraph_format.keep_with_next = True
    reviewer_signature(doc)
    tag(doc, "{%p for khoi in dang_vien.nhan_xet %}")
    para(doc, "", after=6).paragraph_format.keep_with_next = True
    centre(doc, "{{ khoi.tieu_de }}", bold=True, after=6)
    body(doc, "{{ khoi.noi_dung }}").paragraph_format.keep_with_next = True
    table = layout_table(doc, [82, 83])
    cell = table.rows[0].cells[1]
    cell_para(cell, "{{ khoi.ngay }}", italic=True)
    signer_cell(cell, "{{ khoi.thay_mat }}", "{{ khoi.chuc_vu }}", name="{{ khoi.ho_ten }}")
    tag(doc, "{%p endfor %}")
    save(doc, target / "mau-02-kiem-diem-ca-nhan.docx")


def ballot(target: Path) -> None:
    """The ballot of a cell's vote: each member to rate in a row, a box per level; the cell's own level below."""
    doc = new_document()
    header_block(doc, number=False)
    title_block(doc, "PHIẾU BIỂU QUYẾT")
    body(doc, "{{ phieu.huong_dan }}")
    heading(doc, "1. Xếp loại chất lượng đảng viên")
    left, centre_ = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER
    loop_table(doc, "phieu.dang_vien", ["STT", "Họ và tên", "Chức vụ"] + [f"{{{{ phieu.muc[{i}] }}}}" for i in range(4)],
               ["{{ dv.stt }}", "{{ dv.ho_ten }}", "{{ dv.chuc_vu }}", "", "", "", ""], [14, 40, 27, 21, 21, 21, 21],
               [centre_, left, left] + [centre_] * 4, size=11)
    para(doc, "", after=6)
    heading(doc, "2. Mức xếp loại chất lượng của chi bộ (đánh dấu một ô)")
    tag(doc, "{%p for muc in phieu.muc_to_chuc %}")
    para(doc, "\u2610  {{ muc }}", indent=True, after=3)
    tag(doc, "{%p endfor %}")
    save(doc, target / "phieu-bieu-quyet.docx")


def vote_count_record(target: Path) -> None:
    """The vote-count record: ballots per level for each member, the level decided, and the cell's vote."""
    doc = new_document()
    header_block(doc)
    title_block(doc, "BIÊN BẢN KIỂM PHIẾU")
    paragraphs_of(doc, "kiem_phieu.mo_dau")
    left, centre_ = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER
    loop_table(doc, "kiem_phieu.dong", ["STT", "Họ và tên"] + [f"{{{{ kiem_phieu.muc[{i}] }}}}" for i in range(4)] + ["Kết quả"],
               ["{{ dv.stt }}", "{{ dv.ho_ten }}"] + [f"{{{{ dv.phieu[{i}] }}}}" for i in range(4)] + ["{{ dv.xep_loai }}"],
               [14, 43, 21, 21, 21, 21, 24], [centre_, left] + [centre_] * 5, size=11)
    para(doc, "", after=6)
    paragraphs_of(doc, "kiem_phieu.chi_bo")
    para(doc, "", after=6).paragraph_format.keep_with_next = True
    table = layout_table(doc, [82, 83])
    left_cell, right_cell = table.rows[0].cells
    signer_cell(left_cell, "TỔ TRƯỞNG TỔ KIỂM PHIẾU", name="")
    signer_cell(right_cell, "{{ van_ban.nguoi_ky.thay_mat }}", "{{ van_ban.nguoi_ky.chuc_vu }}", name="{{ van_ban.nguoi_ky.ho_ten }}")
    save(doc, target / "bien-ban-kiem-phieu.docx")


def decision(target: Path) -> None:
    """The committee's decision recognising the organisations' levels, with the list attached."""
    doc = new_document()
    header_block(doc)
    title_block(doc, "QUYẾT ĐỊNH")
    centre(doc, "{{ quyet_dinh.tham_quyen }}", bold=True, after=6)
    tag(doc, "{%p for dong in quyet_dinh.can_cu %}")
    para(doc, "- {{ dong }}", italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=3, spacing=1.15)
    tag(doc, "{%p endfor %}")
    centre(doc, "QUYẾT ĐỊNH", bold=True, before=6, after=6)
    tag(doc, "{%p for dieu in quyet_dinh.dieu %}")
    body(doc, "{{ dieu }}")
    tag(doc, "{%p endfor %}")
    para(doc, "", after=6)
    signature_block(doc)
    doc.add_page_break()
    centre(doc, "DANH SÁCH", size=15, bold=True)
    centre(doc, "{{ quyet_dinh.danh_sach_tieu_de }}", bold=True)
    centre(doc, "{{ quyet_dinh.kem_theo }}", italic=True, after=12)
    left, centre_ = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER
    loop_table(doc, "quyet_dinh.danh_sach", ["STT", "Tổ chức đảng", "Mức xếp loại", "Ghi chú"],
               ["{{ dv.stt }}", "{{ dv.ten }}", "{{ dv.xep_loai }}", "{{ dv.ghi_chu }}"], [14, 79, 47, 25], [centre_, left, left, left])
    save(doc, target / "quyet-dinh-cong-nhan.docx")


def notice_to_cell(target: Path) -> None:
    """The notice to a chi bộ of its members' levels, with the list."""
    doc = new_document()
    header_block(doc)
    title_block(doc, "THÔNG BÁO")
    paragraphs_of(doc, "thong_bao.mo_dau")
    left, centre_ = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER
    loop_table(doc, "thong_bao.danh_sach", ["STT", "Họ và tên", "Chức vụ", "Mức xếp loại"],
               ["{{ dv.stt }}", "{{ dv.ho_ten }}", "{{ dv.chuc_vu }}", "{{ dv.xep_loai }}"], [14, 52, 40, 59], [centre_, left, left, left])
    para(doc, "", after=6)
    paragraphs_of(doc, "thong_bao.ket_thuc")
    para(doc, "", after=6)
    signature_block(doc)
    save(doc, target / "thong-bao-ket-qua.docx")


def commendation_proposal(target: Path) -> None:
    """The proposal (tờ trình) for commendation; those at the top level n years running listed."""
    doc = new_document()
    header_block(doc)
    title_block(doc, "TỜ TRÌNH")
    paragraphs_of(doc, "to_trinh.noi_dung")
    tag(doc, "{%p if to_trinh.to_chuc %}")
    heading(doc, "Tổ chức đảng {{ to_trinh.nam_lien }} năm liền trở lên")
    left, centre_ = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER
    loop_table(doc, "to_trinh.to_chuc", ["STT", "Tổ chức đảng", "Ghi chú"], ["{{ loop.index }}", "{{ dv.ten }}", "{{ dv.ghi_chu }}"],
               [14, 98, 53], [centre_, left, left])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if to_trinh.dang_vien %}")
    heading(doc, "Đảng viên {{ to_trinh.nam_lien }} năm liền trở lên")
    loop_table(doc, "to_trinh.dang_vien", ["STT", "Họ và tên", "Năm sinh", "Chi bộ", "Ghi chú"],
               ["{{ dv.stt }}", "{{ dv.ho_ten }}", "{{ dv.nam_sinh }}", "{{ dv.chi_bo }}", "{{ dv.ghi_chu }}"], [14, 48, 16, 45, 42],
               [centre_, left, centre_, left, left])
    tag(doc, "{%p endif %}")
    para(doc, "", after=6)
    signature_block(doc)
    save(doc, target / "to-trinh-khen-thuong.docx")


BUILDERS = [collective_report, member_list, individual_review, minutes, summary_report, summary_tables, commendation_list, later_forms,
            form_01, form_02, ballot, vote_count_record, decision, notice_to_cell, commendation_proposal]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    args.target.mkdir(parents=True, exist_ok=True)
    for build in BUILDERS:
        build(args.target)


if __name__ == "__main__":
    main()
