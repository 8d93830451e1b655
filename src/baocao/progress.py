"""Progress of long work (making documents, converting them to PDF, writing Excel forms).

On a terminal, a bar (tqdm) that appears only when a stage lasts more than half a second; when
the output goes to a file or another program (a log, a scheduled task), plain lines instead,
one every few seconds at most and only for a stage that lasts, so that a log is not flooded
and short runs print nothing. Everything goes to stderr: stdout stays the report.
"""

from __future__ import annotations

import sys
import time
from typing import IO

BAR_DELAY = 0.5  # seconds before a bar appears
LINE_AFTER = 2.0  # seconds before the first plain line of a stage, and between lines


class Progress:
    """Called as ``progress(stage, done, total)``; ``close`` ends the last stage."""

    def __init__(self, stream: IO[str] | None = None, terminal: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.terminal = _is_terminal(self.stream) if terminal is None else terminal
        self.stage: str | None = None
        self.bar = None
        self.started = self.last_line = 0.0
        self.done = self.total = 0
        self.printed = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            self._start(stage, total)
        self.done, self.total = done, total
        if self.bar is not None:
            self.bar.total = total
            self.bar.update(done - self.bar.n)
            return
        now = time.monotonic()
        if now - self.started >= LINE_AFTER and now - self.last_line >= LINE_AFTER and done < total:
            self._line(now)

    def _start(self, stage: str, total: int) -> None:
        self.stage, self.total, self.done, self.printed = stage, total, 0, False
        self.started = self.last_line = time.monotonic()
        if self.terminal:
            from tqdm import tqdm  # only where a bar is shown

            self.bar = tqdm(total=total, desc=stage, unit=" tệp", file=self.stream, delay=BAR_DELAY, leave=False,
                            dynamic_ncols=True, bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}]")

    def _line(self, now: float) -> None:
        percent = 100 * self.done // self.total if self.total else 100
        print(f"{self.stage}: {self.done}/{self.total} ({percent}%)", file=self.stream, flush=True)
        self.last_line, self.printed = now, True

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        elif self.stage is not None and (self.printed or time.monotonic() - self.started >= LINE_AFTER):
            self._line(time.monotonic())  # the last line of a stage that lasted: how far it got
        self.stage = None

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
