"""The stages of a run, in order: load → validate → plan → make (check templates, render) → write.

Each public function is what one CLI command calls; the CLI only parses options and prints.
The making stage (``making``, with Jinja and the rendering code) is imported only by a render,
while the unit files are typed: ``validate`` never loads it.
"""

from __future__ import annotations

import functools
import gc
import os
import shutil
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable, ParamSpec, TypeVar

from . import __version__
from .changes import Differ, append_history
from .checks import checks_apart, validate_round
from .diagnostics import Report, display_path
from .files import OutputFolder, UnsafeOutput, discard, is_link, make_durable, remove_link, write_atomically
from .load import Round, RoundUnusable, load_round
from .manifest import HISTORY_FILE, LOCK_FILE, MANIFEST_FILE, STATE_FOLDER, Entry, Manifest, encode, file_hash, now_text, record, rules_hash, sha256, snapshot
from .parallel import ordered_map
from .kinds import INDIVIDUAL_FOLDER
from .plan import ROUND_DOCUMENTS, Job, plan, template_path
from .render import context as ctx
from .rules import RuleSet

if TYPE_CHECKING:
    from .making import DocumentMaker, Made, PreparedTemplate

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2
Progress = Callable[[str, int, int], None]  # (what is being done, how many done, of how many)
MAKING, CONVERTING = "Đang lập văn bản", "Đang chuyển sang PDF"
PROBLEMS_FILE = "van-de.txt"
TEMPLATE_CACHE = "mau"


@dataclass
class Validated:
    round: Round | None
    report: Report
    fatal: str | None = None  # why the round could not be used at all

    @property
    def exit_code(self) -> int:
        if self.fatal is not None:
            return EXIT_UNUSABLE
        return EXIT_PROBLEMS if self.report.has_errors else EXIT_OK

    @property
    def loaded_round(self) -> Round:
        """The round, for code that runs once ``fatal`` is known to be None (the round loaded)."""
        if self.round is None:
            raise ValueError(f"the round could not be used: {self.fatal}")
        return self.round


