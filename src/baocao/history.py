"""Earlier rounds of the same committee: who was rated at the top level, year after year.

Commendations go to members HTXSNV and organisations TSVM/HTXSNV "n năm liền" (n years running),
and a copied review is often last year's text. The round file lists the earlier rounds' folders
(``cac_dot_truoc``); each is read as any round is (its own rule set says what its top level was:
TSVM in 2017, HTXSNV from 2019). A member is matched across rounds by card number, else by name
and birth year; a match by name alone (no birth year on one side) is uncertain and said so.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from .diagnostics import Located, Report
from .figures import EVALUATED, member_standing
from .load import Round, RoundUnusable, load_round
from .model import DangVien


def member_keys(member: DangVien) -> list[tuple]:
    """The ways a member is recognised in another round, surest first."""
    name = unicodedata.normalize("NFC", member.ho_ten or "").casefold().strip()
    keys: list[tuple] = []
    if member.so_the:
        keys.append(("the", str(member.so_the).strip()))
    if name and member.nam_sinh:
        keys.append(("ten_nam", name, member.nam_sinh))
    if name:
        keys.append(("ten", name))
    return keys


def unit_key(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold().strip()


@dataclass
class YearOf:
    """What one earlier round says of one member or unit."""

    year: int
    top: bool  # rated at that round's top level
    texts: list[str] = field(default_factory=list)


@dataclass
class History:
    years: list[int] = field(default_factory=list)
    members: dict[tuple, list[YearOf]] = field(default_factory=dict)
    units: dict[str, list[YearOf]] = field(default_factory=dict)
    rounds: list[Round] = field(default_factory=list)

    def member_years(self, member: DangVien) -> tuple[list[YearOf], bool]:
        """The member's earlier years, and whether the match is certain (card number, or name and birth year)."""
        for key in member_keys(member):
            if key in self.members:
                return self.members[key], key[0] != "ten"
        return [], True

    def running(self, earlier: list[YearOf], this_year: int) -> int:
        """Years running at the top level up to this year (this year counted by the caller)."""
        top_years = {y.year for y in earlier if y.top}
        count, year = 0, this_year - 1
        while year in top_years:
            count, year = count + 1, year - 1
        return count


def load_history(round_: Round, report: Report) -> History:
    """The earlier rounds the round file names; each that cannot be read is reported where it is named."""
    history = History()
    at: Located = round_.round_file.at
    for index, reference in enumerate(round_.dot.cac_dot_truoc):
        folder = (round_.folder / reference).resolve()
        try:
            earlier = load_round(folder, Report())
        except RoundUnusable as problem:
            at.warning("dot-truoc", ("cac_dot_truoc", index), f"không đọc được đợt trước '{reference}': {problem}")
            continue
        if earlier.dot.nam >= round_.dot.nam:
            at.warning("dot-truoc", ("cac_dot_truoc", index), f"đợt '{reference}' là năm {earlier.dot.nam}, không phải năm trước {round_.dot.nam}")
            continue
        _remember(history, earlier)
    return history


def _remember(history: History, earlier: Round) -> None:
    history.years.append(earlier.dot.nam)
    history.rounds.append(earlier)
    top_org = earlier.rule_set.org_codes()[0]
    top_member = earlier.rule_set.member_codes()[0]
    for unit in earlier.all_units():
        if unit.don_vi is None:
            continue
        texts = [p for paragraphs in unit.don_vi.kiem_diem.values() for p in (paragraphs or [])]
        history.units.setdefault(unit_key(unit.name), []).append(YearOf(earlier.dot.nam, unit.don_vi.xep_loai == top_org, texts))
        for member in unit.members:
            rated = member_standing(member, earlier).kind == EVALUATED
            texts = [p for paragraphs in (member.kiem_diem or {}).values() for p in (paragraphs or [])]
            entry = YearOf(earlier.dot.nam, rated and member.xep_loai == top_member, texts)
            for key in member_keys(member):
                history.members.setdefault(key, []).append(entry)
