"""Screenshots of every page of `baocao serve` on the sample round, into docs/img/.

    python tools/serve_screenshots.py

Starts the real server on a copy of data/thuong-tin-2017 (with one unit missing and one wrong
value, so the pages show what they are for), renders, and photographs each page in headless Chromium.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from baocao import build  # noqa: E402
from browser import Server, chromium, full_page_screenshot, quit_chromium  # noqa: E402


def prepare(folder: Path) -> Path:
    round_dir = folder / "thuong-tin-2017"
    shutil.copytree(REPO / "data" / "thuong-tin-2017", round_dir)
    round_file = round_dir / "dot-danh-gia.yaml"
    units = sorted(u.rel.as_posix() for u in build.validate(round_dir).round.all_units())
    expected = "\n".join(f"- {u}" for u in units + ["chi-bo-ban-dan-van"])
    round_file.write_text(round_file.read_text(encoding="utf-8") + f"don_vi_du_kien:\n{expected}\n", encoding="utf-8")
    cell = round_dir / "dang-bo-xa-van-binh" / "chi-bo-thon-dong.yaml"
    cell.write_text(cell.read_text(encoding="utf-8").replace("nam_sinh: 19", "nam_sinh: 29", 1), encoding="utf-8")
    return round_dir


def wrong_form(round_dir: Path, folder: Path) -> Path:
    """A cell's form, filled with a year of birth in words."""
    from openpyxl import load_workbook

    from baocao.excel import write_forms

    unit = round_dir / "chi-bo-hoi-chu-thap-do.yaml"
    form = write_forms(build.validate(round_dir).round, folder / "forms", only=unit).written[0]
    book = load_workbook(form)
    sheet = book["Đảng viên"]
    keys = [cell.value for cell in sheet[1]]
    sheet.cell(row=4, column=keys.index("nam_sinh") + 1, value="năm bảy mươi")
    book.save(form)
    return form


def main() -> None:
    target = REPO / "docs" / "img"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        round_dir = prepare(folder)
        server = Server(round_dir, folder / "output", folder)
        driver = chromium(folder)
        try:
            driver.get(server.url + "/van-ban")
            driver.find_element("id", "nut-lap").click()
            time.sleep(1)
            for path, name in (("/", "serve-tong-quan.png"), ("/van-de", "serve-van-de.png"), ("/van-ban", "serve-van-ban.png")):
                driver.get(server.url + path)
                full_page_screenshot(driver, target / name)
                print(target / name)
            # The forms page as it answers a form with a wrong value.
            driver.get(server.url + "/bieu-mau")
            driver.find_element("id", "tep").send_keys(str(wrong_form(round_dir, folder)))
            driver.find_element("id", "nhap").click()
            full_page_screenshot(driver, target / "serve-bieu-mau.png")
            print(target / "serve-bieu-mau.png")
        finally:
            quit_chromium(driver)
            server.stop()


if __name__ == "__main__":
    main()
