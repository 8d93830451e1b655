"""Plan stage: the documents a round gets, where each goes, and the template each is made from."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable

from .figures import EVALUATED, member_standing
from .load import Round, Unit
from .model import DangVien
from .render import context as ctx
from .rules import RuleSet

ROUND_TEMPLATES = "_mau"  # a round's own templates, in its folder

DOCUMENT_NAMES = {
    "bao_cao_tap_the": "bao-cao-kiem-diem-tap-the.docx",
    "danh_sach_xep_loai": "danh-sach-xep-loai-dang-vien.docx",
    "bien_ban": "bien-ban-hoi-nghi.docx",
    "phieu_bieu_quyet": "phieu-bieu-quyet.docx",
    "bien_ban_kiem_phieu": "bien-ban-kiem-phieu.docx",
    "bao_cao_tong_hop": "bao-cao-tong-hop.docx",
    "bieu_tong_hop": "bieu-tong-hop.docx",
    "khen_thuong": "danh-sach-khen-thuong.docx",
    "quyet_dinh_cong_nhan": "quyet-dinh-cong-nhan.docx",
    "thong_bao_ket_qua": "thong-bao-ket-qua.docx",
    "to_trinh_khen_thuong": "to-trinh-khen-thuong.docx",
}
INDIVIDUAL_FOLDER = "ban-kiem-diem"


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
    if not unit.usable:
        return []
    key = unit.rel.as_posix()
    folder = unit.rel

    def job(form: str, output: Path, make: Callable[..., dict], *args: object, **kwargs: object) -> Job:
        return Job(form, output, partial(make, *args, **kwargs), key)

    jobs = [job("bao_cao_tap_the", folder / DOCUMENT_NAMES["bao_cao_tap_the"], ctx.collective_report, unit, round_, draft)]
    if unit.holds_members:
        jobs.append(job("danh_sach_xep_loai", folder / DOCUMENT_NAMES["danh_sach_xep_loai"], ctx.member_list, unit, round_, draft))
        if unit.don_vi.hoi_nghi:
            jobs.append(job("bien_ban", folder / DOCUMENT_NAMES["bien_ban"], ctx.minutes, unit, round_, draft))
            jobs.append(job("phieu_bieu_quyet", folder / DOCUMENT_NAMES["phieu_bieu_quyet"], ctx.ballots, unit, round_, draft))
            jobs.append(job("bien_ban_kiem_phieu", folder / DOCUMENT_NAMES["bien_ban_kiem_phieu"], ctx.vote_count, unit, round_, draft))
        jobs.append(job("thong_bao_ket_qua", folder / DOCUMENT_NAMES["thong_bao_ket_qua"], ctx.notice, unit, round_, draft))
        individual = folder / INDIVIDUAL_FOLDER
        for index, member in enumerate(unit.members, start=1):
            if writes_review(member, round_):
                name = f"{index:02d}-{slug(member.ho_ten)}.docx"
                jobs.append(job("kiem_diem_ca_nhan", individual / name, ctx.individual_review, unit, member, round_, draft))
    else:
        jobs.append(job("bao_cao_tong_hop", folder / DOCUMENT_NAMES["bao_cao_tong_hop"], ctx.summary, [unit], round_, draft, committee=unit))
    return jobs


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


def plan(round_: Round, draft: bool, only_unit: str | None = None, reuse: frozenset[str] = frozenset()) -> list[Job]:
    """Every document to write; units in ``reuse`` (unchanged since their documents were made) are left out."""
    jobs: list[Job] = []
    for unit in round_.all_units():
        rel = unit.rel.as_posix()
        if (only_unit is None or rel == only_unit) and rel not in reuse:
            jobs.extend(_unit_jobs(unit, round_, draft))
    if only_unit is None and ROUND_DOCUMENTS not in reuse:
        jobs.append(Job("bao_cao_tong_hop", Path(DOCUMENT_NAMES["bao_cao_tong_hop"]), partial(ctx.summary, round_.units, round_, draft)))
        jobs.append(Job("bieu_tong_hop", Path(DOCUMENT_NAMES["bieu_tong_hop"]), partial(ctx.tables, round_, draft)))
        jobs.append(Job("khen_thuong", Path(DOCUMENT_NAMES["khen_thuong"]), partial(ctx.commendation, round_, draft)))
        jobs.append(Job("quyet_dinh_cong_nhan", Path(DOCUMENT_NAMES["quyet_dinh_cong_nhan"]), partial(ctx.recognition, round_, draft)))
        jobs.append(Job("to_trinh_khen_thuong", Path(DOCUMENT_NAMES["to_trinh_khen_thuong"]), partial(ctx.proposal, round_, draft)))
    return jobs


def bundled_templates() -> Path:
    installed = Path(__file__).parent / "_templates"
    return installed if installed.is_dir() else Path(__file__).resolve().parents[2] / "templates"


def template_path(folder: Path, rule_set: RuleSet, form: str) -> Path:
    """A round's own _mau/ overrides the bundled templates, file by file."""
    name = rule_set.data.mau[form].tep
    own = folder / ROUND_TEMPLATES / name
    return own if own.is_file() else bundled_templates() / name
