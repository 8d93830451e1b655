"""The round as the server holds it: the last look at it, and the actions on it.

Every action calls the library exactly as the CLI does (``build.render``, ``status.round_status``,
``excel.write_forms`` / ``import_forms``, ``changes``); this module only keeps the results warm in
one process and serialises the actions (a lock here, and the render lock of the output folder,
which ``build.render`` takes, against a CLI render beside the server).
"""

from __future__ import annotations

import io
import logging
import os
import secrets
import shutil
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import build
from ..changes import Change, Differ, read_history
from ..diagnostics import Diagnostic, Report, display_path
from ..figures import quota_results
from ..files import OutputFolder, UnsafeOutput
from ..manifest import STATE_FOLDER, Manifest, snapshot
from ..outcome import TEMPLATE_CODES
from ..parallel import available_cores
from ..status import UnitStatus, quota_text, status_rows
from . import chart
from .uploads import UploadRefused, check_form_bytes

log = logging.getLogger("baocao.serve")
STATUS_CACHE = "trang"  # in the output folder's .baocao/: the page's own cache of typed units
UPLOAD_FOLDER = "tai-len"  # in the output folder's .baocao/: uploads waiting for a decision
REPLACE_CODE = "da-co-tep"  # import's diagnostic: the unit's file is there already


@dataclass
class Problem:
    diagnostic: Diagnostic
    unit: str  # the unit's path in the round, when the file is a unit's ("": the round's own files)

    @property
    def where(self) -> str:
        d = self.diagnostic
        return f"{d.file}:{d.line}" if d.line else d.file


@dataclass
class Quota:
    """A quota of the rule set: where it is counted, and how it stands in each place."""

    id: str
    scope: str  # "cả đợt", "từng chi bộ" …
    places: int  # how many places it is counted in
    broken: list[str]  # "Chi bộ thôn Đông: 4/3 — phải hạ 1 HTXSNV"
    text: str  # for a quota of the whole round: its count and headroom


@dataclass
class View:
    """What the pages show, worked out once per change of the round."""

    version: int
    fatal: str | None = None
    round_name: str = ""
    title: str = ""
    rows: list[UnitStatus] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    quotas: list[Quota] = field(default_factory=list)
    figures: list[chart.FigureRow] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)  # SVG
    rendered_at: str | None = None
    draft: bool = False
    documents: int = 0
    changes: list[Change] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)
    units_with_documents: list[tuple[str, str]] = field(default_factory=list)  # (path, name)
    pdfs: int = 0
    live_note: str = ""  # what the live update did last
    seconds: float = 0.0

    @property
    def decided_changes(self) -> list[Change]:
        return [c for c in self.changes if c.decided]


@dataclass
class Look:
    """What the page shows of the round's files (not of the output), and the files' state then."""

    fingerprint: tuple
    validated: build.Validated
    problems: list[Problem] = field(default_factory=list)
    quotas: list[Quota] = field(default_factory=list)
    snapshot: dict = field(default_factory=dict)
    figures: list[chart.FigureRow] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)


def _fingerprint(folder: Path) -> tuple:
    """Every file below the round folder with its size and time of change: equal, nothing of
    the round changed (one listing, no reading)."""
    found = []
    for parent, _, names in os.walk(folder):
        for name in names:
            try:
                info = os.stat(os.path.join(parent, name))
            except OSError:
                continue
            found.append((parent, name, info.st_size, info.st_mtime_ns))
    return tuple(sorted(found))


@dataclass
class Outcome:
    """What an action did, for the page: messages, and a form waiting for a decision."""

    ok: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    pending: list[dict] = field(default_factory=list)  # {"id", "name", "target"}


