"""The differential suite: templates exercising each docxtpl feature, each rendered by the fast
path (PreparedTemplate) and by docxtpl itself (``DocxTemplate(path).render(context, env)`` +
``save``), compared part by part up to serialisation only (see docx_parts.py for what the
normalisation ignores: zip entry order, timestamps and compression; XML serialisation by C14N).

The templates are made here with python-docx; what python-docx cannot make (footnotes, endnotes,
a split tag in a header, a comment-only footer) is added by editing the package's XML by hand.
Features baocao does not offer are not here: replace_pic, replace_media, replace_embedded and
replace_zipname are calls on a DocxTemplate object that no template or context can make.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Callable

import pytest
from docx import Document
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage, Listing, RichText, RichTextParagraph

from baocao.render.docx import PreparedTemplate, render_with_docxtpl
from baocao.render.environment import make_environment
from docx_parts import assert_same_document, parts

FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
ENDNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def png(width: int = 4, height: int = 3, colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A small valid PNG, without an imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + bytes(colour) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def save(document: Document, path: Path) -> Path:
    document.save(str(path))
    return path


def edit_package(path: Path, edit: Callable[[dict[str, bytes]], None]) -> Path:
    """Rewrite the template's zip after ``edit`` changed its parts (what python-docx cannot make)."""
    entries = parts(path.read_bytes())
    edit(entries)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


