"""How long a template may run for one document, and how much it may write.

A template is code written by whoever edits a round's ``_mau/``: a loop nested in a loop, or a
recursive macro, could run for hours. Each document gets ``SECONDS`` of template time; on
systems with interval timers (Linux, macOS) a SIGALRM stops the template wherever it is in
Python code, elsewhere (Windows) a timer thread interrupts the main thread. What allocates in
one step (``'a' * 10**10``) is refused before it starts, by the environment (see environment.py).
"""

from __future__ import annotations

import _thread
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SECONDS = 30.0  # template time for one document; the largest round's summary needs about 1 s
MAX_PART_CHARACTERS = 50_000_000  # the XML of one part of one document (about 10,000 pages)


class TemplateTimeout(Exception):
    """The template ran past its time for one document."""


def _on_alarm(signum: int, frame: object) -> None:
    raise TemplateTimeout


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TemplateTimeout in the code inside once ``seconds`` have passed."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach only the main thread: no limit here (not a path baocao takes)
        return
    if hasattr(signal, "setitimer"):
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    fired = threading.Event()

    def interrupt() -> None:
        fired.set()
        _thread.interrupt_main()

    timer = threading.Timer(seconds, interrupt)
    timer.daemon = True
    timer.start()
    try:
        yield
    except KeyboardInterrupt:
        if fired.is_set():
            raise TemplateTimeout from None
        raise
    finally:
        timer.cancel()