class RoundSession:
    def __init__(self, folder: Path, output_root: Path) -> None:
        self.folder = folder
        self.output_root = output_root
        self.lock = threading.Lock()  # one action at a time in this server
        self.version = 0
        self.view = View(0, fatal="đang đọc đợt đánh giá…")
        self.pending: dict[str, tuple[Path, str]] = {}  # upload id → (staged form, its name)
        self.last_look: Look | None = None

        self.out = output_root / folder.resolve().name  # as build.render names it
        # The page's looks keep their typed units in a cache of their own, beside the render's,
        # so that a look never rewrites the cache a render reads.
        self.status_cache = self.out / STATE_FOLDER / STATUS_CACHE

    # --- looking -------------------------------------------------------------------------------

    def refresh(self) -> View:
        with self.lock:
            return self._refresh(fresh=True)

    def _refresh(self, note: str = "", fresh: bool = False) -> View:
        """``fresh``: look at the round's files again even if their sizes and times are the same
        (the watcher said they changed; some file systems keep times to 2 s)."""
        started = time.perf_counter()
        self.version += 1
        view = View(self.version, live_note=note)
        if not self.folder.is_dir():
            view.fatal = (f"không thấy thư mục đợt đánh giá '{display_path(self.folder)}' (đã bị xóa hoặc đổi tên?). "
                          "Máy chủ vẫn chạy: khi thư mục có lại, trang tự cập nhật.")
            return self._keep(view)
        look = self._look(fresh)
        validated = look.validated
        round_ = validated.round
        if round_ is None:
            view.fatal = validated.fatal
            view.problems = [Problem(d, "") for d in validated.report.sorted()]
            return self._keep(view)
        view.round_name, view.title = round_.name, f"{round_.dot.cap_uy.ten} — năm {round_.dot.nam}"
        view.rows, _ = status_rows(validated, self.output_root)
        view.problems, view.quotas, view.figures, view.charts = look.problems, look.quotas, look.figures, look.charts
        view.errors, view.warnings = len(validated.report.errors), len(validated.report.warnings)
        manifest = Manifest.load(self.out)
        view.rendered_at, view.draft = manifest.rendered_at, manifest.draft
        view.documents = sum(1 for rel in manifest.documents if rel.endswith(".docx"))
        if manifest.rendered_at:
            view.changes = Differ(round_.rule_set).diff(manifest.snapshot, look.snapshot)
        view.history = list(reversed(read_history(self.out)))
        names = {u.rel.as_posix(): u.name for u in round_.all_units()}
        units = sorted({e.unit for e in manifest.documents.values() if e.unit in names})
        view.units_with_documents = [(u, names[u]) for u in units]
        view.pdfs = sum(1 for _ in self._pdfs(manifest))
        view.seconds = time.perf_counter() - started
        return self._keep(view)

    def _look(self, fresh: bool) -> Look:
        """The round validated (as a draft, as `status` does) and what the page shows of it; the
        last look again while no file of the round changed (after a render, only the output did)."""
        fingerprint = _fingerprint(self.folder)
        if not fresh and self.last_look is not None and self.last_look.fingerprint == fingerprint:
            return self.last_look
        validated = build.validate(self.folder, draft=True, cache_folder=self.status_cache)
        look = Look(fingerprint, validated)
        round_ = validated.round
        if round_ is not None:
            if round_.cache is not None:  # `validate` alone leaves saving to a render; the page's cache is its own
                round_.cache.save()
            by_file = {u.source.display: u.rel.as_posix() for u in round_.all_units()}
            look.problems = [Problem(d, by_file.get(d.file.split(":")[0], "")) for d in validated.report.sorted()]
            look.quotas = _quotas(round_)
            look.snapshot = snapshot(round_)
            look.figures, look.charts = chart.figures_and_charts(round_, look.snapshot)
        self.last_look = look
        return look

    def _keep(self, view: View) -> View:
        self.view = view
        if view.fatal:
            log.warning("Không đọc được đợt đánh giá: %s", view.fatal)
        return view

    # --- documents out -------------------------------------------------------------------------

    def render(self, draft: bool, reason: str | None, pdf: bool = False) -> Outcome:
        with self.lock:
            outcome = self._render(draft, reason, pdf, jobs=available_cores())
            self._refresh()
            return outcome

    def _render(self, draft: bool, reason: str | None, pdf: bool, jobs: int) -> Outcome:
        outcome = Outcome()
        if not self.folder.is_dir():
            outcome.problems.append(f"Không thấy thư mục đợt đánh giá '{display_path(self.folder)}'.")
            return outcome
        if self.view.decided_changes and not (reason or "").strip():
            outcome.problems.append("Xếp loại đã quyết định có thay đổi so với lần lập trước: hãy ghi lý do sửa rồi lập lại "
                                    "(lý do được ghi vào lịch sử).")
            return outcome
        result = build.render(self.folder, self.output_root, draft=draft, reason=(reason or "").strip() or None,
                              pdf=pdf, jobs_count=jobs)
        return self._describe(result, outcome)

    @staticmethod
    def _describe(result: build.Rendered, outcome: Outcome) -> Outcome:
        validated = result.validated
        if validated.fatal:
            outcome.problems.append(f"Không lập được văn bản: {validated.fatal}")
        elif result.stopped and validated.report.has_errors:
            outcome.problems.append(f"Chưa lập văn bản nào: dữ liệu còn {len(validated.report.errors)} lỗi (xem trang Vấn đề). "
                                    "Hãy sửa các lỗi, hoặc lập bản dự thảo.")
        elif result.stopped:
            outcome.problems.append(f"Chưa lập văn bản nào: {result.stopped}.")
        elif result.template_problems:
            outcome.problems += [d.format() for d in result.template_problems]
            outcome.problems.append("Chưa lập văn bản nào: mẫu văn bản có lỗi.")
        else:
            outcome.ok.append(f"Đã ghi {len(result.written)} văn bản, {result.up_to_date} văn bản không đổi "
                              f"({result.seconds:.1f} giây).")
        for diagnostic in result.report.diagnostics:
            if diagnostic.code not in TEMPLATE_CODES:
                (outcome.ok if diagnostic.severity == "thong_bao" else outcome.problems).append(diagnostic.format())
        if result.pdfs:
            outcome.ok.append(f"Đã chuyển {len(result.pdfs)} văn bản sang PDF.")
        return outcome

    def live_update(self) -> View:
        """After a file of the round changed: look again and, when documents were made before,
        remake those whose inputs changed (as they were last made: draft or final). A change of a
        decided level waits for the office to give its reason."""
        with self.lock:
            before = self._refresh(fresh=True)
            if before.fatal is not None or not before.rendered_at:
                return before
            if before.decided_changes:
                note = "Xếp loại đã quyết định thay đổi: văn bản chưa lập lại; hãy ghi lý do ở trang Văn bản rồi lập lại."
            elif before.errors and not before.draft:
                note = "Dữ liệu còn lỗi: văn bản chính thức chưa lập lại."
            else:
                outcome = self._render(before.draft, None, False, jobs=available_cores())
                note = " ".join(outcome.ok + outcome.problems)
            return self._refresh(note)

    def documents_zip(self, kind: str, unit: str | None = None) -> tuple[str, bytes] | None:
        """The made documents as a zip: ``all``, one ``unit``'s, or the ``pdf`` copies; None when
        there is nothing. Only files the manifest knows are read, through OutputFolder (no '..',
        no link)."""
        manifest = Manifest.load(self.out)
        place = OutputFolder(self.out)
        if kind == "pdf":
            chosen = list(self._pdfs(manifest))
        else:
            chosen = [rel for rel, e in sorted(manifest.documents.items()) if unit is None or e.unit == unit]
        files = []
        for rel in chosen:
            try:
                path = place.path(Path(rel))
            except UnsafeOutput as refusal:
                log.warning("Không đưa vào tệp nén: %s", refusal)
                continue
            if path.is_file():
                files.append((rel, path))
        if not files:
            return None
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for rel, path in files:
                archive.write(path, rel)
        suffix = {"pdf": "-pdf", "unit": "-" + (unit or "").replace("/", "-")}.get(kind, "")
        return f"{self.out.name}{suffix}.zip", buffer.getvalue()

    def _pdfs(self, manifest: Manifest):
        """The PDF copies of the manifest's documents that exist (one listing of the folder)."""
        present = {path.relative_to(self.out).as_posix() for path in self.out.rglob("*.pdf")} if self.out.is_dir() else set()
        for rel in sorted(manifest.documents):
            if rel.endswith(".docx") and rel[:-5] + ".pdf" in present:
                yield rel[:-5] + ".pdf"

    def unit_keys(self) -> set[str]:
        return {row.don_vi for row in self.view.rows if row.da_nop}

    # --- forms ---------------------------------------------------------------------------------

    def blank_forms_zip(self) -> tuple[str, bytes] | None:
        from ..excel import write_forms

        with self.lock:
            round_ = build.validate(self.folder, draft=True).round
            if round_ is None:
                return None
            with tempfile.TemporaryDirectory(prefix="baocao-bieu-mau-") as tmp:
                written = write_forms(round_, Path(tmp)).written
                if not written:
                    return None
                buffer = io.BytesIO()
                with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                    for path in written:
                        archive.write(path, path.relative_to(tmp).as_posix())
            return f"bieu-mau-{round_.name}.zip", buffer.getvalue()

    def import_uploads(self, uploads: list[tuple[str, bytes]]) -> Outcome:
        """Each uploaded form checked as an untrusted file, then imported by the library's
        import; a form that would replace a unit's file waits for the office to confirm."""
        outcome = Outcome()
        with self.lock:
            for name, data in uploads:
                try:
                    check_form_bytes(name, data)
                except UploadRefused as refusal:
                    outcome.problems.append(str(refusal))
                    log.warning("Biểu mẫu bị từ chối: %s", refusal)
                    continue
                staged = self._stage(name, data)
                self._import(staged, name, overwrite=False, outcome=outcome)
            self._refresh()
        return outcome

    def confirm(self, upload_id: str, replace: bool) -> Outcome:
        outcome = Outcome()
        with self.lock:
            staged, name = self.pending.pop(upload_id, (None, ""))
            if staged is None or not staged.is_file():
                outcome.problems.append("Biểu mẫu này đã được xử lý hoặc không còn; hãy tải lên lại.")
                return outcome
            if replace:
                self._import(staged, name, overwrite=True, outcome=outcome)
                self._refresh()
            else:
                outcome.ok.append(f"Đã bỏ qua {name}: dữ liệu của đơn vị giữ nguyên.")
                _remove_staged(staged)
        return outcome

    def _stage(self, name: str, data: bytes) -> Path:
        """A private copy of the upload, named as the user's file (messages name it)."""
        folder = self.out / STATE_FOLDER / UPLOAD_FOLDER / secrets.token_hex(8)
        folder.mkdir(parents=True)
        staged = folder / _safe_name(name)
        staged.write_bytes(data)
        return staged

    def _import(self, staged: Path, name: str, overwrite: bool, outcome: Outcome) -> None:
        from ..form_import import import_forms

        validated = build.validate(self.folder, draft=True)
        if validated.round is None:
            outcome.problems.append(f"Không đọc được đợt đánh giá: {validated.fatal}")
            _remove_staged(staged)
            return
        report = Report()
        imported = import_forms([staged], validated.round, report, overwrite)
        shown = display_path(staged)
        waiting = [d for d in report.diagnostics if d.code == REPLACE_CODE]
        for diagnostic in report.sorted():
            if diagnostic.code != REPLACE_CODE:
                outcome.problems.append(diagnostic.format().replace(shown, name))
        for item in imported:
            if item.target is not None:
                kept = f" (bản cũ giữ ở {display_path(item.backup)})" if item.backup else ""
                outcome.ok.append(f"Đã nhập {name} → {display_path(item.target)}{kept}")
                log.info("Đã nhập %s → %s", name, item.target)
        if waiting and all(d.code == REPLACE_CODE for d in report.errors):
            upload_id = staged.parent.name
            self.pending[upload_id] = (staged, name)
            # import's advice is the CLI's (--overwrite): the page asks its own question instead
            said = waiting[0].message.replace(shown, name).split(";")[0]
            outcome.pending.append({"id": upload_id, "name": name, "message": said})
            return
        _remove_staged(staged)

    def clear_stale_uploads(self) -> None:
        """Uploads left by a server that was stopped before the office decided: nothing of the
        round is in them (the form is still with whoever sent it)."""
        shutil.rmtree(self.out / STATE_FOLDER / UPLOAD_FOLDER, ignore_errors=True)


