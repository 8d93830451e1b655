"""The kinds of document baocao makes: one table that the plan, the rule-set check, the CLI,
`baocao mau` and the tests read. A new kind of document is a row here, a template, a context
function and a `mau` entry in the rule sets (docs/architecture.md walks through one).

This module imports nothing of baocao's, so that the rule-set loader can hold a rule set's `mau`
against it without loading the rendering code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Scope = Literal["unit", "cell", "meeting", "member", "dang_bo", "round"]
"""Where a kind is made, once per:
- ``unit``: usable unit (cell or đảng bộ), in its folder;
- ``cell``: unit that holds members (a chi bộ);
- ``meeting``: chi bộ whose data records its review meeting (``hoi_nghi``);
- ``member``: member of a chi bộ who gets an individual review (plan.writes_review), in the
  chi bộ's ``ban-kiem-diem/`` folder;
- ``dang_bo``: đảng bộ (a unit whose members are in its chi bộ);
- ``round``: round, at the top of the output folder.
"""

MadeWith = Literal["template", "workbook"]
"""How a kind's bytes are made from its context: a .docx from the rule set's template for its form,
or an .xlsx workbook written by ``excel.tables_workbook`` (no template: a rule set names none)."""

INDIVIDUAL_FOLDER = "ban-kiem-diem"


@dataclass(frozen=True)
class DocumentKind:
    form: str  # its key in a rule set's `mau` (which names the template file and the subject line)
    scope: Scope
    file: str  # the document's file name (for ``member``: the folder its documents go in)
    label: str  # what the CLI, `baocao mau` and the page call it
    context: str  # the function of render/context.py that builds what its template sees
    made_with: MadeWith = "template"
    asked_for: str | None = None  # made only when a render is asked for it (render's --xlsx); never retired by one that is not


# In the order documents are planned and listed: a unit's own, then the round's.
KINDS: tuple[DocumentKind, ...] = (
    DocumentKind("bao_cao_tap_the", "unit", "bao-cao-kiem-diem-tap-the.docx", "báo cáo kiểm điểm tập thể", "collective_report"),
    DocumentKind("danh_sach_xep_loai", "cell", "danh-sach-xep-loai-dang-vien.docx", "danh sách xếp loại đảng viên", "member_list"),
    DocumentKind("bien_ban", "meeting", "bien-ban-hoi-nghi.docx", "biên bản hội nghị", "minutes"),
    DocumentKind("phieu_bieu_quyet", "meeting", "phieu-bieu-quyet.docx", "phiếu biểu quyết", "ballots"),
    DocumentKind("bien_ban_kiem_phieu", "meeting", "bien-ban-kiem-phieu.docx", "biên bản kiểm phiếu", "vote_count"),
    DocumentKind("thong_bao_ket_qua", "cell", "thong-bao-ket-qua.docx", "thông báo kết quả cho chi bộ", "notice"),
    DocumentKind("kiem_diem_ca_nhan", "member", INDIVIDUAL_FOLDER, "bản kiểm điểm cá nhân", "individual_review"),
    DocumentKind("bao_cao_tong_hop", "dang_bo", "bao-cao-tong-hop.docx", "báo cáo tổng hợp", "committee_summary"),
    DocumentKind("bao_cao_tong_hop", "round", "bao-cao-tong-hop.docx", "báo cáo tổng hợp", "round_summary"),
    DocumentKind("bieu_tong_hop", "round", "bieu-tong-hop.docx", "biểu tổng hợp", "tables"),
    DocumentKind("khen_thuong", "round", "danh-sach-khen-thuong.docx", "danh sách đề nghị khen thưởng", "commendation"),
    DocumentKind("quyet_dinh_cong_nhan", "round", "quyet-dinh-cong-nhan.docx", "quyết định công nhận", "recognition"),
    DocumentKind("to_trinh_khen_thuong", "round", "to-trinh-khen-thuong.docx", "tờ trình khen thưởng", "proposal"),
    DocumentKind("bieu_tong_hop_xlsx", "round", "bieu-tong-hop.xlsx", "biểu tổng hợp dạng Excel", "tables",
                 made_with="workbook", asked_for="xlsx"),
)

FORMS: tuple[str, ...] = tuple(dict.fromkeys(kind.form for kind in KINDS if kind.made_with == "template"))
"""Every form the plan makes documents of from a template, in order: a rule set names a template for each."""

WORKBOOK_FORMS: frozenset[str] = frozenset(kind.form for kind in KINDS if kind.made_with == "workbook")
ASKED_FOR_FORMS: frozenset[str] = frozenset(kind.form for kind in KINDS if kind.asked_for is not None)

UNIT_SCOPES: frozenset[Scope] = frozenset({"unit", "cell", "meeting", "member", "dang_bo"})


def label_of_form(form: str) -> str:
    return next((kind.label for kind in KINDS if kind.form == form), form)


def label_of_output(key: str) -> str:
    """The label of what a render counted under ``key`` (a file name, or the individual folder)."""
    return next((kind.label for kind in KINDS if kind.file == key), key)


def output_order(key: str) -> int:
    return next((index for index, kind in enumerate(KINDS) if kind.file == key), len(KINDS))
