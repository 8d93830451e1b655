"""Problems found in a round, collected rather than raised, and how they are printed."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Literal

Severity = Literal["loi", "canh_bao", "thong_bao"]
SEVERITY_LABEL = {"loi": "lỗi", "canh_bao": "cảnh báo", "thong_bao": "thông báo"}


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == "loi"

    def format(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: {SEVERITY_LABEL[self.severity]} [{self.code}] {self.message}"


@dataclass
class Report:
    """Every diagnostic of a run, in the order they are shown: by file, then line."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    def add_from(self, file: str, code: str, message: str, severity: Severity = "loi") -> None:
        """A problem of a whole file or folder, with no line to point at."""
        self.add(Diagnostic(file, 0, 0, severity, code, message))

    def extend(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "canh_bao"]

    def with_code(self, code: str) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.code == code]

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.diagnostics), key=lambda d: (d.file, d.line, d.column, d.code, d.message))

    def summary(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        if not errors and not warnings:
            return "Không có lỗi, không có cảnh báo."
        return f"{errors} lỗi, {warnings} cảnh báo."

    def format_text(self) -> str:
        lines = [d.format() for d in self.sorted()]
        lines.append(self.summary())
        return "\n".join(lines)

    def format_json(self) -> str:
        payload = {
            "so_loi": len(self.errors),
            "so_canh_bao": len(self.warnings),
            "van_de": [asdict(d) for d in self.sorted()],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2)


class Located:
    """Emits diagnostics for one file, turning a key path into the line and column of its value.

    A mark is (line, column), or (file, line, column) where a value came from another file
    (a rule set merged from the files it extends).
    """

    def __init__(self, file: str, marks: "dict[tuple, tuple] | Callable[[], dict[tuple, tuple]]", report: Report) -> None:
        self.file = file
        self._marks = marks
        self.report = report

    @property
    def marks(self) -> dict[tuple, tuple]:
        # Positions may be read only when a message needs them (a unit from the cache).
        if callable(self._marks):
            self._marks = self._marks()
        return self._marks

    def position(self, path: tuple) -> tuple[str, int, int]:
        marks = self.marks
        # A missing key is reported where its nearest present ancestor is.
        while path and path not in marks:
            path = path[:-1]
        mark = marks.get(path, (1, 1))
        return mark if len(mark) == 3 else (self.file, *mark)

    def emit(self, severity: Severity, code: str, path: tuple, message: str) -> None:
        file, line, column = self.position(path)
        self.report.add(Diagnostic(file, line, column, severity, code, message))

    def error(self, code: str, path: tuple, message: str) -> None:
        self.emit("loi", code, path, message)

    def warning(self, code: str, path: tuple, message: str) -> None:
        self.emit("canh_bao", code, path, message)


def display_path(path: Path) -> str:
    """A path as the user typed it relative to the working folder when it is below it. Its last
    part is not followed: a link is shown as itself, not as what it points to."""
    try:
        return (path.parent.resolve() / path.name).relative_to(_resolved_working_folder(os.getcwd())).as_posix()
    except ValueError:
        return path.as_posix()


@lru_cache(maxsize=4)
def _resolved_working_folder(cwd: str) -> Path:
    # Asked for every file of a round: resolving the working folder once is enough while it stays.
    return Path(cwd).resolve()
