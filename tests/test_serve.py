"""`baocao serve`: the real server (a subprocess, as a user starts it) driven by the system's
headless Chromium through Selenium, and bad requests sent to it over HTTP."""

from __future__ import annotations

import http.client
import io
import re
import shutil
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook

from baocao import build
from baocao.excel import form_name, write_forms
from browser import Server, browser_available, chromium, quit_chromium, wait_for_file
from conftest import REQUIRE_TOOLS, SAMPLE

SCHOOL = "chi-bo-truong-thpt-thuong-tin"  # the unit whose form is sent in through the page
MISSING = "chi-bo-ban-dan-van.yaml"  # expected, never sent

if not browser_available():
    if REQUIRE_TOOLS:
        pytest.fail("Chromium, chromedriver and selenium are required under BAOCAO_REQUIRE_TOOLS=1", pytrace=False)
    pytest.skip("Chromium, chromedriver or selenium is not installed", allow_module_level=True)


def _prepare_round(tmp_path: Path) -> tuple[Path, Path]:
    """The sample round with the school's cell not yet sent in (its filled form in hand) and a
    unit expected that never will be."""
    round_dir = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, round_dir)
    forms = tmp_path / "forms"
    written = write_forms(build.validate(round_dir).round, forms, only=round_dir / f"{SCHOOL}.yaml").written
    assert len(written) == 1
    units = sorted(u.rel.as_posix() for u in build.validate(round_dir).round.all_units())
    (round_dir / f"{SCHOOL}.yaml").unlink()
    round_file = round_dir / "dot-danh-gia.yaml"
    expected = "\n".join(f"- {u}" for u in units + [MISSING])
    round_file.write_text(round_file.read_text(encoding="utf-8") + f"don_vi_du_kien:\n{expected}\n", encoding="utf-8")
    return round_dir, written[0]


def _set_member_value(form: Path, row: int, key: str, value: object) -> object:
    """Write ``value`` in the members sheet; returns the value that was there."""
    book = load_workbook(form)
    sheet = book["Đảng viên"]
    keys = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=row, column=keys.index(key) + 1)
    before, cell.value = cell.value, value
    book.save(form)
    return before


