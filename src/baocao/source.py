"""Reading a round folder: YAML files into plain values, with the file:line of every value.

The YAML is composed (never constructed by PyYAML) and turned into values here, so that:
- every value's position is kept, by its key path, for messages;
- duplicated keys are errors (PyYAML keeps the last one silently);
- aliases are refused the moment one is met, so an alias bomb never expands;
- plain scalars follow YAML 1.2's core schema: ``yes``/``no``, ``0x7B5`` and ``2017-13-45``
  stay text, and the model says what it expected instead of silently reading a bool or a number.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from .diagnostics import Located, Report, display_path
from .vietnamese import natural_key

try:  # the C parser when PyYAML was built with libyaml
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

ROUND_FILE = "dot-danh-gia.yaml"
PARTY_COMMITTEE_FILE = "dang-bo.yaml"
MAX_FILE_BYTES = 2 * 1024 * 1024
"""A unit file larger than this is refused: the largest real cell is a few hundred kB."""

Marks = dict[tuple, tuple[int, int]]
KEY = "\0key"
"""Path suffix under which a mapping key's own position is kept: path + (KEY,)."""


@dataclass(eq=False)
class SourceFile:
    """A file of the round, its values, and (read when first needed) their positions."""

    path: Path
    data: Any
    report: Report
    readable: bool = True
    digest: str = ""  # sha256 of the file's bytes
    known_marks: Marks | None = None

    @functools.cached_property
    def display(self) -> str:
        """The path shown in messages (worked out when first needed: most files never need it)."""
        return display_path(self.path)

    @property
    def marks(self) -> Marks:
        # A unit taken from the cache has no positions until a message needs one.
        if self.known_marks is None:
            self.known_marks = _positions_of(self.path)
        return self.known_marks

    @property
    def at(self) -> Located:
        return Located(self.display, lambda: self.marks, self.report)


class _YamlRefusal(Exception):
    def __init__(self, line: int, column: int, code: str, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.code, self.message = line, column, code, message


# --- decoding ------------------------------------------------------------------------------

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


def decode(raw: bytes) -> str:
    """Decode a file's bytes as UTF-8, or raise _YamlRefusal saying what the file is instead."""
    if raw.startswith(_UTF16_BOMS) or (len(raw) > 3 and raw.count(b"\x00") > len(raw) // 4):
        raise _YamlRefusal(
            1, 1, "ma-hoa",
            "tệp được lưu bằng mã UTF-16; hãy mở tệp và lưu lại với mã UTF-8 "
            "(Notepad: Lưu thành → Mã hóa: UTF-8)",
        )
    if b"\x00" in raw:
        raise _YamlRefusal(
            1, 1, "khong-phai-yaml",
            "tệp không phải văn bản YAML (có vẻ là tệp nhị phân, ví dụ tệp Word hay Excel đổi tên); hãy mở và lưu lại đúng dạng",
        )
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM):]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _YamlRefusal(line, column, "ma-hoa", _legacy_encoding_message(raw)) from None


# Bytes that TCVN3 (ABC) uses for Vietnamese letters and Windows-1258 does not use for letters.
_TCVN3_HINTS = set(b"\xa7\xb6\xae\xb8\xb5\xb9\xbe\xbb\xbc\xc6\xca\xc7\xc8\xd0\xd1\xcf\xd5\xd7\xdd\xe3\xf8")
_WINDOWS_1258_HINTS = set(b"\xd2\xde\xec\xf2\xcc\xe3\xf5")


def _legacy_encoding_message(raw: bytes) -> str:
    high = [b for b in raw if b >= 0x80]
    tcvn3 = sum(b in _TCVN3_HINTS for b in high)
    win1258 = sum(b in _WINDOWS_1258_HINTS for b in high)
    if tcvn3 > win1258:
        guess = "bảng mã TCVN3 (ABC, phông .VnTime) hoặc VNI"
    else:
        guess = "bảng mã Windows-1258"
    return (
        f"tệp không phải UTF-8, có vẻ được lưu bằng {guess}; hãy chuyển sang Unicode "
        "(Unikey: Công cụ chuyển mã, đích Unicode) rồi lưu lại với mã UTF-8"
    )


# --- YAML ----------------------------------------------------------------------------------

_INT_RE = re.compile(r"^[-+]?(0|[1-9][0-9]{0,17})$")  # longer: text, reported against the type its key needs
_FLOAT_RE = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


