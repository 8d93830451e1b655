"""Rewrite the golden copies of the 2017 sample round's rendered documents (tests/golden/).

    python tools/update_golden.py

Run it only after a change meant to alter the 2017 documents (a template, the sample data), and
read the diff of tests/golden/ before committing: it is the record of what changed. Stored, as
Pelican keeps its expected output readable:

- for each document, ``<document>.txt``: its text as a reader meets it — the body's paragraphs in
  order, each table row as ``| cell | cell |`` (a cell's paragraphs joined by `` / ``), the
  headers' text — so that a changed word is a changed line in a diff;
- ``parts.json``: the sha256 of every part of every document (``word/document.xml`` included), so
  that a change of layout alone is caught too, though not shown word by word.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden" / "thuong-tin-2017"
sys.path.insert(0, str(REPO / "src"))

from baocao import build  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    pieces = []
    for node in paragraph.iter():
        if node.tag == W + "t" and node.text:
            pieces.append(node.text)
        elif node.tag == W + "tab":
            pieces.append("\t")
        elif node.tag in (W + "br", W + "cr"):
            pieces.append("\n")
    return "".join(pieces)


def _block_lines(container: ElementTree.Element) -> list[str]:
    """The paragraphs and tables directly in ``container`` (a body, a header, a table cell), in order."""
    lines = []
    for child in container:
        if child.tag == W + "p":
            lines.append(_paragraph_text(child))
        elif child.tag == W + "tbl":
            for row in child.findall(W + "tr"):
                cells = [" / ".join(line for line in _block_lines(cell) if line) for cell in row.findall(W + "tc")]
                lines.append("| " + " | ".join(cells) + " |")
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                lines += _block_lines(content)
    return lines


def readable_text(docx: Path) -> str:
    """A document's text as a reader meets it (see the module's docstring)."""
    with zipfile.ZipFile(docx) as archive:
        names = archive.namelist()
        body = ElementTree.fromstring(archive.read("word/document.xml")).find(W + "body")
        lines = _block_lines(body) if body is not None else []
        for name in sorted(n for n in names if n.startswith("word/header") and n.endswith(".xml")):
            header = [line for line in _block_lines(ElementTree.fromstring(archive.read(name))) if line.strip()]
            if header:
                lines += ["", f"--- {name} ---", *header]
    return "\n".join(lines) + "\n"


def part_hashes(docx: Path) -> dict[str, str]:
    with zipfile.ZipFile(docx) as archive:
        return {info.filename: hashlib.sha256(archive.read(info)).hexdigest() for info in archive.infolist()}


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
            target = GOLDEN / (rel + ".txt")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(readable_text(docx), encoding="utf-8")
            parts[rel] = part_hashes(docx)
        (GOLDEN / "parts.json").write_text(json.dumps(parts, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{len(parts)} documents written to {GOLDEN.relative_to(REPO)}")


if __name__ == "__main__":
    main()
