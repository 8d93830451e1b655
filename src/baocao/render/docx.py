"""A .docx template prepared once and rendered many times, with docxtpl's semantics.

docxtpl re-reads the template, re-patches its XML and re-compiles the Jinja source on every
render. Here that work is done once per template per run: docxtpl's own ``patch_xml`` turns the
Word XML into Jinja source, our sandboxed environment compiles it, and each render only runs the
compiled template, applies docxtpl's post-processing (listing; the table fix only where it can
change something, see tables.py; drawing ids) and writes a zip whose other parts are those
docxtpl would save. What it cannot do as docxtpl does, docxtpl does (``PreparedTemplate.fallback``).
Output is deterministic: fixed zip timestamps and the template's own document properties.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import html
import io
import itertools
import marshal
import re
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from collections.abc import Generator
from typing import TYPE_CHECKING, Any, cast
from xml.parsers.expat import ExpatError, errors

import jinja2
from jinja2 import Environment, Template, TemplateError, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError, UndefinedError

from ..codes import severity_of
from ..diagnostics import Diagnostic, display_path
from ..files import write_atomically
from ..sealed import can_seal, seal, unseal
from ..vietnamese import format_int
from . import limits
from .environment import TemplateLimit
from .limits import TemplateTimeout, time_limit
from .package import RESAVE, BadPackage, parse_word_xml, read_package
from .tables import MissingGrid, table_fix_can_change

if TYPE_CHECKING:
    from docxtpl import DocxTemplate

# docxtpl (with python-docx and lxml) is imported only where it is used: preparing a template
# that is not in the cache, and documents that need its listing or table fixes. A run that
# needs neither, and `validate`, start faster without it.
XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_TAG_RE = re.compile(r"<[^>]+>")
_LISTING_CHARS = re.compile("[\t\n\a\f]")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class TemplateProblem(Exception):
    """A template that cannot be used, with the paragraph where the problem is."""

    def __init__(self, template: Path, message: str, paragraph: str | None = None) -> None:
        super().__init__(message)
        self.template, self.message, self.paragraph = template, message, paragraph

    def diagnostic(self, code: str) -> Diagnostic:
        """The problem as a diagnostic at the template (``code``: see baocao.codes)."""
        where = f" — ở đoạn «{self.paragraph}»" if self.paragraph else ""
        return Diagnostic(display_path(self.template), 0, 0, severity_of(code), code, f"{self.message}{where}")


def _read_cached(path: Path | None) -> "_Prepared | None":
    if path is None or not path.is_file():
        return None
    try:
        # Sealed by this machine, or never unpickled: the output folder may come from anywhere.
        prepared = unseal(path.read_bytes())
    except Exception:  # noqa: BLE001 - a damaged, foreign or outdated entry is only a slower run
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


def _generate_limited(template: Template, context: dict) -> str:
    """``template.render(context)``, stopped once it has written more than a part may hold."""
    pieces, size = [], 0
    generating = cast(Generator[str, None, None], template.generate(context))  # a generator, as Jinja makes it
    for piece in generating:
        size += len(piece)
        if size > limits.MAX_PART_CHARACTERS:
            stopped = TemplateLimit(f"mẫu viết ra hơn {format_int(limits.MAX_PART_CHARACTERS)} ký tự cho một văn bản "
                                    "(vòng lặp quá lớn?)")
            stopped.line = _suspended_line(generating, template)  # type: ignore[attr-defined]
            generating.close()
            raise stopped
        pieces.append(piece)
    return "".join(pieces)


def _suspended_line(generating: object, template: Template) -> int | None:
    """The template line a paused render is at (to say where it wrote too much)."""
    while generating is not None:
        frame = getattr(generating, "gi_frame", None)
        if frame is not None and frame.f_code.co_filename == "<template>":
            return template.get_corresponding_lineno(frame.f_lineno)
        generating = getattr(generating, "gi_yieldfrom", None)
    return None


def explain_template_error(exc: BaseException) -> str:
    if isinstance(exc, TemplateLimit):
        return str(exc)
    if isinstance(exc, TemplateTimeout):
        return (f"mẫu chạy quá {limits.SECONDS:g} giây cho một văn bản (vòng lặp lồng nhau quá lớn, hoặc macro gọi lại "
                "chính nó?); hãy sửa vòng lặp của mẫu")
    if isinstance(exc, RecursionError):
        return "mẫu gọi lại chính nó không dừng (macro đệ quy); hãy sửa macro"
    if isinstance(exc, ZeroDivisionError):
        return "mẫu chia cho 0; hãy kiểm tra mẫu số trước khi chia (ví dụ {% if tong %}…{% endif %})"
    if isinstance(exc, MemoryError):
        return "mẫu cần quá nhiều bộ nhớ; hãy sửa phép tính hoặc vòng lặp của mẫu"
    if isinstance(exc, OverflowError):
        if "range" in str(exc).lower():
            return "mẫu dùng range() quá 100.000 phần tử; hãy sửa vòng lặp của mẫu"
        return "mẫu dùng số quá lớn; hãy sửa phép tính của mẫu"
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        return "mẫu in ra một số quá nhiều chữ số (trên 4.300); hãy sửa phép tính của mẫu"
    if isinstance(exc, SecurityError):
        return f"mẫu truy cập thứ không được phép ({exc}); mẫu chỉ được dùng dữ liệu baocao cung cấp"
    if isinstance(exc, UndefinedError):
        return f"mẫu dùng tên không có trong dữ liệu: {exc.message}"
    unknown = _UNKNOWN_NAME.search(str(exc)) if isinstance(exc, TemplateError) else None
    if unknown:  # at compile time, or when it runs (a test in an {% if %})
        return _unknown_filter(unknown.group(1), unknown.group(2))
    if isinstance(exc, TemplateSyntaxError):
        return f"sai cú pháp mẫu: {exc.message}"
    return f"{type(exc).__name__}: {exc}"


_UNKNOWN_NAME = re.compile(r"No (filter|test) named '([^']*)'")


def _unknown_filter(kind: str, name: str) -> str:
    """A filter (``| ten``) or test (``is ten``) the template names and Jinja does not have."""
    from .environment import FILTERS, make_environment

    env = make_environment()
    known = sorted(env.filters if kind == "filter" else env.tests)
    close = difflib.get_close_matches(name, known, n=1)
    hint = f" (có phải '{close[0]}'?)" if close else ""
    if kind == "filter":
        return (f"bộ lọc '{name}' không có{hint}; bộ lọc của baocao: {', '.join(sorted(FILTERS))}, "
                "và các bộ lọc của Jinja (upper, join, default…)")
    return f"phép thử '{name}' không có{hint} (sau 'is'); ví dụ: defined, none, number, string"


PROPERTIES = ["author", "comments", "identifier", "language", "subject", "title"]
"""The core properties docxtpl renders as Jinja, in its order (``DocxTemplate.render_properties``)."""
CORE = "docProps/core.xml"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_JINJA_START = re.compile(r"\{[{%#]")
_DOCPR = re.compile(r"<wp:docPr\b[^>]*>")
_DOCPR_ID = re.compile(r'(\sid=")[^"]*(")')
_PLAIN = frozenset({str, int, float, bool, type(None), Decimal, date, datetime})
PREPARED_FORMAT = 2  # of _Prepared, in the cache key


@dataclass
class _Prepared:
    """What preparing a template produces: kept between runs (``cache_folder``) by the template's hash."""

    names: list[str]  # the zip entries, in the order docxtpl (python-docx) saves them
    fixed: dict[str, ZipEntry]  # entries that are the same in every document, compressed once
    document_prefix: str
    document_suffix: str
    sources: dict[str, str]  # Jinja source of each rendered part; a core property's under "docProps/core.xml#title"
    code: dict[str, bytes]  # its compiled code, marshalled
    footnotes: dict[str, str]  # footnote parts docxtpl's rendering changes: their text before it
    table_fix: bool  # docxtpl's table fix can change the body (see tables.py), or drawings need lxml to renumber
    drawings: bool  # wp:docPr ids to renumber as docxtpl does
    fallback: str | None  # why docxtpl itself must render this template (Vietnamese, for --verbose)


