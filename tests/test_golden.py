"""The 2017 sample round renders exactly as the golden copies recorded (tools/update_golden.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SAMPLE, run_cli

GOLDEN = Path(__file__).parent / "golden" / "thuong-tin-2017"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("golden")
    assert run_cli("render", str(SAMPLE), "-o", str(out)).exit_code == 0
    return out / "thuong-tin-2017"


def test_the_2017_round_renders_as_recorded(rendered):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    from update_golden import xml_parts

    recorded = json.loads((GOLDEN / "parts.json").read_text(encoding="utf-8"))
    documents = sorted(p.relative_to(rendered).as_posix() for p in rendered.rglob("*.docx"))
    assert documents == sorted(recorded)
    for rel in documents:
        body, others = xml_parts(rendered / rel)
        assert body == (GOLDEN / (rel + ".document.xml")).read_text(encoding="utf-8"), rel
        assert others == recorded[rel], rel
