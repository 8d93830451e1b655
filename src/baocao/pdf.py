"""PDF copies of the documents, made by LibreOffice in one process for the whole batch."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .files import write_atomically

INSTALL_HINT = (
    "chưa có LibreOffice để chuyển sang PDF; trên Debian/Ubuntu cài bằng: "
    "apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-liberation2 "
    "(trên Windows: cài LibreOffice và thêm thư mục program của nó vào PATH)"
)
TIMEOUT_PER_DOCUMENT = 20


class ConverterMissing(Exception):
    pass


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(documents: list[Path]) -> tuple[list[Path], list[Path]]:
    """Convert .docx files to .pdf beside them; returns (written PDFs, documents that failed)."""
    if not documents:
        return [], []
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissing(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="baocao-pdf-") as tmp:
        work = Path(tmp)
        (work / "in").mkdir()
        # Documents of different folders share names: each gets a numbered name for the batch.
        for index, document in enumerate(documents):
            os.symlink(document.resolve(), work / "in" / f"{index:05d}.docx")
        command = [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{work / 'profile'}",
                   "--convert-to", "pdf", "--outdir", str(work / "out"),
                   *(str(work / "in" / f"{index:05d}.docx") for index in range(len(documents)))]
        try:
            subprocess.run(command, check=False, capture_output=True, timeout=60 + TIMEOUT_PER_DOCUMENT * len(documents))
        except subprocess.TimeoutExpired:
            pass
        written, failed = [], []
        for index, document in enumerate(documents):
            pdf = work / "out" / f"{index:05d}.pdf"
            if pdf.is_file() and pdf.stat().st_size > 0:
                target = document.with_suffix(".pdf")
                write_atomically(target, pdf.read_bytes())
                written.append(target)
            else:
                failed.append(document)
    return written, failed