LIMITS = "limits-1"


@functools.lru_cache(maxsize=1)
def cache_salt() -> str:
    """What a cached preparation depends on besides the template's bytes."""
    versions = ":".join(metadata.version(name) for name in ("docxtpl", "python-docx"))
    # LIMITS: the compiled code calls the environment's limited operators (see environment.py).
    return f"{PREPARED_FORMAT}:{sys.version_info[:2]}:{jinja2.__version__}:{versions}:{LIMITS}"


def render_with_docxtpl(path: Path, context: dict, env: Environment) -> bytes:
    """Unmodified docxtpl, start to end: the plain path that PreparedTemplate must equal (the
    tests compare them) and is measured against (bench/render.py)."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(path))
    template.render(context, env)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def has_jinja(text: str) -> bool:
    return _JINJA_START.search(text) is not None


def docxtpl_object(context: object) -> object | None:
    """The first value in the context that is not plain data (an InlineImage, RichText, Subdoc,
    Listing…): a document whose context holds one is rendered by docxtpl itself."""
    stack: list[Any] = [context]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind in _PLAIN:
            continue
        if kind is dict:
            stack.extend(value.values())
        elif kind in (list, tuple, set, frozenset):
            stack.extend(value)
        else:
            return value
    return None


def renumber_drawings(body: str) -> str:
    """docxtpl's ``fix_docpr_ids`` without parsing the body: every wp:docPr, in document order, gets id 1001, 1002…"""
    numbers = itertools.count(1001)

    def renumber(match: re.Match[str]) -> str:
        tag, number = match.group(0), next(numbers)
        renumbered, found = _DOCPR_ID.subn(rf"\g<1>{number}\g<2>", tag, count=1)
        return renumbered if found else tag.replace("<wp:docPr", f'<wp:docPr id="{number}"', 1)

    return _DOCPR.sub(renumber, body)


