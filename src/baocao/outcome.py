"""What a run comes to: a validation (``Validated``) and a render (``Rendered``), with the exit
codes the CLI ends with. Plain records: the stages fill them, the CLI and the page read them."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .codes import CODES, severity_of
from .diagnostics import Diagnostic, Report, display_path
from .kinds import INDIVIDUAL_FOLDER
from .load import Round
from .manifest import Manifest

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2
TEMPLATE_CODES = frozenset(code for code, entry in CODES.items() if entry.stage == "lap")


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
    """What a render came to. Its own problems (templates, writing, PDF) are diagnostics in
    ``report``, with the codes of ``baocao.codes``, as the data's are in ``validated.report``."""

    validated: Validated
    output: Path | None = None
    written: list[Path] = field(default_factory=list)
    up_to_date: int = 0
    report: Report = field(default_factory=Report)
    not_replaced: set[Path] = field(default_factory=set)  # documents left as they were: edited by hand, or open
    changes: list = field(default_factory=list)
    since: str | None = None
    manifest: Manifest | None = None
    spreadsheet: Path | None = None  # --xlsx
    pdfs: list[Path] = field(default_factory=list)  # --pdf
    template_notes: list[str] = field(default_factory=list)  # --verbose: templates docxtpl itself renders, and why
    stopped: str | None = None  # why nothing was rendered
    seconds: float = 0.0

    def note(self, code: str, where: Path | str, message: str) -> None:
        """One thing the render met, at a file (an output document, a template), with its code."""
        shown = display_path(where) if isinstance(where, Path) else where
        self.report.add(Diagnostic(shown, 0, 0, severity_of(code), code, message))

    @property
    def template_problems(self) -> list[Diagnostic]:
        return [d for d in self.report.diagnostics if d.code in TEMPLATE_CODES]

    @property
    def exit_code(self) -> int:
        if self.validated.fatal is not None:
            return EXIT_UNUSABLE
        if self.stopped is not None or self.report.has_errors:
            return EXIT_PROBLEMS
        return EXIT_OK

    def counts(self) -> Counter:
        return Counter(path.name if path.parent.name != INDIVIDUAL_FOLDER else INDIVIDUAL_FOLDER for path in self.written)

    def as_json(self) -> dict:
        """Everything a render came to, for ``render --format json`` (keys as the YAML's: Vietnamese
        without diacritics; paths as the CLI shows them)."""
        everything = Report(self.validated.report.sorted() + self.report.sorted())
        return {
            "ma_thoat": self.exit_code,
            "khong_dung_duoc": self.validated.fatal,
            "chua_lap": self.stopped,
            "thu_muc": display_path(self.output) if self.output else None,
            "so_loi": len(everything.errors),
            "so_canh_bao": len(everything.warnings),
            "van_de": [asdict(d) for d in everything.diagnostics],  # the data's, then the render's own
            "da_ghi": [display_path(path) for path in self.written],
            "khong_doi": self.up_to_date,
            "thay_doi": [change.text for change in self.changes],
            "bang_excel": display_path(self.spreadsheet) if self.spreadsheet else None,
            "pdf": [display_path(path) for path in self.pdfs],
            "giay": round(self.seconds, 2),
        }