def _read(action):
    """What ``action`` reads from the page, again if the live part was swapped meanwhile (the
    watcher may report one save as two changes, and each update swaps the part in) or the page
    is being replaced by the answer to a form just sent."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

    for _ in range(50):
        try:
            return action()
        except (StaleElementReferenceException, NoSuchElementException):  # the next page is loading
            time.sleep(0.2)
    return action()


def _wait_text(driver, text: str, seconds: float = 90, element_id: str = "song") -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        shown = _read(lambda: driver.find_element("id", element_id).text)
        if text in shown:
            return shown
        time.sleep(0.3)
    raise AssertionError(f"{text!r} never showed; the page says:\n{shown}")


@pytest.fixture
def served(tmp_path):
    round_dir, form = _prepare_round(tmp_path)
    server = Server(round_dir, tmp_path / "output", tmp_path)
    driver = chromium(tmp_path / "downloads")
    yield server, driver, round_dir, form, tmp_path
    quit_chromium(driver)
    server.stop()


def test_the_office_runs_a_round_from_its_browser(served):
    server, driver, round_dir, form, tmp_path = served
    driver.get(server.url + "/")
    table = _read(lambda: driver.find_element("id", "bang-don-vi").text)
    assert "Chi bộ thôn Đông" in table and "dang-bo-xa-van-binh/chi-bo-thon-dong" in table
    rows = _read(lambda: {row.get_attribute("data-don-vi"): row.text
                          for row in driver.find_elements("css selector", "#bang-don-vi tbody tr")})
    assert "CHƯA NỘP" in rows[SCHOOL] and "CHƯA NỘP" in rows[MISSING.removesuffix(".yaml")]
    assert driver.find_element("css selector", "svg.bieu-do") is not None

    # A form with a wrong value: the error names the form, the sheet and the row; nothing is written.
    born = _set_member_value(form, 4, "nam_sinh", "năm bảy mươi")
    driver.get(server.url + "/bieu-mau")
    driver.find_element("id", "tep").send_keys(str(form))
    driver.find_element("id", "nhap").click()
    message = _wait_text(driver, "lỗi [sai-kieu]", element_id="ket-qua")
    assert f"{form.name}:Đảng viên!4 (cột «Năm sinh»): lỗi [sai-kieu]" in message and "nam_sinh" in message, message
    assert not (round_dir / f"{SCHOOL}.yaml").exists()

    # Fixed, sent again: imported, and the unit is in.
    _set_member_value(form, 4, "nam_sinh", born)
    driver.find_element("id", "tep").send_keys(str(form))
    driver.find_element("id", "nhap").click()
    _wait_text(driver, "Đã nhập", element_id="ket-qua")
    data = yaml.safe_load((round_dir / f"{SCHOOL}.yaml").read_text(encoding="utf-8"))
    assert data["dang_vien"][1]["nam_sinh"] == born  # row 4 of the sheet is the second member

    # Sent once more: it would replace the unit's data, so the page asks first.
    driver.find_element("id", "tep").send_keys(str(form))
    driver.find_element("id", "nhap").click()
    _wait_text(driver, "thay dữ liệu đã có", element_id="xac-nhan")
    driver.find_element("css selector", "#xac-nhan button[value='1']").click()
    # The confirmation is a form sent: the next page replaces this one, so the result is waited for.
    _wait_text(driver, "bản cũ", element_id="ket-qua")
    assert list(round_dir.glob(f"{SCHOOL}.yaml*.bak")) or list(round_dir.glob(f"{SCHOOL}*.bak"))

    # A wrong value typed into a unit file: the problems page names it by file:line under its
    # unit, as soon as the file is saved; fixed, it goes.
    driver.get(server.url + "/van-de")
    assert "Vấn đề của dữ liệu: 0 lỗi" in driver.find_element("id", "song").text
    cell = round_dir / "dang-bo-xa-van-binh" / "chi-bo-thon-dong.yaml"
    good = cell.read_text(encoding="utf-8")
    line = good[:good.index("nam_sinh: ")].count("\n") + 1
    cell.write_text(good.replace("nam_sinh: ", "nam_sinh: khoảng ", 1), encoding="utf-8")
    _wait_text(driver, "sai-kieu")
    group = _read(lambda: driver.find_element("id", "dv-dang-bo-xa-van-binh/chi-bo-thon-dong").text)
    assert "Chi bộ thôn Đông" in group and f"chi-bo-thon-dong.yaml:{line}" in group and "nam_sinh" in group
    cell.write_text(good, encoding="utf-8")
    _wait_text(driver, "Vấn đề của dữ liệu: 0 lỗi")

    # Render the final documents, download them all, open a document from the zip.
    driver.get(server.url + "/van-ban")
    driver.find_element("id", "chinh-thuc").click()
    driver.find_element("id", "nut-lap").click()
    _wait_text(driver, "Đã ghi", element_id="ket-qua")
    driver.find_element("id", "tai-tat-ca").click()
    archive = zipfile.ZipFile(wait_for_file(tmp_path / "downloads", "*.zip"))
    report = f"{SCHOOL}/bao-cao-kiem-diem-tap-the.docx"
    assert report in archive.namelist()
    document = Document(io.BytesIO(archive.read(report)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "TRƯỜNG THPT THƯỜNG TÍN" in text.upper()
    members = Document(io.BytesIO(archive.read(f"{SCHOOL}/danh-sach-xep-loai-dang-vien.docx")))
    names = [row.cells[1].text for table in members.tables for row in table.rows]
    assert data["dang_vien"][1]["ho_ten"] in names

    # A file edited on disk shows on the open page without reloading it.
    driver.get(server.url + "/")
    driver.execute_script("window.baocaoChuaTaiLai = true")
    cell.write_text(cell.read_text(encoding="utf-8").replace("ten: Chi bộ thôn Đông", "ten: Chi bộ thôn Đông Hạ", 1), encoding="utf-8")
    _wait_text(driver, "Chi bộ thôn Đông Hạ")
    assert driver.execute_script("return window.baocaoChuaTaiLai") is True  # the same page: not reloaded
    # The warm server remade that cell's documents by itself (a name is not a decided level).
    _wait_text(driver, "Đã ghi")

    # One unit's documents as a zip: only that unit's.
    with urllib.request.urlopen(f"{server.url}/van-ban/tai/don-vi?don_vi={SCHOOL}") as response:
        names = zipfile.ZipFile(io.BytesIO(response.read())).namelist()
    assert names and all(name.startswith(f"{SCHOOL}/") for name in names) and f"{SCHOOL}/bien-ban-hoi-nghi.docx" in names

    # A decided level changed on disk: the documents wait for a reason, which goes into the history.
    driver.get(server.url + "/van-ban")
    cell.write_text(cell.read_text(encoding="utf-8").replace("\n  xep_loai: htxsnv", "\n  xep_loai: httnv", 1), encoding="utf-8")
    _wait_text(driver, "hãy ghi lý do")
    driver.find_element("id", "chinh-thuc").click()
    driver.find_element("id", "nut-lap").click()
    _wait_text(driver, "hãy ghi lý do", element_id="ket-qua")
    driver.find_element("id", "chinh-thuc").click()
    driver.find_element("id", "ly-do").send_keys("Chi bộ họp lại ngày 30/11")
    driver.find_element("id", "nut-lap").click()
    _wait_text(driver, "Đã ghi", element_id="ket-qua")
    history = _read(lambda: driver.find_element("id", "song").text)
    assert "lý do: Chi bộ họp lại ngày 30/11" in history and "HTXSNV → HTTNV" in history


# --- bad requests, over plain HTTP to the same real server -------------------------------------------


def _token(server: Server) -> str:
    with urllib.request.urlopen(server.url + "/bieu-mau") as response:
        return re.search(r'name="_token" value="([^"]+)"', response.read().decode()).group(1)


def _post(server: Server, path: str, fields: dict, files: dict | None = None) -> tuple[int, str]:
    from urllib3 import encode_multipart_formdata

    body, content_type = encode_multipart_formdata({**fields, **{k: (name, data) for k, (name, data) in (files or {}).items()}})
    request = urllib.request.Request(server.url + path, data=body, headers={"Content-Type": content_type}, method="POST")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as answer:
        if answer.code == 303:
            with urllib.request.urlopen(server.url + answer.headers["Location"]) as response:
                return 303, response.read().decode()
        return answer.code, answer.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _messages(html: str) -> str:
    found = re.search(r'<section class="ket-qua" id="ket-qua">(.*?)</section>', html, re.S)
    return re.sub(r"<[^>]+>", " ", found.group(1)) if found else ""


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", b"\0" * (300 * 1024 * 1024))
    return buffer.getvalue()


@pytest.fixture(scope="module")
def plain_server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("serve")
    round_dir, form = _prepare_round(tmp_path)
    server = Server(round_dir, tmp_path / "output", tmp_path)
    yield server, round_dir, form
    server.stop()


def test_a_request_without_the_token_changes_nothing(plain_server):
    server, round_dir, form = plain_server
    status, html = _post(server, "/bieu-mau/tai-len", {}, {"tep": (form.name, form.read_bytes())})
    assert status == 403 and "thiếu mã bảo vệ" in html
    status, html = _post(server, "/van-ban/lap", {"_token": "doan-bua", "loai": "du-thao"})
    assert status == 403 and "không có gì bị thay đổi" in html
    assert not (round_dir / f"{SCHOOL}.yaml").exists() and not list((round_dir.parent / "output").rglob("*.docx"))


@pytest.mark.parametrize("name, data, said", [
    ("bieu-mau.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Excel 97–2003 (.xls)"),
    ("bieu-mau.xlsx", "STT,Họ tên\n1,Nguyễn Văn An\n".encode("utf-8"), "tệp văn bản (có thể là .csv)"),
    ("bom.xlsx", None, "tệp nén bất thường"),
    ("hong.xlsx", b"PK\x03\x04 not really a zip", "bị hỏng"),
    ("bieu-mau.csv", b"a,b\n", "chỉ nhận biểu mẫu Excel .xlsx"),
])
def test_untrusted_uploads_are_refused_in_vietnamese(plain_server, name, data, said):
    server, round_dir, _ = plain_server
    before = sorted(p.name for p in round_dir.rglob("*"))
    status, html = _post(server, "/bieu-mau/tai-len", {"_token": _token(server)}, {"tep": (name, data or _zip_bomb())})
    assert status == 303 and said in _messages(html), _messages(html)
    assert sorted(p.name for p in round_dir.rglob("*")) == before
    assert said in server.output()  # and in the log


def test_a_500_mb_upload_is_refused_before_it_is_read(plain_server):
    server, _, _ = plain_server
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.putrequest("POST", "/bieu-mau/tai-len")
    connection.putheader("Content-Type", "multipart/form-data; boundary=x")
    connection.putheader("Content-Length", str(500 * 1024 * 1024))
    connection.endheaders()
    connection.send(b"--x\r\n" + b"\0" * 65536)  # the rest never comes: the answer must not wait for it
    answer = connection.getresponse()
    assert answer.status == 413 and "quá lớn (500 MB)" in answer.read().decode()
    connection.close()
    with urllib.request.urlopen(server.url + "/") as response:  # still serving
        assert response.status == 200


@pytest.mark.parametrize("path", ["/van-ban/tai/don-vi?don_vi=../../../etc/passwd", "/van-ban/tai/..%2f..%2fpyproject.toml",
                                  "/tinh/..%2f..%2f__init__.py", "/tinh/../../session.py"])
def test_no_path_leaves_the_round_or_output_folder(plain_server, path):
    server, _, _ = plain_server
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(server.url + path)
    assert refused.value.code == 404
    body = refused.value.read().decode()
    assert "import" not in body and "root:" not in body


def _page_when(server: Server, text: str, seconds: float = 60) -> str:
    """The overview's HTML once it says ``text`` (the watcher updates it in the background)."""
    deadline = time.monotonic() + seconds
    while True:
        with urllib.request.urlopen(server.url + "/") as response:
            html = response.read().decode()
        if text in html or time.monotonic() > deadline:
            return html
        time.sleep(0.5)