def _position(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


class _Builder:
    """Turns a composed node graph into plain values and a path → position table."""

    def __init__(self) -> None:
        self.marks: Marks = {}
        self.seen: set[int] = set()
        # Scalars are made by the fast reader's own constructor: one rule for both readers.
        self.scalars = _ValuesLoader("")

    def build(self, node: yaml.Node, path: tuple, mark_node: yaml.Node | None = None, where: yaml.Mark | None = None) -> Any:
        if id(node) in self.seen:
            # An alias is the anchored node itself: report where it is used (the key or list holding it).
            raise _YamlRefusal(
                *_position(where or node.start_mark), "yaml-alias",
                "không dùng neo và bí danh (&, *) trong tệp dữ liệu; hãy viết đầy đủ giá trị",
            )
        self.seen.add(id(node))
        self.marks[path] = _position((mark_node or node).start_mark)
        if isinstance(node, yaml.ScalarNode):
            return self.scalars.construct_object(node, deep=True)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,), where=node.start_mark) for index, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)  # YAML has no fourth kind of node
        return self._build_mapping(node, path)

    def _build_mapping(self, node: yaml.MappingNode, path: tuple) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _YamlRefusal(
                    *_position(key_node.start_mark), "yaml-alias",
                    "không dùng khóa gộp '<<' trong tệp dữ liệu; hãy viết đầy đủ giá trị",
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise _YamlRefusal(
                    *_position(key_node.start_mark), "yaml-cu-phap", "khóa phải là một chữ đơn giản",
                )
            key = key_node.value
            if key in result:
                line, _ = self.marks[path + (key,)]
                raise _YamlRefusal(
                    *_position(key_node.start_mark), "khoa-trung",
                    f"khóa '{key}' được viết hai lần (lần trước ở dòng {line}); hãy giữ một lần",
                )
            self.marks[path + (key, KEY)] = _position(key_node.start_mark)
            # A collection is reported at its key's line: that is the line a user looks for.
            is_collection = not isinstance(value_node, yaml.ScalarNode)
            result[key] = self.build(value_node, path + (key,), key_node if is_collection else None, where=key_node.start_mark)
        return result


_YAML_PROBLEMS = [
    ("cannot start any token", "'\\t'", "ký tự Tab ở đầu dòng: YAML chỉ thụt lề bằng dấu cách, hãy thay Tab bằng dấu cách"),
    ("found unexpected end of stream", "quoted", "thiếu dấu nháy đóng cho chuỗi mở ở đây"),
    ("found unexpected end of stream", "", "tệp kết thúc giữa chừng; kiểm tra dấu nháy và ngoặc"),
    ("mapping values are not allowed", "", "dấu ':' không đúng chỗ; nếu giá trị có dấu ':', hãy đặt cả giá trị trong dấu nháy"),
    ("expected <block end>", "", "thụt lề không đều: các khóa cùng cấp phải thẳng cột"),
    ("expected a single document", "", "tệp chứa nhiều văn bản YAML (có dòng '---' ở giữa); mỗi tệp chỉ một"),
    ("could not find expected ':'", "", "thiếu dấu ':' sau khóa, hoặc dấu nháy chưa đóng ở dòng trên"),
    ("found undefined alias", "", "không dùng neo và bí danh (&, *) trong tệp dữ liệu"),
    ("found duplicate anchor", "", "không dùng neo và bí danh (&, *) trong tệp dữ liệu"),
    ("while scanning an anchor", "", "không dùng neo và bí danh (&, *) trong tệp dữ liệu"),
    ("while scanning an alias", "", "không dùng neo và bí danh (&, *) trong tệp dữ liệu"),
]


def _explain_yaml_error(exc: yaml.YAMLError, text: str) -> _YamlRefusal:
    problem = str(getattr(exc, "problem", "") or "")
    mark = getattr(exc, "problem_mark", None)
    if mark is not None and "cannot start any token" in problem and text[mark.index : mark.index + 1] == "\t":
        problem += " '\\t'"
    context = str(getattr(exc, "context", "") or "")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if "expected a single document" in problem or "expected a single document" in context:
        mark = getattr(exc, "problem_mark", None)
    line, column = _position(mark)
    for needle, hint, message in _YAML_PROBLEMS:
        if needle in problem or needle in context:
            if hint and hint not in problem + context:
                continue
            if hint == "quoted":
                mark = getattr(exc, "context_mark", None) or mark
                line, column = _position(mark)
            return _YamlRefusal(line, column, "yaml-cu-phap", message)
    return _YamlRefusal(line, column, "yaml-cu-phap", f"YAML sai cú pháp: {problem or context or exc}")


class _ValuesLoader(_Loader):
    """The C parser with our rules for values, for reading values fast; positions come later.

    Same rules as _Builder: YAML 1.2 core scalars (no yes/no, hex, dates), string keys only,
    duplicated keys and aliases refused where they are met. Positions of values are read again,
    with _Builder, only for a file that has something to report.
    """

    yaml_implicit_resolvers: dict = {}

    def resolve(self, kind, value, implicit):  # noqa: ANN001, ANN201 - PyYAML's signature
        """YAML 1.2 core scalars, decided directly (PyYAML's table-driven resolver is slower)."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                if value in _NULL:
                    return _TAGS["null"]
                if value in _TRUE or value in _FALSE:
                    return _TAGS["bool"]
                if value[:1] in _NUMBER_STARTS:
                    if _INT_RE.match(value):
                        return _TAGS["int"]
                    if _FLOAT_RE.match(value):
                        return _TAGS["float"]
            return _TAGS["str"]
        return _TAGS["seq"] if kind is yaml.SequenceNode else _TAGS["map"]

    # An alias is the anchored node met a second time: mappings and sequences refuse it before
    # constructing it, so that an alias bomb never expands. Children are built at once (deep), in
    # the file's order, so that an alias is met where it is used, as the positioned reader meets it.
    def construct_sequence(self, node, deep=False):  # noqa: ANN001, ANN201
        constructed = self.constructed_objects
        for child in node.value:
            if child in constructed:
                raise _YamlRefusal(*_position(node.start_mark), "yaml-alias", _ALIAS_MESSAGE)
        return [self.construct_object(child, deep=True) for child in node.value]

    def construct_mapping(self, node, deep=False):  # noqa: ANN001, ANN201
        mapping: dict = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise _YamlRefusal(*_position(key_node.start_mark), "yaml-cu-phap", "khóa phải là một chữ đơn giản")
            key = key_node.value
            if key in mapping:
                raise _YamlRefusal(
                    *_position(key_node.start_mark), "khoa-trung",
                    f"khóa '{key}' được viết hai lần (lần trước ở dòng {lines[key]}); hãy giữ một lần",
                )
            if value_node in self.constructed_objects:
                raise _YamlRefusal(*_position(key_node.start_mark), "yaml-alias", _ALIAS_MESSAGE)
            lines[key] = key_node.start_mark.line + 1
            mapping[key] = self.construct_object(value_node, deep=True)
        return mapping


_TAGS = {name: f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "str", "seq", "map")}
_NUMBER_STARTS = set("-+0123456789.")
_ALIAS_MESSAGE = "không dùng neo và bí danh (&, *) trong tệp dữ liệu; hãy viết đầy đủ giá trị"


def _read_document(text: str, read: Callable[[str], Any]) -> Any:
    """Run a PyYAML reader over one document, turning its errors and an empty file into refusals."""
    if "\x00" in text:
        raise _YamlRefusal(1, 1, "ma-hoa", "tệp chứa ký tự NUL: không phải tệp văn bản YAML")
    try:
        result = read(text)
    except yaml.YAMLError as exc:
        raise _explain_yaml_error(exc, text) from None
    if result is None:
        raise _YamlRefusal(1, 1, "tep-rong", "tệp rỗng: không có dữ liệu")
    return result


def load_values(text: str) -> Any:
    """One YAML document's values, without positions (the fast path); raises _YamlRefusal."""
    return _read_document(text, lambda t: yaml.load(t, Loader=_ValuesLoader))


def parse_yaml_text(text: str) -> tuple[Any, Marks]:
    """Parse one YAML document into values and positions; raises _YamlRefusal. Values are what
    ``load_values`` reads (tests/test_yaml_readers.py holds the two to it)."""
    builder = _Builder()

    def read(document: str) -> Any:
        node = yaml.compose(document, Loader=_ValuesLoader)
        return None if node is None else builder.build(node, ())

    return _read_document(text, read), builder.marks


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes; raises _YamlRefusal for a file too large to be a unit, OSError as is."""
    size = path.stat().st_size
    if size > max_bytes:
        raise _YamlRefusal(
            1, 1, "tep-qua-lon",
            f"tệp quá lớn ({size // 1024} kB, giới hạn {max_bytes // 1024} kB cho một tệp); "
            "hãy tách thành nhiều tệp chi bộ",
        )
    return path.read_bytes()


def file_digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def open_source(path: Path, report: Report) -> tuple[SourceFile, bytes | None]:
    """A file's bytes and an unparsed SourceFile for it; unreadable files are reported."""
    source = SourceFile(path, None, report, known_marks={})
    try:
        raw = read_bytes(path)
    except _YamlRefusal as refusal:
        _refuse(source, refusal)
        return source, None
    except OSError as exc:
        source.readable = False
        source.at.error("doc-tep", (), f"không đọc được tệp: {exc.strerror or exc}")
        return source, None
    source.digest = file_digest(raw)
    source.known_marks = None
    return source, raw


def parse_source(source: SourceFile, raw: bytes) -> None:
    """Decode and parse a file's bytes into the SourceFile, reporting what cannot be read.

    Values are read on the fast path; their positions only when a message needs one.
    """
    try:
        source.data = load_values(decode(raw))
        source.known_marks = None
    except _YamlRefusal as refusal:
        _refuse(source, refusal)


def _refuse(source: SourceFile, refusal: "_YamlRefusal") -> None:
    source.readable = False
    source.known_marks = {(): (refusal.line, refusal.column)}
    source.at.error(refusal.code, (), refusal.message)


def read_yaml_file(path: Path, report: Report) -> SourceFile:
    """Read and parse one YAML file; on any problem, report it and return it marked unreadable."""
    source, raw = open_source(path, report)
    if raw is not None:
        parse_source(source, raw)
    return source


def _positions_of(path: Path) -> Marks:
    try:
        return parse_yaml_text(decode(path.read_bytes()))[1]
    except (_YamlRefusal, OSError):
        return {}


# --- the round folder ------------------------------------------------------------------------


def is_ignored(path: Path) -> bool:
    """Names starting with _ or . (a round's own templates and rule set) and backups take no part."""
    return path.name.startswith(("_", ".")) or path.name.endswith(".bak")


@dataclass
class UnitSource:
    """A unit file and where it sits in the Party tree."""

    path: Path
    kind: str  # "dang_bo_co_so" (a folder's dang-bo.yaml), "chi_bo_co_so", "chi_bo_truc_thuoc"
    rel: Path  # path below the round folder, without the .yaml suffix
    parent_rel: Path | None = None
    children: list["UnitSource"] = field(default_factory=list)


@dataclass
class RoundSource:
    folder: Path
    round_file: SourceFile
    units: list[UnitSource]  # grassroots organisations, in file-name order


def _scan(folder: Path, root: Path, report: Report) -> tuple[list[Path], list[Path]]:
    """A folder's YAML files and subfolders that take part, in name order, minus links that
    would leave the round or loop.

    A linked folder is refused outright (it can loop back on the round); a linked file is refused
    when it points outside the round folder, and kept otherwise (the duplicate check of the load
    stage then sees if it is the same file as another).
    """
    with os.scandir(folder) as scanning:  # what each entry is comes with the listing: no call per entry
        entries = sorted(((Path(entry.path), entry) for entry in scanning), key=lambda pair: natural_key(pair[0].name))
    files, folders = [], []
    for path, entry in entries:
        if is_ignored(path):
            continue
        if entry.is_symlink():
            target = path.resolve()
            if entry.is_dir():
                report.add_from(display_path(path), "lien-ket", f"'{path.name}' là liên kết tới thư mục khác: không dùng liên kết thư mục trong thư mục đợt")
                continue
            if not target.is_relative_to(root.resolve()):
                report.add_from(display_path(path), "lien-ket", f"'{path.name}' là liên kết tới tệp ngoài thư mục đợt ({target}); hãy chép tệp vào đây")
                continue
        if entry.is_dir():
            folders.append(path)
        elif path.suffix == ".yaml" and entry.is_file():
            files.append(path)
    return files, folders


def read_round_folder(folder: Path, report: Report) -> RoundSource | None:
    """Read the round file and find every unit file; None when the folder or round file is unusable.

    Below a district-level committee (to 2025) a top-level file is a chi bộ cơ sở and a folder a
    đảng bộ cơ sở. When the round file says ``dang_uy_co_so: true`` (a commune or ward committee
    since 1/7/2025), the committee is itself the grassroots organisation: top-level files are its
    chi bộ trực thuộc, and folders have no place.
    """
    round_path = folder / ROUND_FILE
    if not folder.is_dir() or not round_path.is_file():
        return None
    round_file = read_yaml_file(round_path, report)
    grassroots_committee = isinstance(round_file.data, dict) and round_file.data.get("dang_uy_co_so") is True
    top_kind = "chi_bo_truc_thuoc" if grassroots_committee else "chi_bo_co_so"
    units: list[UnitSource] = []
    files, folders = _scan(folder, folder, report)
    for path in files:
        if path.name == ROUND_FILE:
            continue
        units.append(UnitSource(path, top_kind, Path(path.stem)))
    for sub in folders:
        if grassroots_committee:
            report.add_from(
                display_path(sub), "cay-qua-sau",
                f"thư mục '{sub.name}': đợt của đảng ủy cơ sở chỉ gồm các tệp chi bộ trực thuộc ở thư mục đợt",
            )
            continue
        committee = _read_party_committee_folder(folder, sub, report)
        if committee is not None:
            units.append(committee)
    units.sort(key=lambda u: natural_key(u.rel.as_posix()))
    _refuse_shared_outputs(units, report, {})
    return RoundSource(folder, round_file, units)


RESERVED_OUTPUTS = {"da-xoa": "thư mục baocao cất văn bản của đơn vị đã bỏ"}


def output_identity(rel: Path) -> str:
    """What an output path is on every system: Windows and macOS see one folder for names that
    differ only by case or by how the accents were typed (composed or not)."""
    return unicodedata.normalize("NFC", rel.as_posix()).casefold()


def _refuse_shared_outputs(units: list[UnitSource], report: Report, seen: dict[str, UnitSource]) -> None:
    """Two units whose documents would go to one folder (``x.yaml`` beside a folder ``x/``, names
    differing only by case or accents' encoding): the second is an error and takes no part, so
    that neither hides the other's documents nor half-replaces them."""
    for unit in list(units):
        identity = output_identity(unit.rel)
        other = seen.get(identity)
        reserved = RESERVED_OUTPUTS.get(identity)
        if other is not None or reserved is not None:
            clash = (f"{display_path(other.path)} (tên chỉ khác chữ hoa, chữ thường hay cách gõ dấu, hoặc tệp '{unit.rel.name}.yaml' "
                     f"cạnh thư mục '{unit.rel.name}/': trên Windows là một thư mục)") if other is not None else reserved
            report.add_from(display_path(unit.path), "trung-thu-muc-ket-qua",
                            f"văn bản của đơn vị này sẽ ghi vào cùng thư mục kết quả '{unit.rel.as_posix()}/' với {clash}; "
                            "hãy đổi tên tệp hoặc thư mục")
            units.remove(unit)
            continue
        seen[identity] = unit
        _refuse_shared_outputs(unit.children, report, seen)


def _read_party_committee_folder(root: Path, sub: Path, report: Report) -> UnitSource | None:
    rel = sub.relative_to(root)
    committee_path = sub / PARTY_COMMITTEE_FILE
    if not committee_path.is_file():
        report.add_from(
            display_path(sub), "thieu-dang-bo",
            f"thư mục '{sub.name}' là một đảng bộ nhưng thiếu tệp {PARTY_COMMITTEE_FILE}",
        )
        return None
    committee = UnitSource(committee_path, "dang_bo_co_so", rel)
    files, folders = _scan(sub, root, report)
    for path in files:
        if path.name == PARTY_COMMITTEE_FILE:
            continue
        committee.children.append(
            UnitSource(path, "chi_bo_truc_thuoc", rel / path.stem, rel)
        )
    for deeper in folders:
        report.add_from(
            display_path(deeper), "cay-qua-sau",
            f"thư mục '{deeper.name}' nằm sâu hơn cây đảng cho phép (đảng bộ cơ sở → chi bộ trực thuộc); "
            "hãy đưa các tệp chi bộ lên thư mục của đảng bộ",
        )
    return committee
