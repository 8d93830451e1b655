"""Typed units of unchanged files, kept between runs.

A re-render reads every file of the round, but parses and types only those whose bytes changed:
each unit is kept in a file of its own, under the sha256 of the unit file's bytes (the key that
matters), the rule set and baocao's version (a ``salt``: when either changes, everything is typed
again). The checks run on every unit at every run (keeping their findings did not pay:
bench/overlaps.py). One file per unit, so a
correction rewrites one small file. The cache lives in the output folder's ``.baocao/``, which
only baocao writes — but an output folder can be copied from anywhere, so every entry is sealed
with this machine's key (see ``sealed``) and one whose seal does not check is never unpickled: it
is dropped, rebuilt, and counted in ``rejected`` for a warning.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .files import write_atomically
from .sealed import Unsealed, can_seal, seal, unseal, unseal_own

CACHE_FILE = "don-vi"  # a folder: one entry per unit


class UnitCache:
    def __init__(self, folder: Path | None, salt: str) -> None:
        self.folder, self.salt = folder, salt
        self.pending: dict[str, bytes] = {}  # entries to write when the cache is saved
        self.used: set[str] = set()
        self.rejected = 0  # entries there that were damaged or not sealed by this machine

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / (hashlib.sha1(key.encode("utf-8")).hexdigest() + ".pickle")

    def get(self, key: str, digest: str) -> object | None:
        self.used.add(key)
        if self.folder is None:
            return None
        try:
            data = self._path(key).read_bytes()
        except OSError:  # none yet: only a slower run
            return None
        try:
            kept = unseal(data)
        except Unsealed:
            self.rejected += 1
            return None
        except Exception:  # noqa: BLE001 - sealed here, by an older baocao: only a slower run
            return None
        if not (isinstance(kept, tuple) and len(kept) == 3):
            return None
        salt, stored_digest, payload = kept
        return payload if (salt, stored_digest) == (self.salt, digest) else None

    def entry(self, digest: str, payload: object) -> bytes:
        """What is kept for a unit: its payload, under the file's digest and the cache's salt."""
        return seal((self.salt, digest, payload))

    def put(self, key: str, digest: str, payload: object) -> None:
        self.used.add(key)
        if self.folder is not None:
            self.pending[key] = self.entry(digest, payload)

    def put_entry(self, key: str, data: bytes) -> object:
        """An entry made by ``entry`` elsewhere (in a worker process); returns its payload."""
        self.used.add(key)
        if self.folder is not None:
            self.pending[key] = data
        kept = unseal_own(data)
        assert isinstance(kept, tuple)  # made by ``entry`` in a worker of this run
        return kept[2]

    def keep_only(self, keys: set[str]) -> None:
        self.used &= keys

    def save(self) -> None:
        if self.folder is None or not can_seal():
            return
        if self.pending:
            self.folder.mkdir(parents=True, exist_ok=True)
        for key, data in self.pending.items():
            # A cache: trusted whole or not at all, so no waiting for the disk.
            write_atomically(self._path(key), data, durable=False, folder_ready=True)
        self.pending.clear()
        if self.folder.is_dir():
            wanted = {self._path(key).name for key in self.used}
            for stale in self.folder.glob("*.pickle"):
                if stale.name not in wanted:
                    stale.unlink()
