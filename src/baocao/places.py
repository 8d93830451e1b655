"""Where a command reads a round and writes its output, when the user does not say.

The round: the current folder when it holds a round file (``cd dot-2025 && baocao render``),
else the bundled sample. The output: ``output/`` in the current folder, unless that is inside
the round (run from the round's own folder): then ``output/`` beside the round folder. Nothing is
ever written into a round folder: a folder there would be read as a đảng bộ by every later run.
"""

from __future__ import annotations

from pathlib import Path

from .diagnostics import display_path
from .source import ROUND_FILE

SAMPLE_ROUND = Path("data/thuong-tin-2017")
OUTPUT = Path("output")


class InsideRound(Exception):
    """An output folder inside the round folder (or holding it): refused, nothing written."""


def default_round() -> Path:
    return Path(".") if Path(ROUND_FILE).is_file() else SAMPLE_ROUND


def _within(inner: Path, outer: Path) -> bool:
    inner, outer = inner.resolve(), outer.resolve()
    return inner == outer or inner.is_relative_to(outer)


def output_root(round_dir: Path, given: Path | None) -> Path:
    """The output root for a round (documents go to ROOT/<round name>/); refused inside the round."""
    if given is None:
        given = OUTPUT if not _within(OUTPUT, round_dir) else round_dir.resolve().parent / OUTPUT
    out = given / round_dir.resolve().name
    if _within(given, round_dir) or _within(out, round_dir) or _within(round_dir, out):
        raise InsideRound(
            f"văn bản sẽ được ghi vào '{out.resolve()}', trong thư mục đợt '{round_dir.resolve()}': baocao không ghi "
            f"vào thư mục đợt, vì mọi lần kiểm tra sau sẽ đọc nhầm thư mục đó. "
            f"Hãy chọn thư mục khác, ví dụ: -o {display_path(round_dir.resolve().parent / OUTPUT)}"
        )
    return given


def forms_folder(round_dir: Path, given: Path) -> Path:
    """Where excel-form writes: never inside the round."""
    if _within(given, round_dir):
        raise InsideRound(
            f"thư mục '{given.resolve()}' nằm trong thư mục đợt '{round_dir.resolve()}': baocao không ghi "
            f"biểu mẫu vào thư mục đợt; hãy chọn thư mục khác, ví dụ: -o {display_path(round_dir.resolve().parent / 'bieu-mau')}"
        )
    return given


def round_of(path: Path) -> tuple[Path, Path | None]:
    """A round folder, or a unit file and the round folder it belongs to (the nearest folder
    above it holding a round file); (path, None) when ``path`` is not a file or has no round."""
    if not path.is_file():
        return path, None
    for folder in path.absolute().parents:
        if (folder / ROUND_FILE).is_file():
            return folder, path
    return path, None