def _same_part(name: str, ours: bytes, theirs: bytes) -> bool:
    """The same part up to serialisation (python-docx re-serialises every XML part it loads)."""
    if ours == theirs:
        return True
    if not name.endswith((".xml", ".rels")):
        return False
    from lxml import etree

    try:
        return etree.tostring(etree.fromstring(ours), method="c14n") == etree.tostring(etree.fromstring(theirs), method="c14n")
    except etree.XMLSyntaxError:
        return False


def _section_count(body: str, tree: Any | None) -> int:
    """How many sections python-docx sees in the rendered body: docxtpl renders the footnotes once per section."""
    from lxml import etree

    if tree is None:
        tree = etree.fromstring(body, etree.XMLParser(recover=True, huge_tree=True))
    return len(tree.xpath("./w:p/w:pPr/w:sectPr | ./w:sectPr", namespaces={"w": W_NS}))


class PreparedTemplate:
    """One template file, patched and compiled once per run (or taken from the cache of earlier runs).

    It renders what ``DocxTemplate(path).render(context, env)`` and ``save`` give, part by part
    up to serialisation: the body (with docxtpl's table fix where it can change something, and
    its drawing ids), every header and footer with Jinja (also tags Word split into runs, and
    comments), the footnotes (once per section, as docxtpl does), the core properties docxtpl
    renders, and the package python-docx writes (its parts, content types and relationships).
    A template it cannot render so (``fallback``), and a context holding docxtpl objects
    (InlineImage, RichText, Subdoc, Listing), are rendered by docxtpl itself.
    """

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
        self.table_fix, self.drawings, self.fallback = prepared.table_fix, prepared.drawings, prepared.fallback
        self.footnotes = prepared.footnotes
        parts = {
            name: CompiledPart(name, source, env.template_class.from_code(env, marshal.loads(prepared.code[name]), env.make_globals(None), None))
            for name, source in prepared.sources.items()
        }
        self.body = parts.pop("word/document.xml")
        self.properties = {name.partition("#")[2]: parts.pop(name) for name in list(parts) if name.startswith(CORE + "#")}
        self.parts = parts  # headers, footers and footnotes with Jinja

    def save(self) -> None:
        """Keep a fresh preparation in the cache folder, for later runs (once the folder is ours)."""
        if self._unsaved is not None and can_seal():
            cached, prepared = self._unsaved
            write_atomically(cached, seal(prepared))
            self._unsaved = None

    @property
    def helper(self) -> DocxTemplate:
        """docxtpl's own object, for its patching and fixing functions; loaded only when needed."""
        if self._helper is None:
            from docxtpl import DocxTemplate

            self._helper = DocxTemplate(io.BytesIO(self.raw))
            try:
                self._helper.init_docx()
            except Exception as exc:  # noqa: BLE001 - python-docx refuses it: so would docxtpl
                raise TemplateProblem(self.path, f"python-docx không mở được tệp mẫu ({type(exc).__name__}: {exc})") from None
        return self._helper

    def _prepare(self, env: Environment) -> _Prepared:
        try:
            entries = dict(read_package(self.raw))
        except BadPackage as bad:
            raise TemplateProblem(self.path, str(bad)) from None
        try:
            return self._prepare_checked(entries, env)
        except TemplateProblem:
            raise
        except Exception as exc:  # noqa: BLE001 - what else python-docx or docxtpl cannot read in a checked package
            raise TemplateProblem(self.path, f"không đọc được mẫu ({type(exc).__name__}: {exc}); {RESAVE}") from None

    def _prepare_checked(self, entries: dict[str, bytes], env: Environment) -> _Prepared:
        body = self._jinja_source(self.helper.get_xml())
        sources, replaced = {"word/document.xml": body}, {}
        for uri in (self.helper.HEADER_URI, self.helper.FOOTER_URI):
            for _, part in self.helper.get_headers_footers(uri):
                name, xml = str(part.partname).lstrip("/"), self.helper.get_part_xml(part)
                patched = self.helper.patch_xml(xml)
                if has_jinja(patched):
                    sources[name] = self._jinja_source(xml)
                elif self._after_jinja(patched) != xml:  # docxtpl's passes change it even without Jinja
                    replaced[name] = (XML_DECLARATION + self._after_jinja(patched)).encode("utf-8")
        footnotes = self._footnotes(sources)
        skeleton, templated, fallback = self._package()
        sources.update({f"{CORE}#{name}": value for name, value in templated.items()})
        code = {name: marshal.dumps(self._compile(name, source, env)) for name, source in sources.items()}
        document_xml = entries["word/document.xml"].decode("utf-8")
        start, end = document_xml.index("<w:body"), document_xml.index("</w:body>") + len("</w:body>")
        fixed = {}
        for name, data in skeleton.items():
            kept = entries.get(name)
            data = replaced.get(name, kept if kept is not None and _same_part(name, kept, data) else data)
            fixed[name] = deflate(name, data)
        try:
            table_fix = table_fix_can_change(body)
        except MissingGrid:
            raise TemplateProblem(self.path, "có bảng không có lưới cột (w:tblGrid); docxtpl không xử lý được bảng này") from None
        drawings = "<wp:docPr" in body
        return _Prepared(
            names=list(skeleton), fixed=fixed,
            document_prefix=document_xml[:start], document_suffix=document_xml[end:],
            sources=sources, code=code, footnotes=footnotes,
            # drawings named with another prefix than Word's are renumbered by docxtpl's own code
            table_fix=table_fix or len(re.findall(r"<(?:[\w.-]+:)?docPr\b", body)) != len(_DOCPR.findall(body)),
            drawings=drawings, fallback=fallback,
        )

    def _footnotes(self, sources: dict[str, str]) -> dict[str, str]:
        """The footnote parts docxtpl's ``render_footnotes`` changes, by their text; those with Jinja get a source."""
        footnotes = {}
        for part in self.helper.docx.part.package.parts:
            if part.content_type != FOOTNOTES_TYPE:
                continue
            name = str(part.partname).lstrip("/")
            text = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            patched = self.helper.patch_xml(text)
            if has_jinja(patched):
                sources[name] = re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)
                footnotes[name] = text
            elif self._after_jinja(patched) != text:
                footnotes[name] = text
        return footnotes

    def _package(self) -> tuple[dict[str, bytes], dict[str, str], str | None]:
        """The parts docxtpl's ``save`` writes when no part is rendered (python-docx's package,
        with the core properties docxtpl sets), the core properties that hold Jinja, and the
        reason docxtpl must render this template itself, if there is one."""
        from docx import Document
        from docx.opc.constants import RELATIONSHIP_TYPE

        document = Document(io.BytesIO(self.raw))
        has_core = any(rel.reltype == RELATIONSHIP_TYPE.CORE_PROPERTIES for rel in document.part.package.rels.values())
        properties, templated = document.core_properties, {}
        for name in PROPERTIES:
            value = getattr(properties, name)
            if has_jinja(value):
                templated[name] = value
            try:
                setattr(properties, name, value)
            except ValueError as exc:
                raise TemplateProblem(self.path, f"thuộc tính tài liệu '{name}' không dùng được: {exc}") from None
        buffer = io.BytesIO()
        document.save(buffer)
        with zipfile.ZipFile(buffer) as archive:
            skeleton = {info.filename: archive.read(info) for info in archive.infolist()}
        # Without core properties python-docx makes them, dated at the moment of saving.
        fallback = None if has_core else "mẫu không có phần thuộc tính tài liệu (docProps/core.xml)"
        return skeleton, templated, fallback

    def _jinja_source(self, xml: str) -> str:
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", self.helper.patch_xml(xml))

    def _after_jinja(self, xml: str) -> str:
        """docxtpl's passes after Jinja (``render_xml_part``), but for the paragraphs' line breaks."""
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        # Tabs, line and page breaks typed in values become Word's own; without any, nothing to do.
        return self.helper.resolve_listing(xml) if _LISTING_CHARS.search(xml) else xml

    def _compile(self, name: str, source: str, env: Environment):  # noqa: ANN202 - a code object
        try:
            return env.compile(source)
        except TemplateSyntaxError as exc:
            part = CompiledPart(name, source, None)  # type: ignore[arg-type]
            raise TemplateProblem(self.path, explain_template_error(exc), part.paragraph(exc.lineno)) from None

    def sources(self) -> list[CompiledPart]:
        return [self.body, *self.parts.values(), *self.properties.values()]

    def _run(self, part: CompiledPart, context: dict) -> str:
        try:
            return _generate_limited(part.template, context)
        except (TemplateError, SecurityError, TypeError, ValueError, AttributeError, KeyError, IndexError, ArithmeticError,
                RecursionError, MemoryError, TemplateLimit, TemplateTimeout) as exc:
            line = getattr(exc, "line", None) or _template_line(exc)
            raise TemplateProblem(self.path, explain_template_error(exc), part.paragraph(line)) from None

    def _render_part(self, part: CompiledPart, context: dict) -> str:
        return self._after_jinja(re.sub(r"\n<w:p([ >])", r"<w:p\1", self._run(part, context)))

    def render(self, context: dict, template: DocxTemplate | None = None) -> bytes:
        """The bytes of the .docx for this context. ``template``: the DocxTemplate that docxtpl
        objects in the context (RichText hyperlinks, InlineImage, Subdoc) were made for.

        Within the time a template has for one document (see limits.py); every rendered part is
        parsed first, so that a template that writes broken XML is a template problem, never a
        broken document."""
        try:
            with time_limit(limits.SECONDS):
                return self._render_in_time(context, template)
        except TemplateTimeout as exc:  # outside the template's own code (its line is unknown)
            raise TemplateProblem(self.path, explain_template_error(exc)) from None

    def _render_in_time(self, context: dict, template: DocxTemplate | None) -> bytes:
        found = docxtpl_object(context)
        if self.fallback is not None or found is not None or template is not None:
            return self._render_with_docxtpl(context, template or getattr(found, "tpl", None))
        body = self._render_part(self.body, context)
        self._check_xml("word/document.xml", (self.document_prefix + body + self.document_suffix).encode("utf-8"))
        tree = None
        if self.table_fix:
            tree = self.helper.fix_tables(body)
            self.helper.docx_ids_index = 1000
            self.helper.fix_docpr_ids(tree)
            document = self._with_body(tree)
        else:
            if self.drawings:
                body = renumber_drawings(body)
            document = (self.document_prefix + body + self.document_suffix).encode("utf-8")
        rendered = {"word/document.xml": document}
        for name, part in self.parts.items():
            if name not in self.footnotes:
                rendered[name] = (XML_DECLARATION + self._render_part(part, context)).encode("utf-8")
                self._check_xml(name, rendered[name])
        if self.footnotes:
            sections = _section_count(body, tree)
            for name, text in self.footnotes.items():
                rendered[name] = self._render_footnotes(name, text, sections, context).encode("utf-8")
                self._check_xml(name, rendered[name])
        if self.properties:
            rendered[CORE] = self._render_properties(context)
        return write_entries([deflate(name, rendered[name]) if name in rendered else self.fixed[name] for name in self.names])

    def _with_body(self, tree: object) -> bytes:
        """The document part around a fixed body tree, put in place as docxtpl's ``map_tree`` puts
        it: lxml then declares the body's namespaces as python-docx's save does."""
        from lxml import etree

        root = etree.fromstring((self.document_prefix + "<w:body/>" + self.document_suffix).encode("utf-8"))
        root.replace(root.find(f"{{{W_NS}}}body"), tree)
        return etree.tostring(root, encoding="UTF-8", standalone=True)

    def _render_footnotes(self, name: str, text: str, sections: int, context: dict) -> str:
        """docxtpl renders every footnote part once per section of the document, each time anew."""
        for count in range(sections):
            if count == 0 and name in self.parts:
                text = self._render_part(self.parts[name], context)
                continue
            patched = self.helper.patch_xml(text)
            if has_jinja(patched):
                source = re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)
                text = self._render_part(CompiledPart(name, source, self._from_string(name, source)), context)
            else:
                text = self._after_jinja(patched)
        return text

    def _from_string(self, name: str, source: str) -> Template:
        return self.env.template_class.from_code(self.env, self._compile(name, source, self.env), self.env.make_globals(None), None)

    def _render_properties(self, context: dict) -> bytes:
        """The core properties part with its templated properties rendered, set as python-docx sets them."""
        from docx.opc.coreprops import CoreProperties
        from docx.opc.oxml import serialize_part_xml
        from docx.oxml.parser import parse_xml

        element = parse_xml(zlib.decompress(self.fixed[CORE].compressed, -15))
        properties = CoreProperties(element)
        for name, part in self.properties.items():
            try:
                setattr(properties, name, self._run(part, context))
            except ValueError as exc:  # longer than python-docx allows
                raise TemplateProblem(self.path, f"thuộc tính tài liệu '{name}': {exc}") from None
        return serialize_part_xml(element)

    def _render_with_docxtpl(self, context: dict, template: Any | None) -> bytes:
        """docxtpl itself, on ``template`` if the context's objects belong to one; parts written
        with fixed timestamps like the fast path's."""
        from docxtpl import DocxTemplate

        if not isinstance(template, DocxTemplate):
            template = DocxTemplate(io.BytesIO(self.raw))
        buffer = io.BytesIO()
        try:
            template.render(context, self.env)
            template.save(buffer)
        except (TemplateError, SecurityError, TypeError, ValueError, AttributeError, KeyError, IndexError, ArithmeticError,
                RecursionError, MemoryError, TemplateLimit) as exc:
            raise TemplateProblem(self.path, explain_template_error(exc), None) from None
        with zipfile.ZipFile(buffer) as archive:
            return write_zip([(info.filename, archive.read(info)) for info in archive.infolist()])


    def _check_xml(self, name: str, data: bytes) -> None:
        try:
            parse_word_xml(data)
        except ExpatError as exc:
            raise TemplateProblem(self.path, (
                f"văn bản lập ra không phải XML hợp lệ ({errors.messages.get(exc.code, exc)}, trong phần {name}): "
                "mẫu chèn XML viết tay hoặc đánh dấu dữ liệu là an toàn (bộ lọc 'safe', Markup); hãy bỏ chúng, "
                "baocao tự viết chữ đúng cách"), paragraph_at(data, exc.lineno, exc.offset)) from None


