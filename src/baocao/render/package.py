"""A template's .docx file read as untrusted input: a zip that may be a bomb, another kind of
file renamed, parts in UTF-16, names that climb out of the package, DTDs with entity bombs.

Everything is checked before python-docx or docxtpl sees a byte, and each problem is a message
in Vietnamese saying what is wrong with the file and what to do (most often: open the template
in Word and save it again as a .docx).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from io import BytesIO
from xml.parsers import expat
from xml.parsers.expat import ExpatError, errors

MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # a template's parts, unpacked (Word's own templates: well under 1 MiB)
MAX_PARTS = 2000
RESAVE = "hãy mở mẫu bằng Word và lưu lại dưới dạng Tài liệu Word (.docx)"
_TARGET_RE = re.compile(rb'<Relationship\b[^>]*>')
_ATTRIBUTE_RE = re.compile(rb'(\w+)="([^"]*)"')


class BadPackage(Exception):
    """A template file that cannot be used, with the Vietnamese reason."""


def read_package(raw: bytes) -> list[tuple[str, bytes]]:
    """The zip entries of a template, in order, once every check has passed."""
    try:
        archive = zipfile.ZipFile(BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise BadPackage(f"tệp mẫu không phải tệp .docx (không phải tệp nén zip); {RESAVE}") from None
    with archive:
        infos = archive.infolist()
        _check_names_and_sizes(infos)
        try:
            entries = [(info.filename, archive.read(info)) for info in infos]
        except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise BadPackage(f"tệp mẫu bị hỏng ({exc}); {RESAVE}") from None
    names = {name for name, _ in entries}
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names:
            raise BadPackage("tệp mẫu là bảng tính Excel (.xlsx) đổi đuôi thành .docx, không phải văn bản Word")
        if "ppt/presentation.xml" in names:
            raise BadPackage("tệp mẫu là tệp PowerPoint đổi đuôi thành .docx, không phải văn bản Word")
        raise BadPackage(f"tệp mẫu không có phần word/document.xml: không phải văn bản Word; {RESAVE}")
    for name, data in entries:
        if name.endswith((".xml", ".rels")):
            _check_xml_part(name, data)
        if name.endswith(".rels"):
            _check_targets(name, data)
    return entries


def _check_names_and_sizes(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_PARTS:
        raise BadPackage(f"tệp mẫu có {len(infos)} phần, quá giới hạn {MAX_PARTS}: không phải văn bản Word bình thường")
    for info in infos:
        if _leaves_package(info.filename):
            raise BadPackage(f"tệp mẫu có phần tên '{info.filename}' trỏ ra ngoài gói .docx; {RESAVE}")
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise BadPackage(f"tệp mẫu giải nén ra {unpacked // (1024 * 1024)} MiB, quá giới hạn {MAX_UNPACKED_BYTES // (1024 * 1024)} MiB "
                         "cho một mẫu (tệp nén độc hại, hoặc mẫu chứa ảnh, video quá lớn); hãy bỏ bớt rồi lưu lại")


def _leaves_package(name: str) -> bool:
    return name.startswith(("/", "\\")) or "\\" in name or ".." in name.split("/") or ":" in name.split("/")[0]


def _check_xml_part(name: str, data: bytes) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\0" in data[:200]:
        raise BadPackage(f"phần {name} của mẫu không ở mã UTF-8 (có thể là UTF-16); {RESAVE}")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadPackage(f"phần {name} của mẫu không ở mã UTF-8; {RESAVE}") from None
    try:
        parse_word_xml(data)
    except ExpatError as exc:
        if exc.code == 0:  # a DTD: entities that could expand without end ("billion laughs")
            raise BadPackage(f"phần {name} của mẫu khai báo DTD và thực thể (<!DOCTYPE …>), thứ Word không bao giờ viết; {RESAVE}") from None
        reason = errors.messages.get(exc.code, str(exc))
        raise BadPackage(f"phần {name} của mẫu không phải XML hợp lệ ({reason}, dòng {exc.lineno}); {RESAVE}") from None


def _check_targets(name: str, data: bytes) -> None:
    """Relationships of a part: an internal target must stay inside the package."""
    folder = posixpath.dirname(posixpath.dirname(name))  # word/_rels/document.xml.rels → word
    for tag in _TARGET_RE.findall(data):
        attributes = {key.decode(): value.decode("utf-8", "replace") for key, value in _ATTRIBUTE_RE.findall(tag)}
        target = attributes.get("Target", "")
        if attributes.get("TargetMode") == "External" or not target:
            continue
        resolved = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
        if resolved.startswith("../") or resolved == "..":
            raise BadPackage(f"phần {name} của mẫu trỏ tới '{target}', ra ngoài gói .docx; {RESAVE}")


class _DoctypeRefused(Exception):
    pass


def _refuse_doctype(*_: object) -> None:
    raise _DoctypeRefused


def parse_word_xml(data: bytes) -> None:
    """Parse a part of a Word document, or raise ExpatError. Word's parts never declare a DTD, so
    one is refused before any entity of it can be expanded (no 'billion laughs')."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_doctype
    try:
        parser.Parse(data, True)
    except _DoctypeRefused:
        error = ExpatError("có khai báo DTD, thứ văn bản Word không dùng")
        error.code, error.lineno, error.offset = 0, parser.CurrentLineNumber, parser.CurrentColumnNumber
        raise error from None
