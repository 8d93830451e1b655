"""A .docx template prepared once and rendered many times, with docxtpl's semantics.

docxtpl re-reads the template, re-patches its XML and re-compiles the Jinja source on every
render. Here that work is done once per template per run: docxtpl's own ``patch_xml`` turns the
Word XML into Jinja source, our sandboxed environment compiles it, and each render only runs the
compiled template, applies docxtpl's post-processing (listing, tables, drawing ids) and writes a
zip whose other parts are the template's bytes. Output is deterministic: fixed zip timestamps and
the template's own document properties.
"""

from __future__ import annotations

import functools
import hashlib
import html
import io
import marshal
import pickle
import re
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from jinja2 import Environment, Template, TemplateError, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError, UndefinedError

from ..files import write_atomically

if TYPE_CHECKING:
    from docxtpl import DocxTemplate

# docxtpl (with python-docx and lxml) is imported only where it is used: preparing a template
# that is not in the cache, and documents that need its listing or table fixes. A run that
# needs neither, and `validate`, start faster without it.
XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_TAG_RE = re.compile(r"<[^>]+>")
_LISTING_CHARS = re.compile("[\t\n\a\f]")


class TemplateProblem(Exception):
    """A template that cannot be used, with the paragraph where the problem is."""

    def __init__(self, template: Path, message: str, paragraph: str | None = None) -> None:
        super().__init__(message)
        self.template, self.message, self.paragraph = template, message, paragraph

    def format(self) -> str:
        where = f" — ở đoạn «{self.paragraph}»" if self.paragraph else ""
        return f"{self.template}: lỗi mẫu: {self.message}{where}"


def _read_cached(path: Path | None) -> "_Prepared | None":
    if path is None or not path.is_file():
        return None
    try:
        prepared = pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001 - a damaged cache entry is only a slower run
        return None
    return prepared if isinstance(prepared, _Prepared) else None


