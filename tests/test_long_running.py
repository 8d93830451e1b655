"""A process that validates and renders again and again (the office's server, a test run) must
not grow with every run: what a run pauses the collector for is given back when it ends."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

from baocao import build

REPO = Path(__file__).resolve().parents[1]
WARD = REPO / "data" / "phuong-song-nhue-2026"
DISTRICT = REPO / "data" / "thuong-tin-2017"


def test_nothing_stays_frozen_after_a_validation():
    result = build.validate(WARD)
    assert result.fatal is None
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_nothing_stays_frozen_after_a_render(tmp_path):
    result = build.render(WARD, tmp_path, draft=True)
    assert result.written, "the render wrote nothing"
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def _resident_megabytes() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    import resource

    return pages * resource.getpagesize() / 2**20


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/statm")
def test_renders_in_one_process_do_not_pile_up(tmp_path):
    # Before the collector was given back what it had set apart, each render of this round kept
    # about 10 MB for the life of the process (a large round, far more); now the process settles.
    for _ in range(2):
        build.render(DISTRICT, tmp_path, force=True)
    settled = _resident_megabytes()
    for _ in range(4):
        build.render(DISTRICT, tmp_path, force=True)
    grown = _resident_megabytes() - settled
    assert grown < 15, f"four more renders kept {grown:.0f} MB"
