"""Comparing two .docx files part by part, up to serialisation only.

The normalisation, and all it ignores:
- the zip container: entry order, timestamps, compression (each part is read back whole);
- XML serialisation, by canonical XML (C14N 1.0, lxml's ``method="c14n"``): the XML declaration,
  attribute order, quote style, ``<a/>`` against ``<a></a>``, where namespace declarations sit.
Whitespace between tags is NOT ignored (C14N keeps it), nor any element, attribute or text;
media and other binary parts are compared byte for byte, relationships and content types as XML.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

MODIFIED = "{http://purl.org/dc/terms/}modified"


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def canonical(name: str, data: bytes, ignore_modified: bool = False) -> bytes:
    if not name.endswith((".xml", ".rels")):
        return data
    root = etree.fromstring(data)
    if ignore_modified:
        # Only for a template without core properties: python-docx dates the ones it makes.
        for element in root.iter(MODIFIED):
            element.text = "(the moment of saving)"
    return etree.tostring(root, method="c14n")


def assert_same_document(ours: bytes, theirs: bytes, ignore_modified: bool = False) -> None:
    mine, docxtpl = parts(ours), parts(theirs)
    assert sorted(mine) == sorted(docxtpl)
    for name in docxtpl:
        assert canonical(name, mine[name], ignore_modified) == canonical(name, docxtpl[name], ignore_modified), name
