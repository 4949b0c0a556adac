"""The wording the assistant recognises (wording.toml beside this file), read once into typed tables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from smartcity_kg.core import datafile

WORDING_FILE = Path(__file__).with_name("wording.toml")


@dataclass(frozen=True)
class StatusWording:
    """One kind of status wording: approved, certified, a logo awarded, proposed."""

    kind: str
    """logo, certified, approved or proposed."""
    status: str
    """The AreaStatus it gives the listed areas (status/certified), or "" when a person must decide."""
    words: tuple[str, ...]
    """The words, Thai and English, that say it."""


@dataclass(frozen=True)
class Wording:
    """The tables of wording.toml (see its comments for what each means)."""

    min_prose_length: int
    adverts: tuple[re.Pattern[str], ...]
    noise_lines: tuple[str, ...]
    thai_share: float
    english_share: float
    english_words: frozenset[str]
    generic_names: frozenset[str]
    months: dict[str, int]
    """Every month name and abbreviation, Thai and English, to its number 1-12."""
    buddhist_era_offset: int
    two_digit_century: int
    buddhist_era_from: int
    era_markers: tuple[str, ...]
    province_markers: tuple[str, ...]
    district_markers: tuple[str, ...]
    subdistrict_markers: tuple[str, ...]
    municipality_markers: tuple[str, ...]
    capital_district: str
    bangkok: tuple[str, ...]
    bangkok_id: str
    en_province: tuple[str, ...]
    en_district: tuple[str, ...]
    en_subdistrict: tuple[str, ...]
    en_bangkok: tuple[str, ...]
    province_abbreviations: dict[str, str]
    bullets: tuple[str, ...]
    lead_words: tuple[str, ...]
    statuses: tuple[StatusWording, ...]
    """Strongest first."""
    future_words: tuple[str, ...]
    future_reach: int
    meeting_number: tuple[str, ...]
    chair: tuple[str, ...]
    secretary: tuple[str, ...]
    meeting_word_th: str
    meeting_word_en: str
    count_areas: tuple[str, ...]
    count_provinces: tuple[str, ...]
    count_between: tuple[str, ...]
    count_total: tuple[str, ...]
    honorifics: tuple[str, ...]
    match_kinds: tuple[str, ...]
    match_min_length: int
    generic_committees: tuple[str, ...]


def strings(value: Any) -> tuple[str, ...]:
    assert isinstance(value, list) and all(isinstance(item, str) for item in value), value
    return tuple(value)


@lru_cache(maxsize=1)
def wording(path: Path = WORDING_FILE) -> Wording:
    data = datafile.read(path, f"src/smartcity_kg/{path.parent.name}/{path.name}").data  # a syntax error at its line
    text, dates, places, meetings, counts = data["text"], data["dates"], data["places"], data["meetings"], data["counts"]
    months: dict[str, int] = {}
    for key in ("th_months", "th_month_abbreviations", "en_months", "en_month_abbreviations"):
        names = strings(dates[key])
        assert len(names) == 12, key
        months.update({name: number for number, name in enumerate(names, start=1)})
    return Wording(
        min_prose_length=int(text["min_prose_length"]),
        adverts=tuple(re.compile(pattern) for pattern in strings(text["advert_patterns"])),
        noise_lines=strings(text["noise_lines"]),
        thai_share=float(text["thai_share"]),
        english_share=float(text["english_share"]),
        english_words=frozenset(strings(text["english_words"])),
        generic_names=frozenset(strings(text["generic_names"])),
        months=months,
        buddhist_era_offset=int(dates["buddhist_era_offset"]),
        two_digit_century=int(dates["two_digit_century"]),
        buddhist_era_from=int(dates["buddhist_era_from"]),
        era_markers=strings(dates["era_markers"]),
        province_markers=strings(places["province"]),
        district_markers=strings(places["district"]),
        subdistrict_markers=strings(places["subdistrict"]),
        municipality_markers=strings(places["municipality"]),
        capital_district=str(places["capital_district"]),
        bangkok=strings(places["bangkok"]),
        bangkok_id=str(places["bangkok_id"]),
        en_province=strings(places["en_province"]),
        en_district=strings(places["en_district"]),
        en_subdistrict=strings(places["en_subdistrict"]),
        en_bangkok=strings(places["en_bangkok"]),
        province_abbreviations={str(k): str(v) for k, v in places["abbreviations"].items()},
        bullets=strings(data["lists"]["bullets"]),
        lead_words=strings(data["lists"]["lead_words"]),
        statuses=tuple(StatusWording(str(s["kind"]), str(s["status"]), strings(s["words"])) for s in data["status"]),
        future_words=strings(data["future"]["words"]),
        future_reach=int(data["future"]["reach"]),
        meeting_number=strings(meetings["number"]),
        chair=strings(meetings["chair"]),
        secretary=strings(meetings["secretary"]),
        meeting_word_th=str(meetings["meeting_word_th"]),
        meeting_word_en=str(meetings["meeting_word_en"]),
        count_areas=strings(counts["areas"]),
        count_provinces=strings(counts["provinces"]),
        count_between=strings(counts["between"]),
        count_total=strings(counts["total"]),
        honorifics=strings(data["people"]["honorifics"]),
        match_kinds=strings(data["match"]["kinds"]),
        match_min_length=int(data["match"]["min_length"]),
        generic_committees=strings(data["match"]["generic"]),
    )


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of `words`, longest first (so that จังหวัด wins over จ.)."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
