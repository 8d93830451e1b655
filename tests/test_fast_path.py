"""The fast path renders what docxtpl renders: every XML part of the sample, both ways."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docxtpl import DocxTemplate
from lxml import etree

from baocao import build
from baocao.render.docx import PreparedTemplate
from baocao.render.environment import make_environment
from conftest import SAMPLE


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _canonical(xml: bytes) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n")


def _properties(xml: bytes) -> dict[str, str]:
    """Core properties with a value (docxtpl also writes empty ones it renders)."""
    return {element.tag: element.text for element in etree.fromstring(xml) if element.text}


def _docxtpl(path: Path, context: dict) -> bytes:
    template = DocxTemplate(str(path))
    template.render(context, make_environment())
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def test_prepared_templates_render_the_xml_docxtpl_renders():
    validated = build.validate(SAMPLE)
    jobs = build.plan(validated.round, draft=False)
    by_form: dict[str, list] = {}
    for job in jobs:
        by_form.setdefault(job.form, []).append(job)
    compared = 0
    for form, group in by_form.items():
        path = build.template_path(validated.round.folder, validated.round.rule_set, form)
        prepared = PreparedTemplate(path, make_environment())
        for job in group[:6]:
            ours, theirs = _parts(prepared.render(job.context)), _parts(_docxtpl(path, job.context))
            assert sorted(ours) == sorted(theirs)
            for name in ours:
                if name == "docProps/core.xml":
                    assert _properties(ours[name]) == _properties(theirs[name])
                elif name.endswith((".xml", ".rels")):
                    assert _canonical(ours[name]) == _canonical(theirs[name]), (job.output, name)
                else:
                    assert ours[name] == theirs[name], (job.output, name)
            compared += 1
    assert compared >= 7 * 1 and len(by_form) == 7


def test_one_and_two_workers_write_byte_identical_folders(tmp_path):
    from conftest import run_cli

    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs-{jobs}"
        result = run_cli("render", str(SAMPLE), "-o", str(out), "--jobs", jobs)
        assert result.exit_code == 0, result.output
        folder = out / SAMPLE.name
        outputs.append({p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.docx")})
    assert outputs[0] and outputs[0] == outputs[1]
