"""What an announcement says, read from its cleaned text: the lists of areas with their places, the status the
wording gives them, the stated counts, the meeting with its date, chair and secretary, and the entities of the
graph it names. Every finding keeps the span of text it comes from, so that its quote is verbatim.

Positions are in the cleaned text; patterns run on a copy with Thai digits as Arabic ones (same positions).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from smartcity_kg.curate.index import Index, squeeze
from smartcity_kg.curate.places import Gazetteer
from smartcity_kg.curate.text import Segmenter, arabic_digits
from smartcity_kg.curate.wording import Wording, alternation

SEPARATORS = " \t,()–-:;/"
CONNECTORS = ("และ", "and", ",", ";", "รวมถึง")


@dataclass
class Place:
    """A place the text names: a marker and a name (จ.ระยอง, อำเภอบ้านฉาง, Rayong Province)."""

    level: str
    """province, district, subdistrict or municipality."""
    name: str
    """The name without its marker, as written."""
    start: int
    end: int
    ids: list[str] = field(default_factory=list)
    """The gazetteer's units of that name (before the province or district given with it narrows them)."""


@dataclass
class Item:
    """One item of a list: an area as the text names it, with its places."""

    position: int
    start: int
    end: int
    """The item's span, its number or bullet included: its quote."""
    name: str
    places: list[Place]
    """The places that end the item (its location), left to right."""
    inside: list[Place]
    """Places named inside the area's name (a municipality)."""


@dataclass
class Count:
    areas: int
    provinces: int | None
    start: int
    end: int
    total: bool


@dataclass
class AreaList:
    """A list of areas, the sentence that introduces it and the text that follows it."""

    layout: str
    """`1)`, `1.`, `(1)`, bullet, or run together."""
    items: list[Item]
    intro: tuple[int, int]
    after: tuple[int, int]
    status_kind: str = ""
    status: str = ""
    status_span: tuple[int, int] | None = None
    status_word: tuple[int, int] | None = None
    approval: tuple[int, int] | None = None
    """The words of the introduction that say the decision, if any."""
    count: Count | None = None
    total: Count | None = None


@dataclass
class Mention:
    """An entity of the graph named in the text."""

    id: str
    start: int
    end: int


@dataclass
class Date:
    date: dt.date
    start: int
    end: int


@dataclass
class MeetingText:
    number: str
    """n/BBBB."""
    start: int
    end: int
    paragraph: tuple[int, int]
    committee: Mention | None = None
    date: Date | None = None
    chair: Mention | None = None
    chair_span: tuple[int, int] | None = None
    """The words of the chair wording, when the chair was found."""


@dataclass
class Secretary:
    person: Mention
    committee: Mention | None
    start: int
    end: int


