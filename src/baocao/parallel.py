"""Mapping a function over many items in forked worker processes, results in order.

Forked workers inherit the parent's memory: the round already loaded, the templates already
compiled, the function itself (a closure will do). Only indices go to the workers and only the
function's results come back, so what travels is small and nothing needs to be picklable but
the results. Where the system cannot fork (Windows), the items are mapped in this process: the
results are the same, only slower.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

CHUNKS_PER_WORKER = 32  # small enough that no worker is left alone at the end, large enough to keep messages few
_INHERITED: dict[str, tuple[Callable, Sequence]] = {}


def available_cores() -> int:
    """The cores this process may run on (fewer than the machine's in a container or under taskset)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def forks(count: int, workers: int, least: int = 1) -> bool:
    """Whether ``count`` items would be mapped in forked workers rather than in this process."""
    return workers > 1 and count >= max(least, 2) and can_fork()


def ordered_map(function: Callable[[Item], Result], items: Sequence[Item], workers: int, least: int = 1) -> Results[Result]:
    """``function(item)`` for each item, in order; in ``workers`` forked processes when there
    are at least ``least`` items (fewer are not worth starting processes for).

    The workers start at once: this process may do other work before it asks for the results.
    """
    if not forks(len(items), workers, least):
        return Results(None, map(function, items))
    chunk = max(1, len(items) // (workers * CHUNKS_PER_WORKER))
    _INHERITED["call"] = (function, items)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=die_with_parent, initargs=(os.getpid(),))
    try:
        results = pool.map(_call_inherited, range(len(items)), chunksize=chunk)  # forks the workers
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise
    finally:
        _INHERITED.clear()  # the workers have their copy
    return Results(pool, results)


class Results(Generic[Result]):
    """The results in order; ``close`` (called at the end, or by a caller that gives up early,
    even before asking for any) stops the workers, so no pool is left for the interpreter's exit."""

    def __init__(self, pool: ProcessPoolExecutor | None, results: Iterator[Result]) -> None:
        self.pool = pool
        self.results = results

    def __iter__(self) -> Results[Result]:
        return self

    def __next__(self) -> Result:
        try:
            return next(self.results)
        except BaseException:  # StopIteration too: the work is done
            self.close()
            raise

    def close(self) -> None:
        if self.pool is not None:
            pool, self.pool = self.pool, None
            pool.shutdown(wait=True, cancel_futures=True)


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
PARENT_CHECK_SECONDS = 1.0


def die_with_parent(parent: int) -> None:
    """Run first in every worker: a worker never outlives the run that started it (a render
    killed from outside would otherwise leave its workers waiting for work for ever).

    On Linux the kernel kills the worker when its parent dies; elsewhere a thread notices it.
    """
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            _watch_parent(parent)
    else:
        _watch_parent(parent)
    if os.getppid() != parent:  # died before the kernel was told
        os._exit(1)


def _watch_parent(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="baocao-parent-watch").start()


def _call_inherited(index: int) -> Any:  # the Result of the function mapped
    function, items = _INHERITED["call"]
    return function(items[index])
