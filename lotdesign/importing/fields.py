"""Step 4 of the import: parse each field's cells (income, band, sector, specialisms, flags, radius).

Each parser takes a column of text cells and returns arrays, one value per row, adding
warnings to an :class:`~lotdesign.importing.issues.Issues`. Distinct cell values are parsed
once each (a list of 170,000 organisations has a few thousand distinct sectors, flags and
specialism lists), and plain numbers are converted in one vectorised call, so cost grows
linearly with the rows.

Partial data are kept, with a warning, rather than rejected: an approximate income ("c. 50k")
is read as the figure; an unknown income ("N/A", blank, unreadable) leaves the organisation
in with income unknown (NaN) — it counts for reach and local/specialist coverage but cannot
pass the turnover test, so it is never prime-eligible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.names import normalise_name
from lotdesign.importing.issues import Issues, formatted
from lotdesign.core.params import INCOME_BANDS, income_bands

_APPROX_RE = re.compile(
    r"^(?:c|ca|circa|approx|approximately|about|around|roughly|est|estimated|estimate|appx|~|±|\+/-|up to|over|more than|just over|nearly|almost)\.?\s*",
    re.IGNORECASE,
)
_UNKNOWN_WORDS = {"n/a", "na", "n.a.", "unknown", "not known", "tbc", "tbd", "-", "--", "?", "none given",
                  "not available", "not applicable", "not stated", "n k", "nk", "don't know", "dont know", "x",
                  "prefer not to say", "i prefer not to say", "rather not say", "would rather not say", "confidential",
                  "not disclosed", "undisclosed", "withheld"}
_RANGE_RE = re.compile(r"^(.+?)\s*(?:-|–|—|to)\s*(.+)$")

_SECTOR_WORDS = {
    "vcs": "vcs", "vcse": "vcs", "voluntary": "vcs", "charity": "vcs", "charitable": "vcs", "community": "vcs",
    "third sector": "vcs", "not for profit": "vcs", "non profit": "vcs", "social enterprise": "vcs",
    "voluntary and community": "vcs", "cic": "vcs", "faith": "vcs", "registered charity": "vcs", "cio": "vcs",
    "community interest company": "vcs", "charitable incorporated organisation": "vcs",
    "private": "private", "commercial": "private", "company": "private", "for profit": "private", "business": "private",
    "public": "public", "statutory": "public", "nhs": "public", "local authority": "public", "council": "public",
    "public sector": "public", "private sector": "private", "voluntary sector": "vcs",
}
_SPECIALISM_WORDS = {
    "women": "women", "woman": "women", "womens": "women", "women centred": "women", "women centered": "women",
    "female": "women", "womens centre": "women", "women only": "women",
    "bame": "bame", "bme": "bame", "black": "bame", "minority ethnic": "bame", "ethnic minority": "bame",
    "by and for": "bame", "black led": "bame", "bame led": "bame", "racially minoritised": "bame", "global majority": "bame",
    "young adults": "young_adults", "young adult": "young_adults", "youth": "young_adults", "18 25": "young_adults",
    "lgbt": "lgbt", "lgbtq": "lgbt", "lgbtq+": "lgbt", "lgbt+": "lgbt", "lgbtqia": "lgbt",
    "disability": "disability", "disabled": "disability", "disabilities": "disability",
    "older": "older", "older people": "older", "elderly": "older",
    "welsh language": "welsh_language", "welsh": "welsh_language", "cymraeg": "welsh_language",
    # What surveys and tick-all questions write ("Which groups do you specialise in?").
    "women and girls": "women", "women girls": "women", "girls and women": "women", "female offenders": "women",
    "women in the criminal justice system": "women", "womens services": "women",
    "black asian and minority ethnic": "bame", "black asian and minority ethnic communities": "bame",
    "black asian and minority ethnic bame": "bame", "black asian and minority ethnic people": "bame",
    "black and minority ethnic": "bame", "black and minoritised": "bame", "black and minoritised communities": "bame",
    "minority ethnic communities": "bame", "ethnic minorities": "bame", "ethnic minority communities": "bame",
    "bame communities": "bame", "bme communities": "bame", "racially minoritised communities": "bame",
    "global majority communities": "bame", "b a m e": "bame", "black": "bame",
    "young adults 18 25": "young_adults", "young adults aged 18 25": "young_adults", "young people": "young_adults",
    "young adults 18 24": "young_adults", "young adults under 25": "young_adults", "care leavers": "young_adults",
    "veterans": "veterans", "veteran": "veterans", "armed forces veterans": "veterans", "ex forces": "veterans",
    "ex service personnel": "veterans", "armed forces": "veterans", "military veterans": "veterans",
    "lgbtq+ people": "lgbt", "lgbt+ people": "lgbt", "lgbtqia+": "lgbt", "lgbtq+ communities": "lgbt",
    "lesbian gay bisexual and trans": "lgbt", "lesbian gay bisexual trans": "lgbt", "lgb": "lgbt", "lgbtq+ ": "lgbt",
    "disabled people": "disability", "learning disabilities": "disability", "people with disabilities": "disability",
    "older people 50+": "older", "older adults": "older", "older prisoners": "older",
    "welsh speakers": "welsh_language",
}
#: Multi-word group names that contain commas, kept whole when a list cell is split at commas.
_COMMA_GROUP_NAMES = (
    "black, asian and minority ethnic", "black, asian, and minority ethnic", "black, asian & minority ethnic",
    "lesbian, gay, bisexual and trans", "lesbian, gay, bisexual, trans", "lesbian, gay, bisexual, and trans",
    "gypsy, roma and traveller", "gypsy, roma, and traveller",
)
_YES = {"yes", "y", "true", "1", "x", "✓", "ticked", "ie", "oes", "do"}
_NO = {"no", "n", "false", "0", "", "na", "n/a", "-"}


@dataclass
class Money:
    """An amount read from text: ``value`` in £ (None when unknown), ``approximate``, ``status``."""

    value: float | None
    approximate: bool = False
    status: str = "ok"  # ok, unknown, unreadable, negative


def read_money(text: str) -> Money:
    """Read an income cell: '£1,234', '250k', '1.2m', 'c. 50k', 'approx £300k', '£50k–£100k', 'N/A'.

    Approximate figures ('c.', 'approx', 'about', '~') and ranges (read as their lower bound)
    are marked ``approximate``; 'N/A', 'unknown', '-' … are ``unknown``.
    """
    cleaned = str(text).strip()
    if cleaned.lower() in _UNKNOWN_WORDS or not cleaned:
        return Money(None, status="unknown")
    approximate = False
    stripped = _APPROX_RE.sub("", cleaned)
    if stripped != cleaned:
        approximate, cleaned = True, stripped
    match = _RANGE_RE.match(cleaned)
    if match and _money_value(match.group(1)) is not None and _money_value(match.group(2)) is not None:
        low = _money_value(match.group(1))
        high_text = match.group(2)
        # '50-100k': the unit of the upper figure applies to the lower one too.
        if re.match(r"^[\d.,\s£]+$", match.group(1)) and re.search(r"[kKmM]", high_text):
            low = _money_value(match.group(1).strip() + re.sub(r"[^kKmMilon]", "", high_text))
        return Money(low, True, "ok")
    value = _money_value(cleaned)
    if value is None:
        return Money(None, status="unreadable")
    if value < 0:
        return Money(None, status="negative")
    return Money(value, approximate, "ok")


def _money_value(text: str) -> float | None:
    cleaned = str(text).strip().lower().replace("£", "").replace(",", "").replace(" ", "").rstrip("+")
    cleaned = cleaned.replace("gbp", "").replace("pa", "").replace("/yr", "").replace("ayear", "")
    if not cleaned:
        return None
    multiplier = 1.0
    for suffix, factor in (("million", 1e6), ("mn", 1e6), ("m", 1e6), ("bn", 1e9), ("k", 1e3)):
        if cleaned.endswith(suffix):
            cleaned, multiplier = cleaned[: -len(suffix)], factor
            break
    try:
        value = float(cleaned) * multiplier
    except ValueError:
        return None
    return value if np.isfinite(value) else None


def parse_money(text: str) -> float | None:
    """Parse '£1,234', '250k', '1.2m', '1.2 million', 'c. 50k' to pounds; None when not an amount."""
    money = read_money(text)
    return money.value if money.status == "ok" else None


def parse_band(text: str) -> str | None:
    """NCVO band name from text ('Small', 'super major', 'major (£10m–£100m)'), or None."""
    words = normalise_name(text).replace("super major", "super-major")
    for name, _, _ in sorted(INCOME_BANDS, key=lambda band: -len(band[0])):
        if words.startswith(name):
            return name
    return None


def _band_lower_bound(band: str) -> float:
    return float({name: lower for name, lower, _ in INCOME_BANDS}[band])


def _distinct(cells: np.ndarray):
    codes, uniques = pd.factorize(pd.Series(cells, dtype=object), use_na_sentinel=False)
    return codes, list(uniques)


UNKNOWN_INCOME_NOTE = "it counts for reach and local and specialist coverage but cannot be prime-eligible"


def parse_incomes(income: np.ndarray, band: np.ndarray, issues: Issues, *, income_column: str,
                  band_column: str, has_income: bool, has_band: bool) -> pd.DataFrame:
    """Incomes in £ from an income column and/or an NCVO band column.

    Returns
    -------
    pandas.DataFrame
        ``income_gbp`` (float, NaN when unknown), ``income_band`` ('' when unknown),
        ``income_from_band``, ``income_approximate``, ``income_known`` (bool), one row per cell.
    """
    n = len(income)
    value = np.full(n, np.nan)
    status = np.full(n, "unknown", dtype=object)
    approximate = np.zeros(n, bool)
    if has_income:
        numeric = pd.to_numeric(pd.Series(income, dtype=object), errors="coerce").to_numpy(float)
        plain = np.isfinite(numeric) & (numeric >= 0)
        value[plain], status[plain] = numeric[plain], "ok"
        rest = np.flatnonzero(~plain)
        if len(rest):
            codes, uniques = _distinct(income[rest])
            readings = [read_money(u) for u in uniques]
            u_value = np.array([np.nan if r.value is None else r.value for r in readings])
            u_status = np.array([r.status for r in readings], dtype=object)
            u_approx = np.array([r.approximate for r in readings])
            value[rest], status[rest], approximate[rest] = u_value[codes], u_status[codes], u_approx[codes]
        for what, message in (
            ("unreadable", "income '{}' is not an amount in £ (write it like 250000, £250k or 1.2m); read as unknown — "),
            ("negative", "income '{}' is negative; read as unknown — "),
        ):
            rows = np.flatnonzero(status == what)
            issues.warn(rows, income_column, [message.format(income[i]) + UNKNOWN_INCOME_NOTE + "." for i in rows]
                        if len(rows) < 50_000 else message.format("…") + UNKNOWN_INCOME_NOTE + ".")
        rows = np.flatnonzero(approximate)
        if len(rows):
            shown = formatted(value[rows], "£{:,.0f}")
            issues.warn(rows, income_column, "income '" + income[rows].astype(str) + "' is approximate; read as " + shown + ".")
    known = np.isfinite(value)
    from_band = np.zeros(n, bool)
    if has_band:
        b_codes, b_uniques = _distinct(band)
        parsed = np.array([parse_band(u) if u else None for u in b_uniques], dtype=object)[b_codes]
        bad = (band != "") & pd.isna(parsed)
        rows = np.flatnonzero(bad)
        issues.warn(rows, band_column, "income band '" + band[rows].astype(str)
                    + "' is not an NCVO band (micro, small, medium, large, major, super-major); ignored.")
        use_band = ~known & ~pd.isna(parsed)
        rows = np.flatnonzero(use_band)
        if len(rows):
            lower = np.array([_band_lower_bound(b) for b in parsed[rows]])
            value[rows], from_band[rows] = lower, True
            issues.warn(rows, band_column, "no income in £: read the '" + parsed[rows].astype(str) + "' band as its lower bound, "
                        + formatted(lower, "£{:,.0f}") + " — give the annual income for an exact test.")
        both = known & ~pd.isna(parsed)
        if both.any():
            actual = income_bands(value)
            rows = np.flatnonzero(both & (actual != parsed.astype(str)))
            issues.warn(rows, band_column, "income " + formatted(value[rows], "£{:,.0f}")
                        + " is in the '" + actual[rows].astype(str) + "' band, not '" + parsed[rows].astype(str)
                        + "'; the income was used.")
    known = np.isfinite(value)
    if has_income or has_band:
        missing = np.flatnonzero(~known & (status == "unknown"))
        column = income_column if has_income else band_column
        cells = income[missing] if has_income else band[missing]
        issues.warn(missing, column, np.where(cells == "", "no income given", "income '" + cells.astype(str) + "'")
                    + "; income unknown — " + UNKNOWN_INCOME_NOTE + ". Give the annual income in £ or an NCVO band.")
    return pd.DataFrame({
        "income_gbp": value,
        "income_band": np.where(known, income_bands(np.nan_to_num(value)), ""),
        "income_from_band": from_band,
        "income_approximate": approximate & known,
        "income_known": known,
    })


def parse_sectors(cells: np.ndarray, issues: Issues, column: str) -> np.ndarray:
    """'vcs', 'private' or 'public' per row; blank is vcs; unknown words are read as vcs with a warning."""
    codes, uniques = _distinct(cells)
    parsed = []
    for u in uniques:
        if not u:
            parsed.append("vcs")
            continue
        parsed.append(_SECTOR_WORDS.get(normalise_name(u)) or _SECTOR_WORDS.get(u.strip().lower()) or "")
    sectors = np.array(parsed, dtype=object)[codes]
    rows = np.flatnonzero(sectors == "")
    issues.warn(rows, column, "sector '" + cells[rows].astype(str) + "' is not vcs, private or public; read as vcs "
                "(voluntary and community) — write vcs, private or public.")
    sectors[rows] = "vcs"
    return sectors


def specialism_tokens(text: str) -> list[str]:
    """Split a list cell at ';', '|', '/', new lines and commas — but not at the commas inside a
    known group name ("Black, Asian and minority ethnic communities" stays one item)."""
    protected = str(text)
    for name in _COMMA_GROUP_NAMES:
        protected = re.sub(re.escape(name), lambda m: m.group(0).replace(",", "\x1e"), protected, flags=re.IGNORECASE)
    return [token.replace("\x1e", ",") for token in re.split(r"[;,|/\n]", protected)]


def specialism_code(token: str) -> str | None:
    """The specialism a list item means ('Women and girls' → 'women'), or None when unknown."""
    words = " ".join(re.sub(r"[^a-z0-9+]+", " ", str(token).lower()).split())
    if not words:
        return None
    unbracketed = " ".join(re.sub(r"\(.*?\)", " ", words).split())
    for candidate in (words, words.replace(" led", ""), unbracketed, unbracketed.replace(" led", "")):
        if candidate in _SPECIALISM_WORDS:
            return _SPECIALISM_WORDS[candidate]
    return None


def _specialism_list(text: str) -> tuple[list[str], list[str]]:
    found, unknown = [], []
    for token in specialism_tokens(text):
        words = " ".join(re.sub(r"[^a-z0-9+]+", " ", token.lower()).split())
        if not words:
            continue
        known = specialism_code(token)
        if known is None:
            known = re.sub(r"[^a-z0-9]+", "_", words).strip("_")
            unknown.append(f"'{token.strip()}' is not a known specialism; kept as the label '{known}'.")
        if known not in found:
            found.append(known)
    return found, unknown


def read_flag(text: str) -> bool | None:
    """True for yes-like cells ('Yes', 'Y', 'TRUE', '✓', 'Yes – women only'), False for no-like, None otherwise."""
    value = str(text).strip().lower().rstrip(".")
    if value in _YES or value.startswith(("yes ", "yes-", "yes –", "yes,", "yes(")):
        return True
    if value in _NO or value.startswith(("no ", "no-", "no –", "no,", "no(")):
        return False
    return None


def parse_specialisms(specialisms: np.ndarray, women: np.ndarray, bame: np.ndarray, issues: Issues, *,
                      columns: dict[str, str]) -> pd.DataFrame:
    """Specialisms per row from a list column and/or yes/no columns.

    ``columns`` maps ``specialisms``, ``women``, ``bame`` to the file's column names (absent
    when the file has no such column). Returns ``specialisms`` (semicolon list), ``women``,
    ``bame`` (bool).
    """
    n = len(specialisms)
    combo = pd.Series(specialisms, dtype=object) + "\x1f" + pd.Series(women, dtype=object) + "\x1f" + pd.Series(bame, dtype=object)
    codes, uniques = pd.factorize(combo)
    out_text, out_women, out_bame = [], [], []
    warn_rows: dict[tuple[str, str], list[int]] = {}
    first_rows = pd.Series(np.arange(n)).groupby(codes).agg(list) if n else pd.Series([], dtype=object)
    for k, key in enumerate(uniques):
        spec_text, women_text, bame_text = key.split("\x1f")
        found, unknown = _specialism_list(spec_text) if spec_text and "specialisms" in columns else ([], [])
        for message in unknown:
            warn_rows.setdefault((columns["specialisms"], message), []).extend(first_rows[k])
        for flag_name, text in (("women", women_text), ("bame", bame_text)):
            if flag_name not in columns:
                continue
            flag = read_flag(text)
            if flag is None:
                warn_rows.setdefault((columns[flag_name], f"'{text}' is not yes or no; read as no."), []).extend(first_rows[k])
            elif flag and flag_name not in found:
                found.append(flag_name)
        out_text.append(";".join(found))
        out_women.append("women" in found)
        out_bame.append("bame" in found)
    for (column, message), rows in warn_rows.items():
        issues.warn(np.asarray(rows), column, message)
    return pd.DataFrame({
        "specialisms": np.array(out_text, dtype=object)[codes] if n else np.array([], dtype=object),
        "women": np.array(out_women, bool)[codes] if n else np.array([], bool),
        "bame": np.array(out_bame, bool)[codes] if n else np.array([], bool),
    })


def parse_radius(cells: np.ndarray, issues: Issues, column: str) -> np.ndarray:
    """Radius in km per row (NaN when blank or unreadable, with a warning for unreadable)."""
    present = np.flatnonzero(cells != "")
    radius = np.full(len(cells), np.nan)
    radius[present] = parse_float_column(np.array([str(v).lower().replace("km", "") for v in cells[present]], dtype=object))
    bad = (cells != "") & ~(np.isfinite(radius) & (radius >= 0))
    rows = np.flatnonzero(bad)
    issues.warn(rows, column, "radius '" + cells[rows].astype(str) + "' is not a distance in km (write a number like 25); ignored.")
    radius[bad] = np.nan
    return radius


def parse_float_column(cells: np.ndarray) -> np.ndarray:
    """Numbers (commas allowed) per row; NaN when blank or not a number."""
    values = np.full(len(cells), np.nan)
    present = np.flatnonzero(cells != "")
    if len(present):
        text = pd.Series(cells[present], dtype=object)
        numbers = pd.to_numeric(text, errors="coerce").to_numpy(float, copy=True)
        retry = np.flatnonzero(np.isnan(numbers))
        if len(retry):
            cleaned = pd.Series([str(v).replace(",", "").strip() for v in cells[present[retry]]], dtype=object)
            numbers[retry] = pd.to_numeric(cleaned, errors="coerce").to_numpy(float)
        values[present] = numbers
    return values
