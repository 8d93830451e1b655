"""Plan stage: the documents a round gets, where each goes, and the template each is made from."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable

from .figures import EVALUATED, member_standing
from .kinds import KINDS, DocumentKind
from .load import Round, Unit
from .model import DangVien
from .render import context as ctx
from .rules import RuleSet

ROUND_TEMPLATES = "_mau"  # a round's own templates, in its folder



@dataclass
class Job:
    """One document to write: which form, where (below the round's output folder), with what."""

    form: str
    output: Path
    make_context: Callable[[], dict] = field(repr=False)
    unit: str | None = None  # the unit's path in the round, for --unit
    sampled: bool = False  # its context's shape is checked against the template
    _context: dict | None = field(default=None, repr=False)

    @property
    def context(self) -> dict:
        """Built when first needed: in the worker process that makes the document."""
        if self._context is None:
            self._context = self.make_context()
        return self._context

    def forget_context(self) -> None:
        """Once its document is made, a context is not needed any more: let its memory go."""
        self._context = None


def slug(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_text.lower()).split()
    return "-".join(words) or "khong-ten"


def _unit_jobs(unit: Unit, round_: Round, draft: bool) -> list[Job]:
    """A unit's documents, kind by kind in the table's order."""
    if not unit.usable:
        return []
    jobs = []
    for kind in KINDS:
        if kind.scope == "member":
            if unit.holds_members:
                jobs += _member_jobs(kind, unit, round_, draft)
        elif kind.scope != "round" and _made_for(kind, unit):
            jobs.append(Job(kind.form, unit.rel / kind.file, partial(_builder(kind), unit, round_, draft), unit.rel.as_posix()))
    return jobs


def _made_for(kind: DocumentKind, unit: Unit) -> bool:
    if kind.scope == "unit":
        return True
    if kind.scope == "dang_bo":
        return not unit.holds_members
    return unit.holds_members and (kind.scope == "cell" or bool(unit.data.hoi_nghi))


def _member_jobs(kind: DocumentKind, unit: Unit, round_: Round, draft: bool) -> list[Job]:
    jobs = []
    for index, member in enumerate(unit.members, start=1):
        if writes_review(member, round_):
            output = unit.rel / kind.file / f"{index:02d}-{slug(member.ho_ten)}.docx"
            jobs.append(Job(kind.form, output, partial(_builder(kind), unit, member, round_, draft), unit.rel.as_posix()))
    return jobs


def _builder(kind: DocumentKind) -> Callable[..., dict]:
    return getattr(ctx, kind.context)


def writes_review(member: DangVien, round_: Round) -> bool:
    """Whether a member gets an individual review: everyone reviewed where the form says so (a
    blank form to fill in by hand when the data has no text), else those whose text is given;
    never those the rule set does not review (exempt, suspended, admitted under 6 months: 366-QĐ/TW)."""
    rules = round_.rule_set.data
    if rules.khong_danh_gia.khong_kiem_diem and member_standing(member, round_).kind != EVALUATED:
        return False
    mau = rules.mau.get("kiem_diem_ca_nhan")
    return bool(member.kiem_diem) or bool(mau and mau.moi_dang_vien)


ROUND_DOCUMENTS = "*"
"""The key under which the round's own documents (summary, tables, commendation) are planned."""


def plan(round_: Round, draft: bool, only_unit: str | None = None, reuse: frozenset[str] = frozenset(),
         asked: frozenset[str] = frozenset()) -> list[Job]:
    """Every document to write; units in ``reuse`` (unchanged since their documents were made) are
    left out, and so are the kinds made only when asked for, unless ``asked`` names them."""
    jobs: list[Job] = []
    for unit in round_.all_units():
        rel = unit.rel.as_posix()
        if (only_unit is None or rel == only_unit) and rel not in reuse:
            jobs.extend(_unit_jobs(unit, round_, draft))
    if only_unit is not None:
        return jobs
    for kind in KINDS:
        # A kind asked for is planned even when the round's documents are unchanged: it may not
        # have been asked for before (its own input hash then finds it up to date, or not).
        wanted = kind.asked_for in asked if kind.asked_for else ROUND_DOCUMENTS not in reuse
        if kind.scope == "round" and wanted:
            jobs.append(Job(kind.form, Path(kind.file), partial(_builder(kind), round_, draft)))
    return jobs


def bundled_templates() -> Path:
    installed = Path(__file__).parent / "_templates"
    return installed if installed.is_dir() else Path(__file__).resolve().parents[2] / "templates"


def template_path(folder: Path, rule_set: RuleSet, form: str) -> Path:
    """A round's own _mau/ overrides the bundled templates, file by file."""
    name = rule_set.data.mau[form].tep
    own = folder / ROUND_TEMPLATES / name
    return own if own.is_file() else bundled_templates() / name
