"""Benchmark: validating a large round against only parsing its files with PyYAML's C loader.

    python bench/validate.py [--communes 60 --cells 10 --members 33]

Both side by side in one process, each twice (the faster run counts): ``yaml.load(text,
Loader=CSafeLoader)`` over every file, and ``baocao.build.validate`` (read, parse, type, check
every rule; no cache). Goal: validation ≤ 1.5 × parsing.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from baocao import build  # noqa: E402


def parse_only(files: list[Path]) -> float:
    started = time.perf_counter()
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def validate(round_dir: Path) -> float:
    started = time.perf_counter()
    result = build.validate(round_dir)
    assert result.fatal is None
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communes", type=int, default=60)
    parser.add_argument("--cells", type=int, default=10)
    parser.add_argument("--members", type=int, default=33)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        round_dir = Path(tmp) / "lon"
        subprocess.run([sys.executable, str(REPO / "tools" / "make_round.py"), str(round_dir), "--communes", str(args.communes),
                        "--cells", str(args.cells), "--members", str(args.members)], check=True)
        files = sorted(round_dir.rglob("*.yaml"))
        parse = min(parse_only(files), parse_only(files))
        checked = min(validate(round_dir), validate(round_dir))
        print(f"{len(files)} files; parse only (CSafeLoader): {parse:.2f} s; baocao validate: {checked:.2f} s")
        print(f"validate / parse: {checked / parse:.2f} (goal ≤ 1.5)")


if __name__ == "__main__":
    main()
