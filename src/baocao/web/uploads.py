"""Uploaded forms are untrusted: their size, their type and what their zip would unpack to are
checked before openpyxl sees them."""

from __future__ import annotations

import io
import zipfile

MAX_UPLOAD = 20 * 1024 * 1024  # one request: a filled form is well under 1 MB
MAX_UNPACKED = 200 * 1024 * 1024  # what a form's zip may unpack to (a zip bomb unpacks to gigabytes)
MAX_RATIO = 200  # compressed → unpacked; spreadsheets compress about 10 ×, bombs 1000 ×
MAX_MEMBERS = 2000  # entries in the zip
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97–2003 (.xls), and old Word files


class UploadRefused(Exception):
    """Why an uploaded file is not read (a Vietnamese sentence)."""


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def check_form_bytes(name: str, data: bytes) -> None:
    """Raise UploadRefused unless ``data`` looks like an .xlsx workbook that is safe to open."""
    if not name.lower().endswith(".xlsx"):
        raise UploadRefused(f"{name}: chỉ nhận biểu mẫu Excel .xlsx do baocao lập")
    if not data:
        raise UploadRefused(f"{name}: tệp rỗng")
    if len(data) > MAX_UPLOAD:
        raise UploadRefused(f"{name}: tệp quá lớn ({megabytes(len(data))}; tối đa {megabytes(MAX_UPLOAD)})")
    if data.startswith(OLE_SIGNATURE):
        raise UploadRefused(f"{name}: đây là tệp Excel 97–2003 (.xls) đổi tên thành .xlsx; hãy mở trong Excel, "
                            "chọn File → Save As → Excel Workbook (*.xlsx) rồi gửi lại")
    if not data.startswith(b"PK"):
        kind = "tệp văn bản (có thể là .csv)" if _looks_like_text(data) else "không phải tệp Excel"
        raise UploadRefused(f"{name}: {kind} đổi tên thành .xlsx; hãy điền vào biểu mẫu .xlsx do baocao lập rồi gửi lại")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadRefused(f"{name}: tệp .xlsx bị hỏng (không mở được); hãy lưu lại trong Excel rồi gửi lại") from None
    _check_entries(name, entries, len(data))


def _check_entries(name: str, entries: list[zipfile.ZipInfo], packed: int) -> None:
    if len(entries) > MAX_MEMBERS:
        raise UploadRefused(f"{name}: tệp có {len(entries)} thành phần, không phải biểu mẫu Excel bình thường")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * max(packed, 1) + 10 * 1024 * 1024:
        raise UploadRefused(f"{name}: tệp nén bất thường (giải nén ra {megabytes(unpacked)} từ {megabytes(packed)}); "
                            "không mở để bảo vệ máy")
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        what = "tệp Word (.docx)" if "word/document.xml" in names else "tệp nén không phải Excel"
        raise UploadRefused(f"{name}: đây là {what} đổi tên thành .xlsx, không phải biểu mẫu Excel")


def _looks_like_text(data: bytes) -> bool:
    head = data[:4096]
    return b"\0" not in head and all(byte >= 9 for byte in head)
