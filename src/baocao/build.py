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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable, ParamSpec, TypeVar

from .changes import Differ, append_history
from .checks import validate_round
from .diagnostics import Diagnostic, Report, display_path
from .files import is_link, make_durable, remove_link, write_atomically
from .kinds import ASKED_FOR_FORMS, KINDS, WORKBOOK_FORMS
from .incremental import input_keys, record_keys, unchanged_units
from .load import Round, RoundUnusable, load_round
from .manifest import HISTORY_FILE, LOCK_FILE, MANIFEST_FILE, STATE_FOLDER, Manifest, now_text, rules_hash, snapshot
from .outcome import EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE, Rendered, Validated
from .parallel import ordered_map
from .plan import ROUND_DOCUMENTS, Job, plan
from .rules import RuleSet
from .writer import BUSY_MESSAGE, Writer

# What the CLI and the page use through this module: the stages, and what they come to.
__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_UNUSABLE", "RenderOptions", "Rendered", "Validated",
           "leftover_temporaries", "plan", "render", "render_running", "validate"]

if TYPE_CHECKING:
    from .making import DocumentMaker, Made, PreparedTemplate

Progress = Callable[[str, int, int], None]  # (what is being done, how many done, of how many)
MAKING, CONVERTING = "Đang lập văn bản", "Đang chuyển sang PDF"
PROBLEMS_FILE = "van-de.txt"
TEMPLATE_CACHE = "mau"


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
            round_ = load_round(folder, report, rule_set, cache_folder, workers, while_typing)
        except RoundUnusable as exc:
            return Validated(None, report, str(exc))
        validate_round(round_, report, draft)
    return Validated(round_, report)


@dataclass(frozen=True)
class RenderOptions:
    """What a render is asked for, besides the round and where its output goes."""

    draft: bool = False
    only_unit: str | None = None  # --unit: one unit's documents
    rule_set: str | None = None
    progress: Progress | None = None
    force: bool = False  # replace documents edited by hand (kept under another name)
    reason: str | None = None  # why this render, for the history
    xlsx: bool = False
    pdf: bool = False
    jobs_count: int = 1


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
    """Validate the round and write its documents into ``output_root``/<round folder name>."""
    options = RenderOptions(draft, only_unit, rule_set, progress, force, reason, xlsx, pdf, jobs_count)
    started = time.perf_counter()
    out = output_root / folder.resolve().name
    result = Rendered(_validate_while_compiling(folder, out, options))
    round_ = result.validated.round
    if round_ is None:
        return result
    unit_key = _unit_key(round_, only_unit) if only_unit else None
    if _stopped_before_writing(round_, unit_key, result, options):
        return result
    result.output = out
    with _output_locked(out, result) as locked:
        if locked:
            _render_into(out, round_, unit_key, options, result)
    result.seconds = time.perf_counter() - started
    return result


def _validate_while_compiling(folder: Path, out: Path, options: RenderOptions) -> Validated:
    """Load and check the round; the rendering code is loaded and the templates compiled while
    worker processes type the unit files."""
    compile_templates = partial(_prepare_rendering, cache_folder=out / STATE_FOLDER / TEMPLATE_CACHE)
    return validate(folder, draft=options.draft, rule_set=options.rule_set, cache_folder=out / STATE_FOLDER,
                    workers=options.jobs_count, while_typing=compile_templates)


def _stopped_before_writing(round_: Round, unit_key: str | None, result: Rendered, options: RenderOptions) -> bool:
    """Why nothing is to be written (data with errors, outside a draft; an unknown --unit), in ``result.stopped``."""
    if result.validated.report.has_errors and not options.draft:
        result.stopped = "dữ liệu còn lỗi; sửa các lỗi trên, hoặc chạy với --draft để in bản dự thảo"
    elif options.only_unit and unit_key is None:
        expected = {rel.removesuffix(".yaml").removesuffix("/dang-bo") for rel in round_.dot.don_vi_du_kien}
        missing = Path(options.only_unit).as_posix().removesuffix(".yaml").removesuffix("/dang-bo") in expected
        result.stopped = (f"đơn vị '{options.only_unit}' chưa nộp tệp dữ liệu" if missing
                          else f"không có đơn vị '{options.only_unit}' trong đợt đánh giá")
    return result.stopped is not None


@contextmanager
def _output_locked(out: Path, result: Rendered) -> Iterator[bool]:
    """The output folder, made ready and locked for this render (False: another render holds it)."""
    from filelock import FileLock, Timeout  # here: `validate` never needs it

    for link in _remove_planted_links(out):
        result.note("go-lien-ket", link, "chỗ baocao giữ tệp của mình không được là liên kết (symlink): đã gỡ liên kết; "
                    "baocao không ghi qua liên kết")
    (out / STATE_FOLDER).mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out / STATE_FOLDER / LOCK_FILE), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        result.stopped = f"một lần lập văn bản khác đang ghi vào {display_path(out)}; hãy đợi lần đó xong rồi chạy lại"
        yield False
        return
    try:
        _remove_stale_temporaries(out)  # of a render killed before it could rename them
        yield True
    finally:
        lock.release()


