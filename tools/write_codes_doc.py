"""Write docs/codes.md from the table of problem codes (baocao.codes); tests/test_codes.py holds
the page to the table.

    python tools/write_codes_doc.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from baocao.codes import CODES, STAGE_NAMES  # noqa: E402
from baocao.diagnostics import SEVERITY_LABEL  # noqa: E402

HEAD = """# Problem codes

Every problem baocao reports — in a round's data, in a template, or in writing the documents — is
one diagnostic with a code, printed as `file:line:column: severity [code] message` (a problem of a
whole file has no line), listed by `validate --format json` and `render --format json` under
`van_de`, and shown on the page. This page lists the codes; it is written from the table in
`src/baocao/codes.py` by `python tools/write_codes_doc.py`, and a test holds the two together.

Besides these, a rule set's conditions and quotas report under their own `id` (for example
`han-muc-htxsnv-dang-vien`): the rule-set files list them (`id` of each entry under `han_muc`
and `dieu_kien`, in `src/baocao/rules/*.yaml`).

Severity: *lỗi* stops a final render (or, for a render's own problems, makes it end with exit
code 1); *cảnh báo* is shown and stops nothing; *thông báo* says what a render did. Where the
severity column is empty, it depends on what was found (a missing category is an error in a final
render and a warning in a draft).

| code | stage | severity | meaning |
|---|---|---|---|
"""


def main() -> None:
    rows = [f"| `{code}` | {STAGE_NAMES[entry.stage]} | {SEVERITY_LABEL[entry.severity] if entry.severity else ''} | {entry.meaning} |"
            for code, entry in CODES.items()]
    (REPO / "docs" / "codes.md").write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
