"""Every count and share of a round, computed once.

Checks (quotas) and documents (reports, tables) read their numbers from here; nothing else in
baocao counts members or units. Comparisons with limits are made in integers.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable, Mapping

from .load import Round, Unit
from .model import DangVien, NgoaiLeHanMuc
from .rules import TIEU_BIEU, HanMuc, RuleSet
from .vietnamese import add_months, share

# --- who is evaluated ----------------------------------------------------------------------

EVALUATED, EXEMPT, NOT_YET = "danh_gia", "mien", "chua"

STATUS_REASON = {
    "mien": "miễn công tác và sinh hoạt đảng",
    "dinh_chi": "đình chỉ sinh hoạt đảng",
    "moi_vao_dang": "vào Đảng chưa đủ {thang} tháng",
    "moi_thanh_lap": "mới thành lập chưa đủ {thang} tháng",
    "chua_quyet_dinh": "chưa có kết quả xếp loại",
}


@dataclass(frozen=True)
class Standing:
    """Whether a member or unit is classified this round, and if not, why."""

    kind: str  # EVALUATED, EXEMPT, NOT_YET
    reason_code: str | None = None
    reason: str | None = None


def member_standing(member: DangVien, round_: Round) -> Standing:
    """Whether a member is classified this round; worked out once per member and round."""
    known = round_.figures.standings
    key = id(member)
    if key not in known:
        known[key] = _member_standing(member, round_)
    return known[key]


_CLASSIFIED = Standing(EVALUATED)  # one for every member classified: kept and sent compactly


def _member_standing(member: DangVien, round_: Round) -> Standing:
    rules = round_.rule_set.data.khong_danh_gia
    if member.tinh_trang in rules.tinh_trang_mien:
        return Standing(EXEMPT, member.tinh_trang, STATUS_REASON.get(member.tinh_trang, member.tinh_trang))
    if member.tinh_trang in rules.tinh_trang_chua:
        return Standing(NOT_YET, member.tinh_trang, STATUS_REASON.get(member.tinh_trang, member.tinh_trang))
    months = rules.thang_tuoi_dang
    if months and member.ngay_vao_dang and round_.dot.ngay_danh_gia:
        if add_months(member.ngay_vao_dang, months) > round_.dot.ngay_danh_gia:
            return Standing(NOT_YET, "moi_vao_dang", STATUS_REASON["moi_vao_dang"].format(thang=months))
    return _CLASSIFIED


def unit_standing(unit: Unit, round_: Round) -> Standing:
    months = round_.rule_set.data.khong_danh_gia.thang_thanh_lap
    founded = unit.don_vi.ngay_thanh_lap if unit.don_vi else None
    if months and founded and round_.dot.ngay_danh_gia and add_months(founded, months) > round_.dot.ngay_danh_gia:
        return Standing(NOT_YET, "moi_thanh_lap", STATUS_REASON["moi_thanh_lap"].format(thang=months))
    return Standing(EVALUATED)


# --- tallies ---------------------------------------------------------------------------------


@dataclass
class Tally:
    """Counts of one population (members, or organisations) by standing and category."""

    total: int = 0
    exempt: int = 0
    not_yet: int = 0
    evaluated: int = 0
    categories: Counter = field(default_factory=Counter)
    distinguished: int = 0  # tiêu biểu
    reasons: Counter = field(default_factory=Counter)

    @property
    def undecided(self) -> int:
        return self.evaluated - sum(self.categories.values())

    def add(self, standing: Standing, category: str | None, distinguished: bool = False) -> None:
        self.total += 1
        if standing.kind == EXEMPT:
            self.exempt += 1
            self.reasons[standing.reason] += 1
        elif standing.kind == NOT_YET:
            self.not_yet += 1
            self.reasons[standing.reason] += 1
        else:
            self.evaluated += 1
            if category:
                self.categories[category] += 1
                if distinguished:
                    self.distinguished += 1

    def merge(self, other: "Tally") -> "Tally":
        merged = Tally(
            self.total + other.total, self.exempt + other.exempt, self.not_yet + other.not_yet,
            self.evaluated + other.evaluated, self.categories + other.categories,
            self.distinguished + other.distinguished, self.reasons + other.reasons,
        )
        return merged

    def count(self, code: str) -> int:
        return self.distinguished if code == TIEU_BIEU else self.categories.get(code, 0)


def tally_members(members: Iterable[DangVien], round_: Round) -> Tally:
    tally = Tally()
    for member in members:
        tally.add(member_standing(member, round_), member.xep_loai)
    return tally


def tally_units(units: Iterable[Unit], round_: Round) -> Tally:
    tally = Tally()
    for unit in units:
        don_vi = unit.don_vi
        tally.add(unit_standing(unit, round_), don_vi.xep_loai if don_vi else None, bool(don_vi and don_vi.tieu_bieu))
    return tally


# --- quotas ------------------------------------------------------------------------------------


@dataclass
class QuotaScope:
    """One place a quota is counted: the whole round, a grassroots organisation, or a cell."""

    unit: Unit | None  # None: the whole round
    subjects: list  # members (DangVien) or units (Unit)
    roll: int  # how many are on the scope's roll, for the small-cell rule
    holders: list[Unit] = field(default_factory=list)  # of members: the units they belong to (counted unit by unit)
    group: str | None = None  # a quota counted by subject group (theo_nhom): the group's name


@dataclass
class QuotaResult:
    quota: HanMuc
    scope: QuotaScope
    count: int
    base: int | None
    limit: int
    to_lower: int  # how many must be moved down for the quota to hold
    headroom: int = 0  # how many more may still be moved up while it holds
    percent: int | None = None  # the percentage applied: the quota's, or an exception granted for the scope
    exception: NgoaiLeHanMuc | None = None  # the exception granted (with its decision), when one applies

    @property
    def holds(self) -> bool:
        return self.to_lower == 0


def _scopes(quota: HanMuc, round_: Round) -> list[QuotaScope]:
    scopes = _place_scopes(quota, round_)
    if not quota.theo_nhom or quota.doi_tuong != "dang_vien":
        return scopes
    groups = round_.rule_set.data.nhom_doi_tuong
    return [QuotaScope(scope.unit, [m for m in scope.subjects if m.nhom in members_groups], scope.roll, scope.holders, name)
            for scope in scopes for name, members_groups in groups.items()]


def _place_scopes(quota: HanMuc, round_: Round) -> list[QuotaScope]:
    grassroots = round_.grassroots()
    if quota.doi_tuong == "dang_vien":
        if quota.pham_vi == "chi_bo":
            return [QuotaScope(c, list(c.members), len(c.members), [c]) for c in round_.cells()]
        if quota.pham_vi == "to_chuc_co_so" and grassroots:
            scopes = []
            for g in grassroots:
                units = g.walk()
                members = [m for u in units for m in u.members]
                scopes.append(QuotaScope(g, members, len(members), units))
            return scopes
        cells = round_.cells()
        members = [m for c in cells for m in c.members]
        return [QuotaScope(None, members, len(members), cells)]
    subjects = grassroots if quota.doi_tuong == "to_chuc_co_so" else cells_below(round_.units)
    if quota.pham_vi == "to_chuc_co_so" and quota.doi_tuong == "chi_bo_truc_thuoc" and grassroots:
        return [QuotaScope(g, list(g.children), len(g.children)) for g in grassroots if g.children]
    return [QuotaScope(None, subjects, len(subjects))]


def _category_of(subject) -> tuple[str | None, bool]:
    if isinstance(subject, DangVien):
        return subject.xep_loai, False
    don_vi = subject.don_vi
    return (don_vi.xep_loai, bool(don_vi.tieu_bieu)) if don_vi else (None, False)


def _tally_scope(quota: HanMuc, scope: QuotaScope, round_: Round) -> Tally:
    if quota.doi_tuong == "dang_vien" and scope.group is not None:
        return tally_members(scope.subjects, round_)
    if quota.doi_tuong == "dang_vien":
        # Only counts are read: the sum of the units' tallies (each counted once a round) will do.
        return functools.reduce(Tally.merge, (cell_tally(unit, round_) for unit in scope.holders), Tally())
    return tally_units(scope.subjects, round_)


def _base(quota: HanMuc, tally: Tally) -> int | None:
    if quota.co_so is None:
        return None
    if quota.co_so == "tat_ca":
        return tally.total
    if quota.co_so == "duoc_danh_gia":
        return tally.evaluated
    return tally.count(quota.co_so)


def _within(quota: HanMuc, percent: int | None, count: int, base: int | None) -> bool:
    if quota.toi_da is not None:
        return count <= quota.toi_da
    return 100 * count <= (percent or 0) * (base or 0)


def _limit(quota: HanMuc, percent: int | None, base: int | None) -> int:
    if quota.toi_da is not None:
        return quota.toi_da
    return (percent or 0) * (base or 0) // 100


def exception_for(quota: HanMuc, scope: QuotaScope, round_: Round) -> NgoaiLeHanMuc | None:
    """The higher share the competent level granted where this quota is counted (366-QĐ/TW art. 11
    §1.5: up to 25 % for an organisation with outstanding results): the scope's unit carries it,
    or the round file when the quota counts the whole round."""
    if quota.toi_da_ngoai_le is None or quota.toi_da_phan_tram is None:
        return None
    holder = scope.unit.don_vi if scope.unit is not None else round_.dot
    granted = getattr(holder, "ngoai_le_han_muc", None) if holder is not None else None
    if granted is None or (granted.han_muc is not None and granted.han_muc != quota.id):
        return None
    return granted


def allowed_percent(quota: HanMuc, exception: NgoaiLeHanMuc | None) -> int | None:
    """The share applied: an exception never goes above what the rule set lets be granted."""
    if exception is None or quota.toi_da_ngoai_le is None:
        return quota.toi_da_phan_tram
    return max(quota.toi_da_phan_tram or 0, min(exception.toi_da_phan_tram, quota.toi_da_ngoai_le))


def evaluate_quota(quota: HanMuc, scope: QuotaScope, round_: Round, rule_set: RuleSet) -> QuotaResult:
    exception = exception_for(quota, scope, round_)
    percent = allowed_percent(quota, exception)
    within = functools.partial(_within, quota, percent)
    tally = _tally_scope(quota, scope, round_)
    count, base = tally.count(quota.xep_loai), _base(quota, tally)
    subject = "dang_vien" if quota.doi_tuong == "dang_vien" else "to_chuc"
    # Lowering one from the capped category into the next one down grows the base when the base
    # is that next category (HTXSNV lowered to HTTNV joins the HTTNV base).
    grows = quota.xep_loai != TIEU_BIEU and quota.co_so is not None and quota.co_so == rule_set.next_lower(subject, quota.xep_loai)
    to_lower = 0
    while to_lower < count and not within(count - to_lower, (base or 0) + (to_lower if grows else 0)):
        to_lower += 1
    # Raising one into the capped category takes it out of the base when the base is the next one down.
    headroom = 0
    if to_lower == 0:
        room = (base or 0) if grows else len(scope.subjects)
        while headroom < room and within(count + headroom + 1, (base or 0) - ((headroom + 1) if grows else 0)):
            headroom += 1
    return QuotaResult(quota, scope, count, base, _limit(quota, percent, base), to_lower, headroom, percent, exception)


def _applies(quota: HanMuc, scope: QuotaScope) -> bool:
    return quota.khi_so_dang_vien_duoi is None or scope.roll < quota.khi_so_dang_vien_duoi


def quota_results(round_: Round) -> list[QuotaResult]:
    """Every active quota at every scope where it applies (a quota that replaces others where
    it applies, like the small-cell rule, removes them there). Computed once per round."""
    if round_.figures.quota_results is None:
        round_.figures.quota_results = _quota_results(round_)
    return round_.figures.quota_results


def _quota_results(round_: Round) -> list[QuotaResult]:
    rule_set = round_.rule_set
    results: list[QuotaResult] = []
    replaced: set[tuple[str, int]] = set()
    quotas = rule_set.quotas()
    for quota in quotas:
        for scope in _scopes(quota, round_):
            if quota.thay_the and _applies(quota, scope):
                replaced.update((other, id(scope.unit)) for other in quota.thay_the)
    for quota in quotas:
        for scope in _scopes(quota, round_):
            if not _applies(quota, scope) or (quota.id, id(scope.unit)) in replaced:
                continue
            results.append(evaluate_quota(quota, scope, round_, rule_set))
    return results


def subjects_in(result: QuotaResult) -> list:
    """The members or units a quota result counts in its capped category."""
    code = result.quota.xep_loai
    chosen = []
    for subject in result.scope.subjects:
        category, distinguished = _category_of(subject)
        if (code == TIEU_BIEU and distinguished) or (code != TIEU_BIEU and category == code):
            chosen.append(subject)
    return chosen


# --- shares ------------------------------------------------------------------------------------


def percent(count: int, base: int) -> Decimal | None:
    return share(count, base)


def change_in_points(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    """The difference of two printed shares, so that the page adds up."""
    if now is None or before is None:
        return None
    return now - before


# --- summaries for documents ---------------------------------------------------------------------


@dataclass
class Breakdown:
    """A tally in all and by organisation type (the columns of the statistical tables)."""

    total: Tally
    by_type: dict[str, Tally]


def _by_type(pairs: Iterable[tuple[str | None, Tally]], types: list[str]) -> Breakdown:
    by_type = {code: Tally() for code in types}
    total = Tally()
    for type_code, tally in pairs:
        total = total.merge(tally)
        if type_code in by_type:
            by_type[type_code] = by_type[type_code].merge(tally)
    return Breakdown(total, by_type)


def _org_type(unit: Unit) -> str | None:
    """The column a unit is counted in: its grassroots organisation's type, else its own."""
    for candidate in (unit.grassroots, unit):
        if candidate.don_vi and candidate.don_vi.loai_hinh:
            return candidate.don_vi.loai_hinh
    return None