_PARAGRAPH_RE = re.compile(rb"<w:p[ >].*?</w:p>", re.DOTALL)


def paragraph_at(data: bytes, line: int, column: int) -> str | None:
    """The text of the Word paragraph that is not well-formed, for a part whose parse failed at
    (line, column): the first paragraph that does not parse alone (the parser may notice only
    later, at a closing tag), else the one around that position."""
    for found in _PARAGRAPH_RE.finditer(data):
        try:
            parse_word_xml(b"<p>" + found.group(0) + b"</p>")
        except ExpatError:
            return paragraph_text(found.group(0).decode("utf-8", "replace")) or None
    offset = sum(len(text) + 1 for text in data.split(b"\n")[: max(line - 1, 0)]) + column
    start = max(data.rfind(b"<w:p>", 0, offset + 1), data.rfind(b"<w:p ", 0, offset + 1))
    if start < 0:
        return None
    end = data.find(b"</w:p>", offset)
    return paragraph_text(data[start: end if end >= 0 else offset + 200].decode("utf-8", "replace")) or None


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


def written_by_baocao(path: Path) -> bool:
    """Whether a .docx is as ``write_entries`` left it: no program has saved it since (Word,
    LibreOffice and python-docx all write their zips differently). A document that is, and is
    not the one the manifest records (a lost manifest, a render killed before it saved it), is
    baocao's own stale output, not a person's edit."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos, comment = archive.infolist(), archive.comment
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return False
    return bool(infos) and not comment and all(
        (info.create_system, info.create_version, info.extract_version, info.flag_bits, info.compress_type)
        == (_MADE_BY >> 8, _MADE_BY & 0xFF, _NEEDED, 0, _DEFLATED)
        and info.date_time == ZIP_TIME and info.external_attr == _EXTERNAL and not info.extra and not info.comment
        for info in infos)


def write_zip(entries) -> bytes:
    return write_entries([deflate(name, data) for name, data in entries])
