"""Typed units of unchanged files, kept between runs.

A re-render reads every file of the round, but parses and types only those whose bytes changed:
each unit is kept under its path with the sha256 of its bytes (the key that matters), the rule
set and baocao's version (a ``salt``: when either changes, everything is typed again). The cache
lives in the output folder's ``.baocao/``, which only baocao writes; a cache that cannot be read
is ignored, never trusted in part.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from .files import write_atomically

CACHE_FILE = "don-vi.cache"


class UnitCache:
    def __init__(self, path: Path | None, salt: str) -> None:
        self.path, self.salt = path, salt
        self.entries: dict[str, tuple[str, bytes]] = {}
        self.changed = False
        if path is not None and path.is_file():
            try:
                stored = pickle.loads(path.read_bytes())
                if stored.get("salt") == salt:
                    self.entries = stored["entries"]
            except Exception:  # noqa: BLE001 - a damaged cache is only a slower run
                self.entries = {}

    def get(self, key: str, digest: str) -> object | None:
        entry = self.entries.get(key)
        if entry is None or entry[0] != digest:
            return None
        try:
            return pickle.loads(entry[1])
        except Exception:  # noqa: BLE001
            return None

    def put(self, key: str, digest: str, payload: object) -> None:
        self.entries[key] = (digest, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
        self.changed = True

    def keep_only(self, keys: set[str]) -> None:
        for key in set(self.entries) - keys:
            del self.entries[key]
            self.changed = True

    def save(self) -> None:
        if self.changed and self.path is not None:
            write_atomically(self.path, pickle.dumps({"salt": self.salt, "entries": self.entries}, protocol=pickle.HIGHEST_PROTOCOL))
            self.changed = False