def cells_below(units: list[Unit]) -> list[Unit]:
    """The chi bộ trực thuộc among these units and below them."""
    return [c for u in units for c in u.walk() if c.position == "chi_bo_truc_thuoc"]


def organisation_breakdown(units: list[Unit], round_: Round) -> Breakdown:
    grassroots = [u for u in units if u.is_grassroots]
    return _by_type(((_org_type(u), tally_units([u], round_)) for u in grassroots), round_.rule_set.org_type_codes())


def cell_breakdown(units: list[Unit], round_: Round) -> Breakdown:
    return _by_type(((_org_type(c), tally_units([c], round_)) for c in cells_below(units)), round_.rule_set.org_type_codes())


def cell_tally(cell: Unit, round_: Round) -> Tally:
    """The tally of one cell's members, counted once per round."""
    known = round_.figures.cell_tallies
    if id(cell) not in known:
        known[id(cell)] = tally_members(cell.members, round_)
    return known[id(cell)]


def member_breakdown(grassroots: list[Unit], round_: Round) -> Breakdown:
    cells = [u for g in grassroots for u in g.walk() if u.holds_members]
    return _by_type(((_org_type(c), cell_tally(c, round_)) for c in cells), round_.rule_set.org_type_codes())


def share_base(rule_set: RuleSet, code: str, counts: Mapping[str, int], evaluated: int) -> int:
    """What a level's share is taken of: those evaluated; for the tiêu biểu mark, those at the
    level the rule set names for it (TSVM in 2014–2017, HTXSNV from 2025). ``counts``: by level."""
    if code != TIEU_BIEU:
        return evaluated
    distinction = rule_set.data.tieu_bieu
    return counts.get(distinction.xep_loai, 0) if distinction else 0


