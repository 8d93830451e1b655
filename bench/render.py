"""Benchmark: rendering one document, baocao against unmodified docxtpl and against the floor.

    python bench/render.py [ROUND_DIR]

For every document of the round (the bundled sample by default), side by side in one run:
- docxtpl: ``DocxTemplate(path)``, ``render(context)``, ``save()`` to memory — what a naive
  pipeline does for each document;
- baocao: ``PreparedTemplate`` made once per template per run (its cost spread over the round's
  documents), then ``render(context)`` to bytes;
- floor: writing the same output parts, already in memory, with ``zipfile`` and the same
  compression — what any writer of a .docx must at least do.
Prints milliseconds per document and the ratios (goals: baocao ≤ 0.25 × docxtpl, ≤ 2 × floor).
"""

from __future__ import annotations

import io
import sys
import time
import zipfile
from collections import defaultdict
from pathlib import Path


REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from baocao import build  # noqa: E402
from baocao.plan import template_path  # noqa: E402
from baocao.render.docx import PreparedTemplate, render_with_docxtpl  # noqa: E402
from baocao.render.environment import make_environment  # noqa: E402


def floor(parts: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, data in parts:
            archive.writestr(name, data)
    return buffer.getvalue()


def main() -> None:
    round_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "data" / "thuong-tin-2017"
    validated = build.validate(round_dir)
    jobs = build.plan(validated.round, draft=False)
    by_form = defaultdict(list)
    for job in jobs:
        by_form[job.form].append(job)
    totals = defaultdict(float)
    print(f"{'form':22} {'docs':>5} {'docxtpl ms':>11} {'baocao ms':>10} {'floor ms':>9} {'b/docxtpl':>10} {'b/floor':>8}")
    for form, group in sorted(by_form.items()):
        path = template_path(validated.round.folder, validated.round.rule_set, form)
        started = time.perf_counter()
        prepared = PreparedTemplate(path, make_environment())
        outputs = [prepared.render(job.context) for job in group]
        ours = time.perf_counter() - started
        parts = []
        for data in outputs:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                parts.append([(info.filename, archive.read(info)) for info in archive.infolist()])
        started = time.perf_counter()
        for p in parts:
            floor(p)
        least = time.perf_counter() - started
        started = time.perf_counter()
        for job in group:
            render_with_docxtpl(path, job.context, make_environment())
        naive = time.perf_counter() - started
        n = len(group)
        totals["n"] += n
        totals["naive"] += naive
        totals["ours"] += ours
        totals["floor"] += least
        print(f"{form:22} {n:5d} {1000 * naive / n:11.2f} {1000 * ours / n:10.2f} {1000 * least / n:9.2f} "
              f"{ours / naive:10.3f} {ours / least:8.2f}")
    n = totals["n"]
    print(f"{'all':22} {int(n):5d} {1000 * totals['naive'] / n:11.2f} {1000 * totals['ours'] / n:10.2f} "
          f"{1000 * totals['floor'] / n:9.2f} {totals['ours'] / totals['naive']:10.3f} {totals['ours'] / totals['floor']:8.2f}")
    print("goals: baocao/docxtpl ≤ 0.25, baocao/floor ≤ 2")


if __name__ == "__main__":
    main()
