"""tools/make_templates.py is the source of the built-in templates: it makes templates/*.docx
byte for byte (see docs/van-ban.md). A change to a built-in template is made in the script, and
the files are made again; a committee's own changes go into its round's _mau/."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_make_templates_reproduces_the_committed_templates_byte_for_byte(tmp_path):
    subprocess.run([sys.executable, str(REPO / "tools" / "make_templates.py"), str(tmp_path)], check=True)
    committed = {path.name: path.read_bytes() for path in (REPO / "templates").glob("*.docx")}
    made = {path.name: path.read_bytes() for path in tmp_path.glob("*.docx")}
    assert sorted(made) == sorted(committed)
    for name, data in committed.items():
        assert made[name] == data, f"templates/{name} differs from what tools/make_templates.py makes: run it again"
