"""Benchmark: end-to-end render of a large round with 1 and with 2 worker processes.

    python bench/parallel.py [--communes 60 --cells 10 --members 33] [--repeat 3]

Times `baocao render --jobs N` (load and validation included) into a fresh output folder for each
N, side by side in one run, alternating 1 and 2 workers ``--repeat`` times (the median counts),
and samples the resident memory of the render process and its workers
(peak of their sum). Goal: 2 workers ≥ 1.8 × faster than 1.

The output folders are removed only at the end, never between runs: on an ext4 file system
without a journal (as on the machines this was written on), creating a file skips every inode
freed in the last 30 seconds, so a run that follows the deletion of a previous run's ~4,000 files
spends seconds more in the kernel (measured: about 2 s), whichever number of workers it uses.

Before each pair of runs it also measures the machine's own ceiling: how much faster two processes
do pure CPU work that shares nothing than one process does. On shared virtual cores that is often
well under 2 ×, and no program can beat it.
"""

from __future__ import annotations

import statistics
import multiprocessing
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from common import compile_baocao, make_large_round, round_arguments  # noqa: E402


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(c) for c in children)
        except (OSError, StopIteration, ValueError):
            continue
    return total


@dataclass
class Run:
    seconds: float  # wall time
    cpu: float  # user + system time of the render process and its workers
    peak_kb: int  # peak resident memory of the render process and its workers, summed


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # workers are reaped by the render process: counted in
    return usage.ru_utime + usage.ru_stime


def timed_render(round_dir: Path, out: Path, jobs: int) -> Run:
    cpu_before = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "baocao", "render", str(round_dir), "-o", str(out), "--jobs", str(jobs)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, _tree_rss_kb(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    process.wait()
    sampler.join()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"render --jobs {jobs} failed")
    return Run(seconds, _children_cpu() - cpu_before, peak)


def _spin(_: object = None) -> float:
    """Pure CPU work, sharing nothing: the machine's own best case for two processes."""
    started = time.perf_counter()
    total = 0
    for i in range(15_000_000):
        total += i * i % 7
    return time.perf_counter() - started


def machine_ceiling() -> float:
    """How much faster two processes get the same pure CPU work done than one, on this machine
    now: on shared virtual cores, often well short of 2 ×, whatever a program does. Only the
    work is timed (not starting the processes), so this is the most any program could get."""
    one = _spin()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        both = pool.map(_spin, [0, 1])
    return 2 * one / max(both)


def main() -> None:
    args = round_arguments(__doc__, repeat=3)
    with tempfile.TemporaryDirectory() as tmp:
        round_dir = make_large_round(Path(tmp), args)
        compile_baocao()
        runs: dict[int, list[Run]] = {1: [], 2: []}
        ceilings = []
        for attempt in range(args.repeat):
            ceilings.append(machine_ceiling())
            for jobs in (1, 2):  # alternated, so that a noisy moment falls on both
                out = Path(tmp) / f"out-{jobs}-{attempt}"  # kept until the end (see above)
                runs[jobs].append(timed_render(round_dir, out, jobs))
        medians = {jobs: statistics.median(run.seconds for run in results) for jobs, results in runs.items()}
        for jobs, results in runs.items():
            times = ", ".join(f"{run.seconds:.2f}" for run in results)
            cpu = statistics.median(run.cpu for run in results)
            peak = max(run.peak_kb for run in results)
            print(f"render --jobs {jobs}: median {medians[jobs]:6.2f} s wall ({times}); "
                  f"CPU {cpu:.2f} s; peak RSS {peak / 1024:6.1f} MiB (process and workers)")
        speed_up, ceiling = medians[1] / medians[2], statistics.median(ceilings)
        pairs = [one.seconds / two.seconds for one, two in zip(runs[1], runs[2])]
        print(f"speed-up with 2 workers: {speed_up:.2f} × (ratio of medians; goal ≥ 1.8 ×); "
              f"pair by pair: {', '.join(f'{pair:.2f}' for pair in pairs)}")
        print(f"the machine's own ceiling, pure CPU work in 2 processes: {ceiling:.2f} × "
              f"({', '.join(f'{c:.2f}' for c in ceilings)}); baocao reaches {speed_up / ceiling:.0%} of it")


if __name__ == "__main__":
    main()
