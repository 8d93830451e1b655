"""Rewrite the golden copies of the 2017 sample round's rendered XML (tests/golden/).

    python tools/update_golden.py

Run it only after a change meant to alter the 2017 documents (a template, the sample data), and
look at the diff of tests/golden/ before committing: it is the record of what changed. Stored:
each document's word/document.xml as text, and the sha256 of every other part.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden" / "thuong-tin-2017"
sys.path.insert(0, str(REPO / "src"))

from baocao import build  # noqa: E402


def xml_parts(docx: Path) -> tuple[str, dict[str, str]]:
    with zipfile.ZipFile(docx) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
        others = {
            info.filename: hashlib.sha256(archive.read(info)).hexdigest()
            for info in archive.infolist() if info.filename != "word/document.xml"
        }
    return body, others


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        result = build.render(REPO / "data" / "thuong-tin-2017", Path(tmp))
        assert result.exit_code == 0, result
        out = Path(tmp) / "thuong-tin-2017"
        if GOLDEN.exists():
            shutil.rmtree(GOLDEN)
        parts = {}
        for docx in sorted(out.rglob("*.docx")):
            rel = docx.relative_to(out).as_posix()
            body, others = xml_parts(docx)
            target = GOLDEN / (rel + ".document.xml")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
            parts[rel] = others
        (GOLDEN / "parts.json").write_text(json.dumps(parts, indent=1, sort_keys=True), encoding="utf-8")
        print(f"{len(parts)} documents written to {GOLDEN.relative_to(REPO)}")


if __name__ == "__main__":
    main()
