"""PDF copies of the documents, made by LibreOffice: in batches, in several converters at once.

LibreOffice's batch mode silently converts only the first 246 files it is given on one command
line, so documents go in batches well under that, each converter process with a profile of its
own (two processes cannot share one), as many at once as the machine has cores. Each batch
works in a folder of its own holding links to (or copies of) its documents under numbered names
(documents of different folders share names); every document is then checked for its PDF, and
those a converter missed get one more try.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from .files import write_atomically

INSTALL_HINT = (
    "chưa có LibreOffice để chuyển sang PDF; trên Debian/Ubuntu cài bằng: "
    "apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-liberation2 "
    "(trên Windows: cài LibreOffice từ libreoffice.org)"
)
BATCH_SIZE = 200  # under LibreOffice's 246 files per command line
TIMEOUT_PER_DOCUMENT = 20
POLL_SECONDS = 0.5  # how often progress is counted while converters work


class ConverterMissing(Exception):
    pass


def _installed_places() -> list[Path]:
    """Where LibreOffice's installers put soffice, for a machine where it is not on PATH."""
    if sys.platform == "win32":
        roots = {os.environ.get(name) for name in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")}
        roots |= {r"C:\Program Files", r"C:\Program Files (x86)"}
        return [Path(root) / "LibreOffice" / "program" / "soffice.exe" for root in sorted(r for r in roots if r)]
    if sys.platform == "darwin":
        return [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    return [Path("/usr/lib/libreoffice/program/soffice"), Path("/opt/libreoffice/program/soffice")]


def find_soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((str(place) for place in _installed_places() if place.is_file()), None)


@dataclass
class Converted:
    written: list[Path] = field(default_factory=list)  # PDFs made
    failed: list[Path] = field(default_factory=list)  # documents LibreOffice made no PDF of
    busy: list[Path] = field(default_factory=list)  # PDFs open in another program: not replaced


WORK_PREFIX = "pdf-"  # the work folder's name starts so (in the output's .baocao/, cleaned if a run is killed)


def to_pdf(documents: list[Path], workers: int = 1, progress: Callable[[int, int], None] | None = None,
           work_in: Path | None = None) -> Converted:
    """Convert .docx files to .pdf beside them, in ``workers`` converters at once; the batches'
    folders and profiles are made in ``work_in`` (on the documents' disk, so that links work)."""
    converted = Converted()
    if not documents:
        return converted
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissing(INSTALL_HINT)
    if work_in is not None:
        work_in.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=WORK_PREFIX, dir=work_in) as tmp:
        work = Path(tmp)
        made = _convert_all(soffice, documents, work, workers, progress)
        missed = [index for index in range(len(documents)) if index not in made]
        if missed:  # a converter that stopped half-way (or timed out): one more try for what it left
            made.update({missed[i]: pdf for i, pdf in _convert_all(soffice, [documents[i] for i in missed], work / "again", workers, None).items()})
        for index, document in enumerate(documents):
            pdf = made.get(index)
            if pdf is None:
                converted.failed.append(document)
                continue
            target = document.with_suffix(".pdf")
            try:
                write_atomically(target, pdf.read_bytes())
            except PermissionError:  # open in a PDF viewer (Windows)
                converted.busy.append(target)
                continue
            converted.written.append(target)
    return converted


def _convert_all(soffice: str, documents: list[Path], work: Path, workers: int,
                 progress: Callable[[int, int], None] | None) -> dict[int, Path]:
    """The PDF LibreOffice made of each document (by its index), in batches over ``workers`` converters."""
    size = max(1, min(BATCH_SIZE, -(-len(documents) // max(1, workers))))
    batches = [list(range(start, min(start + size, len(documents)))) for start in range(0, len(documents), size)]
    folders = [_batch_folder(work / f"lo-{number:03d}", [documents[i] for i in batch]) for number, batch in enumerate(batches)]
    profiles = _Profiles(work / "ho-so")
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(batches)))) as pool:
        running = [pool.submit(_convert_batch, soffice, folder, len(batch), profiles) for folder, batch in zip(folders, batches)]
        try:
            while wait(running, timeout=POLL_SECONDS).not_done:
                if progress is not None:
                    progress(sum(_count_pdfs(folder) for folder in folders), len(documents))
        except BaseException:  # interrupted: no converter outlives the run
            for job in running:
                job.cancel()
            profiles.stop_all()
            raise
        for job in running:
            job.result()
    if progress is not None:
        progress(sum(_count_pdfs(folder) for folder in folders), len(documents))
    made = {}
    for folder, batch in zip(folders, batches):
        for position, index in enumerate(batch):
            pdf = folder / "out" / f"{position:05d}.pdf"
            if pdf.is_file() and pdf.stat().st_size > 0:
                made[index] = pdf
    return made


def _batch_folder(folder: Path, documents: list[Path]) -> Path:
    """A folder with the batch's documents under numbered names: hard links where the disk allows
    (no administrator needed, unlike symbolic links on Windows), else copies."""
    (folder / "in").mkdir(parents=True)
    for position, document in enumerate(documents):
        name = folder / "in" / f"{position:05d}.docx"
        try:
            os.link(document, name)
        except OSError:  # another disk, or a file system without links
            shutil.copyfile(document, name)
    return folder


def _count_pdfs(folder: Path) -> int:
    try:
        return sum(1 for name in os.listdir(folder / "out") if name.endswith(".pdf"))
    except FileNotFoundError:
        return 0


class _Profiles:
    """LibreOffice profiles, one per converter running at a time (a profile is made once, then
    reused), and the converters running, to stop them all if the run is interrupted."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.count = folder, 0
        self.free: list[Path] = []
        self.lock = threading.Lock()
        self.processes: set[subprocess.Popen] = set()
        self.stopped = False

    def start(self, command: list[str]) -> subprocess.Popen | None:
        with self.lock:
            if self.stopped:
                return None
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.processes.add(process)
            return process

    def stop_all(self) -> None:
        with self.lock:
            self.stopped = True
            for process in self.processes:
                if process.poll() is None:
                    process.kill()

    def take(self) -> Path:
        with self.lock:
            if self.free:
                return self.free.pop()
            self.count += 1
            return self.folder / str(self.count)

    def give_back(self, profile: Path) -> None:
        with self.lock:
            self.free.append(profile)


def _convert_batch(soffice: str, folder: Path, count: int, profiles: _Profiles) -> None:
    profile = profiles.take()
    inputs = [str(folder / "in" / f"{position:05d}.docx") for position in range(count)]
    command = [soffice, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", "pdf", "--outdir", str(folder / "out"), *inputs]
    process = profiles.start(command)
    if process is None:
        return
    try:
        process.wait(timeout=60 + TIMEOUT_PER_DOCUMENT * count)
    except subprocess.TimeoutExpired:
        pass  # what it made is kept; the rest is tried once more
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        profiles.processes.discard(process)
        # Give LibreOffice's own child a moment to let go of the profile before it is reused.
        time.sleep(0.05)
        profiles.give_back(profile)
