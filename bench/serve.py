"""Benchmark: the warm server's re-render after one cell's correction, against a full render.

    python bench/serve.py [--communes 60 --cells 10 --members 33]

Generates the large invented round (~600 cells, ~20,000 members), then, side by side in one run:
a full render by the CLI (a fresh process, as `bench/correction.py` times it), and in one warm
process what `baocao serve` does — its first look at the round, a full render, then, after one
member's category is corrected in a cell's file, the update the watcher makes (validate, status,
changes: the page now asks for a reason) and the render the office starts with its reason. The
ratio of that re-render to the full render is the goal (≤ 5 %). Compare ratios, not seconds: the
machine is shared.
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
from correction import correct_one_member  # noqa: E402


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main() -> None:
    args = round_arguments(__doc__)
    from baocao.web.session import RoundSession

    with tempfile.TemporaryDirectory() as tmp:
        round_dir = make_large_round(Path(tmp), args)
        compile_baocao()
        cli_out = Path(tmp) / "cli"
        cli_full, _ = timed(lambda: subprocess.run([sys.executable, "-m", "baocao", "render", str(round_dir), "-o", str(cli_out)],
                                                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        session = RoundSession(round_dir, Path(tmp) / "serve")
        first_look, _ = timed(session.refresh)
        full, outcome = timed(lambda: session.render(draft=False, reason=None))
        assert not outcome.problems, outcome.problems
        cell = correct_one_member(round_dir)
        update, view = timed(session.live_update)
        assert view.decided_changes, "the correction should wait for a reason"
        again, outcome = timed(lambda: session.render(draft=False, reason="sửa sai sót khi nhập"))
        assert not outcome.problems, outcome.problems
        print(f"round: {len(view.rows)} units, {view.documents} documents")
        print(f"full render, CLI (fresh process):            {cli_full:8.2f} s")
        print(f"warm server: first look at the round:        {first_look:8.2f} s")
        print(f"warm server: full render:                    {full:8.2f} s")
        print(f"warm server: update after {cell.name} changed: {update:8.2f} s  ({100 * update / cli_full:5.1f} % of the CLI's full render)")
        print(f"warm server: re-render with the reason:      {again:8.2f} s  ({100 * again / cli_full:5.1f} % of the CLI's full render, "
              f"{100 * again / full:5.1f} % of the warm full render; goal ≤ 5 %)")
        print(f"  {outcome.ok[0]}")


if __name__ == "__main__":
    main()
