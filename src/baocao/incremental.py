"""What a re-render may leave as it is: the hash of everything each unit's documents (and the
round's own) are made from, and which units' documents were made from exactly that and are still
as baocao wrote them. Kept in the manifest (``unit_keys``) only when all of a unit's documents
were written."""

from __future__ import annotations

from pathlib import Path

from . import __version__
from .load import Round
from .manifest import Entry, Manifest, rules_hash, sha256
from .outcome import Rendered
from .plan import ROUND_DOCUMENTS, template_path


def input_keys(round_: Round, draft: bool) -> dict[str, str]:
    """For each unit, and for the round's own documents, a hash of the files they are made from.

    A cell's documents come from its own file, its đảng bộ's file (name, place, secretary), the
    round file, the rule set and the templates; a đảng bộ's also from its cells' files (its
    summary); the round's documents from every file.
    """
    paths = [template_path(round_.folder, round_.rule_set, form) for form in sorted(round_.rule_set.data.mau)]
    templates = sha256(b"\0".join(path.read_bytes() if path.is_file() else b"-" for path in paths))
    base = "\0".join([__version__, rules_hash(round_), templates, round_.round_file.digest, str(draft)])
    keys = {}
    for unit in round_.all_units():
        related = [unit.source.digest, unit.parent.source.digest if unit.parent else ""]
        related += [child.source.digest for child in unit.children]
        keys[unit.rel.as_posix()] = sha256("\0".join([base, *related]).encode())
    keys[ROUND_DOCUMENTS] = sha256("\0".join([base, *(u.source.digest for u in round_.all_units())]).encode())
    return keys


def unchanged_units(manifest: Manifest, keys: dict[str, str], out: Path) -> frozenset[str]:
    """Units whose inputs are those their documents were made from, and whose files are ours."""
    by_unit: dict[str, list[tuple[str, Entry]]] = {}
    for rel, entry in manifest.documents.items():
        by_unit.setdefault(entry.unit or ROUND_DOCUMENTS, []).append((rel, entry))
    unchanged = set()
    for unit, key in keys.items():
        if manifest.unit_keys.get(unit) == key and all(entry.matches_file(out / rel) for rel, entry in by_unit.get(unit, [])):
            unchanged.add(unit)
    return frozenset(unchanged)


def record_keys(manifest: Manifest, keys: dict[str, str], out: Path, result: Rendered, unit_key: str | None, reuse: frozenset[str]) -> None:
    """Remember a unit's key only when all its documents were written (none kept or busy)."""
    incomplete = set()
    left = {path.resolve() for path in result.not_replaced}
    if left:
        incomplete = {entry.unit or ROUND_DOCUMENTS for rel, entry in manifest.documents.items() if (out / rel).resolve() in left}
    for unit, key in keys.items():
        if unit_key is not None and unit != unit_key:
            continue
        if unit in incomplete:
            manifest.unit_keys.pop(unit, None)
        else:
            manifest.unit_keys[unit] = key
    for unit in set(manifest.unit_keys) - set(keys):
        del manifest.unit_keys[unit]
