"""Built-in rule sets, a committee's own file extending one, and broken rule-set files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from baocao.diagnostics import Report
from baocao.rules import BUILTIN_DIR, RuleSetError, builtin_names, load_rule_set
from baocao.source import parse_yaml_text
from conftest import SAMPLE, committee_yaml, lines_with, run_cli


@pytest.mark.parametrize("name", ["hd27-2014", "thuong-tin-2017", "hd21-2019", "qd366-2025"])
def test_builtin_rule_sets_load(name):
    report = Report()
    rules = load_rule_set(BUILTIN_DIR / f"{name}.yaml", report)
    assert not report.diagnostics
    assert rules.name == name
    assert len(rules.member_codes()) == 4 and len(rules.org_codes()) == 4
    assert set(builtin_names()) >= {"hd27-2014", "thuong-tin-2017", "hd21-2019", "qd366-2025"}


def test_thuong_tin_has_the_seeds_four_quotas_on_top_of_hd27():
    rules = load_rule_set(BUILTIN_DIR / "thuong-tin-2017.yaml", Report())
    quotas = {q.id: q for q in rules.quotas()}
    assert (quotas["han-muc-tsvm"].toi_da_phan_tram, quotas["han-muc-tsvm"].co_so) == (50, "tat_ca")
    assert (quotas["han-muc-tieu-bieu"].toi_da_phan_tram, quotas["han-muc-tieu-bieu"].co_so) == (20, "tsvm")
    assert (quotas["han-muc-htxsnv"].toi_da_phan_tram, quotas["han-muc-htxsnv"].co_so) == (15, "httnv")
    small = quotas["han-muc-htxsnv-chi-bo-nho"]
    assert (small.toi_da, small.khi_so_dang_vien_duoi, small.thay_the) == (1, 7, ["han-muc-htxsnv"])
    # inherited from hd27-2014
    assert {c.id for c in rules.conditions()} == {"chi-bo-qua-nua-khtnv", "dang-bo-qua-mot-phan-ba-yeu-kem", "tieu-bieu-chi-cho-tsvm"}
    assert rules.org_codes() == ["tsvm", "httnv", "htnv", "yeu_kem"]
    assert rules.word("danh_gia") == "đánh giá, phân loại"


def test_hd21_has_four_levels_no_distinction_and_its_own_quota():
    rules = load_rule_set(BUILTIN_DIR / "hd21-2019.yaml", Report())
    assert rules.org_codes() == ["htxsnv", "httnv", "htnv", "khtnv"]
    assert rules.data.tieu_bieu is None
    (quota,) = rules.quotas()
    assert (quota.toi_da_phan_tram, quota.co_so, quota.pham_vi) == (20, "httnv", "to_chuc_co_so")
    assert [c.id for c in rules.conditions()] == ["dang-vien-bi-ky-luat"]
    assert rules.word("danh_gia") == "đánh giá, xếp loại"


def test_hd21_quota_counts_the_whole_grassroots_organisation(round_builder):
    r = round_builder(rules="hd21-2019")
    r.write("db/dang-bo.yaml", committee_yaml("Đảng bộ X", "httnv"))
    # Cell a alone (2 vs 5) would break 20 %, but over the đảng bộ: 2 HTXSNV vs 10 HTTNV → 200 ≤ 200.
    r.cell("db/a.yaml", ["htxsnv"] * 2 + ["httnv"] * 5)
    r.cell("db/b.yaml", ["httnv"] * 5)
    assert run_cli("validate", str(r.root)).exit_code == 0
    r.cell("db/c.yaml", ["htxsnv"])  # 3 vs 10 → 300 > 200
    (line,) = lines_with(run_cli("validate", str(r.root)).output, "han-muc-htxsnv")
    assert "db/dang-bo.yaml" in line and "phải hạ 1" in line


def test_hd21_disciplined_member_is_khtnv(round_builder):
    r = round_builder(rules="hd21-2019")
    r.cell(
        "cb.yaml", ["httnv"] * 5, unit_category="httnv",
        extra_members="""
        - ho_ten: Người Bị Kỷ Luật
          nam_sinh: 1970
          xep_loai: htnv
          ky_luat: {hinh_thuc: khien_trach, ngay: 2017-06-01}
        - ho_ten: Kỷ Luật Năm Trước
          nam_sinh: 1971
          xep_loai: htnv
          ky_luat: {hinh_thuc: canh_cao, ngay: 2016-06-01}
        """,
    )
    (line,) = lines_with(run_cli("validate", str(r.root)).output, "dang-vien-bi-ky-luat")
    assert "Người Bị Kỷ Luật" in line and "KHTNV" in line


def test_a_committee_extends_a_builtin_rule_set(round_builder):
    r = round_builder(rules="_quy-tac.yaml")
    r.write(
        "_quy-tac.yaml",
        """\
