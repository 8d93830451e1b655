"""What a run comes to: a validation (``Validated``) and a render (``Rendered``), with the exit
codes the CLI ends with. Plain records: the stages fill them, the CLI and the page read them."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .diagnostics import Report, display_path
from .kinds import INDIVIDUAL_FOLDER
from .load import Round
from .manifest import Manifest

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2


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

    def as_json(self) -> dict:
        """Everything a render came to, for ``render --format json`` (keys as the YAML's: Vietnamese
        without diacritics; paths as the CLI shows them)."""
        report = self.validated.report

        def shown(paths: list[Path]) -> list[str]:
            return [display_path(path) for path in paths]

        return {
            "ma_thoat": self.exit_code,
            "khong_dung_duoc": self.validated.fatal,
            "chua_lap": self.stopped,
            "thu_muc": display_path(self.output) if self.output else None,
            "so_loi": len(report.errors),
            "so_canh_bao": len(report.warnings),
            "van_de": [asdict(d) for d in report.sorted()],
            "loi_mau": self.template_problems,
            "da_ghi": shown(self.written),
            "khong_doi": self.up_to_date,
            "giu_nguyen_sua_tay": shown(self.kept_edited),
            "cat_sang_ten_khac": shown(self.moved_aside),
            "dang_mo": shown(self.busy),
            "khong_ghi": self.unsafe,
            "chuyen_sang_da_xoa": shown(self.removed),
            "go_lien_ket": shown(self.unlinked),
            "luu_y": self.notes,
            "thay_doi": [change.text for change in self.changes],
            "bang_excel": display_path(self.spreadsheet) if self.spreadsheet else None,
            "pdf": shown(self.pdfs),
            "pdf_khong_duoc": shown(self.pdf_failed),
            "pdf_van_de": self.pdf_problem,
            "giay": round(self.seconds, 2),
        }
