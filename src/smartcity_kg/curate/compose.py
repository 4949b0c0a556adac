"""A reading of an announcement turned into draft seeds: entities in the project's YAML format, each fact with
its verbatim quote, the questions a person must answer on the entities they concern, and the review report.

Existing entities are referenced by their ids, never defined again; what the text does not give is left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from smartcity_kg.curate.extract import AreaList, Item, Place, Reading
from smartcity_kg.curate.index import Index, squeeze
from smartcity_kg.curate.places import Gazetteer
from smartcity_kg.curate.wording import Wording
from smartcity_kg.pipeline.conform import QUESTION_KEY

THAI = re.compile(r"[\u0e01-\u0e4e]")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class Area:
    """One drafted area: what the tests and the benchmark compare with their expectations."""

    position: int
    name: str
    id: str
    existing: bool
    province: str | None
    district: str | None
    subdistrict: str | None
    status: str | None
    quote: str


@dataclass
class Facts:
    """The facts of a draft, in plain values."""

    areas: list[Area] = field(default_factory=list)
    meeting: dict[str, Any] = field(default_factory=dict)
    """number, id, existing, committee, date, chair."""
    secretary: dict[str, str] = field(default_factory=dict)
    """person, committee."""
    decisions: list[dict[str, Any]] = field(default_factory=list)
    """id, approves, stated counts."""
    references: set[str] = field(default_factory=set)
    """Every id of the graph the draft refers to or names."""
    dates: list[str] = field(default_factory=list)
    """Every date the text gives, Gregorian."""


@dataclass
class Question:
    entity: str
    text: str


@dataclass
class Composition:
    """The draft: entities per file, questions, notes for the review."""

    files: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    facts: Facts = field(default_factory=Facts)
    questions: list[Question] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Composer:
    def __init__(
        self,
        reading: Reading,
        index: Index,
        gazetteer: Gazetteer,
        wording: Wording,
        key: str,
        language: str,
        words: Callable[[str], list[str]],
    ) -> None:
        self.r, self.index, self.g, self.w = reading, index, gazetteer, wording
        self.key, self.language, self.words = key, language, words
        self.city_district: dict[str, str | None] = {}
        self.source = f"source/{key}"
        self.out = Composition()
        self.ids: set[str] = set(index.entities)

    def quote(self, start: int, end: int) -> str:
        return self.r.text[start:end].strip()

    def clause(self, span: tuple[int, int], position: int) -> str:
        """The quote of the line of `span` that holds `position`: where a status or a count is said."""
        line = _paragraph_of(self.r.text, position)
        return self.quote(max(span[0], line[0]), min(span[1], line[1]))

    def new_id(self, kind: str, key: str) -> str:
        key = slug(key) or self.key
        candidate, number = f"{kind}/{key}", 2
        while candidate in self.ids:
            candidate, number = f"{kind}/{key}-{number}", number + 1
        self.ids.add(candidate)
        return candidate

    def ask(self, entity: dict[str, Any], text: str) -> None:
        entity.setdefault(QUESTION_KEY, []).append(text)
        self.out.questions.append(Question(entity["id"], text))

    def entry(self, ident: str, define: str | None, **statements: Any) -> dict[str, Any]:
        entry: dict[str, Any] = {"id": ident}
        if define:
            entry["type"] = define
        entry.update({key: value for key, value in statements.items() if value not in (None, [], "")})
        return entry

    def cite(self, entry: dict[str, Any], *quotes: str) -> dict[str, Any]:
        entry["source"] = [self.source]
        kept = [q for q in dict.fromkeys(quotes) if q]
        kept = [q for q in kept if not any(q != other and q in other for other in kept)]  # a quote inside another says nothing more
        if kept:
            entry["quote"] = kept
        return entry

    # --- places ----------------------------------------------------------------------------------------

    def resolve(self, item: Item) -> tuple[str | None, str | None, str | None, list[str], list[str]]:
        """(province, district, subdistrict, notes, questions) of an item, from the places that end it."""
        notes: list[str] = []
        questions: list[str] = []
        by_level: dict[str, Place] = {place.level: place for place in item.places}
        province = None
        if "province" in by_level:
            ids = by_level["province"].ids
            province = ids[0] if len(ids) == 1 else None
        district = subdistrict = None
        if "district" in by_level:
            place = by_level["district"]
            ids = place.ids
            if place.name == self.w.capital_district and province:
                ids = self.g.names[("district", "th")].get(self.w.capital_district + self.g.name(province), [])
            candidates = self.g.within(ids, province)
            if len(candidates) == 1:
                district = candidates[0]
            elif candidates:
                listed = ", ".join(f"{c} ({self.g.name(c)}, {self.g.name(self.g.province_of(c))})" for c in candidates)
                questions.append(f"Which district is '{place.name}'? The gazetteer has {len(candidates)}: {listed}. Add `district:`.")
            else:
                notes.append(f"the district '{place.name}' is not in the gazetteer of {self.g.name(province) if province else 'Thailand'}")
        if "subdistrict" in by_level:
            place = by_level["subdistrict"]
            candidates = self.g.within(place.ids, district or province)
            if len(candidates) == 1:
                subdistrict = candidates[0]
            elif candidates:
                listed = ", ".join(
                    f"{c} ({self.g.name(c)}, {self.g.name(self.g.parent.get(c, ''))}, {self.g.name(self.g.province_of(c))})"
                    for c in candidates
                )
                questions.append(
                    f"Which subdistrict is '{place.name}'? The gazetteer has {len(candidates)} of that name"
                    f"{' in ' + self.g.name(province) if province else ''}: {listed}. Add the `district:` it lies in."
                )
            else:
                notes.append(f"the subdistrict '{place.name}' is not in the gazetteer there")
        if subdistrict:
            parent = self.g.parent.get(subdistrict)
            if district and parent != district:
                questions.append(
                    f"The subdistrict {subdistrict} lies in {parent}, not in the district {district} the text gives: which is right?"
                )
            district = district or parent
        if district and province is None:
            province = self.g.province_of(district)
            notes.append(f"province {province} from the district {district} (the text names no province)")
        elif district and self.g.province_of(district) != province:
            district = None
        return province, district, subdistrict, notes, questions

    def suggest_province(self, name: str) -> list[str]:
        """Provinces whose names are words of the area's name (ขอนแก่นเมืองอัจฉริยะ): suggestions, never facts."""
        table = self.g.names[("province", self.language)]
        if self.language == "en":
            return sorted({ident for word, ids in table.items() if re.search(rf"\b{re.escape(word)}\b", name) for ident in ids})
        words = set(self.words(name))
        return sorted({ident for word, ids in table.items() if word in words and len(word) > 2 for ident in ids})

    # --- the parts of the draft ------------------------------------------------------------------------

    def areas(self) -> list[list[str]]:
        """Draft the areas of every list; the area ids per list."""
        per_list = []
        area_names = self.index.names_of("area")
        city_names = self.index.names_of("city")
        for number, area_list in enumerate(self.r.lists, start=1):
            ids = []
            status_quote = (
                self.clause(area_list.status_span, area_list.status_word[0]) if area_list.status_span and area_list.status_word else ""
            )
            if not area_list.status_kind:
                self.out.notes.append(f"list {number}: no wording of a status (approved, certified, logo, proposed) before or after it")
            for item in area_list.items:
                ids.append(self.area(item, area_list, status_quote, area_names, city_names))
            per_list.append(ids)
        return per_list

    def area(
        self, item: Item, area_list: AreaList, status_quote: str, area_names: dict[str, list[str]], city_names: dict[str, list[str]]
    ) -> str:
        province, district, subdistrict, notes, questions = self.resolve(item)
        quote = self.quote(item.start, item.end)
        existing = [i for i in area_names.get(item.name, []) if province is None or self.index.entities[i].first("province") == province]
        city = self.municipality(item, province, city_names, quote)
        if city and district is None:
            district = self.index.entities[city].first("district") if city in self.index.entities else self.city_district.get(city)
        status = area_list.status or None
        name_key = "name_th" if THAI.search(item.name) else "name_en"
        if existing:
            ident = existing[0]
            entity = self.index.entities[ident]
            province = province or entity.first("province")
            entry = self.entry(ident, None)
            had = entity.first("status")
            if status and had and had != status:
                self.ask(
                    entry,
                    f"The graph has {had} for {ident} ({entity.defined_in}); this text says {status}: "
                    "change it there, then delete this question.",
                )
            elif status and not had:
                entry["status"] = status
            if district and not entity.first("district"):
                entry["district"] = district
            self.cite(entry, quote, status_quote if status else "")
            self.out.files.setdefault("areas.yaml", []).append(entry)
        else:
            key = self.g.name(district, "en") if district else (self.g.name(province, "en") if province else "")
            if self.language == "en" or not key:
                key = item.name if self.language == "en" else f"{self.key}-{item.position}"
            ident = self.new_id("area", key)
            entry = self.entry(
                ident, "SmartCityArea", list_position=item.position, province=province, district=district, city=city, status=status
            )
            entry = {
                "id": ident,
                "type": "SmartCityArea",
                name_key: item.name,
                **{k: v for k, v in entry.items() if k not in ("id", "type")},
            }
            if province is None:
                suggested = self.suggest_province(item.name)
                hint = f" Its name mentions {', '.join(f'{s} ({self.g.name(s)})' for s in suggested)}." if suggested else ""
                self.ask(entry, f"Which province is this area in? The text gives none.{hint} Add `province: province/TH-..`.")
            if not status:
                kind = area_list.status_kind or "no status wording"
                self.ask(
                    entry,
                    f"The text says '{kind}' for this list, which is not a status: is the area certified (status/certified) or "
                    "proposed (status/proposed)? Add `status:`.",
                )
            if status == "status/certified":
                # Without a batch (with its year) a certified area counts in the totals every earlier decision states.
                self.ask(entry, self.batch_question())
            for text in questions:
                self.ask(entry, text)
            if subdistrict:
                notes.append(f"the text places it in the subdistrict {subdistrict} ({self.g.name(subdistrict)})")
            if notes:
                entry["note"] = [f"Drafted: {note}." for note in notes]
            self.cite(entry, quote, status_quote if status else "")
            self.out.files.setdefault("areas.yaml", []).append(entry)
        self.out.facts.areas.append(Area(item.position, item.name, ident, bool(existing), province, district, subdistrict, status, quote))
        return ident

    def batch_question(self) -> str:
        date = self.r.meeting.date.date if self.r.meeting and self.r.meeting.date else None
        same = [b.id for b in self.index.of_kind("batch") if date and b.first("year") == str(date.year)]
        hint = f" The graph's batch of {date.year} is {same[0]}." if date and len(same) == 1 else ""
        return (
            "Which certification batch is this area in? The text does not say, and without one it counts in the national "
            f"totals that earlier decisions state (queries/stated-totals-violation.rq).{hint} Add `batch: batch/..`."
        )

    def municipality(self, item: Item, province: str | None, city_names: dict[str, list[str]], quote: str) -> str | None:
        """The municipality an area's name names (เทศบาลนครเกาะสมุย): the graph's, or a new one."""
        place = next((p for p in item.inside if p.level == "municipality"), None)
        if place is None:
            return None
        written = squeeze(self.r.text[place.start : place.end])
        existing = city_names.get(written, [])
        if existing:
            return existing[0]
        ident = self.new_id("city", f"{self.g.name(place.ids[0], 'en') if place.ids else place.name}-municipality")
        districts = self.g.within(place.ids, province)
        district = districts[0] if len(districts) == 1 else None
        self.city_district[ident] = district
        entry = self.entry(ident, "Municipality", name_th=written, province=province, district=district)
        if district:
            entry["note"] = [f"Drafted: {district} is the only district named {place.name} in {province}."]
        self.out.files.setdefault("areas.yaml", []).append(self.cite(entry, quote))
        return ident

    def meeting(self) -> str | None:
        found = self.r.meeting
        if found is None:
            return None
        committee = found.committee.id if found.committee else None
        existing = [
            entity.id
            for entity in self.index.of_kind("meeting")
            if entity.first("number") == found.number and (committee is None or entity.first("meeting_of") == committee)
        ]
        end = max(found.end, found.date.end if found.date and found.date.start >= found.end else 0)
        quote = self.quote(found.paragraph[0], end)
        date = found.date.date.isoformat() if found.date else None
        chair = found.chair.id if found.chair else None
        facts = self.out.facts.meeting
        facts.update(number=found.number, committee=committee, date=date, chair=chair)
        if len(set(self.r.meetings)) > 1:
            self.out.notes.append(
                f"the text numbers more than one meeting ({', '.join(dict.fromkeys(self.r.meetings))}); the first is drafted"
            )
        if existing:
            ident = existing[0]
            entity = self.index.entities[ident]
            entry = self.entry(ident, None)
            if date and not entity.first("date"):
                entry["date"] = date
            elif date and entity.first("date") != date:
                self.ask(entry, f"The graph dates {ident} {entity.first('date')}; this text says {date}: which is right?")
            if chair and not entity.first("chaired_by"):
                entry["chaired_by"] = chair
            facts.update(id=ident, existing=True)
            if len(entry) > 1:
                self.out.files.setdefault("meeting.yaml", []).append(self.cite(entry, quote))
            return ident
        year = int(found.number.partition("/")[2])
        committee_key = committee.partition("/")[2] if committee else f"{self.key}"
        ident = self.new_id("meeting", f"{committee_key}-{found.number.replace('/', '-')}")
        words = self.w.meeting_word_th if self.language == "th" else self.w.meeting_word_en
        name = None
        if found.committee:
            committee_name = self.quote(found.committee.start, found.committee.end)
            name = f"{words}{committee_name} {self.quote(found.start, found.end)}" if self.language == "th" else None
        entry = self.entry(ident, "Meeting", number=found.number, meeting_of=committee, chaired_by=chair, date=date)
        entry = {
            "id": ident,
            "type": "Meeting",
            **({"name_th": name} if name else {}),
            **{k: v for k, v in entry.items() if k not in ("id", "type")},
        }
        if name is None:
            entry["note"] = [f"Drafted: meeting {found.number} as the text numbers it."]
        if committee is None:
            self.ask(
                entry, f"Which committee held meeting {found.number}? The text names none of the graph's committees: add `meeting_of:`."
            )
        if date and int(date[:4]) + self.w.buddhist_era_offset != year:
            self.ask(
                entry, f"Meeting {found.number} is of BE {year}, but the text dates it {date} (BE {int(date[:4]) + 543}): which is right?"
            )
            entry.pop("date")
        chair_quote = self.quote(found.chair.start, found.chair_span[1]) if found.chair and found.chair_span else ""
        facts.update(id=ident, existing=False)
        self.out.files.setdefault("meeting.yaml", []).append(self.cite(entry, quote, chair_quote))
        return ident

    def decisions(self, meeting: str | None, per_list: list[list[str]]) -> None:
        for number, (area_list, ids) in enumerate(zip(self.r.lists, per_list, strict=True), start=1):
            count, total = area_list.count, area_list.total
            if area_list.status_kind not in ("approved", "certified", "logo") or meeting is None:
                if total:
                    self.out.notes.append(
                        f"list {number}: the text states a total of {total.areas} areas in {total.provinces} provinces, but no "
                        "decision of a meeting carries it (no meeting, or no approval)"
                    )
                continue
            committee = self.out.facts.meeting.get("committee") or (
                self.index.entities[meeting].first("meeting_of") if meeting in self.index.entities else None
            )
            existing = [e.id for e in self.index.of_kind("decision") if e.first("made_at") == meeting]
            facts: dict[str, Any] = {"approves": ids}
            if count:
                facts.update(stated_area_count=count.areas, stated_province_count=count.provinces)
            if total:
                facts.update(stated_total_area_count=total.areas, stated_total_province_count=total.provinces)
            if existing:
                facts["id"] = existing[0]
                self.out.facts.decisions.append(facts)
                have = set(self.index.entities[existing[0]].data.get("approves", []))
                if set(ids) - have:
                    self.out.notes.append(
                        f"{existing[0]} approves {len(have)} areas; this text lists {len(set(ids) - have)} more: check it"
                    )
                continue
            ident = self.new_id("decision", f"{meeting.partition('/')[2]}-plans")
            facts["id"] = ident
            self.out.facts.decisions.append(facts)
            intro = self.quote(*area_list.intro)
            word = area_list.approval
            name = None
            if word:
                end = count.end if count and count.start > word[0] else area_list.intro[1]
                name = self.quote(word[0], end)
                for lead in self.w.lead_words:
                    name = name.removesuffix(lead).strip()
            certification = next((m.id for m in self.r.mentions if m.id.startswith("certification/")), None)
            entry = self.entry(
                ident,
                "Decision",
                made_at=meeting,
                decided_by=committee,
                certification=certification,
                approves=ids,
                **{k: v for k, v in facts.items() if k.startswith("stated_")},
            )
            name_key = "name_th" if self.language == "th" else "name_en"
            entry = {
                "id": ident,
                "type": "Decision",
                **({name_key: name} if name else {}),
                **{k: v for k, v in entry.items() if k not in ("id", "type")},
            }
            if committee is None:
                self.ask(entry, "Which committee made this decision? Add `decided_by:` (the meeting's committee).")
            if name is None:
                entry["note"] = ["Drafted: the decision of the meeting on the areas of the list."]
            if count and count.areas != len(ids):
                self.ask(entry, f"The text states {count.areas} areas, but its list has {len(ids)}: which items are missing or extra?")
            provinces = {a.province for a in self.out.facts.areas if a.id in ids}
            if count and count.provinces is not None and None not in provinces and count.provinces != len(provinces):
                self.ask(entry, f"The text states {count.provinces} provinces, but the list's areas lie in {len(provinces)}: check them.")
            after = ""
            if total:
                inside = area_list.after[0] <= total.start <= area_list.after[1]
                after = self.clause(area_list.after if inside else _paragraph_of(self.r.text, total.start), total.start)
            self.out.files.setdefault("meeting.yaml", []).append(self.cite(entry, intro, after))

    def secretary(self, meeting: str | None) -> None:
        found = self.r.secretary
        if found is None:
            return
        committee = found.committee.id if found.committee else self.out.facts.meeting.get("committee")
        person = found.person.id
        self.out.facts.secretary = {"person": person, "committee": committee or ""}
        if committee is None:
            self.out.notes.append(f"{person} is named secretary, of no committee the graph has")
            return
        existing = [
            e.id
            for e in self.index.of_kind("membership")
            if e.first("member") == person and e.first("organization") == committee and e.first("role") == "role/secretary"
        ]
        if existing:
            self.out.facts.secretary["id"] = existing[0]
            return
        ident = self.new_id("membership", f"{person.partition('/')[2]}-secretary-{committee.partition('/')[2]}")
        self.out.facts.secretary["id"] = ident
        entry = self.entry(ident, "CommitteeMembership", member=person, organization=committee, role="role/secretary", attested_at=meeting)
        self.out.files.setdefault("meeting.yaml", []).append(self.cite(entry, self.quote(found.start, found.end)))

    def compose(self) -> Composition:
        per_list = self.areas()
        meeting = self.meeting()
        self.decisions(meeting, per_list)
        self.secretary(meeting)
        facts = self.out.facts
        facts.dates = [date.date.isoformat() for date in self.r.dates]
        mentioned = {m.id for m in self.r.mentions}
        used = {a.id for a in facts.areas if a.existing} | {a.province for a in facts.areas if a.province}
        used |= {v for k, v in facts.meeting.items() if k in ("committee", "chair") and v}
        used |= {facts.meeting["id"]} if facts.meeting.get("existing") else set()
        used |= {facts.secretary.get("person", "")} - {""}
        facts.references = {ident for ident in mentioned | used if ident in self.index.entities}
        return self.out


def _paragraph_of(text: str, position: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end < 0 else end
