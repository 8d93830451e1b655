"""Benchmark: writing the Excel forms of the sample round (``baocao excel-form``).

    python bench/forms.py [--repeat 3]

Prints the time of writing every unit's form (best of the runs) and a digest of all the forms'
bytes, so that a change meant to be invisible in the files (sharing one cell protection object
instead of making one per open cell) can be shown to keep the same bytes while taking less time.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from baocao import build  # noqa: E402
from baocao.excel import write_forms  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    validated = build.validate(REPO / "data" / "thuong-tin-2017", draft=True)
    best, digest = float("inf"), ""
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            written = write_forms(validated.round, Path(folder)).written
            best = min(best, time.perf_counter() - started)
            hasher = hashlib.sha256()
            for path in sorted(written):
                hasher.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
            digest = hasher.hexdigest()
    print(f"{len(written)} forms: {best:.2f} s (best of {args.repeat}); bytes sha256 {digest[:16]}")


if __name__ == "__main__":
    main()
