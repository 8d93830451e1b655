"""The 2017 sample round renders exactly as the golden copies recorded (tools/update_golden.py):
each document's text, read as a reader meets it, and the hash of each of its parts."""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

import pytest

from conftest import SAMPLE, run_cli

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "thuong-tin-2017"
sys.path.insert(0, str(REPO / "tools"))

from update_golden import part_hashes, readable_text  # noqa: E402


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("golden")
    assert run_cli("render", str(SAMPLE), "-o", str(out)).exit_code == 0
    return out / "thuong-tin-2017"


def test_the_2017_round_renders_the_recorded_documents_with_the_recorded_text(rendered):
    recorded = json.loads((GOLDEN / "parts.json").read_text(encoding="utf-8"))
    documents = sorted(p.relative_to(rendered).as_posix() for p in rendered.rglob("*.docx"))
    assert documents == sorted(recorded)
    for rel in documents:
        expected = (GOLDEN / (rel + ".txt")).read_text(encoding="utf-8")
        text = readable_text(rendered / rel)
        if text != expected:
            diff = "\n".join(difflib.unified_diff(expected.splitlines(), text.splitlines(), "recorded", "rendered", lineterm=""))
            pytest.fail(f"{rel}: the text changed (tools/update_golden.py records it, if meant):\n{diff}")


def test_the_2017_round_renders_every_part_as_recorded(rendered):
    recorded = json.loads((GOLDEN / "parts.json").read_text(encoding="utf-8"))
    for rel, parts in sorted(recorded.items()):
        changed = sorted(name for name, digest in part_hashes(rendered / rel).items() if parts.get(name) != digest)
        assert not changed and set(parts) == set(part_hashes(rendered / rel)), (
            f"{rel}: parts changed though the text did not (layout, styles?): {changed}; "
            "tools/update_golden.py records them, if meant")


def test_the_readable_text_shows_paragraphs_tables_and_headers():
    text = (GOLDEN / "bao-cao-tong-hop.docx.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert "BÁO CÁO" in lines
    assert any(line.startswith("| ĐẢNG BỘ THÀNH PHỐ HÀ NỘI / HUYỆN ỦY THƯỜNG TÍN") for line in lines)
    assert any(line.startswith("--- word/header") for line in lines)
