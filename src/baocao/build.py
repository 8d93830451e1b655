"""The stages of a run, in order: load → validate → (figures → render → write).

Each public function here is what one CLI command calls; the CLI only parses options.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .checks import validate_round
from .diagnostics import Report
from .load import Round, RoundUnusable, load_round

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


def validate(folder: Path, draft: bool = False, rule_set: str | None = None) -> Validated:
    report = Report()
    try:
        round_ = load_round(folder, report, rule_set)
    except RoundUnusable as exc:
        return Validated(None, report, str(exc))
    validate_round(round_, report, draft)
    return Validated(round_, report)
