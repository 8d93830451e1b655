"""Benchmark: validating a large round against only parsing its files with PyYAML's C loader.

    python bench/validate.py [--communes 60 --cells 10 --members 33]

Both side by side in one process, each twice (the faster run counts): ``yaml.load(text,
Loader=CSafeLoader)`` over every file, and ``baocao.build.validate`` (read, parse, type, check
every rule; no cache). Goal: validation ≤ 1.5 × parsing.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from common import make_large_round, round_arguments  # noqa: E402
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
    args = round_arguments(__doc__)
    with tempfile.TemporaryDirectory() as tmp:
        round_dir = make_large_round(Path(tmp), args)
        files = sorted(round_dir.rglob("*.yaml"))
        parse = min(parse_only(files), parse_only(files))
        checked = min(validate(round_dir), validate(round_dir))
        print(f"{len(files)} files; parse only (CSafeLoader): {parse:.2f} s; baocao validate: {checked:.2f} s")
        print(f"validate / parse: {checked / parse:.2f} (goal ≤ 1.5)")


if __name__ == "__main__":
    main()