def test_the_round_folder_deleted_while_serving(plain_server):
    server, round_dir, _ = plain_server
    aside = round_dir.with_name("cat-di")
    round_dir.rename(aside)
    try:
        html = _page_when(server, "không thấy thư mục đợt đánh giá")
        assert "không thấy thư mục đợt đánh giá" in html and "Máy chủ vẫn chạy" in html
    finally:
        aside.rename(round_dir)
    html = _page_when(server, "Chi bộ thôn Đông")
    assert "Chi bộ thôn Đông" in html and "không thấy thư mục" not in html


def test_a_request_naming_another_host_is_refused(plain_server):
    """A page of another site that points its own name at 127.0.0.1 (DNS rebinding) names its host."""
    server, _, _ = plain_server
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("GET", "/", headers={"Host": f"ke-xau.example:{server.port}"})
    answer = connection.getresponse()
    assert answer.status == 400 and "đã từ chối" in answer.read().decode()
    connection.close()


def test_the_pdfs_download_as_one_zip(tmp_path):
    if shutil.which("soffice") is None:
        if REQUIRE_TOOLS:
            pytest.fail("soffice is required under BAOCAO_REQUIRE_TOOLS=1")
        pytest.skip("LibreOffice is not installed")
    round_dir = tmp_path / "mot-chi-bo"
    shutil.copytree(SAMPLE, round_dir)
    for other in [*round_dir.glob("dang-bo-*"), *round_dir.glob("chi-bo-*.yaml")]:
        if other.name != f"{SCHOOL}.yaml":
            shutil.rmtree(other) if other.is_dir() else other.unlink()
    server = Server(round_dir, tmp_path / "output", tmp_path)
    try:
        status, html = _post(server, "/van-ban/lap", {"_token": _token(server), "loai": "du-thao", "pdf": "1"})
        assert status == 303 and "sang PDF" in _messages(html), _messages(html)
        with urllib.request.urlopen(server.url + "/van-ban/tai/pdf") as response:
            archive = zipfile.ZipFile(io.BytesIO(response.read()))
        names = archive.namelist()
        assert f"{SCHOOL}/bao-cao-kiem-diem-tap-the.pdf" in names and all(name.endswith(".pdf") for name in names)
        assert archive.read(names[0]).startswith(b"%PDF")
    finally:
        server.stop()