def paragraph_text(xml_line: str, limit: int = 90) -> str:
    text = html.unescape(_TAG_RE.sub("", xml_line)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class CompiledPart:
    name: str  # the zip entry
    source: str  # Jinja source, one Word paragraph per line
    template: Template

    @functools.cached_property
    def tree(self) -> nodes.Template:
        """The part's syntax tree, for the shape check: parsed once a run, however often it is checked."""
        return self.template.environment.parse(self.source)

    def paragraph(self, line: int | None) -> str | None:
        if line is None:
            return None
        lines = self.source.splitlines()
        return paragraph_text(lines[line - 1]) if 0 < line <= len(lines) else None


def _template_line(exc: BaseException) -> int | None:
    """The template line a runtime error happened on (Jinja keeps it in the traceback)."""
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def explain_template_error(exc: Exception) -> str:
    if isinstance(exc, SecurityError):
        return f"mẫu truy cập thứ không được phép ({exc}); mẫu chỉ được dùng dữ liệu baocao cung cấp"
    if isinstance(exc, UndefinedError):
        return f"mẫu dùng tên không có trong dữ liệu: {exc.message}"
    if isinstance(exc, TemplateSyntaxError):
        if "No filter named" in str(exc.message):
            return f"bộ lọc không có: {exc.message}"
        return f"sai cú pháp mẫu: {exc.message}"
    return f"{type(exc).__name__}: {exc}"


@dataclass
class _Prepared:
    """What preparing a template produces: kept between runs (``cache_folder``) by the template's hash."""

    names: list[str]  # the zip entries, in order
    fixed: dict[str, ZipEntry]  # entries copied as they are, compressed once
    document_prefix: str
    document_suffix: str
    sources: dict[str, str]  # Jinja source of each rendered part
    code: dict[str, bytes]  # its compiled code, marshalled
    needs_tree_fixes: bool


@functools.lru_cache(maxsize=1)
def cache_salt() -> str:
    """What a cached preparation depends on besides the template's bytes."""
    return f"{sys.version_info[:2]}:{jinja2.__version__}:{metadata.version('docxtpl')}"


def render_with_docxtpl(path: Path, context: dict, env: Environment) -> bytes:
    """Unmodified docxtpl, start to end: the plain path that PreparedTemplate must equal (the
    tests compare them) and is measured against (bench/render.py)."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(path))
    template.render(context, env)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


class PreparedTemplate:
    """One template file, patched and compiled once per run (or taken from the cache of earlier runs)."""

    def __init__(self, path: Path, env: Environment, cache_folder: Path | None = None) -> None:
        self.path, self.env = path, env
        self.cache_folder = cache_folder
        self.raw = path.read_bytes()
        self._helper: DocxTemplate | None = None
        key = hashlib.sha256(self.raw + cache_salt().encode()).hexdigest()
        cached = cache_folder / f"{key}.pickle" if cache_folder is not None else None
        prepared = _read_cached(cached)
        self._unsaved: tuple[Path, _Prepared] | None = None
        if prepared is None:
            prepared = self._prepare(env)
            if cached is not None:
                self._unsaved = (cached, prepared)
        self.names, self.fixed = prepared.names, prepared.fixed
        self.document_prefix, self.document_suffix = prepared.document_prefix, prepared.document_suffix
        self.needs_tree_fixes = prepared.needs_tree_fixes
        parts = {
            name: CompiledPart(name, source, env.template_class.from_code(env, marshal.loads(prepared.code[name]), env.make_globals(None), None))
            for name, source in prepared.sources.items()
        }
        self.body = parts.pop("word/document.xml")
        self.parts = parts

    def save(self) -> None:
        """Keep a fresh preparation in the cache folder, for later runs (once the folder is ours)."""
        if self._unsaved is not None:
            cached, prepared = self._unsaved
            write_atomically(cached, pickle.dumps(prepared, protocol=pickle.HIGHEST_PROTOCOL))
            self._unsaved = None

    @property
    def helper(self) -> DocxTemplate:
        """docxtpl's own object, for its patching and fixing functions; loaded only when needed."""
        if self._helper is None:
            from docxtpl import DocxTemplate

            self._helper = DocxTemplate(io.BytesIO(self.raw))
            self._helper.init_docx()
        return self._helper

    def _prepare(self, env: Environment) -> _Prepared:
        try:
            with zipfile.ZipFile(io.BytesIO(self.raw)) as archive:
                entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
        except zipfile.BadZipFile:
            raise TemplateProblem(self.path, "tệp mẫu không phải tệp .docx hợp lệ") from None
        sources = {"word/document.xml": self._jinja_source(self.helper.get_xml())}
        for uri in (self.helper.HEADER_URI, self.helper.FOOTER_URI):
            for _, part in self.helper.get_headers_footers(uri):
                xml = self.helper.get_part_xml(part)
                if "{{" in xml or "{%" in xml:
                    sources[str(part.partname).lstrip("/")] = self._jinja_source(xml)
        code = {name: marshal.dumps(self._compile(name, source, env)) for name, source in sources.items()}
        document_xml = dict(entries)["word/document.xml"].decode("utf-8")
        start, end = document_xml.index("<w:body"), document_xml.index("</w:body>") + len("</w:body>")
        body = sources["word/document.xml"]
        return _Prepared(
            names=[name for name, _ in entries],
            fixed={name: deflate(name, data) for name, data in entries if name not in sources},
            document_prefix=document_xml[:start], document_suffix=document_xml[end:],
            sources=sources, code=code,
            # docxtpl's table and drawing fixes only change documents that have cell loops or drawings.
            needs_tree_fixes="%tc" in body or "wp:docPr" in body,
        )

    def _jinja_source(self, xml: str) -> str:
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", self.helper.patch_xml(xml))

    def _compile(self, name: str, source: str, env: Environment):  # noqa: ANN202 - a code object
        try:
            return env.compile(source)
        except TemplateSyntaxError as exc:
            part = CompiledPart(name, source, None)  # type: ignore[arg-type]
            raise TemplateProblem(self.path, explain_template_error(exc), part.paragraph(exc.lineno)) from None

    def sources(self) -> list[CompiledPart]:
        return [self.body, *self.parts.values()]

    def _render_part(self, part: CompiledPart, context: dict) -> str:
        try:
            xml = part.template.render(context)
        except (TemplateError, SecurityError, TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
            raise TemplateProblem(self.path, explain_template_error(exc), part.paragraph(_template_line(exc))) from None
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        # Tabs, line and page breaks typed in values become Word's own; without any, nothing to do.
        return self.helper.resolve_listing(xml) if _LISTING_CHARS.search(xml) else xml

    def render(self, context: dict) -> bytes:
        """The bytes of the .docx for this context."""
        body = self._render_part(self.body, context)
        if self.needs_tree_fixes:
            from lxml import etree

            tree = self.helper.fix_tables(body)
            self.helper.docx_ids_index = 1000
            self.helper.fix_docpr_ids(tree)
            body = etree.tostring(tree, encoding="unicode")
        rendered = {"word/document.xml": (self.document_prefix + body + self.document_suffix).encode("utf-8")}
        for name, part in self.parts.items():
            rendered[name] = (XML_DECLARATION + self._render_part(part, context)).encode("utf-8")
        return write_entries([deflate(name, rendered[name]) if name in rendered else self.fixed[name] for name in self.names])


@dataclass(frozen=True)
class ZipEntry:
    """A part already compressed: the template's unchanged parts are compressed once per run."""

    name: bytes
    crc: int
    size: int
    compressed: bytes


def deflate(name: str, data: bytes) -> ZipEntry:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return ZipEntry(name.encode("utf-8"), zlib.crc32(data), len(data), compressor.compress(data) + compressor.flush())


_DOS_TIME, _DOS_DATE = 0, (ZIP_TIME[0] - 1980) << 9 | ZIP_TIME[1] << 5 | ZIP_TIME[2]
_MADE_BY, _NEEDED, _DEFLATED = (3 << 8) | 20, 20, 8
_EXTERNAL = 0o644 << 16


def write_entries(entries: list[ZipEntry]) -> bytes:
    """A zip of compressed entries with fixed timestamps: the same parts give the same bytes."""
    body, directory = bytearray(), bytearray()
    for entry in entries:
        offset = len(body)
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", _NEEDED, 0, _DEFLATED, _DOS_TIME, _DOS_DATE,
                            entry.crc, len(entry.compressed), entry.size, len(entry.name), 0)
        body += entry.name + entry.compressed
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", _MADE_BY, _NEEDED, 0, _DEFLATED, _DOS_TIME, _DOS_DATE,
                                 entry.crc, len(entry.compressed), entry.size, len(entry.name), 0, 0, 0, 0, _EXTERNAL, offset)
        directory += entry.name
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(body), 0)
    return bytes(body + directory + end)


def write_zip(entries) -> bytes:
    return write_entries([deflate(name, data) for name, data in entries])
