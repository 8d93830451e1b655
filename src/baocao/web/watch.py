"""Watching the round folder (watchfiles: the system's own notifications, not polling) and
bringing the page up to date when a file of the round changes."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from watchfiles import Change, DefaultFilter, awatch

from .session import RoundSession

log = logging.getLogger("baocao.serve")
ABSENT_RETRY = 1.0  # seconds between looks for a round folder that was deleted


class RoundFilter(DefaultFilter):
    """Files that take part in a round: not backups, Office owner files, temporaries, nor the
    output folder when it sits inside the round."""

    def __init__(self, output: Path) -> None:
        super().__init__()
        self.output = output.resolve()

    def __call__(self, change: Change, path: str) -> bool:
        name = Path(path).name
        if name.endswith((".bak", ".tmp", ".swp")) or name.startswith(("~$", ".#")) or "~" in name[-1:]:
            return False
        if Path(path).resolve().is_relative_to(self.output):
            return False
        return super().__call__(change, path)


async def watch_round(session: RoundSession, hub, stop: asyncio.Event) -> None:
    """Until ``stop``: on every change of the round's files, update (validate, re-render what
    changed) in a worker thread and tell the pages. A deleted folder is waited for."""
    while not stop.is_set():
        folder = session.folder
        if not folder.is_dir():
            await _update(session, hub)  # the page says the folder is gone
            while not folder.is_dir() and not stop.is_set():
                await asyncio.sleep(ABSENT_RETRY)
            if stop.is_set():
                return
            log.info("Thư mục đợt đánh giá có lại: %s", folder)
            await _update(session, hub)
            continue
        try:
            async for changes in awatch(folder, watch_filter=RoundFilter(session.output_root), stop_event=stop,
                                        debounce=400, step=50, recursive=True):
                log.info("Tệp thay đổi: %s", ", ".join(sorted({Path(p).name for _, p in changes}))[:300])
                await _update(session, hub)
                if not folder.is_dir():
                    break
        except (FileNotFoundError, OSError, RuntimeError) as exc:  # the folder went while being watched
            log.warning("Ngừng theo dõi %s: %s", folder, exc)
            await asyncio.sleep(ABSENT_RETRY)


async def _update(session: RoundSession, hub) -> None:
    try:
        await run_in_threadpool(session.live_update)
    except Exception:  # noqa: BLE001 - the watcher must outlive any one bad update
        log.exception("Không cập nhật được trang sau khi tệp thay đổi")
    hub.notify()