def test_blank_forms_for_every_unit_as_one_zip(plain_server):
    server, round_dir, _ = plain_server
    with urllib.request.urlopen(server.url + "/bieu-mau/mau-trong.zip") as response:
        assert response.headers["Content-Type"] == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(response.read()))
    round_ = build.validate(round_dir, draft=True).round
    units = round_.all_units()
    # one form per unit, named as `excel-form` names it (whose it is, and the year)
    assert sorted(archive.namelist()) == sorted(form_name(unit, round_) for unit in units)
    assert "chi-bo-thon-dong--dang-bo-xa-van-binh--2017.xlsx" in archive.namelist()
    book = load_workbook(io.BytesIO(archive.read("chi-bo-thon-dong--dang-bo-xa-van-binh--2017.xlsx")))
    assert "Đảng viên" in book.sheetnames


def test_a_render_waits_for_the_render_lock_of_a_cli_render(plain_server):
    """A `baocao render` of the same output folder holds the lock: the page's render is told to wait."""
    from filelock import FileLock

    server, round_dir, _ = plain_server
    state = round_dir.parent / "output" / round_dir.name / ".baocao"
    state.mkdir(parents=True, exist_ok=True)
    with FileLock(str(state / "lock")):
        status, html = _post(server, "/van-ban/lap", {"_token": _token(server), "loai": "du-thao"})
    assert status == 303 and "một lần lập văn bản khác đang ghi" in _messages(html), _messages(html)
    assert not list(state.parent.rglob("*.docx"))