def last_year_share(round_: Round, subject: str, code: str) -> Decimal | None:
    """Last year's share of a category, from nam_truoc, on the same base as this year's."""
    figures = (round_.dot.nam_truoc or {}).get(subject) or {}
    base = share_base(round_.rule_set, code, figures, figures.get("duoc_danh_gia", 0))
    if code not in figures or not base:
        return None
    return percent(figures[code], base)


# --- scores (from 2025: a 100-point scale) -----------------------------------------------------------


def score_of(item, decided: bool = True) -> Decimal | None:
    """A unit's or member's score: the total given, else the sum of its two parts, else None."""
    total = item.diem if decided else item.tu_diem
    split = item.diem_chi_tiet if decided else item.tu_diem_chi_tiet
    if total is not None:
        return Decimal(str(total))
    if split is not None and split.tieu_chi_chung is not None and split.ket_qua_nhiem_vu is not None:
        return Decimal(str(split.tieu_chi_chung)) + Decimal(str(split.ket_qua_nhiem_vu))
    return None


def band_of(score: Decimal, scale) -> str | None:
    """The category a score falls in; bands are compared exactly (89.99 is below 90)."""
    for band in sorted(scale.muc, key=lambda b: -b.tu):
        if score >= Decimal(str(band.tu)):
            return band.xep_loai
    return None


@dataclass
class ScoreSpread:
    bands: Counter = field(default_factory=Counter)
    scored: int = 0
    total: Decimal = Decimal(0)

    @property
    def average(self) -> Decimal | None:
        return None if not self.scored else self.total / self.scored


def score_spread(items: Iterable, scale) -> ScoreSpread:
    spread = ScoreSpread()
    for item in items:
        score = score_of(item)
        if score is None:
            continue
        spread.scored += 1
        spread.total += score
        spread.bands[band_of(score, scale)] += 1
    return spread


def totals(grassroots: list[Unit], round_: Round, with_organisations: bool = True) -> dict[str, Tally]:
    """The round's (or a đảng bộ's) three totals, under the keys of ``nam_truoc``: grassroots
    organisations (when asked), chi bộ trực thuộc, members. What the manifest's snapshot and next
    year's ``nam_truoc`` both keep."""
    found = {"to_chuc_co_so": organisation_breakdown(grassroots, round_).total} if with_organisations else {}
    found["chi_bo_truc_thuoc"] = cell_breakdown(grassroots, round_).total
    found["dang_vien"] = member_breakdown(grassroots, round_).total
    return found
