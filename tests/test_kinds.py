"""The table of document kinds is what the plan, the rule sets, the CLI and `baocao mau` read."""

from __future__ import annotations

from collections import Counter

from baocao import build
from baocao.kinds import FORMS, KINDS
from baocao.render import context as ctx
from baocao.rules import BUILTIN_DIR, builtin_names, load_rule_set
from baocao.diagnostics import Report
from conftest import REPO, SAMPLE, run_cli

WARD = REPO / "data" / "phuong-song-nhue-2026"


def test_every_kind_names_a_context_function_and_every_built_in_rule_set_a_template_for_it():
    for kind in KINDS:
        assert callable(getattr(ctx, kind.context, None)), kind
    for name in builtin_names():
        rules = load_rule_set(BUILTIN_DIR / f"{name}.yaml", Report())
        for form in FORMS:
            assert (REPO / "templates" / rules.data.mau[form].tep).is_file(), (name, form)


def test_the_plan_makes_each_kind_where_its_scope_says(tmp_path):
    validated = build.validate(WARD)
    round_ = validated.round
    jobs = build.plan(round_, draft=False)
    made = Counter(job.form for job in jobs)
    units = [u for u in round_.all_units() if u.usable]
    cells = [u for u in units if u.holds_members]
    meetings = [u for u in cells if u.don_vi.hoi_nghi]
    committees = [u for u in units if not u.holds_members]
    assert made["bao_cao_tap_the"] == len(units)
    assert made["danh_sach_xep_loai"] == made["thong_bao_ket_qua"] == len(cells)
    assert made["bien_ban"] == made["phieu_bieu_quyet"] == made["bien_ban_kiem_phieu"] == len(meetings)
    assert made["bao_cao_tong_hop"] == len(committees) + 1  # each đảng bộ's, and the round's
    for form in ("bieu_tong_hop", "khen_thuong", "quyet_dinh_cong_nhan", "to_trinh_khen_thuong"):
        assert made[form] == 1, form
    assert set(made) == set(FORMS)


def test_the_cli_lists_what_it_wrote_with_the_tables_labels_in_its_order(tmp_path):
    result = run_cli("render", str(SAMPLE), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    listed = [line.split(None, 1)[1] for line in result.output.splitlines() if line.startswith("  ") and line.split()[0].isdigit()]
    expected = list(dict.fromkeys(kind.label for kind in KINDS))
    assert listed == [label for label in expected if label in listed]
    assert len(listed) >= 10