SCOPES = {"dot": "cả đợt", "to_chuc_co_so": "từng tổ chức cơ sở đảng", "chi_bo": "từng chi bộ"}


def _quotas(round_) -> list[Quota]:
    """Each quota once: a round-wide one with its count, one counted unit by unit with the
    places where it is broken (the units table shows each unit's headroom)."""
    quotas: dict[str, Quota] = {}
    for result in quota_results(round_):
        quota = result.quota
        entry = quotas.setdefault(quota.id, Quota(quota.id, SCOPES.get(quota.pham_vi, quota.pham_vi), 0, [], ""))
        entry.places += 1
        described = f"{result.count}/{result.limit} — {quota_text(result, round_)}"
        if result.scope.unit is None:
            entry.text = described
        elif not result.holds:
            entry.broken.append(f"{result.scope.unit.name}: {described}")
    return list(quotas.values())


def _safe_name(name: str) -> str:
    """The last part of a browser-given file name, without separators or a leading dot."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().lstrip(".")
    cleaned = "".join(ch for ch in base if ch.isalnum() or ch in "-_. ")[:100]
    return cleaned if cleaned.lower().endswith(".xlsx") else "bieu-mau.xlsx"


def _remove_staged(staged: Path) -> None:
    shutil.rmtree(staged.parent, ignore_errors=True)
