"""Benchmark: full render of a large round, then the re-render after one cell's correction.

    python bench/correction.py [--communes 60 --cells 10 --members 33]

Generates a large invented round (~600 cells, ~20,000 members by default) in a temporary folder,
times end-to-end `render` (load and validation included) for a full render and for the
re-render after one member's category is corrected, and prints both and their ratio (goal ≤ 5 %).
Timings are wall-clock on this machine: compare the ratio, measured side by side in one run.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from common import compile_baocao, make_large_round, round_arguments  # noqa: E402


def run(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "baocao", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def correct_one_member(round_dir: Path) -> Path:
    cell = sorted(round_dir.glob("dang-bo-*/chi-bo-*.yaml"))[0]
    text = cell.read_text(encoding="utf-8")
    cell.write_text(text.replace("\n  xep_loai: htxsnv", "\n  xep_loai: httnv", 1), encoding="utf-8")
    return cell


def main() -> None:
    args = round_arguments(__doc__)
    with tempfile.TemporaryDirectory() as tmp:
        round_dir = make_large_round(Path(tmp), args)
        compile_baocao()
        files = list(round_dir.rglob("*.yaml"))
        members = sum(f.read_text(encoding="utf-8").count("\n- ho_ten:") + f.read_text(encoding="utf-8").startswith("- ho_ten:") for f in files)
        out = Path(tmp) / "out"
        full = run(["render", str(round_dir), "-o", str(out)])
        documents = len(list(out.rglob("*.docx")))
        noop = run(["render", str(round_dir), "-o", str(out)])
        cell = correct_one_member(round_dir)
        again = run(["render", str(round_dir), "-o", str(out)])
        print(f"round: {len(files) - 1} unit files, {members} members, {documents} documents")
        print(f"full render:                         {full:8.2f} s")
        print(f"re-render, nothing changed:          {noop:8.2f} s  ({100 * noop / full:5.1f} % of full)")
        print(f"re-render after correcting {cell.name}: {again:8.2f} s  ({100 * again / full:5.1f} % of full; goal ≤ 5 %)")


if __name__ == "__main__":
    main()
