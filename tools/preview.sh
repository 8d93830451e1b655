#!/usr/bin/env bash
# Render the sample round and turn a few documents into PNG pages for a look by eye:
#   tools/preview.sh [OUT_DIR]        (needs LibreOffice and poppler-utils)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/baocao-preview}
rm -rf "$out" && mkdir -p "$out"
baocao=${BAOCAO:-.venv/bin/baocao}
"$baocao" render data/thuong-tin-2017 -o "$out/render" >/dev/null
r="$out/render/thuong-tin-2017"
cell="$r/dang-bo-xa-van-binh/chi-bo-thon-dong"
cp "$cell/bao-cao-kiem-diem-tap-the.docx" "$out/tap-the.docx"
cp "$cell/danh-sach-xep-loai-dang-vien.docx" "$out/danh-sach.docx"
cp "$cell/bien-ban-hoi-nghi.docx" "$out/bien-ban.docx"
cp "$(ls "$cell"/ban-kiem-diem/*.docx | head -1)" "$out/ca-nhan.docx"
cp "$r/bao-cao-tong-hop.docx" "$out/tong-hop.docx"
cp "$r/dang-bo-xa-van-binh/bao-cao-tong-hop.docx" "$out/tong-hop-dang-bo.docx"
cp "$r/bieu-tong-hop.docx" "$out/bieu.docx"
cp "$r/danh-sach-khen-thuong.docx" "$out/khen-thuong.docx"
(cd "$out" && soffice --headless --convert-to pdf ./*.docx >/dev/null 2>&1)
for pdf in "$out"/*.pdf; do pdftoppm -png -r 70 "$pdf" "${pdf%.pdf}"; done
ls "$out"/*.png