def _render_into(out: Path, round_: Round, unit_key: str | None, options: RenderOptions, result: Rendered) -> None:
    """The stages of a render, in order, in a locked output folder."""
    from . import making  # loaded already, by _prepare_rendering

    manifest = _open_manifest(out, result)
    keys = input_keys(round_, options.draft)
    reuse = frozenset() if options.force else unchanged_units(manifest, keys, out)
    with without_gc_pauses():
        jobs = plan(round_, options.draft, unit_key, reuse, frozenset({"xlsx"}) if options.xlsx else frozenset())
    try:
        templates = _templates_checked(round_, jobs, result)
        if templates is None:
            return
        result.since = manifest.rendered_at
        maker = making.DocumentMaker(out, manifest.documents, templates, rules_hash(round_), options.force)
        made, current = _make_documents(jobs, maker, options.jobs_count, options.progress,
                                        meanwhile=partial(_while_making, round_, manifest), units=len(round_.all_units()))
        making.check_made(jobs, made, templates)
    except making.TemplateProblem as problem:
        result.report.add(problem.diagnostic("loi-mau"))
        return
    except making.StopMaking as stop:
        result.report.extend(stop.problems)
        return
    _commit_round(round_, manifest, jobs, made, out, result, unit_key, reuse, options.force)
    record_keys(manifest, keys, out, result, unit_key, reuse)
    if unit_key is None:
        _write_problems_file(out, result.validated.report, options.draft)
    _remember(current, manifest, out, result, options.reason, options.draft if unit_key is None else None)
    result.spreadsheet = _workbook_in_place(jobs, made, out, result)
    if options.pdf:
        _make_pdfs(out, manifest, result, options.jobs_count, options.progress)


def _workbook_in_place(jobs: list[Job], made: list[Made], out: Path, result: Rendered) -> Path | None:
    """The workbook of --xlsx, when this render made it or found it up to date (not when a person's
    edit was kept, it was open, or it was refused)."""
    for job, outcome in zip(jobs, made, strict=True):
        if job.form in WORKBOOK_FORMS and (outcome.state == "up_to_date" or (
                outcome.state == "rendered" and out / job.output not in result.not_replaced)):
            return out / job.output
    return None


def _open_manifest(out: Path, result: Rendered) -> Manifest:
    manifest = Manifest.load(out)
    if manifest.problem:
        result.note("ban-ke-hong", out / STATE_FOLDER / MANIFEST_FILE, manifest.problem)
    return manifest


def _templates_checked(round_: Round, jobs: list[Job], result: Rendered) -> dict[str, PreparedTemplate] | None:
    """The prepared templates of the forms the jobs use; None when one of them has a problem
    (the others are checked against their contexts too, so that all is said at once)."""
    from . import making

    templates, problems = making.templates_for(round_.prepared, {job.form for job in jobs if job.form not in WORKBOOK_FORMS})
    result.template_notes = making.template_notes(templates)
    for template in templates.values():
        template.save()
    if problems:
        result.report.extend(problems + making.check_without_making(jobs, templates))
        return None
    return templates


PARALLEL_FROM = 48  # less work than this many unit documents is done in this process: starting workers costs more


def _work(jobs: list[Job], units: int) -> int:
    """The work of making ``jobs``, in unit documents: a round document is built from every one
    of the round's ``units``, so it weighs that many (a re-render after one correction remakes
    few documents, but those)."""
    return sum(units if job.unit is None else 1 for job in jobs)


def _prepare_rendering(folder: Path, rule_set: RuleSet, cache_folder: Path) -> dict[str, PreparedTemplate | Diagnostic]:
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
    if round_.cache is not None:
        round_.cache.save()
    current = snapshot(round_)
    return Snapshot(current, Differ(round_.rule_set).diff(manifest.snapshot, current))


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
        if entry.form in ASKED_FOR_FORMS:
            writer.keep(rel, entry)  # made only when asked for (--xlsx), and never retired by a render that was not
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


SPREADSHEET = next(kind.file for kind in KINDS if kind.asked_for == "xlsx")


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
        result.note("khong-tao-pdf", out, str(missing))
        return
    result.pdfs = converted.written
    for document in converted.failed:
        result.note("pdf-khong-duoc", document, "không chuyển được sang PDF")
    for pdf in converted.busy:
        result.note("tep-dang-mo", pdf, BUSY_MESSAGE)


@dataclass
class Snapshot:
    """What the round said at this render, and what changed since the last."""

    data: dict
    changes: list


def _remember(current: Snapshot, manifest: Manifest, out: Path, result: Rendered, reason: str | None, draft: bool | None) -> None:
    """Save the manifest (after the documents it describes), the changes and the history."""
    if draft is not None:
        manifest.draft = draft
    result.changes = current.changes
    manifest.snapshot = current.data
    manifest.rendered_at = now_text()
    manifest.save(out)
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