ten: xa-thu-nghiem-2017
ke_thua: thuong-tin-2017
han_muc:
  - id: han-muc-htxsnv
    toi_da_phan_tram: 20
  - id: han-muc-htxsnv-chi-bo-nho
    tat: true
""",
    )
    # 4 HTXSNV vs 20 HTTNV: fails at 15 %, holds at 20 %.
    r.cell("cb-a.yaml", ["htxsnv"] * 4 + ["httnv"] * 20)
    # 2 of 6: the small-cell rule is off, 2 vs 4 at 20 % → 200 > 80: the percentage applies.
    r.cell("cb-b.yaml", ["htxsnv"] * 2 + ["httnv"] * 4)
    out = run_cli("validate", str(r.root)).output
    found = lines_with(out, "han-muc-htxsnv")
    assert len(found) == 1 and "cb-b.yaml" in found[0] and "20%" in found[0], out
    assert not lines_with(out, "han-muc-htxsnv-chi-bo-nho")


def test_rule_set_errors_name_the_users_file_and_line(round_builder):
    r = round_builder(rules="_quy-tac.yaml")
    r.write(
        "_quy-tac.yaml",
        "ten: hong\nke_thua: thuong-tin-2017\nhan_muc:\n  - id: moi\n    doi_tuong: dang_vien\n    xep_loai: xuat_sac\n    pham_vi: chi_bo\n    toi_da: 1\n",
    )
    r.cell("cb-a.yaml", ["httnv"] * 3)
    result = run_cli("validate", str(r.root))
    assert result.exit_code == 2
    (line,) = lines_with(result.output, "quy-tac-sai")
    assert "_quy-tac.yaml:6:" in line and "'xuat_sac'" in line


def test_a_rule_set_without_a_template_for_a_planned_document_is_caught_by_validate(round_builder, tmp_path):
    """Once a crash of `render` (KeyError: 'khen_thuong'): now validate names the rule set's `mau:` line."""
    r = round_builder(rules="_quy-tac.yaml")
    own = yaml.safe_load((BUILTIN_DIR / "hd27-2014.yaml").read_text(encoding="utf-8"))  # extends nothing
    assert "ke_thua" not in own
    own["ten"] = "rieng"
    del own["mau"]["khen_thuong"]
    r.write("_quy-tac.yaml", yaml.safe_dump(own, allow_unicode=True, sort_keys=False))
    r.cell("cb-a.yaml", ["httnv"] * 3)
    mau_line = (r.root / "_quy-tac.yaml").read_text(encoding="utf-8").splitlines().index("mau:") + 1
    result = run_cli("validate", str(r.root))
    assert result.exit_code == 2, result.output
    (line,) = lines_with(result.output, "quy-tac-sai")
    assert f"_quy-tac.yaml:{mau_line}:" in line and "khen_thuong" in line and "bao_cao_tap_the" not in line
    out = tmp_path / "out"
    rendered = run_cli("render", str(r.root), "-o", str(out))
    assert rendered.exit_code == 2 and "khen_thuong" in rendered.output and "Lỗi nội bộ" not in rendered.output
    assert not any(out.rglob("*.docx"))


def test_the_rule_sets_forms_are_the_documents_the_plan_makes():
    from baocao import build
    from baocao.kinds import FORMS

    validated = build.validate(SAMPLE)
    assert {job.form for job in build.plan(validated.round, draft=False)} == set(FORMS)


def test_rule_set_extending_itself_is_refused(tmp_path):
    path = tmp_path / "vong.yaml"
    path.write_text("ten: vong\nke_thua: vong.yaml\n", encoding="utf-8")
    report = Report()
    with pytest.raises(RuleSetError):
        load_rule_set(path, report)
    assert any(d.code == "quy-tac-vong" for d in report.diagnostics)


def test_schema_command_describes_unit_files_and_accepts_the_sample():
    jsonschema = pytest.importorskip("jsonschema")
    unit_schema = json.loads(run_cli("schema", "don-vi").output)
    round_schema = json.loads(run_cli("schema", "dot").output)
    jsonschema.Draft202012Validator.check_schema(unit_schema)
    samples = sorted(Path(SAMPLE).rglob("*.yaml")) + sorted((Path(SAMPLE).parent / "phuong-song-nhue-2025").glob("[!_]*.yaml"))
    for path in samples:
        data, _ = parse_yaml_text(path.read_text(encoding="utf-8"))
        schema = round_schema if path.name == "dot-danh-gia.yaml" else unit_schema
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
        assert not errors, (path, errors[:1])
    bad, _ = parse_yaml_text("ten: X\nloai: chi_bo\ndang_vien: [{nam_sinh: 1970}]\n")
    messages = [e.message for e in jsonschema.Draft202012Validator(unit_schema).iter_errors(bad)]
    assert any("chi_bo" in m for m in messages) and any("ho_ten" in m for m in messages)
