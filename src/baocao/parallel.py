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
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

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


def ordered_map(function: Callable[[Item], Result], items: Sequence[Item], workers: int, least: int = 1) -> Iterator[Result]:
    """``function(item)`` for each item, in order; in ``workers`` forked processes when there
    are at least ``least`` items (fewer are not worth starting processes for).

    The workers start at once: this process may do other work before it asks for the results.
    """
    if not forks(len(items), workers, least):
        return map(function, items)
    chunk = max(1, len(items) // (workers * CHUNKS_PER_WORKER))
    _INHERITED["call"] = (function, items)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    try:
        results = pool.map(_call_inherited, range(len(items)), chunksize=chunk)  # forks the workers
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise
    finally:
        _INHERITED.clear()  # the workers have their copy
    return _results(pool, results)


def _results(pool: ProcessPoolExecutor, results: Iterator[Result]) -> Iterator[Result]:
    with pool:
        yield from results


def _call_inherited(index: int) -> object:
    function, items = _INHERITED["call"]
    return function(items[index])
