"""Pickled data that only this machine's baocao can have written: sealed with a secret key.

The caches in an output folder's ``.baocao/`` are pickles, the fastest way to keep typed units
and compiled templates. Unpickling runs code chosen by whoever wrote the bytes, and an output
folder can come from anywhere (copied from a colleague, a shared folder). So every pickle baocao
writes is sealed with an HMAC under a random key kept in this user's own cache folder, never in
the output folder; bytes whose seal does not check are never unpickled. A folder written on
another machine or by another user is then only a slower run: its entries are rebuilt.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import sys
import time
from functools import lru_cache
from pathlib import Path

KEY_FILE = "khoa-bo-nho-dem"
KEY_SIZE = 32
_SEAL_SIZE = hashlib.sha256().digest_size


def key_folder() -> Path:
    """This user's cache folder for baocao (outside every output folder)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "baocao"


@lru_cache(maxsize=4)
def _key(folder: Path) -> bytes | None:
    """The key in ``folder``, made on first use; None when it can be neither read nor made
    (a read-only home): then nothing is cached, which is only slower."""
    path = folder / KEY_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except FileExistsError:
        return _read_key(path)
    except OSError:
        return None
    with os.fdopen(handle, "wb") as file:
        file.write(secrets.token_bytes(KEY_SIZE))
    return _read_key(path)


def _read_key(path: Path) -> bytes | None:
    # Another process may have just created the file and not yet written it: wait a moment.
    for _ in range(50):
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if len(data) >= KEY_SIZE:
            return data[:KEY_SIZE]
        time.sleep(0.01)
    return None


def machine_key() -> bytes | None:
    return _key(key_folder())


def can_seal() -> bool:
    return machine_key() is not None


def seal(value: object) -> bytes:
    """``value`` pickled, behind its seal (without a key, a seal that never checks: see can_seal)."""
    key = machine_key()
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return (hmac.new(key, data, hashlib.sha256).digest() if key is not None else bytes(_SEAL_SIZE)) + data


class Unsealed(Exception):
    """Bytes that were not sealed by this machine's baocao (or were damaged): never unpickled."""


def unseal(sealed: bytes) -> object:
    """The value sealed by ``seal``; raises Unsealed, having run nothing, when the seal fails."""
    key = machine_key()
    if key is None or len(sealed) < _SEAL_SIZE:
        raise Unsealed
    mark, data = sealed[:_SEAL_SIZE], sealed[_SEAL_SIZE:]
    if not hmac.compare_digest(mark, hmac.new(key, data, hashlib.sha256).digest()):
        raise Unsealed
    return pickle.loads(data)


def unseal_own(sealed: bytes) -> object:
    """Bytes this run sealed itself and handed over in memory (from a worker process)."""
    return pickle.loads(sealed[_SEAL_SIZE:])
