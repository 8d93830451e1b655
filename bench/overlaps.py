"""Benchmark: what each overlap trick of a run saves, against the time it targets.

    python bench/overlaps.py [--communes 60 --cells 10 --members 33] [--repeat 3]

A trick is kept only where it pays at least 5 % of the time it targets (issue 17). Each is
measured side by side in one process, with the trick and without it (the code path it replaces,
patched in here), alternated, the median of ``--repeat`` runs counting:

- compile while typing: the templates are compiled while worker processes type the unit files,
  instead of after validation. Targets the render up to the templates being ready.
- work while making: this process saves the cache, takes the round's snapshot and the changes
  since the last render while the workers make documents, instead of after them. Targets a full
  render.

Three more were measured here and removed (docs/performance.md has the figures): each unit's own
checks run in the worker that typed it, and their findings kept in the cache with the typed unit;
and the manifest's snapshot encoded while making and spliced into the manifest by hand.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from common import compile_baocao, make_large_round, round_arguments  # noqa: E402
sys.path.insert(0, str(REPO / "src"))

from baocao import build  # noqa: E402
from baocao.manifest import STATE_FOLDER  # noqa: E402

WORKERS = 2


@contextmanager
def patched(module: object, name: str, replacement: object) -> Iterator[None]:
    original = getattr(module, name)
    setattr(module, name, replacement)
    try:
        yield
    finally:
        setattr(module, name, original)


@contextmanager
def as_is() -> Iterator[None]:
    yield


# --- each trick's "without", as the code would be if it were not there ---------------------------

@contextmanager
def compile_after_validating() -> Iterator[None]:
    def validate_then_compile(folder: Path, out: Path, options: build.RenderOptions) -> build.Validated:
        validated = build.validate(folder, draft=options.draft, rule_set=options.rule_set, cache_folder=out / STATE_FOLDER,
                                   workers=options.jobs_count)
        if validated.round is not None:
            validated.round.prepared = build._prepare_rendering(folder, validated.round.rule_set, out / STATE_FOLDER / build.TEMPLATE_CACHE)
        return validated

    with patched(build, "_validate_while_compiling", validate_then_compile):
        yield


@contextmanager
def work_after_making() -> Iterator[None]:
    """This process's share (cache, snapshot, changes) done once every document is made."""
    original_make = build._make_documents

    def make_then_work(jobs, maker, workers, progress, meanwhile, units):  # type: ignore[no-untyped-def]
        made, _ = original_make(jobs, maker, workers, progress, lambda: None, units)
        return made, meanwhile()

    with patched(build, "_make_documents", make_then_work):
        yield


# --- the runs -------------------------------------------------------------------------------------

def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def cold_render(round_dir: Path, out_root: Path) -> Callable[[], object]:
    def run() -> object:
        shutil.rmtree(out_root, ignore_errors=True)
        result = build.render(round_dir, out_root, jobs_count=WORKERS)
        assert result.exit_code in (0, 1) and result.written, result.stopped
        return result
    return run


def up_to_templates(round_dir: Path, out_root: Path) -> Callable[[], object]:
    """The span compiling while typing targets: validation and compiled templates, from cold."""
    def run() -> object:
        shutil.rmtree(out_root, ignore_errors=True)
        out = out_root / round_dir.name
        return build._validate_while_compiling(round_dir, out, build.RenderOptions(jobs_count=WORKERS))
    return run


def compare(name: str, with_trick: Callable[[], float], without_trick: Callable[[], float], repeat: int) -> float:
    """Alternated runs; prints the medians and what the trick saves, as a share of the time without it."""
    kept, plain = [], []
    for _ in range(repeat):
        kept.append(with_trick())
        plain.append(without_trick())
    kept_s, plain_s = statistics.median(kept), statistics.median(plain)
    saving = (plain_s - kept_s) / plain_s
    verdict = "pays" if saving >= 0.05 else "does not pay"
    print(f"{name:<34} with {kept_s:6.2f} s   without {plain_s:6.2f} s   saves {100 * saving:5.1f} %  ({verdict})")
    return saving


def main() -> None:
    args = round_arguments(__doc__, repeat=3)
    with tempfile.TemporaryDirectory() as tmp:
        round_dir = make_large_round(Path(tmp), args)
        compile_baocao()
        out_root = Path(tmp) / "out"
        cold_render(round_dir, out_root)()  # first run: imports, page cache
        print(f"round: {len(list(round_dir.rglob('*.yaml'))) - 1} unit files; {WORKERS} workers; median of {args.repeat}")

        def under(variant: Callable[[], object], run: Callable[[], object]) -> Callable[[], float]:
            def measured() -> float:
                with variant():  # type: ignore[operator]
                    return timed(run)
            return measured

        compare("compile while typing", under(as_is, up_to_templates(round_dir, out_root)),
                under(compile_after_validating, up_to_templates(round_dir, out_root)), args.repeat)
        compare("work while making (full render)", under(as_is, cold_render(round_dir, out_root)),
                under(work_after_making, cold_render(round_dir, out_root)), args.repeat)


if __name__ == "__main__":
    main()
