"""The two YAML readers agree. A file's values are read fast by the C parser with baocao's rules
(``load_values``); only a file with something to report is read again with positions
(``parse_yaml_text``). Were they to read a value differently, a file would mean one thing when
valid and another when it has a problem elsewhere: so they must give the same values, or refuse
the same text with the same code at the same place."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from baocao.source import _YamlRefusal, decode, load_values, parse_yaml_text

REPO = Path(__file__).resolve().parents[1]


def _read(reader, text: str):
    try:
        return ("values", repr(reader(text)))  # repr: True, 1 and 1.0 are equal, their reprs are not
    except _YamlRefusal as refusal:
        return ("refused", refusal.code, refusal.line, refusal.column)


def _both(text: str):
    return _read(load_values, text), _read(lambda t: parse_yaml_text(t)[0], text)


def test_every_yaml_file_of_the_project_is_read_alike():
    files = [*REPO.glob("data/**/*.yaml"), *REPO.glob("tests/corpus/*.yaml"), *REPO.glob("src/baocao/rules/*.yaml")]
    assert len(files) > 100
    for path in files:
        try:
            text = decode(path.read_bytes())
        except _YamlRefusal:  # an encoding refused before any YAML is read (tests/corpus has some)
            continue
        fast, positioned = _both(text)
        assert fast == positioned, path


# Scalars where YAML 1.1, YAML 1.2 and Python disagree, and text that breaks the syntax.
TRICKY = ["yes", "no", "on", "off", "y", "n", "~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE",
          "false", "010", "0", "-0", "+0", "00", "09", "0x1F", "0o17", "0b11", "1_000", "1e3", "1E3", "1.0e+3", "5e-1",
          ".5", "-.5", "1.", "0.", ".inf", "-.Inf", ".nan", "1:30", "2017-11-28", "2017-11-28 10:00", "12345678901234567890",
          "-12", "+12", "1,5", "85,5", "'quoted'", '"dq"', "'it''s'", '"a\\tb"', "Nguyễn Văn A", "a: b", "a #c", "#c",
          "[1, 2]", "{a: 1}", "&x 1", "*x", "!!str 1", "!!int 2", "- x", ">", "|", "@x", "`x", "%x", "'unclosed", '"unclosed']
KEYS = ["ten", "nam", "xep_loai", "so", "ngay", "diem", "ghi_chu", "010", "true", "null"]

scalars = st.one_of(st.sampled_from(TRICKY), st.text(alphabet="ab01.-+_eE: #'\"xđ", max_size=8))


def _block(value, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:")
                lines += _block(item, indent + 2)
            else:
                lines.append(f"{pad}{key}: {item if not isinstance(item, (dict, list)) else '[]'}")
        return lines
    lines = []
    for item in value:
        if isinstance(item, dict) and item:
            inner = _block(item, indent + 2)
            lines.append(f"{pad}- {inner[0].strip()}")
            lines += inner[1:]
        else:
            lines.append(f"{pad}- {item if not isinstance(item, (dict, list)) else '[]'}")
    return lines


documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), documents, min_size=1, max_size=5))
def test_generated_documents_are_read_alike(document):
    text = "\n".join(_block(document, 0)) + "\n"
    fast, positioned = _both(text)
    assert fast == positioned, text
