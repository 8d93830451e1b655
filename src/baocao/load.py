"""Load stage: a round folder → a Round of typed units, with every value's position kept.

What cannot be read or typed is reported here; a unit whose file has such errors is kept in the
tree (it is on the roll) but marked unusable, so later stages count it and render nothing for it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, parallel
from .cache import CACHE_FILE, UnitCache
from .diagnostics import Diagnostic, Located, Report, display_path
from .model import DangVien, DonVi, DotDanhGia
from .rules import RuleSet, RuleSetError, builtin_names, load_rule_set, locate
from .schema import Converter
from .source import ROUND_FILE, RoundSource, SourceFile, UnitSource, open_source, parse_source, read_round_folder

if TYPE_CHECKING:  # figures works on rounds: its types are only named here
    from .figures import QuotaResult, Standing, Tally

DEFAULT_RULE_SET = "thuong-tin-2017"
GRASSROOTS_KINDS = ("dang_bo_co_so", "chi_bo_co_so")


class RoundUnusable(Exception):
    """The round folder or its round file cannot be used at all (exit code 2)."""


@dataclass(eq=False)  # units are compared by identity: two units are never "equal"
class Unit:
    """A unit of the round: its data, where it came from, and its place in the tree."""

    don_vi: DonVi | None
    source: SourceFile
    position: str  # the kind its place in the tree gives: dang_bo_co_so, chi_bo_co_so, chi_bo_truc_thuoc
    rel: Path
    parent: "Unit | None" = None
    children: list["Unit"] = field(default_factory=list)
    usable: bool = True

    @property
    def at(self) -> Located:
        return self.source.at

    @property
    def is_grassroots(self) -> bool:
        return self.position in GRASSROOTS_KINDS

    @property
    def holds_members(self) -> bool:
        return self.position != "dang_bo_co_so"

    @property
    def grassroots(self) -> "Unit":
        return self.parent or self

    @property
    def data(self) -> DonVi:
        """The unit's typed data, for the stages that run on units whose file was typed (the
        checks after typing, the figures, the contexts): there it is certain, and saying so here
        spares every use a test for None."""
        if self.don_vi is None:
            raise ValueError(f"{self.rel}: the unit's file was not typed; only a typed unit has data")
        return self.don_vi

    @property
    def members(self) -> list[DangVien]:
        return self.don_vi.dang_vien if self.don_vi else []

    @property
    def name(self) -> str:
        return self.don_vi.ten if self.don_vi and self.don_vi.ten else self.rel.name

    def walk(self) -> list["Unit"]:
        return [self] + [u for child in self.children for u in child.walk()]


@dataclass
class RoundFigures:
    """Figures worked out once per round and kept where every stage finds them (``figures``
    fills them; workers and the cache hand theirs back). Keyed by the identity of the member or
    cell: the same data typed twice is two entries."""

    standings: dict[int, Standing] = field(default_factory=dict)  # id(member) → its standing
    cell_tallies: dict[int, Tally] = field(default_factory=dict)  # id(cell) → its members' tally
    quota_results: list[QuotaResult] | None = None


@dataclass(eq=False)
class Round:
    folder: Path
    dot: DotDanhGia
    rule_set: RuleSet
    round_file: SourceFile
    units: list[Unit]  # grassroots organisations; cells of a đảng bộ are its children
    figures: RoundFigures = field(default_factory=RoundFigures, repr=False)
    cache: UnitCache | None = field(default=None, repr=False)  # the typed units kept between runs (a render saves it)
    prepared: Any = field(default=None, repr=False)  # what load_round's ``while_typing`` returned (a render: its templates)

    @property
    def name(self) -> str:
        return self.folder.resolve().name

    def all_units(self) -> list[Unit]:
        return [u for top in self.units for u in top.walk()]

    def cells(self) -> list[Unit]:
        """Every unit that holds members: chi bộ cơ sở and chi bộ trực thuộc."""
        return [u for u in self.all_units() if u.holds_members]

    def grassroots(self) -> list[Unit]:
        """The grassroots organisations of the round (none when a ward committee runs it for its cells)."""
        return [u for u in self.units if u.is_grassroots]


def load_round(folder: Path, report: Report, rule_set_override: str | None = None, cache_folder: Path | None = None,
               workers: int = 1, while_typing: Callable[[Path, RuleSet], object] | None = None) -> Round:
    """Load a round; with ``cache_folder``, units of unchanged files come from the cache there.

    Files not in the cache are typed in ``workers`` processes when there are many; this process
    calls ``while_typing`` (with the folder and the rule set) meanwhile, and keeps what it returns
    as ``Round.prepared``. Checking the units is the next stage's (``checks``), in this process.
    """
    source = read_round_folder(folder, report)
    if source is None:
        if not folder.is_dir():
            raise RoundUnusable(f"không tìm thấy thư mục đợt đánh giá '{display_path(folder)}'")
        raise RoundUnusable(f"thư mục '{display_path(folder)}' không có tệp {ROUND_FILE}: chưa phải một đợt đánh giá")
    dot = _read_round_file(source, report)
    rule_set = _read_rule_set(source, dot, report, rule_set_override)
    salt = f"{CACHE_FORMAT}:{__version__}:{rule_set_digest(rule_set)}"
    cache = UnitCache(cache_folder / CACHE_FILE if cache_folder else None, salt)
    _drop_linked_duplicates(source.units, report, {})
    opened: list[tuple[Unit, bytes]] = []
    units = [_open_unit(unit_source, None, report, opened) for unit_source in source.units]
    round_ = Round(folder, dot, rule_set, source.round_file, units)  # its tree is whole; its units are typed next
    meanwhile = partial(while_typing, folder, rule_set) if while_typing else _nothing
    round_.prepared = _type_units(opened, round_, report, cache, workers, meanwhile)
    cache.keep_only({u.rel.as_posix() for u in round_.all_units()})
    if cache.rejected and cache.folder is not None:
        report.add_from(display_path(cache.folder), "bo-nho-dem", (
            f"{cache.rejected} mục của bộ nhớ đệm hỏng hoặc không do baocao trên máy này ghi (thư mục kết quả "
            "chép từ nơi khác?): đã bỏ qua mà không đọc, các đơn vị đó được đọc lại từ tệp"), "canh_bao")
    round_.cache = cache
    return round_


def rule_set_digest(rule_set: RuleSet) -> str:
    return hashlib.sha256(b"\0".join(path.read_bytes() for path in rule_set.files)).hexdigest()


def _read_round_file(source: RoundSource, report: Report) -> DotDanhGia:
    round_file = source.round_file
    if not round_file.readable:
        raise RoundUnusable(f"tệp {round_file.display} không đọc được (xem lỗi ở trên)")
    before = len(report.errors)
    dot = Converter(round_file.at).record(DotDanhGia, round_file.data, ())
    if dot is None or len(report.errors) > before and (dot.nam is None or dot.quy_tac is None or dot.ngay_danh_gia is None):
        raise RoundUnusable(f"tệp {round_file.display} thiếu thông tin bắt buộc (xem lỗi ở trên)")
    return dot


def _read_rule_set(source: RoundSource, dot: DotDanhGia, report: Report, override: str | None) -> RuleSet:
    reference = override or dot.quy_tac or DEFAULT_RULE_SET
    path = locate(reference, source.folder)
    if path is None:
        source.round_file.at.error(
            "quy-tac-khong-co", ("quy_tac",),
            f"không tìm thấy bộ quy tắc '{reference}'; các bộ có sẵn: {', '.join(builtin_names())}, "
            "hoặc ghi đường dẫn tới tệp bộ quy tắc (tính từ thư mục đợt)",
        )
        raise RoundUnusable("không có bộ quy tắc để kiểm tra")
    try:
        return load_rule_set(path, report)
    except RuleSetError:
        raise RoundUnusable(f"bộ quy tắc '{reference}' có lỗi (xem ở trên)") from None


def _drop_linked_duplicates(sources: list[UnitSource], report: Report, seen: dict[object, Path]) -> None:
    """A file reached twice (a link to another file of the round) is one unit, counted once."""
    for unit_source in list(sources):
        identity = _file_identity(unit_source.path)
        if identity in seen:
            report.add_from(
                display_path(unit_source.path), "trung-don-vi",
                f"tệp này là liên kết tới {display_path(seen[identity])}: cùng một đơn vị, chỉ tính một lần; hãy xóa liên kết",
            )
            sources.remove(unit_source)
            continue
        seen[identity] = unit_source.path
        _drop_linked_duplicates(unit_source.children, report, seen)


def _file_identity(path: Path) -> object:
    """The same for every path that reaches one file (through links or not)."""
    try:
        found = os.stat(path)
    except OSError:  # unreadable: reported when it is opened
        return path
    return found.st_dev, found.st_ino


def _open_unit(unit_source: UnitSource, parent: Unit | None, report: Report, opened: list[tuple[Unit, bytes]]) -> Unit:
    """The unit of a file and its children's, untyped; files that could be read go to ``opened``."""
    file, raw = open_source(unit_source.path, report)
    unit = Unit(None, file, unit_source.kind, unit_source.rel, parent, usable=file.readable)
    if raw is not None:
        opened.append((unit, raw))
    unit.children = [_open_unit(child, unit, report, opened) for child in unit_source.children]
    return unit