@dataclass
class Reading:
    """Everything found in one announcement."""

    text: str
    lists: list[AreaList]
    meeting: MeetingText | None
    meetings: list[str]
    """Every meeting number the text gives (a second one is reported)."""
    secretary: Secretary | None
    mentions: list[Mention]
    dates: list[Date]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The spans of the non-blank lines."""
    spans, position = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def containing(spans: list[tuple[int, int]], position: int) -> tuple[int, int]:
    return next((span for span in spans if span[0] <= position <= span[1]), (position, position))


class Reader:
    """Reads announcements against one index of the graph (built once, used for many texts)."""

    def __init__(self, index: Index, gazetteer: Gazetteer, wording: Wording) -> None:
        self.index, self.gazetteer, self.w = index, gazetteer, wording
        self.segmenter = Segmenter(gazetteer.all_names())
        w = wording
        months = alternation(list(w.months))
        self.date_patterns = [
            re.compile(
                rf"(?<![0-9])(?P<day>[0-9]{{1,2}})\s*(?P<month>{months})\s*(?:{alternation(w.era_markers)})?\s*(?P<year>[0-9]{{4}}|[0-9]{{2}})(?![0-9])"
            ),
            re.compile(rf"(?P<month>{months})\s+(?P<day>[0-9]{{1,2}}),?\s+(?P<year>[0-9]{{4}})(?![0-9])"),
        ]
        self.number = re.compile(
            rf"(?:{alternation(w.meeting_number)})\s*(?P<n>[0-9]{{1,3}})\s*/\s*(?P<year>[0-9]{{4}}|[0-9]{{2}})(?![0-9])"
        )
        count = (
            rf"(?P<total>(?:{alternation(w.count_total)})\s*)?(?:จำนวน\s*)?(?P<areas>[0-9]{{1,3}})\s*(?:{alternation(w.count_areas)})"
            rf"(?:\s*(?:{alternation(w.count_between)})\s*(?P<provinces>[0-9]{{1,3}})\s*(?:{alternation(w.count_provinces)}))?"
        )
        self.count = re.compile(count)
        self.markers = {
            "province": w.province_markers,
            "district": w.district_markers,
            "subdistrict": w.subdistrict_markers,
            "municipality": w.municipality_markers,
        }
        self.names_by_first: dict[tuple[str, str], dict[str, list[str]]] = {}
        for (level, language), table in gazetteer.names.items():
            by_first: dict[str, list[str]] = {}
            for name in sorted(table, key=len, reverse=True):
                by_first.setdefault(name[:1], []).append(name)
            self.names_by_first[(level, language)] = by_first
        self.entity_names = self.matchable_names()

    # --- names -----------------------------------------------------------------------------------------

    def matchable_names(self) -> list[tuple[str, str]]:
        """(name, id) of the entities of the kinds matched by name, longest first."""
        found = []
        for kind in self.w.match_kinds:
            for name, ids in self.index.names_of(kind).items():
                if len(name) >= self.w.match_min_length and name not in self.w.generic_committees:
                    found += [(name, ident) for ident in ids]
        return sorted(found, key=lambda pair: -len(pair[0]))

    def longest(self, text: str, start: int, level: str, language: str, ends: set[int] | None) -> str | None:
        """The longest name of `level` that `text` has at `start`, ending at a word boundary."""
        for name in self.names_by_first[(level, language)].get(text[start : start + 1], []):
            if text.startswith(name, start):
                end = start + len(name)
                if language == "en":
                    if end == len(text) or not text[end].isalnum():
                        return name
                elif ends is None or end in ends or end == len(text) or not re.match(r"[\u0e01-\u0e4e]", text[end]):
                    return name
        return None

    def places(self, text: str, start: int, end: int, language: str) -> list[Place]:
        """The places named in text[start:end], left to right, not overlapping."""
        segment = text[start:end]
        ends = {start + position for position in self.segmenter.ends(segment)} if language == "th" else None
        found: list[Place] = []
        position = start
        while position < end:
            place = self.place_at(text, position, end, language, ends)
            if place is None:
                position += 1
                continue
            found.append(place)
            position = place.end
        return found

    def place_at(self, text: str, position: int, end: int, language: str, ends: set[int] | None) -> Place | None:
        w = self.w
        if language == "en":
            if position > 0 and text[position - 1].isalnum():
                return None
            for level, words in (("subdistrict", w.en_subdistrict), ("province", ())):
                for word in words:  # Tambon X
                    if text.startswith(word + " ", position):
                        name = self.longest(text, position + len(word) + 1, level, "en", None)
                        if name:
                            stop = position + len(word) + 1 + len(name)
                            return Place(level, name, position, stop, list(self.gazetteer.names[(level, "en")][name]))
            for level, suffixes in (("subdistrict", w.en_subdistrict), ("district", w.en_district), ("province", w.en_province)):
                name = self.longest(text, position, level, "en", None)
                if name is None:
                    continue
                stop = position + len(name)
                suffix = next((s for s in suffixes if text.startswith(" " + s, stop)), None)
                if suffix is None and level != "province":
                    continue  # a district or subdistrict is named with its word (Ban Chang District)
                stop += len(" " + suffix) if suffix else 0
                return Place(level, name, position, stop, list(self.gazetteer.names[(level, "en")][name]))
            return None
        for form in w.bangkok:
            if text.startswith(form, position):
                return Place("province", form, position, position + len(form), [w.bangkok_id])
        for level, markers in self.markers.items():
            for marker in sorted(markers, key=len, reverse=True):
                if not text.startswith(marker, position):
                    continue
                at = position + len(marker)
                if marker.endswith(".") and text[at : at + 1] == " ":
                    at += 1  # จ. ระยอง
                if level == "municipality":
                    name = self.longest(text, at, "district", "th", ends) or self.longest(text, at, "subdistrict", "th", ends)
                    if name is None:
                        run = re.match(r"[\u0e01-\u0e4e]+", text[at:end])
                        name = run[0] if run else None
                    if name:
                        return Place(level, name, position, at + len(name), list(self.gazetteer.names[("district", "th")].get(name, [])))
                    continue
                name = self.longest(text, at, level, "th", ends)
                if name is None and level == "district" and text.startswith(w.capital_district, at):
                    name = w.capital_district  # อ.เมือง: the capital district of the province given with it
                    if ends is not None and at + len(name) not in ends and at + len(name) < end:
                        name = None
                if name is not None:
                    ids = self.gazetteer.names[(level, "th")].get(name, [])
                    return Place(level, name, position, at + len(name), list(ids))
                return None
        return None

    # --- lists -----------------------------------------------------------------------------------------

    def item_lines(self, text: str) -> list[tuple[str, int, int, int, int]]:
        """(layout, number or 0, line start, content start, line end) of the lines that are list items."""
        found = []
        position = 0
        bullets = alternation(self.w.bullets)
        for line in text.split("\n"):
            end = position + len(line)
            if match := re.match(r"\((?P<n>[0-9]{1,3})\)\s*|(?P<m>[0-9]{1,3})(?P<kind>[.)])\s+", line):
                layout = "(1)" if match["n"] else ("1)" if match["kind"] == ")" else "1.")
                number = int(match["n"] or match["m"])
                found.append((layout, number, position, position + match.end(), end))
            elif match := re.match(rf"(?:{bullets})\s*(?=\S)", line):
                found.append(("bullet", 0, position, position + match.end(), end))
            position = end + 1
        return found

    def lists(self, text: str, digits: str, language: str) -> list[AreaList]:
        """The lists of `text`, found by their markers in `digits` (the same text with Arabic digits)."""
        spans = paragraphs(text)
        current: list[tuple[str, int, int, int, int]] = []
        groups: list[list[tuple[str, int, int, int, int]]] = []
        for line in self.item_lines(digits):
            layout, number = line[0], line[1]
            previous = current[-1] if current else None
            follows = previous is not None and previous[0] == layout and not text[previous[4] : line[2]].strip()
            if follows and layout != "bullet" and previous is not None:
                follows = number == previous[1] + 1
            if follows:
                current.append(line)
                continue
            if current:
                groups.append(current)
            current = [line] if layout == "bullet" or number == 1 else []
        if current:
            groups.append(current)
        found: list[AreaList] = []
        covered = {line[2] for group in groups for line in group}
        for group in groups:
            if len(group) < 2:
                continue
            items = [
                self.item(text, position, start, content, end, language) for position, (_, _, start, content, end) in enumerate(group, 1)
            ]
            first, line_end = group[0][2], group[-1][4]
            intro = next((span for span in reversed(spans) if span[1] < first), (first, first))
            following = next((span for span in spans if span[0] > line_end), None)
            after_end = following[1] if following and following[0] not in covered else line_end
            found.append(AreaList(group[0][0], items, intro, (items[-1].end, after_end)))
        for span in spans:  # lists run together in one paragraph: ประกอบด้วย (1) ... (2) ...
            if span[0] not in covered:
                found += self.run_together(text, digits, span, language)
        return sorted(found, key=lambda area_list: area_list.items[0].start)

    def run_together(self, text: str, digits: str, span: tuple[int, int], language: str) -> list[AreaList]:
        patterns = ((r"(?:(?<=\s)|^)\((?P<n>[0-9]{1,3})\)\s*", "(1) run together"), (r"(?<=\s)(?P<n>[0-9]{1,3})\)\s+", "1) run together"))
        for pattern, layout in patterns:
            markers: list[tuple[int, int]] = []
            for match in re.finditer(pattern, digits[span[0] : span[1]]):
                if int(match["n"]) == len(markers) + 1:
                    markers.append((span[0] + match.start(), span[0] + match.end()))
            if len(markers) >= 2:
                items = []
                for position, (start, content) in enumerate(markers, start=1):
                    end = markers[position][0] if position < len(markers) else span[1]
                    items.append(self.item(text, position, start, content, end, language))
                return [AreaList(layout, items, (span[0], markers[0][0]), (items[-1].end, span[1]))]
        return []

    def item(self, text: str, position: int, start: int, content: int, end: int, language: str) -> Item:
        """The item text[start:end] (its marker ends at `content`): the area's name and the places that end it."""
        places = self.places(text, content, end, language)
        chain: list[Place] = []
        order = {"municipality": 0, "subdistrict": 1, "district": 2, "province": 3}
        for place in reversed(places):
            if chain:
                gap = text[place.end : chain[0].start]
                if gap.strip(SEPARATORS) or order[place.level] >= order[chain[0].level]:
                    break
            elif place is not places[-1]:
                break
            chain.insert(0, place)
        if chain and chain[0].start == content:
            chain = chain[1:]  # the whole item is a place: it is the area's name (จังหวัดพังงา...)
        if chain:
            stop = chain[-1].end
            name = text[content : chain[0].start].rstrip(SEPARATORS)
            if text[stop : stop + 1] == ")" and "(" in text[chain[0].start - 2 : chain[0].start]:
                stop += 1  # (จ.ระยอง)
        else:
            stop = len(text[:end].rstrip())
            name = text[content:stop]
            for connector in CONNECTORS:
                name = name.removesuffix(" " + connector).removesuffix(connector)
            name = name.rstrip(SEPARATORS)
            stop = content + len(name)
        inside = [place for place in places if place not in chain and place.start < content + len(name)]
        return Item(position, start, stop, squeeze(name), chain, inside)

    # --- what the wording says -------------------------------------------------------------------------

    def status(self, text: str, area_list: AreaList) -> None:
        lowered = text.lower()
        for wording in self.w.statuses:
            for span in (area_list.intro, area_list.after):
                for word in sorted(wording.words, key=len, reverse=True):
                    for match in re.finditer(re.escape(word.lower()), lowered[span[0] : span[1]]):
                        at = span[0] + match.start()
                        before = lowered[max(span[0], at - self.w.future_reach) : at]
                        if any(future in before for future in self.w.future_words):
                            continue
                        area_list.status_kind, area_list.status = wording.kind, wording.status
                        area_list.status_span, area_list.status_word = span, (at, at + len(word))
                        return

    def approval(self, text: str, area_list: AreaList) -> tuple[int, int] | None:
        """Where the introduction says the decision (เห็นชอบ..., certified ...): the start of the decision's name."""
        lowered = text.lower()
        found = []
        for wording in self.w.statuses:
            if wording.kind == "proposed":
                continue
            for word in wording.words:
                at = lowered.find(word.lower(), *area_list.intro)
                if at >= 0 and not any(f in lowered[max(area_list.intro[0], at - self.w.future_reach) : at] for f in self.w.future_words):
                    found.append((at, at + len(word)))
        return min(found) if found else None

    def counts(self, digits: str, area_list: AreaList) -> None:
        for span, is_intro in ((area_list.intro, True), (area_list.after, False)):
            for match in self.count.finditer(digits, span[0], span[1]):
                found = Count(
                    int(match["areas"]),
                    int(match["provinces"]) if match["provinces"] else None,
                    match.start(),
                    match.end(),
                    bool(match["total"]),
                )
                if found.total and area_list.total is None:
                    area_list.total = found
                elif not found.total and is_intro and area_list.count is None and found.provinces is not None:
                    area_list.count = found

    def dates(self, digits: str) -> list[Date]:
        found = []
        for pattern in self.date_patterns:
            for match in pattern.finditer(digits):
                year = int(match["year"])
                if year < 100:
                    year += self.w.two_digit_century
                if year >= self.w.buddhist_era_from:
                    year -= self.w.buddhist_era_offset
                try:
                    found.append(Date(dt.date(year, self.w.months[match["month"]], int(match["day"])), match.start(), match.end()))
                except ValueError:
                    continue  # 31 ก.พ.: not a date
        return sorted(found, key=lambda date: date.start)

    def mentions(self, text: str) -> list[Mention]:
        """The entities of the graph the text names, longest names first, one entity per stretch of text and kind."""
        found: list[Mention] = []
        lowered = text.lower()
        for name, ident in self.entity_names:
            latin = bool(re.fullmatch(r"[\x00-\x7f]+", name))
            pattern = rf"(?<![A-Za-z0-9]){re.escape(name.lower())}(?![A-Za-z0-9])" if latin else re.escape(name)
            for match in re.finditer(pattern, lowered if latin else text):
                kind = ident.partition("/")[0]
                inside = any(m.start <= match.start() and match.end() <= m.end and m.id.partition("/")[0] == kind for m in found)
                if not inside:
                    found.append(Mention(ident, match.start(), match.end()))
        return sorted(found, key=lambda mention: (mention.start, mention.end))

    def meeting(self, text: str, digits: str, mentions: list[Mention], dates: list[Date]) -> tuple[MeetingText | None, list[str]]:
        found = list(self.number.finditer(digits))
        numbers = []
        for match in found:
            year = int(match["year"]) + (self.w.two_digit_century if len(match["year"]) == 2 else 0)
            numbers.append(f"{int(match['n'])}/{year}")
        if not found:
            return None, []
        # The first meeting the text numbers, where it is told with a date if it is (a headline often names it first).
        spans = paragraphs(text)
        same = [m for m, number in zip(found, numbers, strict=True) if number == numbers[0]]
        dated = [m for m in same if any(containing(spans, m.start()) == containing(spans, d.start) for d in dates)]
        match = (dated or same)[0]
        paragraph = containing(spans, match.start())
        meeting = MeetingText(numbers[0], match.start(), match.end(), paragraph)
        committees = [m for m in mentions if m.id.startswith("committee/") and paragraph[0] <= m.start and m.end <= match.start()]
        if not committees:
            generic = self.generic_committee(text, paragraph[0], match.start())
            committees = [generic] if generic else []
        meeting.committee = committees[-1] if committees else None
        near = [d for d in dates if paragraph[0] <= d.start <= paragraph[1]]
        if near:
            meeting.date = min(near, key=lambda d: abs(d.start - match.start()))
        lowered = text.lower()
        for word in self.w.chair:
            at = lowered.find(word.lower(), paragraph[0], paragraph[1])
            if at < 0:
                continue
            people = [m for m in mentions if m.id.startswith("person/") and paragraph[0] <= m.start and m.end <= at]
            if people:
                meeting.chair, meeting.chair_span = people[-1], (at, at + len(word))
            break
        return meeting, numbers

    def generic_committee(self, text: str, start: int, end: int) -> Mention | None:
        for name in self.w.generic_committees:
            at = text.rfind(name, start, end)
            ids = self.index.names_of("committee").get(name, [])
            if at >= 0 and len(ids) == 1:
                return Mention(ids[0], at, at + len(name))
        return None

    def secretary(self, text: str, mentions: list[Mention]) -> Secretary | None:
        lowered = text.lower()
        spans = paragraphs(text)
        for word in self.w.secretary:
            at = lowered.find(word.lower())
            if at < 0:
                continue
            paragraph = containing(spans, at)
            people = [m for m in mentions if m.id.startswith("person/") and paragraph[0] <= m.start and m.end <= at]
            if not people:
                return None
            after = at + len(word)
            committee = next((m for m in mentions if m.id.startswith("committee/") and after <= m.start <= after + 2), None)
            if committee is None:
                committee = self.generic_committee(text, after, after + 40)
                if committee is not None and committee.start > after + 2:
                    committee = None
            end = committee.end if committee else after
            return Secretary(people[-1], committee, people[-1].start, end)
        return None

    def read(self, text: str, language: str) -> Reading:
        digits = arabic_digits(text)
        lists = self.lists(text, digits, language)
        # Lists with no place in most items are not lists of areas (the steps of a procedure, say).
        lists = [a for a in lists if sum(bool(item.places) for item in a.items) * 2 >= len(a.items)]
        for area_list in lists:
            self.status(text, area_list)
            area_list.approval = self.approval(text, area_list)
            self.counts(digits, area_list)
        mentions = self.mentions(text)
        dates = self.dates(digits)
        meeting, numbers = self.meeting(text, digits, mentions, dates)
        return Reading(text, lists, meeting, numbers, self.secretary(text, mentions), mentions, dates)
