"""What the benchmarks share: the size options and the large invented round they generate."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def add_round_options(parser: argparse.ArgumentParser) -> None:
    """The default is a large round: ~600 cells, ~20,000 members."""
    parser.add_argument("--communes", type=int, default=60)
    parser.add_argument("--cells", type=int, default=10)
    parser.add_argument("--members", type=int, default=33)


def round_arguments(description: str, repeat: int | None = None) -> argparse.Namespace:
    """The command line of a benchmark: the size of the round it generates (and how many runs)."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_round_options(parser)
    if repeat is not None:
        parser.add_argument("--repeat", type=int, default=repeat, help="runs of each kind, alternated; the median counts")
    return parser.parse_args()


def make_large_round(folder: Path, args: argparse.Namespace) -> Path:
    round_dir = folder / "lon"
    subprocess.run([sys.executable, str(REPO / "tools" / "make_round.py"), str(round_dir), "--communes", str(args.communes),
                    "--cells", str(args.cells), "--members", str(args.members)], check=True)
    return round_dir


def compile_baocao() -> None:
    """Write baocao's bytecode before timing it, as an installed program has it: with
    PYTHONDONTWRITEBYTECODE set (as on the machines this was written on) or a source tree just
    edited, every run would otherwise compile the modules it imports again (some 15 ms each run)."""
    import compileall

    compileall.compile_dir(str(REPO / "src" / "baocao"), quiet=1)
