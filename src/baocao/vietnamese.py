"""Vietnamese text helpers: normalisation, collation, dates and numbers.

Everything here is pure and locale-independent: no ICU at run time (tests compare the
collation with ICU's ``vi`` collator), no ``locale`` module.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

# Characters that must never reach a .docx: C0/C1 controls (except tab and newline, which
# templates turn into tabs and breaks), XML-illegal code points, zero-width and bidi marks.
_INVISIBLE = (
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width space/joiners, word joiner, BOM
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi marks
)
_UNWANTED_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff" + _INVISIBLE + "]"
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> tuple[str, list[str]]:
    """Return the text in NFC without unwanted characters, and the names of what was removed."""
    if not _UNWANTED_RE.search(text):
        return (text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)), []
    removed = sorted({_describe_char(c) for c in _UNWANTED_RE.findall(text)})
    cleaned = _UNWANTED_RE.sub("", text)
    return nfc(cleaned), removed


def _describe_char(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


# --- text typed in the old 8-bit Vietnamese fonts --------------------------------------------

# Latin-1 letters that Vietnamese Unicode uses; any other Latin-1 symbol or letter inside a word is
# a sign of text typed with a TCVN3 (ABC, .VnTime) or VNI font and pasted as if it were Unicode.
_VIETNAMESE_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_TCVN3_SIGNS = set("§¶µ¸¹¬®¦¨©ª«¢£¤¥¼½¾¿ÆÇÐÑÖ×ØÞßæçðñö÷øþ")
_VNI_SIGNS = set("ûøïöñÑäåëõù")
# VNI writes a modified vowel as the vowel and a second Latin-1 letter ("Vaên" for "Văn",
# "Nguyeãn" for "Nguyễn"): pairs that no Vietnamese syllable has.
_VNI_PAIRS = re.compile("[aeAE][âêãÂÊÃ]|[oO][âêÂÊ]")


_LATIN1_OR_VNI = re.compile("[\u00a1-\u00ff]")
_STRANGE = re.compile(
    "[" + "".join(sorted(c for c in map(chr, range(0xA1, 0x100)) if (c.isalpha() and c not in _VIETNAMESE_LATIN1) or c in _TCVN3_SIGNS)) + "]"
)


def legacy_font(text: str) -> str | None:
    """'TCVN3' or 'VNI' when text looks typed in an old font and pasted into Unicode, else None."""
    if not _LATIN1_OR_VNI.search(text):
        return None  # most text: no Latin-1 letter at all, nothing to look at
    strange = _STRANGE.findall(text)
    if not strange:
        return "VNI" if len(_VNI_PAIRS.findall(text)) >= 2 else None
    has_unicode_vietnamese = any("\u1ea0" <= c <= "\u1ef9" or c in "ăĂđĐĩĨũŨơƠưƯ" for c in text)
    if has_unicode_vietnamese and len(strange) < 2:
        return None
    tcvn3 = sum(c in _TCVN3_SIGNS for c in strange)
    vni = sum(c in _VNI_SIGNS for c in strange)
    return "TCVN3" if tcvn3 >= vni else "VNI"


# --- collation ---------------------------------------------------------------------------

# The 29 letters of the Vietnamese alphabet in order, then the letters Vietnamese does not use
# (placed where Latin puts them) so that foreign names still sort sensibly.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]
_LETTER_RANK = {letter: index + 20 for index, letter in enumerate(_ALPHABET)}
# Tone marks in the order of the Vietnamese dictionary: none, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a new letter rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def _split_letters(text: str) -> list[tuple[str, int, bool]]:
    """Split text into (base letter, tone rank, is upper) triples."""
    result: list[tuple[str, int, bool]] = []
    for char in unicodedata.normalize("NFD", text):
        if char in _TONE_RANK and result:
            base, _, upper = result[-1]
            result[-1] = (base, _TONE_RANK[char], upper)
        elif char in _LETTER_MARKS and result:
            base, tone, upper = result[-1]
            result[-1] = (unicodedata.normalize("NFC", base + char), tone, upper)
        elif unicodedata.combining(char) and result:
            continue
        else:
            lower = char.lower()
            result.append(("đ" if lower == "đ" else lower, 0, char != lower))
    return result


def _primary_weight(letter: str) -> tuple[int, int]:
    if letter in _LETTER_RANK:
        return (_LETTER_RANK[letter], 0)
    if letter.isdigit():
        return (10, int(letter) if letter.isascii() else 0)
    if letter.isspace():
        return (1, 0)
    return (2, ord(letter))


def collation_key(text: str) -> tuple:
    """A sort key ordering Vietnamese text as a dictionary does.

    Letters first (đ after d, ă and â after a, ...), then tones (none, huyền, hỏi, ngã, sắc,
    nặng), then case, each level over the whole string, as a multi-level collator compares.
    """
    letters = _split_letters(nfc(text).strip())
    primary = tuple(_primary_weight(base) for base, _, _ in letters)
    secondary = tuple(tone for _, tone, _ in letters)
    tertiary = tuple(upper for _, _, upper in letters)
    return (primary, secondary, tertiary)


def name_sort_key(full_name: str) -> tuple:
    """Order people as Vietnamese lists do: by given name (the last word), then the rest."""
    words = nfc(full_name).split()
    if not words:
        return (collation_key(""), collation_key(""))
    return (collation_key(words[-1]), collation_key(" ".join(words[:-1])))


# --- numbers -----------------------------------------------------------------------------


def natural_key(text: str) -> tuple:
    """Names with numbers in numeric order: 'Tổ dân phố số 2' before 'Tổ dân phố số 10'."""
    parts = re.split(r"(\d+)", text)
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, collation_key(p)) for p in parts if p)


def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def share(count: int, base: int, places: int = 2) -> Decimal | None:
    """count/base as a percentage rounded half-up from the exact fraction; None for base 0."""
    if base <= 0:
        return None
    return round_half_up(Fraction(100 * count, base), places)


def format_decimal(value: Decimal | int | float, places: int = 2) -> str:
    """Vietnamese decimal comma and dot thousands separator: 1.234,50."""
    quantized = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if quantized < 0 else ""
    whole, _, fraction = f"{abs(quantized):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + fraction if fraction else "")


def format_percent(value: Decimal | None, places: int = 2) -> str:
    return "-" if value is None else format_decimal(value, places) + "%"


def format_share(value: Decimal | None, places: int = 2) -> str:
    """A share as reports write it in prose: no trailing zeros ("100%", "46,9%", "57,92%")."""
    if value is None:
        return "-"
    text = format_decimal(value, places)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text + "%"


def format_int(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def pad2(value: int) -> str:
    return f"{value:02d}"


# --- dates -------------------------------------------------------------------------------

_DMY_RE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_date(text: str) -> date | None:
    """Read 2017-11-21 or 21/11/2017 (also 21-11-2017, 21.11.2017); None if not a real date."""
    match = _ISO_RE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DMY_RE.match(text)
        if not match:
            return None
        day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def long_date(value: date, pad: bool = True) -> str:
    """ngày 05 tháng 02 năm 2018 (padding is the Party's practice; pad=False gives 5, 2)."""
    day = pad2(value.day) if pad else str(value.day)
    month = pad2(value.month) if pad else str(value.month)
    return f"ngày {day} tháng {month} năm {value.year}"


def short_date(value: date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def add_months(value: date, months: int) -> date:
    month_index = value.month - 1 + months
    year, month = value.year + month_index // 12, month_index % 12 + 1
    for day in (value.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(value)


# --- matching words as users type them -----------------------------------------------------

_PUNCT_RE = re.compile(r"[^\w\s]", re.UNICODE)


def loose_key(text: str) -> str:
    """Fold case, punctuation and spacing: 'Trong sạch, vững mạnh' == 'trong sạch vững mạnh'."""
    folded = _PUNCT_RE.sub(" ", nfc(text).casefold())
    return " ".join(folded.replace("_", " ").split())


def upper(text: str) -> str:
    return nfc(text).upper()