@contextmanager
def without_gc_pauses() -> Iterator[None]:
    """Building a round makes hundreds of thousands of small objects that live on and hold no
    cycles; the cyclic collector would walk them again and again for nothing (a third of the
    time of a large validation). Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What was built lives on: set it apart, or the first collection would walk all of it.
        gc.freeze()
        if was_enabled:
            gc.enable()


_P = ParamSpec("_P")
_T = TypeVar("_T")
_operations = 0  # how many validate/render calls are running in this process, one inside another
_operations_lock = threading.Lock()


def one_operation(function: Callable[_P, _T]) -> Callable[_P, _T]:
    """What ``without_gc_pauses`` set apart is given back to the collector when the outermost
    operation ends. Frozen objects are never collected, so without this a process that renders
    again and again (the server, a test run) would keep every render's cyclic garbage for its life."""

    @functools.wraps(function)
    def run_once(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        global _operations
        with _operations_lock:
            _operations += 1
        try:
            return function(*args, **kwargs)
        finally:
            with _operations_lock:
                _operations -= 1
                last = _operations == 0
            if last:
                gc.unfreeze()
                gc.collect()

    return run_once


@one_operation
def validate(folder: Path, draft: bool = False, rule_set: str | None = None, cache_folder: Path | None = None,
             workers: int = 1, while_typing: Callable[[Path, RuleSet], object] | None = None) -> Validated:
    """Load and check a round (see load_round for ``workers`` and ``while_typing``)."""
    report = Report()
    with without_gc_pauses():
        try:
            round_ = load_round(folder, report, rule_set, cache_folder, workers, while_typing, checks_apart(draft))
        except RoundUnusable as exc:
            return Validated(None, report, str(exc))
        validate_round(round_, report, draft)
    return Validated(round_, report)


# --- what to render ----------------------------------------------------------------------------------

@dataclass
class Rendered:
    validated: Validated
    output: Path | None = None
    written: list[Path] = field(default_factory=list)
    up_to_date: int = 0
    kept_edited: list[Path] = field(default_factory=list)  # edited by hand: left as they are
    moved_aside: list[Path] = field(default_factory=list)  # edited by hand, kept under a new name (--force)
    busy: list[Path] = field(default_factory=list)  # open in another program: not replaced
    unsafe: list[str] = field(default_factory=list)  # paths through a link or out of the folder: not written
    removed: list[Path] = field(default_factory=list)  # of units gone from the data, moved to da-xoa/
    changes: list = field(default_factory=list)
    since: str | None = None
    manifest: Manifest | None = None
    spreadsheet: Path | None = None  # --xlsx
    pdfs: list[Path] = field(default_factory=list)  # --pdf
    pdf_failed: list[Path] = field(default_factory=list)
    pdf_problem: str | None = None
    template_problems: list[str] = field(default_factory=list)
    unlinked: list[Path] = field(default_factory=list)  # links planted where baocao keeps its own files: removed
    notes: list[str] = field(default_factory=list)  # warnings about the output folder (a manifest set aside)
    template_notes: list[str] = field(default_factory=list)  # --verbose: templates docxtpl itself renders, and why
    stopped: str | None = None  # why nothing was rendered
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        if self.validated.fatal is not None:
            return EXIT_UNUSABLE
        if self.stopped is not None or self.template_problems or self.busy or self.unsafe or self.pdf_problem or self.pdf_failed:
            return EXIT_PROBLEMS
        return EXIT_OK

    def counts(self) -> Counter:
        return Counter(path.name if path.parent.name != INDIVIDUAL_FOLDER else INDIVIDUAL_FOLDER for path in self.written)


REMOVED_FOLDER = "da-xoa"


def _aside_name(target: Path, label: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = target.with_name(f"{target.stem}.{label}-{stamp}{target.suffix}")
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = target.with_name(f"{target.stem}.{label}-{stamp}-{counter}{target.suffix}")
    return candidate


class Writer:
    """Commits made documents, one by one, without losing anything a person wrote."""

    def __init__(self, out: Path, manifest: Manifest, force: bool, result: Rendered) -> None:
        self.out, self.manifest, self.force, self.result = out, manifest, force, result
        self.place = OutputFolder(out)
        self.entries: dict[str, Entry] = {}

    def commit(self, job: Job, made: Made) -> None:
        rel = job.output.as_posix()
        entry = self.manifest.documents.get(rel)
        if made.state == "unsafe":
            self.result.unsafe.append(made.message)
        elif made.state == "up_to_date":
            self.result.up_to_date += 1
        if made.waiting is None:
            if entry is not None:
                self.entries[rel] = entry
            return
        target, found = self.place.status(job.output)
        placed = False
        try:
            placed = self._make_room(target, found, entry, made.digest) and self._place(made.waiting, target)
        finally:
            if not placed:
                discard(made.waiting)
        if placed:
            self.entries[rel] = Entry(made.input, made.digest, job.form, job.unit, made.size, made.mtime_ns)
            self.result.written.append(target)
        elif entry is not None:
            self.entries[rel] = entry
        elif target in self.result.kept_edited:
            # A person's file where no record says baocao wrote one: recorded as matching nothing,
            # so that every render names it again, as it does an edit of a recorded document.
            self.entries[rel] = Entry("", "", job.form, job.unit)

    def _make_room(self, target: Path, found: os.stat_result | None, entry: Entry | None, digest: str) -> bool:
        """False when the file there (``found``: its status) is a person's edit, kept; with
        --force it is moved aside."""
        if found is None or (entry is not None and entry.matches_file(target, found)) or file_hash(target) == digest:
            return True
        if target.suffix == ".docx":
            from .render.docx import written_by_baocao

            if written_by_baocao(target):  # stale, but as baocao wrote it: no one saved it since
                return True
        # Not what baocao last wrote there, nor what it would write: a person's edit.
        if not self.force:
            self.result.kept_edited.append(target)
            return False
        aside = _aside_name(target, "sua-tay")
        try:
            os.replace(target, aside)
        except PermissionError:  # the edit is open in Word (Windows): left as it is, named
            self.result.busy.append(target)
            return False
        self.result.moved_aside.append(aside)
        return True

    def _place(self, waiting: Path, target: Path) -> bool:
        try:
            os.replace(waiting, target)
        except PermissionError:  # open in another program (Windows)
            self.result.busy.append(target)
            return False
        return True

    def write_bytes(self, relative: Path, data: bytes, form: str) -> bool:
        """A file made outside the templates (the spreadsheet): written unless a person edited it."""
        rel = relative.as_posix()
        target, found = self.place.status(relative)
        entry = self.manifest.documents.get(rel)
        digest = sha256(data)
        if not self._make_room(target, found, entry, digest):
            return False
        if entry is None or not entry.matches_file(target) or entry.output != digest:
            try:
                write_atomically(target, data)
            except PermissionError:  # open in Excel (Windows): the old one stays, named
                self.result.busy.append(target)
                return False
            self.result.written.append(target)
        self.entries[rel] = record(target, Entry(digest, digest, form, None))
        return True

    def keep(self, rel: str, entry: Entry) -> None:
        self.entries[rel] = entry

    def retire(self, rel: str) -> None:
        """A document whose unit or member left the data: moved to da-xoa/, never deleted."""
        try:
            source = self.place.path(Path(rel))
            target = self.place.path(Path(REMOVED_FOLDER) / rel)
        except UnsafeOutput as refusal:
            self.result.unsafe.append(str(refusal))
            return
        if not source.is_file():
            return
        if target.exists():
            target = _aside_name(target, "cu")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(source, target)
        except PermissionError:
            self.result.busy.append(source)
            self.entries[rel] = self.manifest.documents[rel]
            return
        self.result.removed.append(target)
        for folder in source.parents:
            if folder == self.out or not folder.is_relative_to(self.out) or any(folder.iterdir()):
                break
            folder.rmdir()


@one_operation
def render(
    folder: Path,
    output_root: Path = Path("output"),
    draft: bool = False,
    only_unit: str | None = None,
    rule_set: str | None = None,
    progress: Progress | None = None,
    force: bool = False,
    reason: str | None = None,
    xlsx: bool = False,
    pdf: bool = False,
    jobs_count: int = 1,
) -> Rendered:
    started = time.perf_counter()
    out = output_root / folder.resolve().name
    # The rendering code is loaded and the templates compiled while worker processes type the unit files.
    compile_templates = partial(_prepare_rendering, cache_folder=out / STATE_FOLDER / TEMPLATE_CACHE)
    validated = validate(folder, draft=draft, rule_set=rule_set, cache_folder=out / STATE_FOLDER, workers=jobs_count,
                         while_typing=compile_templates)
    result = Rendered(validated)
    round_ = validated.round
    if round_ is None:  # the round could not be used at all: validated.fatal says why
        return result
    if validated.report.has_errors and not draft:
        result.stopped = "dữ liệu còn lỗi; sửa các lỗi trên, hoặc chạy với --draft để in bản dự thảo"
        return result
    unit_key = _unit_key(round_, only_unit) if only_unit else None
    if only_unit and unit_key is None:
        expected = {rel.removesuffix(".yaml").removesuffix("/dang-bo") for rel in round_.dot.don_vi_du_kien}
        missing = Path(only_unit).as_posix().removesuffix(".yaml").removesuffix("/dang-bo") in expected
        result.stopped = (f"đơn vị '{only_unit}' chưa nộp tệp dữ liệu" if missing
                          else f"không có đơn vị '{only_unit}' trong đợt đánh giá")
        return result
    from . import making  # loaded already, by _prepare_rendering

    result.output = out
    result.unlinked = _remove_planted_links(out)
    (out / STATE_FOLDER).mkdir(parents=True, exist_ok=True)
    from filelock import FileLock, Timeout  # here: `validate` never needs it

    lock = FileLock(str(out / STATE_FOLDER / LOCK_FILE), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        result.stopped = f"một lần lập văn bản khác đang ghi vào {display_path(out)}; hãy đợi lần đó xong rồi chạy lại"
        return result
    try:
        _remove_stale_temporaries(out)  # of a render killed before it could rename them
        manifest = Manifest.load(out)
        if manifest.problem:
            result.notes.append(manifest.problem)
        keys = input_keys(round_, draft)
        reuse = frozenset() if force else unchanged_units(manifest, keys, out)
        with without_gc_pauses():
            jobs = plan(round_, draft, unit_key, reuse)
        templates, result.template_problems = making.templates_for(round_.memo["while_typing"], {job.form for job in jobs})
        result.template_notes = making.template_notes(templates)
        for template in templates.values():
            template.save()
        if result.template_problems:
            # The templates that compiled are checked too, so that all is said at once.
            result.template_problems += making.check_without_making(jobs, templates)
            return result
        result.since = manifest.rendered_at
        maker = making.DocumentMaker(out, manifest.documents, templates, rules_hash(round_), force)
        made, current = _make_documents(jobs, maker, jobs_count, progress, meanwhile=partial(_while_making, round_, manifest),
                                        units=len(round_.all_units()))
        making.check_made(jobs, made, templates)
        _commit_round(round_, manifest, jobs, made, out, result, unit_key, reuse, force)
        _record_keys(manifest, keys, out, result, unit_key, reuse)
        if unit_key is None:
            _write_problems_file(out, validated.report, draft)
        _remember(current, manifest, out, result, reason, draft if unit_key is None else None)
        if xlsx and unit_key is None:
            from .excel import tables_workbook  # openpyxl only when a spreadsheet is asked for

            writer = Writer(out, manifest, force, result)
            writer.entries = manifest.documents
            try:
                if writer.write_bytes(Path(SPREADSHEET), tables_workbook(ctx.tables(round_, draft)), SPREADSHEET_FORM):
                    result.spreadsheet = out / SPREADSHEET
            except UnsafeOutput as refusal:
                result.unsafe.append(str(refusal))
            manifest.save(out)
        if pdf:
            _make_pdfs(out, manifest, result, jobs_count, progress)
    except making.TemplateProblem as problem:
        result.template_problems.append(problem.format())
    except making.StopMaking as stop:
        result.template_problems += stop.problems
    finally:
        lock.release()
    result.seconds = time.perf_counter() - started
    return result


def input_keys(round_: Round, draft: bool) -> dict[str, str]:
    """For each unit, and for the round's own documents, a hash of the files they are made from.

    A cell's documents come from its own file, its đảng bộ's file (name, place, secretary), the
    round file, the rule set and the templates; a đảng bộ's also from its cells' files (its
    summary); the round's documents from every file.
    """
    paths = [template_path(round_.folder, round_.rule_set, form) for form in sorted(round_.rule_set.data.mau)]
    templates = sha256(b"\0".join(path.read_bytes() if path.is_file() else b"-" for path in paths))
    base = "\0".join([__version__, rules_hash(round_), templates, round_.round_file.digest, str(draft)])
    keys = {}
    for unit in round_.all_units():
        related = [unit.source.digest, unit.parent.source.digest if unit.parent else ""]
        related += [child.source.digest for child in unit.children]
        keys[unit.rel.as_posix()] = sha256("\0".join([base, *related]).encode())
    keys[ROUND_DOCUMENTS] = sha256("\0".join([base, *(u.source.digest for u in round_.all_units())]).encode())
    return keys


def unchanged_units(manifest: Manifest, keys: dict[str, str], out: Path) -> frozenset[str]:
    """Units whose inputs are those their documents were made from, and whose files are ours."""
    by_unit: dict[str, list[tuple[str, Entry]]] = {}
    for rel, entry in manifest.documents.items():
        by_unit.setdefault(entry.unit or ROUND_DOCUMENTS, []).append((rel, entry))
    unchanged = set()
    for unit, key in keys.items():
        if manifest.unit_keys.get(unit) == key and all(entry.matches_file(out / rel) for rel, entry in by_unit.get(unit, [])):
            unchanged.add(unit)
    return frozenset(unchanged)


def _record_keys(manifest: Manifest, keys: dict[str, str], out: Path, result: Rendered, unit_key: str | None, reuse: frozenset[str]) -> None:
    """Remember a unit's key only when all its documents were written (none kept or busy)."""
    incomplete = set()
    if result.kept_edited or result.busy:
        left = {path.resolve() for path in result.kept_edited + result.busy}
        incomplete = {entry.unit or ROUND_DOCUMENTS for rel, entry in manifest.documents.items() if (out / rel).resolve() in left}
    for unit, key in keys.items():
        if unit_key is not None and unit != unit_key:
            continue
        if unit in incomplete:
            manifest.unit_keys.pop(unit, None)
        else:
            manifest.unit_keys[unit] = key
    for unit in set(manifest.unit_keys) - set(keys):
        del manifest.unit_keys[unit]


PARALLEL_FROM = 48  # less work than this many unit documents is done in this process: starting workers costs more


def _work(jobs: list[Job], units: int) -> int:
    """The work of making ``jobs``, in unit documents: a round document is built from every one
    of the round's ``units``, so it weighs that many (a re-render after one correction remakes
    few documents, but those)."""
    return sum(units if job.unit is None else 1 for job in jobs)


def _prepare_rendering(folder: Path, rule_set: RuleSet, cache_folder: Path) -> dict[str, PreparedTemplate | str]:
    """While the workers type the unit files: load the code a render needs next (the making
    stage with Jinja, the lock) and compile the templates."""
    import filelock  # noqa: F401 - loaded now, used once the round is valid
    from .making import prepare_templates

    return prepare_templates(folder, rule_set, cache_folder)


def _make_documents(jobs: list[Job], maker: DocumentMaker, workers: int, progress: Progress | None,
                    meanwhile: Callable[[], Snapshot], units: int) -> tuple[list[Made], Snapshot]:
    """Make every document (in worker processes when there is much to do); this process does
    ``meanwhile`` as they work, and returns what came of both."""
    from .making import check_first_shape, mark_shape_sample

    mark_shape_sample(jobs)
    # The round's own documents, built from every unit, are the longest to make: made first, they
    # do not leave one worker busy at the end while the others wait.
    order = sorted(range(len(jobs)), key=lambda index: jobs[index].unit is not None)
    made: dict[int, Made] = {}
    checked: set[str] = set()
    with without_gc_pauses():  # workers fork with the collector paused, and keep it so
        outcomes = ordered_map(maker.make, [jobs[index] for index in order], workers if _work(jobs, units) >= PARALLEL_FROM else 1)
        try:
            done_meanwhile = meanwhile()
            for count, (index, outcome) in enumerate(zip(order, outcomes, strict=True), start=1):
                made[index] = outcome
                check_first_shape(jobs[index].form, outcome, maker.templates, checked)
                if progress:
                    progress(MAKING, count, len(jobs))
        except BaseException:
            # A disk full, an interruption: once the workers have stopped, no temporary file stays behind.
            outcomes.close()
            _remove_stale_temporaries(maker.out)
            raise
    return [made[index] for index in range(len(jobs))], done_meanwhile


def _while_making(round_: Round, manifest: Manifest) -> Snapshot:
    """This process's share while the workers make documents: the cache, the round's snapshot,
    and what changed since the last render (the manifest that records it is saved afterwards)."""
    round_.memo["cache"].save()
    current = snapshot(round_)
    return Snapshot(current, Differ(round_.rule_set).diff(manifest.snapshot, current), encode(current))


def _commit_round(round_: Round, manifest: Manifest, jobs: list[Job], made: list[Made], out: Path, result: Rendered,
                  unit_key: str | None, reuse: frozenset[str], force: bool) -> None:
    """Put the made documents in place, keep or retire the others, and describe them in the manifest."""
    make_durable()  # every made document, before any of them replaces a file
    writer = Writer(out, manifest, force, result)
    for job, outcome in zip(jobs, made, strict=True):
        writer.commit(job, outcome)
    planned = {job.output.as_posix() for job in jobs}
    units = {u.rel.as_posix(): u for u in round_.all_units()}
    for rel, entry in manifest.documents.items():
        if rel in planned:
            continue
        owner = entry.unit or ROUND_DOCUMENTS
        if entry.form == SPREADSHEET_FORM:
            writer.keep(rel, entry)  # made only with --xlsx, and never retired by a render without it
        elif unit_key is not None and entry.unit != unit_key:
            writer.keep(rel, entry)  # --unit: other units' entries stay as they are (and are not counted)
        elif owner in reuse:
            writer.keep(rel, entry)
            result.up_to_date += 1
        elif entry.unit in units and not units[entry.unit].usable:
            writer.keep(rel, entry)  # a unit whose data is broken for now keeps its documents
        else:
            writer.retire(rel)
    manifest.documents = writer.entries
    result.manifest = manifest


SPREADSHEET = "bieu-tong-hop.xlsx"
SPREADSHEET_FORM = "bieu_tong_hop_xlsx"


def _make_pdfs(out: Path, manifest: Manifest, result: Rendered, workers: int, progress: Progress | None) -> None:
    """PDFs of baocao's own documents (those of the manifest: never a person's own .docx, a copy
    kept aside, or Word's ``~$`` lock file) that have none yet or changed since theirs was made."""
    from .pdf import ConverterMissing, to_pdf

    stale = []
    for rel in sorted(manifest.documents):
        document = out / rel
        if document.suffix != ".docx" or not document.is_file():
            continue
        pdf = document.with_suffix(".pdf")
        if not pdf.exists() or pdf.stat().st_mtime_ns < document.stat().st_mtime_ns:
            stale.append(document)
    try:
        converted = to_pdf(stale, workers, partial(progress, CONVERTING) if progress else None, work_in=out / STATE_FOLDER)
    except ConverterMissing as missing:
        result.pdf_problem = str(missing)
        return
    result.pdfs, result.pdf_failed = converted.written, converted.failed
    result.busy += converted.busy


@dataclass
class Snapshot:
    """What the round said at this render, what changed since the last, and its JSON for the manifest."""

    data: dict
    changes: list
    json: str


def _remember(current: Snapshot, manifest: Manifest, out: Path, result: Rendered, reason: str | None, draft: bool | None) -> None:
    """Save the manifest (after the documents it describes), the changes and the history."""
    if draft is not None:
        manifest.draft = draft
    result.changes = current.changes
    manifest.snapshot = current.data
    manifest.rendered_at = now_text()
    manifest.save(out, current.json)
    append_history(out, result.changes, reason)


def _remove_planted_links(out: Path) -> list[Path]:
    """Links where baocao keeps its own files (planted, or in a folder copied from elsewhere) are
    removed before anything is written, so that no history, manifest or cache goes through them
    (and no cache entry outside is deleted as stale)."""
    from .cache import CACHE_FILE

    own = [Path(STATE_FOLDER), Path(STATE_FOLDER, LOCK_FILE), Path(STATE_FOLDER, MANIFEST_FILE), Path(STATE_FOLDER, TEMPLATE_CACHE),
           Path(STATE_FOLDER, CACHE_FILE), Path(HISTORY_FILE), Path(PROBLEMS_FILE)]
    return [out / rel for rel in own if remove_link(out / rel)]


def leftover_temporaries(out: Path) -> list[Path]:
    """Temporary files in the output folder (of a render killed before it renamed them, when no
    render holds the lock)."""
    found = []
    for folder, _, names in os.walk(out):  # the whole output tree, thousands of files: os.walk lists it fastest
        for name in names:
            if name.startswith(".") and name.endswith(".tmp"):
                found.append(Path(folder, name))
    return found


def render_running(out: Path) -> bool:
    """Whether a render holds the output folder's lock now."""
    lock = out / STATE_FOLDER / LOCK_FILE
    if is_link(lock.parent) or is_link(lock) or not lock.is_file():  # baocao never locks through a link
        return False
    from filelock import FileLock, Timeout

    try:
        with FileLock(str(out / STATE_FOLDER / LOCK_FILE), timeout=0):
            return False
    except Timeout:
        return True


def _remove_stale_temporaries(out: Path) -> None:
    """Temporary files of a render that was killed (we hold the lock: no render is writing them),
    and the work folders of a PDF conversion it left."""
    from .pdf import WORK_PREFIX

    for stale in leftover_temporaries(out):
        if stale.is_symlink() or stale.is_file():  # a link planted under such a name: removed, never followed
            stale.unlink()
    state = out / STATE_FOLDER
    if state.is_dir() and not is_link(state):
        for folder in state.glob(WORK_PREFIX + "*"):
            if is_link(folder):
                folder.unlink()
            elif folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)


def _unit_key(round_: Round, written: str) -> str | None:
    """--unit accepts the unit's path in the round, with or without .yaml, or a path to its file."""
    wanted = Path(written)
    if wanted.is_file():
        for unit in round_.all_units():
            if unit.source.path.resolve() == wanted.resolve():
                return unit.rel.as_posix()
    key = wanted.as_posix().removesuffix(".yaml").removesuffix("/dang-bo")
    return key if key in {u.rel.as_posix() for u in round_.all_units()} else None


def _write_problems_file(out: Path, report: Report, draft: bool) -> None:
    target = out / PROBLEMS_FILE
    if draft and report.diagnostics:
        write_atomically(target, (report.format_text() + "\n").encode("utf-8"))
    elif target.exists():
        target.unlink()  # our own file from an earlier draft: stale now