CACHE_FORMAT = 6  # what a cache entry holds: 6 = a TypedUnit (5: with what its checks found; 4: a tuple)


@dataclass
class TypedUnit:
    """What the cache keeps of a unit (and a worker sends back): its typed data and the
    diagnostics of reading and typing it."""

    don_vi: DonVi | None
    usable: bool
    diagnostics: list[Diagnostic]
PARALLEL_FROM = 32  # fewer files to type than this are typed in this process: starting workers costs more


def _nothing() -> None:
    return None


def _type_units(opened: list[tuple[Unit, bytes]], round_: Round, report: Report, cache: UnitCache, workers: int,
                meanwhile: Callable[[], object]) -> object:
    """Type every opened unit: from the cache when its file is unchanged, else from its bytes.
    Returns what ``meanwhile`` returned, called while workers type (before typing in this process)."""
    rule_set = round_.rule_set
    untyped = []
    for unit, raw in opened:
        cached = cache.get(unit.rel.as_posix(), unit.source.digest)
        if isinstance(cached, TypedUnit):
            _take_typed(unit, cached, report)
        else:
            untyped.append((unit, raw))
    if parallel.forks(len(untyped), workers, PARALLEL_FROM):
        # Workers type the files and send back what the cache keeps: the same as a later run reads.
        def entry_of(item: tuple[Unit, bytes]) -> bytes:
            return cache.entry(item[0].source.digest, _typed(*item, rule_set))

        typing = parallel.ordered_map(entry_of, untyped, workers, PARALLEL_FROM)
        try:
            done_meanwhile = meanwhile()
        except BaseException:
            typing.close()  # no worker left running, whatever stopped this process
            raise
        for (unit, _), entry in zip(untyped, typing, strict=True):
            payload = cache.put_entry(unit.rel.as_posix(), entry)
            assert isinstance(payload, TypedUnit)  # made by _typed in a worker of this run
            _take_typed(unit, payload, report)
        return done_meanwhile
    done_meanwhile = meanwhile()
    for unit, raw in untyped:
        cache.put(unit.rel.as_posix(), unit.source.digest, _typed(unit, raw, rule_set))
    return done_meanwhile