def add_part(entries: dict[str, bytes], name: str, content_type: str, relationship: str, xml: str) -> str:
    """A part related from the main document; returns its relationship id."""
    entries[name] = xml.encode("utf-8")
    types = entries["[Content_Types].xml"].decode()
    entries["[Content_Types].xml"] = types.replace("</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>').encode()
    rels = entries["word/_rels/document.xml.rels"].decode()
    rid = f"rId{100 + rels.count('<Relationship ')}"
    target = name.removeprefix("word/")
    rels = rels.replace("</Relationships>", f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{relationship}" Target="{target}"/></Relationships>')
    entries["word/_rels/document.xml.rels"] = rels.encode()
    return rid


def notes_xml(kind: str, text_runs: list[str]) -> str:
    runs = "".join(f"<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>" for text in text_runs)
    return (f"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:{kind}s {W}>"
            f"<w:{kind} w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>"
            f"<w:{kind} w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>"
            f"<w:{kind} w:id=\"1\"><w:p><w:r><w:{kind}Ref/></w:r>{runs}</w:p></w:{kind}></w:{kind}s>")


def add_notes(entries: dict[str, bytes], kind: str, text_runs: list[str]) -> None:
    """A footnote or endnote, referenced from the body's first paragraph."""
    relationship, content_type = {"footnote": ("footnotes", FOOTNOTES_TYPE), "endnote": ("endnotes", ENDNOTES_TYPE)}[kind]
    add_part(entries, f"word/{kind}s.xml", content_type, relationship, notes_xml(kind, text_runs))
    body = entries["word/document.xml"].decode()
    body = body.replace("</w:p>", f'<w:r><w:{kind}Reference w:id="1"/></w:r></w:p>', 1)
    entries["word/document.xml"] = body.encode()


def both(path: Path, context: dict) -> tuple[bytes, bytes]:
    ours = PreparedTemplate(path, make_environment()).render(context)
    return ours, render_with_docxtpl(path, context, make_environment())


def same(path: Path, context: dict) -> bytes:
    ours, theirs = both(path, context)
    assert_same_document(ours, theirs)
    return ours


def document_xml(data: bytes) -> str:
    return parts(data)["word/document.xml"].decode("utf-8")


def table_document(rows: list[list[str]], widths: int = 3) -> Document:
    document = Document()
    document.add_paragraph("Bảng {{ ten }}")
    table = document.add_table(rows=len(rows), cols=widths)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("Hết.")
    return document


def grid_columns(data: bytes) -> list[int]:
    return [len(re.findall(r"<w:gridCol\b", table)) for table in re.findall(r"<w:tbl>.*?</w:tbl>", document_xml(data), re.S)]


# --- tables: row, cell and merge tags ----------------------------------------------------------


def test_cell_loop_widens_the_grid_as_docxtpl_does(tmp_path):
    path = save(table_document([["Tên", "{%tc for c in cot %}", "{{ c }}", "{%tc endfor %}"],
                                ["An", "{%tc for c in cot %}", "{{ c }}", "{%tc endfor %}"]], widths=4), tmp_path / "tc.docx")
    ours = same(path, {"ten": "x", "cot": ["a", "b", "c", "d", "e"]})
    assert grid_columns(ours) == [6]  # one name column and five looped: the grid follows
    assert PreparedTemplate(path, make_environment()).table_fix


def test_cell_loop_narrower_than_the_grid(tmp_path):
    path = save(table_document([["{%tc for c in cot %}", "{{ c }}", "{%tc endfor %}"]]), tmp_path / "tc-narrow.docx")
    assert grid_columns(same(path, {"ten": "x", "cot": []})) == [0]


def test_cell_comment_removes_a_cell_and_its_grid_column(tmp_path):
    path = save(table_document([["Một", "{#tc ô này chỉ để ghi chú #}", "Ba"]]), tmp_path / "tc-comment.docx")
    assert grid_columns(same(path, {"ten": "x"})) == [2]


def test_horizontal_and_vertical_merges(tmp_path):
    path = save(table_document([["{%tc for c in cot %}", "{% hm %}Gộp {{ c }}", "{%tc endfor %}"],
                                ["{%tr for g in nhom %}", "", ""],
                                ["{% vm %}{{ g.ten }}", "{{ g.so }}", "x"],
                                ["{%tr endfor %}", "", ""]]), tmp_path / "merge.docx")
    ours = same(path, {"ten": "x", "cot": [1, 2, 3], "nhom": [{"ten": "A", "so": 1}, {"ten": "A", "so": 2}]})
    xml = document_xml(ours)
    assert 'w:gridSpan w:val="3"' in xml and 'w:vMerge w:val="restart"' in xml and 'w:vMerge w:val="continue"' in xml


def test_colspan_and_cell_background(tmp_path):
    path = save(table_document([["{% colspan n %}Gộp {{ n }} cột", "b", "c"], ["{% cellbg mau %}{{ ten }}", "e", "f"]]), tmp_path / "span.docx")
    xml = document_xml(same(path, {"ten": "x", "n": 3, "mau": "FF0000"}))
    assert 'w:gridSpan w:val="3"' in xml and 'w:fill="FF0000"' in xml


def test_a_fixed_table_beside_a_prefix_redeclared_locally(tmp_path):
    """As in a LibreOffice-made template of docxtpl's own tests: a paragraph binds wp14 to another
    namespace than the root does. The fixed body is put back as docxtpl puts it, so the prefixes
    written are docxtpl's."""
    path = save(table_document([["{%tc for c in cot %}", "{{ c }}", "{%tc endfor %}"]]), tmp_path / "prefix.docx")

    def redeclare(entries: dict[str, bytes]) -> None:
        xml = entries["word/document.xml"].decode()
        assert 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"' in xml
        local = '<w:p w14:paraId="00E435F6" wp14:textId="77777777" xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordml">'
        entries["word/document.xml"] = xml.replace("<w:p>", local, 1).encode()

    edit_package(path, redeclare)
    same(path, {"ten": "x", "cot": ["a", "b", "c", "d"]})


def test_row_loop_and_static_tables_stay_on_the_cheap_path(tmp_path):
    path = save(table_document([["STT", "Họ tên", "Xếp loại"], ["{%tr for d in ds %}", "", ""],
                                ["{{ loop.index }}", "{{ d.ten }}", "{{ d.loai }}"], ["{%tr endfor %}", "", ""]]), tmp_path / "tr.docx")
    assert not PreparedTemplate(path, make_environment()).table_fix
    same(path, {"ten": "x", "ds": [{"ten": "Nguyễn Văn A", "loai": "HTTNV"}, {"ten": "Lê Thị B", "loai": "HTXSNV"}]})
    same(path, {"ten": "x", "ds": []})


def test_a_static_table_that_does_not_fill_its_grid_is_fixed_as_docxtpl_fixes_it(tmp_path):
    document = table_document([["a", "b", "c"]])
    grid = document.tables[0]._tbl.tblGrid
    grid.append(grid.gridCol_lst[-1].__copy__())  # four grid columns, three cells
    path = save(document, tmp_path / "grid.docx")
    assert grid_columns(same(path, {"ten": "x"})) == [3]


# --- paragraphs, runs, comments, escaping, listings ---------------------------------------------


def test_paragraph_run_and_comment_tags(tmp_path):
    document = Document()
    document.add_paragraph("{%p if co %}")
    document.add_paragraph("Có: {{ ten }}")
    document.add_paragraph("{%p else %}")
    document.add_paragraph("Không có")
    document.add_paragraph("{%p endif %}")
    paragraph = document.add_paragraph("Chạy: ")
    paragraph.add_run("{%r if co %}").bold = True
    paragraph.add_run("đậm")
    paragraph.add_run("{%r endif %}")
    document.add_paragraph("{#p một ghi chú cho người sửa mẫu #}")
    document.add_paragraph("{%- if co %} nối {% endif -%}")
    document.add_paragraph("Giữ   khoảng trắng {{ ten }}   ")
    path = save(document, tmp_path / "tags.docx")
    for context in ({"co": True, "ten": "A"}, {"co": False, "ten": "B"}):
        same(path, context)


def test_tags_word_split_into_runs(tmp_path):
    document = Document()
    paragraph = document.add_paragraph()
    for text in ("{", "{ ten ", "}", "}", " và {% if co %}", "có", "{% endif %}"):
        paragraph.add_run(text)
    path = save(document, tmp_path / "split.docx")
    assert "Nguyễn" in document_xml(same(path, {"ten": "Nguyễn", "co": True}))


def paragraphs_template(path: Path, *texts: str) -> Path:
    document = Document()
    for text in texts:
        document.add_paragraph(text)
    return save(document, path)


def test_escaping_and_literal_braces(tmp_path):
    path = paragraphs_template(tmp_path / "escape.docx", "{{ ten }} — {_{ không phải thẻ }_} {_% cũng không %_}", "“{{ trich }}” và {{ '<b>' }}")
    same(path, {"ten": "A & B <C> \"D\" 'E'", "trich": "x < y"})


def test_tabs_line_and_page_breaks_in_values(tmp_path):
    path = paragraphs_template(tmp_path / "listing.docx", "{{ nhieu_dong }}", "{{ doan }}")
    same(path, {"nhieu_dong": "dòng 1\ndòng 2\tcột", "doan": "đoạn 1\ađoạn 2\ftrang mới"})


# --- headers, footers, footnotes, endnotes, properties ------------------------------------------


def header_document() -> Document:
    document = Document()
    document.add_paragraph("Thân {{ ten }}")
    section = document.sections[0]
    header = section.header.paragraphs[0]
    for text in ("Đảng bộ {", "{ dang_bo }", "} — năm ", "{{ nam }}"):
        header.add_run(text)
    section.footer.paragraphs[0].text = "{# chân trang chỉ có ghi chú #}Trang"
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Không có thẻ"
    return document


def test_headers_and_footers_with_split_tags_and_comments(tmp_path):
    path = save(header_document(), tmp_path / "header.docx")
    ours = same(path, {"ten": "A", "dang_bo": "Đảng bộ xã Văn Bình", "nam": 2017})
    rendered = b"".join(data for name, data in parts(ours).items() if name.startswith("word/header")).decode()
    assert "xã Văn Bình — năm" in rendered and ">2017<" in rendered
    footer = b"".join(data for name, data in parts(ours).items() if name.startswith("word/footer")).decode()
    assert "{#" not in footer and "Trang" in footer


def footnote_template(tmp_path: Path, sections: int = 1) -> Path:
    document = Document()
    document.add_paragraph("Theo kế hoạch {{ ke_hoach }}.")
    for _ in range(sections - 1):
        document.add_section()
    path = save(document, tmp_path / f"footnote-{sections}.docx")
    return edit_package(path, lambda entries: add_notes(entries, "footnote", ["Kế hoạch số {", "{ ke_hoach }", "} ngày {{ ngay }}"]))


def test_footnotes_are_rendered(tmp_path):
    ours = same(footnote_template(tmp_path), {"ke_hoach": "12-KH/HU", "ngay": "01/10/2017"})
    assert "12-KH/HU" in parts(ours)["word/footnotes.xml"].decode()


def test_footnotes_are_rendered_once_per_section_as_docxtpl_does(tmp_path):
    """docxtpl renders the footnote part once for every section: text that the first pass turns
    into a tag ({_{ … }_} becomes {{ … }}) is rendered again by the second."""
    path = footnote_template(tmp_path, sections=2)
    ours = same(path, {"ke_hoach": "{_{ ngay }_}", "ngay": "01/10/2017"})
    assert parts(ours)["word/footnotes.xml"].decode().count("01/10/2017") == 2


def test_endnotes_are_left_as_docxtpl_leaves_them(tmp_path):
    document = Document()
    document.add_paragraph("Thân {{ ten }}")
    path = edit_package(save(document, tmp_path / "endnote.docx"), lambda entries: add_notes(entries, "endnote", ["{{ ten }}"]))
    ours = same(path, {"ten": "A"})
    assert "{{ ten }}" in parts(ours)["word/endnotes.xml"].decode()  # docxtpl 0.20 does not render endnotes


def test_document_properties(tmp_path):
    document = Document()
    document.add_paragraph("{{ ten }}")
    document.core_properties.title = "Báo cáo {{ ten }}"
    document.core_properties.subject = "Năm {{ nam }}"
    document.core_properties.author = "Văn phòng"
    path = save(document, tmp_path / "properties.docx")
    core = parts(same(path, {"ten": "Chi bộ A & B", "nam": 2017}))["docProps/core.xml"].decode()
    assert "Chi bộ A &amp;amp; B" in core  # docxtpl escapes the value, then python-docx escapes it again


def test_a_template_without_core_properties_is_rendered_by_docxtpl(tmp_path):
    document = Document()
    document.add_paragraph("{{ ten }}")
    path = save(document, tmp_path / "no-core.docx")

    def drop_core(entries: dict[str, bytes]) -> None:
        del entries["docProps/core.xml"]
        entries["_rels/.rels"] = re.sub(rb'<Relationship [^>]*core-properties"[^>]*/>', b"", entries["_rels/.rels"])
        entries["[Content_Types].xml"] = re.sub(rb'<Override PartName="/docProps/core.xml"[^>]*/>', b"", entries["[Content_Types].xml"])

    edit_package(path, drop_core)
    prepared = PreparedTemplate(path, make_environment())
    assert prepared.fallback and "core.xml" in prepared.fallback
    ours, theirs = prepared.render({"ten": "A"}), render_with_docxtpl(path, {"ten": "A"}, make_environment())
    assert_same_document(ours, theirs, ignore_modified=True)


# --- pictures and docxtpl's context objects -----------------------------------------------------


def test_pictures_in_the_template_get_docxtpls_drawing_ids(tmp_path):
    image = tmp_path / "logo.png"
    image.write_bytes(png())
    document = Document()
    document.add_picture(str(image), width=Cm(2))
    document.add_paragraph("{%p for x in ds %}")
    document.add_picture(str(image), width=Cm(1))
    document.add_paragraph("{%p endfor %}")
    path = save(document, tmp_path / "picture.docx")
    ours = same(path, {"ds": [1, 2, 3]})
    assert re.findall(r'<wp:docPr id="(\d+)"', document_xml(ours)) == ["1001", "1002", "1003", "1004"]


def objects_template(tmp_path: Path) -> Path:
    document = Document()
    document.add_paragraph("Ảnh: {{ anh }}")
    document.add_paragraph("{{r chu }}")
    document.add_paragraph("{{p doan }}")
    document.add_paragraph("{{ danh_sach }}")
    document.add_paragraph("{{p phu_luc }}")
    return save(document, tmp_path / "objects.docx")


def objects_context(template: DocxTemplate, image: Path) -> dict:
    rich = RichText("Đậm ", bold=True)
    rich.add("liên kết", url_id=template.build_url_id("https://example.org/ke-hoach"), underline=True)
    subdoc = template.new_subdoc()
    subdoc.add_paragraph("Phụ lục", style="Heading 1")
    subdoc.add_picture(str(image), width=Cm(1))
    return {"anh": InlineImage(template, str(image), width=Cm(2)), "chu": rich,
            "doan": RichTextParagraph(RichText("Đoạn")), "danh_sach": Listing("một\nhai\tba"), "phu_luc": subdoc}


def test_inline_image_rich_text_subdoc_and_listing_in_the_context(tmp_path):
    image = tmp_path / "anh.png"
    image.write_bytes(png(6, 6, (10, 120, 200)))
    path = objects_template(tmp_path)
    theirs_template = DocxTemplate(str(path))
    theirs_template.render(objects_context(theirs_template, image), make_environment())
    buffer = io.BytesIO()
    theirs_template.save(buffer)
    ours_template = DocxTemplate(str(path))
    ours = PreparedTemplate(path, make_environment()).render(objects_context(ours_template, image), template=ours_template)
    assert_same_document(ours, buffer.getvalue())
    media = [name for name in parts(ours) if name.startswith("word/media/")]
    assert media and 'TargetMode="External"' in parts(ours)["word/_rels/document.xml.rels"].decode()


def test_an_inline_image_finds_the_template_it_was_made_for(tmp_path):
    image = tmp_path / "anh.png"
    image.write_bytes(png())
    document = Document()
    document.add_paragraph("Ảnh: {{ anh }}")
    path = save(document, tmp_path / "image.docx")
    theirs_template, ours_template = DocxTemplate(str(path)), DocxTemplate(str(path))
    theirs_template.render({"anh": InlineImage(theirs_template, str(image))}, make_environment())
    buffer = io.BytesIO()
    theirs_template.save(buffer)
    ours = PreparedTemplate(path, make_environment()).render({"anh": InlineImage(ours_template, str(image))})
    assert_same_document(ours, buffer.getvalue())


# --- the built-in templates ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in (Path(__file__).resolve().parents[1] / "templates").glob("*.docx")))
def test_built_in_templates_stay_on_the_fast_path(name):
    prepared = PreparedTemplate(Path(__file__).resolve().parents[1] / "templates" / name, make_environment())
    assert prepared.fallback is None and not prepared.table_fix


# --- a round's own template, end to end through the CLI -----------------------------------------


def round_template(path: Path, image: Path) -> Path:
    """What a committee might make in Word: a logo, a header whose tag Word split into runs, a
    table with a column per category ({%tc for %}), and a footnote citing their plan."""
    document = Document()
    document.add_picture(str(image), width=Cm(2))
    header = document.sections[0].header.paragraphs[0]
    for text in ("{", "{ dot.cap_uy", ".dang_bo }", "}"):
        header.add_run(text)
    document.add_paragraph("Báo cáo kiểm điểm năm {{ dot.nam }}")
    table = document.add_table(rows=2, cols=4)
    for row, cell_text in enumerate(("{{ c.ten_ngan }}", "{{ loop.index }}")):
        for column, text in enumerate(("Mức", "{%tc for c in quy_tac.xep_loai_to_chuc %}", cell_text, "{%tc endfor %}")):
            table.cell(row, column).text = text
    save(document, path)
    return edit_package(path, lambda entries: add_notes(entries, "footnote", ["Theo kế hoạch của {{ dot.cap_uy.ten }}"]))


def test_a_rounds_own_template_renders_through_the_cli_as_docxtpl_renders_it(round_builder, tmp_path):
    from baocao import build
    from conftest import run_cli

    r = round_builder()
    r.cell("cb-a.yaml", ["httnv"] * 3)
    image = tmp_path / "logo.png"
    image.write_bytes(png(8, 8))
    (r.root / "_mau").mkdir()
    template = round_template(r.root / "_mau" / "bao-cao-kiem-diem-tap-the.docx", image)
    out = tmp_path / "out"
    result = run_cli("render", str(r.root), "-o", str(out), "--verbose")
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if "bao-cao-kiem-diem-tap-the.docx" in line and "lưới cột" in line]
    assert len(notes) == 1, result.output  # said once, for the one template that needs it
    (written,) = [p for p in out.rglob("bao-cao-kiem-diem-tap-the.docx")]

    validated = build.validate(r.root)
    (job,) = [job for job in build.plan(validated.round, draft=False) if job.form == "bao_cao_tap_the"]
    theirs = render_with_docxtpl(template, job.context, make_environment())
    assert_same_document(written.read_bytes(), theirs)
    rendered = parts(written.read_bytes())
    assert "Đảng bộ huyện Thử Nghiệm" in b"".join(d for n, d in rendered.items() if n.startswith("word/header")).decode()
    assert "Huyện ủy Thử Nghiệm" in rendered["word/footnotes.xml"].decode()
    assert grid_columns(written.read_bytes()) == [5] and any(n.startswith("word/media/") for n in rendered)