def _take_typed(unit: Unit, typed: TypedUnit, report: Report) -> None:
    """A unit typed elsewhere (an earlier run, a worker process): its model and its diagnostics."""
    unit.don_vi, unit.usable = typed.don_vi, typed.usable
    unit.source.readable = unit.don_vi is not None or unit.usable
    report.extend(_shown_as_now(unit, typed.diagnostics))


def _shown_as_now(unit: Unit, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics found elsewhere, naming the unit's file as this run shows it (another working folder)."""
    return [replace(d, file=unit.source.display) for d in diagnostics]


def _typed(unit: Unit, raw: bytes, rule_set: RuleSet) -> TypedUnit:
    """Type a unit from its file's bytes; returns what the cache keeps of it."""
    report = unit.source.report
    before = len(report.diagnostics)
    _type_unit(unit, raw, rule_set)
    return TypedUnit(unit.don_vi, unit.usable, report.diagnostics[before:])


def _type_unit(unit: Unit, raw: bytes, rule_set: RuleSet) -> None:
    file, report = unit.source, unit.source.report
    parse_source(file, raw)
    if not file.readable:
        unit.usable = False
        return
    before = len(report.errors)
    unit.don_vi = Converter(file.at).record(DonVi, file.data, ())
    if unit.don_vi is not None:
        _resolve_categories(unit, rule_set)
    unit.usable = unit.don_vi is not None and len(report.errors) == before


def _resolve_categories(unit: Unit, rule_set: RuleSet) -> None:
    """Replace categories written as names (any case and punctuation) by their codes."""
    don_vi = unit.don_vi
    assert don_vi is not None
    for key in ("tu_xep_loai", "xep_loai"):
        setattr(don_vi, key, resolve_written_category(unit.at, rule_set, "to_chuc", getattr(don_vi, key), (key,)))
    for index, member in enumerate(don_vi.dang_vien):
        for key in ("tu_xep_loai", "xep_loai"):
            setattr(member, key, resolve_written_category(unit.at, rule_set, "dang_vien", getattr(member, key), ("dang_vien", index, key)))


def resolve_written_category(at: Located, rule_set: RuleSet, subject: str, written: str | None, path: tuple) -> str | None:
    if written is None:
        return None
    code = rule_set.resolve_category(subject, written)
    if code is None:
        valid = ", ".join(f"{c.ma} ({c.ten})" for c in rule_set.categories(subject))
        who = "đảng viên" if subject == "dang_vien" else "tổ chức đảng"
        close = _closest_category(rule_set, subject, written)
        hint = f"; có phải '{close}'?" if close else ""
        at.error(
            "xep-loai-khong-co", path,
            f"mức xếp loại '{written}' không có trong bộ quy tắc {rule_set.name}{hint}; các mức cho {who}: {valid}",
        )
    return code


def _closest_category(rule_set: RuleSet, subject: str, written: str) -> str | None:
    """The short name of the category a typo is closest to ('HTTVN', 'htxs'), if one is close."""
    import difflib  # only for a message

    names = {}
    for c in rule_set.categories(subject):
        names.update({c.ten_ngan.casefold(): c.ten_ngan, c.ma.casefold(): c.ten_ngan, c.ten.casefold(): c.ten_ngan})
    close = difflib.get_close_matches(str(written).casefold(), list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else None
