"""Synthetic scale generator: a repository whose seeds build to about N triples, shaped like the real data.

    .venv/bin/python benchmarks/scale.py OUTDIR --triples 1000000 [--seed 1]

OUTDIR receives ontology/ and queries/ (what `smartcity-kg validate` reads besides the seeds), a copy of
seeds/, and invented curated YAML under seeds/synthetic/: one folder per province, one file per group of
kinds (areas, organisations, people, meetings, translations), like seeds/article/ and
seeds/reference/smart-city-events.yaml. The invented facts are stories of provincial smart city committees:
a meeting of a province's committee approves the plans of one to three areas (some in a municipality),
certifies some of them in a new batch and hands over the logo; the governor or a deputy chairs it, the
provincial digital economy officer is secretary, and each person holds a post; some provinces run a
training or digital programme with a stated figure. Names are Thai syllables with a romanisation.

Every synthetic fact cites one of seven synthetic source documents (one per region and a national
register, seeds/synthetic/sources.yaml, with a text copy under seeds/sources/synthetic-*/ that every quote
is taken from), so the graph has real named graphs and the quote check has texts to read.

The gazetteer layer (seeds/gazetteer/, about 100,000 triples) is kept when the target exceeds the real
data with it; below that it is left out, together with seeds/curation/districts.yaml, the only other file
that names districts, and the synthetic places name no district (a build that loads no gazetteer refuses
a reference to a district as dangling). The triple count is predicted exactly: a statement is a distinct
(entity, key, value), as the validator counts the merged graph; units of about 150 triples are added
until the next would overshoot the target by more than it falls short.

Deterministic: the same target and seed write the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
COPIED = ("ontology", "queries")
GAZETTEER = "gazetteer"
# The only curated file outside seeds/gazetteer/ that names districts; it goes when the gazetteer goes.
DISTRICT_LINKS = "curation/districts.yaml"
# The gazetteer's decision file (the curators' choices between its two sources): curated, but no RDF document.
DECISIONS = "gazetteer/corrections.yaml"
SYNTHETIC = "synthetic"
MAX_ENTITIES_PER_FILE = 2000
HEADER = (
    "# Synthetic benchmark data written by benchmarks/scale.py (seed {seed}): invented facts shaped like\n"
    "# seeds/article/ and seeds/reference/. Not a source of anything; generate again rather than edit.\n"
)

Entity = dict[str, Any]

# Real entities the synthetic ones refer to, as the article's facts do.
LOGO = "certification/smart-city-thailand-logo"
NATIONAL_COMMITTEE = "committee/smart-city-development"
MDES = "agency/mdes"
CAPACITY_BUILDING = "programme/capacity-building"
SMART_LIVING = "programme/depa-smart-living-solution"
CURATION = "source/project-curation"
NATIONAL = "source/synthetic-national-register"
INTERIOR = "agency/ministry-of-interior"
# Synthetic batches follow the real ones (1: 2021 to 4: 2025) and come after the last year a source states a national
# total for (2025), so that the totals stated for 2022, 2023 and 2025 still hold.
BATCH_YEARS = {5: 2026, 6: 2027, 7: 2028, 8: 2029}
BUDDHIST_ERA = 543

# Thai syllables and a romanisation (RTGS-like); names are two or three of them.
SYLLABLES = (
    ("สม", "som"), ("ชาย", "chai"), ("ศรี", "si"), ("วง", "wong"), ("ทอง", "thong"), ("ประ", "pra"),
    ("กิจ", "kit"), ("พัฒ", "phat"), ("นา", "na"), ("สุข", "suk"), ("ใจ", "jai"), ("รัตน์", "rat"),
    ("มณี", "mani"), ("บุญ", "bun"), ("เรือง", "rueang"), ("แสง", "saeng"), ("จันทร์", "chan"), ("ดาว", "dao"),
    ("ฟ้า", "fa"), ("น้ำ", "nam"), ("ภู", "phu"), ("เขา", "khao"), ("ดง", "dong"), ("หนอง", "nong"),
    ("บ้าน", "ban"), ("นคร", "nakhon"), ("วัด", "wat"), ("ท่า", "tha"), ("บาง", "bang"), ("โพธิ์", "pho"),
    ("ไทร", "sai"), ("ทุ่ง", "thung"), ("ห้วย", "huai"), ("คลอง", "khlong"), ("สวน", "suan"), ("ป่า", "pa"),
    ("แก้ว", "kaeo"), ("เงิน", "ngoen"), ("ทิพย์", "thip"), ("ชัย", "chai"), ("วิ", "wi"), ("ไพ", "phai"),
    ("สาร", "san"), ("อรุณ", "arun"), ("กุล", "kun"), ("เจริญ", "charoen"), ("พร", "phon"), ("ศักดิ์", "sak"),
    ("วัฒน์", "wat"), ("ธนา", "thana"), ("กร", "kon"), ("ปิติ", "piti"), ("อนันต์", "anan"), ("สิริ", "siri"),
    ("ลักษณ์", "lak"), ("นันท์", "nan"), ("อุดม", "udom"), ("พงษ์", "phong"), ("เดช", "det"), ("ณัฐ", "nat"),
    ("ธีร", "thira"), ("ภัทร", "phat"), ("กมล", "kamon"), ("จิต", "chit"), ("ประเสริฐ", "prasoet"), ("รุ่ง", "rung"),
    ("โรจน์", "rot"), ("ลำ", "lam"), ("ใหม่", "mai"), ("ใหญ่", "yai"), ("น้อย", "noi"), ("หลวง", "luang"),
    ("งาม", "ngam"), ("ดี", "di"),
)  # fmt: skip
HONORIFICS = (("นาย", "Mr."), ("นาง", "Mrs."), ("นางสาว", "Ms."), ("ดร.", "Dr."), ("ผศ.ดร.", "Asst. Prof. Dr."))
# An area's name around its place name: Thai, English, and the last part of its key.
AREA_NAMES = (
    ("{}เมืองอัจฉริยะ", "{} Smart City", "smart-city"),
    ("{}เมืองน่าอยู่", "{} Livable City", "livable-city"),
    ("เมืองอัจฉริยะย่าน{}", "{} Smart District", "smart-district"),
    ("{}เมืองอัจฉริยะสีเขียว", "{} Green Smart City", "green-smart-city"),
    ("ชุมชนอัจฉริยะ{}", "{} Smart Community", "smart-community"),
    ("{}โมเดล เมืองแห่งความสุข", "{} Model, City of Happiness", "model"),
)
# Municipalities by level, and plain cities: Thai, English, key suffix, class.
CITY_NAMES = (
    ("เทศบาลนคร{}", "{} City Municipality", "city-municipality", "Municipality"),
    ("เทศบาลเมือง{}", "{} Town Municipality", "town-municipality", "Municipality"),
    ("เทศบาลตำบล{}", "{} Subdistrict Municipality", "subdistrict-municipality", "Municipality"),
    ("{}", "{}", "city", "City"),
)
# The sentences of a region's synthetic report about each of its provinces ({} is the province's Thai
# name); every quote of a synthetic entity is one of them, verbatim.
SENTENCES = {
    "area": "คณะกรรมการฯ เห็นชอบแผนพัฒนาเมืองอัจฉริยะของพื้นที่ในจังหวัด{}",
    "certified": "ส่งผลให้จังหวัด{}มีพื้นที่ที่ได้รับการรับรองเป็นเมืองอัจฉริยะเพิ่มขึ้น",
    "city": "เทศบาลในจังหวัด{} ร่วมขับเคลื่อนการพัฒนาเมืองอัจฉริยะ",
    "organisation": "หน่วยงานของจังหวัด{} ที่ร่วมขับเคลื่อนการพัฒนาเมืองอัจฉริยะ",
    "person": "ผู้บริหารของจังหวัด{} ร่วมประชุมโดยพร้อมเพรียง",
    "chair": "ผู้ว่าราชการจังหวัด{} เป็นประธานการประชุม",
    "secretary": "ผู้อำนวยการสำนักงานดิจิทัลเพื่อเศรษฐกิจและสังคมจังหวัด{} ในฐานะเลขานุการ",
    "meeting": "การประชุมคณะกรรมการขับเคลื่อนการพัฒนาเมืองอัจฉริยะจังหวัด{}",
    "decision": "ที่ประชุมมีมติเห็นชอบแผนพัฒนาเมืองอัจฉริยะของจังหวัด{}",
    "step": "จากนั้นจะนำเสนอต่อคณะกรรมการขับเคลื่อนการพัฒนาเมืองอัจฉริยะเพื่อพิจารณาต่อไป",
    "award": "พิธีมอบตราสัญลักษณ์เมืองอัจฉริยะประเทศไทยแก่พื้นที่ในจังหวัด{}",
    "programme": "จังหวัด{} จัดอบรมเพื่อเพิ่มขีดความสามารถแก่บุคลากร",
    "figure": "ซึ่งประเมินว่าจะกระตุ้นให้เกิดมูลค่าเพิ่มทางเศรษฐกิจในจังหวัด{}",
}
NATIONAL_SENTENCES = {
    "ministry": "กระทรวงมหาดไทย กำกับดูแลสำนักงานจังหวัดทั่วประเทศ",
    "batch": "รอบการรับรองเมืองอัจฉริยะประจำปี",
}
REGIONS_TH = {
    "central": "ภาคกลาง",
    "east": "ภาคตะวันออก",
    "north": "ภาคเหนือ",
    "northeast": "ภาคตะวันออกเฉียงเหนือ",
    "south": "ภาคใต้",
    "west": "ภาคตะวันตก",
}
GROUPS = ("organisations", "areas", "people", "meetings", "translations")


@dataclass(frozen=True)
class Province:
    """A real province, from seeds/reference/provinces.yaml."""

    id: str
    name_th: str
    name_en: str
    region: str
    """The local part of its region id (north)."""
    districts: tuple[str, ...]
    """Ids of its districts (district/5202), from seeds/gazetteer/districts.yaml."""

    @property
    def slug(self) -> str:
        return slug(self.name_en)

    @property
    def source(self) -> str:
        return f"source/synthetic-report-{self.region}"


@dataclass
class Local:
    """What a province has so far: its organisations, posts, office holders and meeting numbers."""

    office: str
    digital_office: str
    committee: str
    posts: dict[str, str]
    """governor, deputy-governor, digital-officer -> post id."""
    chairs: list[str] = field(default_factory=list)
    secretaries: list[str] = field(default_factory=list)
    meetings: Counter[int] = field(default_factory=Counter)
    """Buddhist-era year -> meetings of its committee that year."""
    programmes: int = 0


@dataclass
class Draft:
    """The entities of one unit, by file group, before it is known whether they fit the target."""

    entities: list[tuple[str, str, Entity]] = field(default_factory=list)
    """(province slug, group, entity)."""
    triples: int = 0

    def add(self, slug: str, group: str, entity: Entity) -> str:
        self.entities.append((slug, group, entity))
        self.triples += statements(entity)
        return str(entity["id"])


@dataclass(frozen=True)
class Sitting:
    """The committee meeting a unit is about, and where its entities go."""

    province: Province
    local: Local
    draft: Draft
    key: str
    """Common part of the keys of the meeting, its decision, award and steps: <committee>-<n>-<Buddhist-era year>."""
    batch: int
    """The certification batch of the areas it certifies."""
    held: dt.date

    @property
    def number(self) -> str:
        """n/BBBB, as meetings are numbered: the n-th meeting of Buddhist-era year BBBB."""
        n, be = self.key.rsplit("-", 2)[1:]
        return f"{n}/{be}"

    @property
    def meeting(self) -> str:
        return f"meeting/{self.key}"


def statements(entity: Entity) -> int:
    """The triples an entry makes: one per value of every key but `id`."""
    return sum(len(value) if isinstance(value, list) else 1 for key, value in entity.items() if key != "id")


def read_yaml(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return data


def provinces(seeds: Path) -> list[Province]:
    """The 77 provinces and their districts, in the order of seeds/reference/provinces.yaml."""
    districts: dict[str, list[str]] = {}
    for entity in read_yaml(seeds / GAZETTEER / "districts.yaml")["entities"]:
        if entity.get("type") == "District":
            districts.setdefault(entity["within"], []).append(entity["id"])
    return [
        Province(e["id"], e["name_th"], e["name_en"], e["region"].removeprefix("region/"), tuple(districts.get(e["id"], ())))
        for e in read_yaml(seeds / "reference" / "provinces.yaml")["entities"]
        if e.get("type") == "Province"
    ]


def dimensions(seeds: Path) -> list[str]:
    return [e["id"] for e in read_yaml(seeds / "reference" / "dimensions.yaml")["entities"] if e["id"].startswith("dimension/")]


def curated_files(seeds: Path, gazetteer: bool) -> Iterator[Path]:
    """The curated YAML files of a seeds/ folder as the loader reads them, without the gazetteer if asked."""
    for path in sorted(seeds.rglob("*.yaml")):
        top = path.relative_to(seeds).parts[0]
        if top == "sources" or (not gazetteer and (top == GAZETTEER or path.relative_to(seeds).as_posix() == DISTRICT_LINKS)):
            continue
        if path.relative_to(seeds).as_posix() == DECISIONS:
            continue
        yield path


def real_triples(seeds: Path, gazetteer: bool) -> int:
    """The triples of the real seeds: distinct (entity, key, value), as in the merged graph."""
    seen: set[tuple[str, str, str]] = set()
    for path in curated_files(seeds, gazetteer):
        for entity in read_yaml(path)["entities"]:
            for key, value in entity.items():
                if key != "id":
                    seen.update((entity["id"], key, str(item)) for item in (value if isinstance(value, list) else [value]))
    return len(seen)


class Names:
    """Invented names, and keys that are unique per kind (a second `area/bang-kaeo-smart-city` becomes `-2`)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def key(self, kind: str, key: str) -> str:
        ident, number = f"{kind}/{key}", 1
        while ident in self.used:
            number += 1
            ident = f"{kind}/{key}-{number}"
        self.used.add(ident)
        return ident

    def word(self, syllables: int) -> tuple[str, str]:
        """A Thai word and its romanisation, lower case."""
        chosen = [self.rng.choice(SYLLABLES) for _ in range(syllables)]
        return unicodedata.normalize("NFC", "".join(t for t, _ in chosen)), "".join(r for _, r in chosen)

    def place(self) -> tuple[str, str]:
        """A place name: Thai and English (Bang Kaeo)."""
        chosen = [self.rng.choice(SYLLABLES) for _ in range(self.rng.choice((2, 2, 3)))]
        return unicodedata.normalize("NFC", "".join(t for t, _ in chosen)), " ".join(r.capitalize() for _, r in chosen)

    def person(self) -> tuple[str, str]:
        """A person's name without honorific: Thai (given name, space, surname) and English."""
        given, given_en = self.word(2)
        surname, surname_en = self.word(self.rng.choice((2, 3, 3)))
        return f"{given} {surname}", f"{given_en.capitalize()} {surname_en.capitalize()}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Generator:
    """Invents the synthetic entities, one unit (a committee meeting and what it decides) at a time."""

    def __init__(self, seeds: Path, gazetteer: bool, seed: int) -> None:
        self.rng = random.Random(seed)
        self.names = Names(self.rng)
        self.gazetteer = gazetteer
        self.provinces = provinces(seeds)
        # Larger provinces (more districts) hold more of the data; Bangkok the most.
        self.weights = [len(p.districts) for p in self.provinces]
        self.dimensions = dimensions(seeds)
        self.local: dict[str, Local] = {}

    def quote(self, kind: str, province: Province) -> str:
        return SENTENCES[kind].format(province.name_th)

    def national(self) -> list[Entity]:
        """The synthetic ministry the provincial offices belong to, and the batches after the real two."""
        cite = {"source": [NATIONAL]}
        found: list[Entity] = [
            {
                "id": INTERIOR,
                "type": "Ministry",
                "name_th": "กระทรวงมหาดไทย",
                "name_en": "Ministry of Interior",
                "alt_name_en": ["MOI"],
                **cite,
                "quote": [NATIONAL_SENTENCES["ministry"]],
            }
        ]
        for number, year in BATCH_YEARS.items():
            found.append(
                {
                    "id": f"batch/{number}",
                    "type": ["CertificationBatch", "Concept"],
                    "pref_label_en": f"Batch {number} ({year})",
                    "pref_label_th": f"รุ่นที่ {number} ({year + BUDDHIST_ERA})",
                    "year": year,
                    "in_scheme": "scheme/certification-batches",
                    **cite,
                    "quote": [NATIONAL_SENTENCES["batch"]],
                }
            )
        return found

    def setup(self, province: Province, draft: Draft) -> Local:
        """A province's offices, committee, working group and posts, the first time it has a unit."""
        p, s, cite = province, province.slug, {"source": [province.source], "quote": [self.quote("organisation", province)]}
        office = draft.add(
            s,
            "organisations",
            {
                "id": self.names.key("agency", f"{s}-provincial-office"),
                "type": "GovernmentAgency",
                "name_th": f"สำนักงานจังหวัด{p.name_th}",
                "name_en": f"{p.name_en} Provincial Office",
                "sub_organization_of": INTERIOR,
                **cite,
            },
        )
        digital = draft.add(
            s,
            "organisations",
            {
                "id": self.names.key("agency", f"{s}-digital-economy-office"),
                "type": "GovernmentAgency",
                "name_th": f"สำนักงานดิจิทัลเพื่อเศรษฐกิจและสังคมจังหวัด{p.name_th}",
                "name_en": f"{p.name_en} Provincial Office of Digital Economy and Society",
                "sub_organization_of": MDES,
                **cite,
            },
        )
        committee = draft.add(
            s,
            "organisations",
            {
                "id": self.names.key("committee", f"{s}-smart-city"),
                "type": "Committee",
                "name_th": f"คณะกรรมการขับเคลื่อนการพัฒนาเมืองอัจฉริยะจังหวัด{p.name_th}",
                "name_en": f"{p.name_en} Provincial Smart City Development Committee",
                "sub_organization_of": NATIONAL_COMMITTEE,
                **cite,
            },
        )
        draft.add(
            s,
            "organisations",
            {
                "id": self.names.key("committee", f"{s}-smart-city-working-group"),
                "type": "Subcommittee",
                "name_th": f"คณะทำงานขับเคลื่อนเมืองอัจฉริยะจังหวัด{p.name_th}",
                "name_en": f"{p.name_en} Smart City Working Group",
                "sub_organization_of": committee,
                **cite,
            },
        )
        posts = {}
        for key, name_th, name_en, organisation in (
            ("governor", f"ผู้ว่าราชการจังหวัด{p.name_th}", f"Governor of {p.name_en}", office),
            ("deputy-governor", f"รองผู้ว่าราชการจังหวัด{p.name_th}", f"Deputy Governor of {p.name_en}", office),
            (
                "digital-officer",
                f"ผู้อำนวยการสำนักงานดิจิทัลเพื่อเศรษฐกิจและสังคมจังหวัด{p.name_th}",
                f"Director of the {p.name_en} Provincial Office of Digital Economy and Society",
                digital,
            ),
        ):
            posts[key] = draft.add(
                s,
                "organisations",
                {
                    "id": self.names.key("post", f"{key}-{s}"),
                    "type": "Post",
                    "name_th": name_th,
                    "name_en": name_en,
                    "post_in": organisation,
                    **cite,
                },
            )
        return Local(office, digital, committee, posts)

    def person(self, province: Province, draft: Draft, post: str, organisation: str, meeting: str, role: str, committee: str) -> str:
        """A new person, the post they hold and their role in the committee, as seen at `meeting`."""
        p, s = province, province.slug
        name_th, name_en = self.names.person()
        honorific_th, honorific_en = self.rng.choice(HONORIFICS)
        person = self.names.key("person", slug(name_en))
        local = person.removeprefix("person/")
        quote = self.quote("chair" if role == "chair" else "secretary" if role == "secretary" else "person", p)
        entity: Entity = {"id": person, "type": "Person", "name_th": name_th, "honorific_th": honorific_th}
        translated = self.rng.random() < 0.25  # English names from the curators, as for the article's people
        if not translated:
            entity |= {"name_en": name_en, "honorific_en": honorific_en}
        draft.add(s, "people", entity | {"source": [p.source], "quote": [quote]})
        if translated:
            draft.add(s, "translations", {"id": person, "name_en": name_en, "honorific_en": honorific_en, "source": [CURATION]})
        draft.add(
            s,
            "people",
            {
                "id": self.names.key("holding", f"{local}-{post.removeprefix('post/')}"),
                "type": "PostHolding",
                "member": person,
                "post": post,
                "organization": organisation,
                "attested_at": meeting,
                "source": [p.source],
                "quote": [quote],
            },
        )
        draft.add(
            s,
            "people",
            {
                "id": self.names.key("membership", f"{local}-{role}-{committee.removeprefix('committee/')}"),
                "type": "CommitteeMembership",
                "member": person,
                "organization": committee,
                "role": f"role/{role}",
                "attested_at": meeting,
                "source": [p.source],
                "quote": [quote],
            },
        )
        return person

    def unit(self) -> Draft:
        """One meeting of a province's committee, the areas whose plans it approves, and what follows."""
        rng, draft = self.rng, Draft()
        province = rng.choices(self.provinces, weights=self.weights)[0]
        local = self.local.get(province.id) or self.setup(province, draft)
        self.local[province.id] = local
        batch = rng.choice(list(BATCH_YEARS))
        be = BATCH_YEARS[batch] + BUDDHIST_ERA
        local.meetings[be] += 1
        held = dt.date(BATCH_YEARS[batch], rng.randint(1, 10), rng.randint(1, 28))
        sitting = Sitting(province, local, draft, f"{local.committee.removeprefix('committee/')}-{local.meetings[be]}-{be}", batch, held)
        areas, certified, mayors = self.areas(sitting)
        people = self.attendance(sitting, mayors)
        self.minutes(sitting, areas, certified, people)
        if rng.random() < 0.4:
            self.programme(province, local, draft)
        return draft

    def areas(self, sitting: Sitting) -> tuple[list[str], list[str], list[tuple[str, str, str]]]:
        """The areas whose plans the meeting approves, the certified ones, and the municipalities (id, Thai, English) they are in."""
        rng, p, s, draft = self.rng, sitting.province, sitting.province.slug, sitting.draft
        areas, certified, mayors = [], [], []
        for position in range(1, rng.choice((1, 1, 2, 2, 3)) + 1):
            place_th, place_en = self.names.place()
            district = rng.choice(p.districts) if self.gazetteer and p.districts and rng.random() < 0.6 else None
            city = None
            if rng.random() < 0.4:
                city_th, city_en, suffix, kind = rng.choice(CITY_NAMES)
                city = draft.add(
                    s,
                    "areas",
                    {
                        "id": self.names.key("city", f"{slug(place_en)}-{suffix}"),
                        "type": kind,
                        "name_th": city_th.format(place_th),
                        "name_en": city_en.format(place_en),
                        "province": p.id,
                        **({"district": district} if district else {}),
                        "source": [p.source],
                        "quote": [self.quote("city", p)],
                    },
                )
                if kind == "Municipality":
                    mayors.append((city, city_th.format(place_th), city_en.format(place_en)))
            name_th, name_en, suffix = rng.choice(AREA_NAMES)
            area = self.names.key("area", f"{slug(place_en)}-{suffix}")
            status = "certified" if rng.random() < 0.7 else "proposed"
            translated = rng.random() < 0.3  # English names from the curators, as for the article's areas 8-15
            entity: Entity = {"id": area, "type": "SmartCityArea", "name_th": name_th.format(place_th)}
            if not translated:
                entity["name_en"] = name_en.format(place_en)
            if rng.random() < 0.1:
                entity["alt_name_th"] = [f"เมืองอัจฉริยะ{place_th}"]
            entity |= {"list_position": position, "province": p.id}
            if city:
                entity["city"] = city
            if district:
                entity["district"] = district
            entity["status"] = f"status/{status}"
            if status == "certified":
                entity["batch"] = f"batch/{sitting.batch}"
                certified.append(area)
            entity["dimension"] = sorted(rng.sample(self.dimensions, rng.choice((1, 2, 2, 3))))
            if rng.random() < 0.25:
                entity["derived_from"] = [f"https://news.example.org/smart-city/{area.removeprefix('area/')}"]
            if rng.random() < 0.05:
                entity["note"] = ["The place name is invented: synthetic benchmark data."]
            quotes = [self.quote("area", p)] + ([self.quote("certified", p)] if status == "certified" else [])
            draft.add(s, "areas", entity | {"source": [p.source], "quote": quotes})
            if translated:
                draft.add(s, "translations", {"id": area, "name_en": name_en.format(place_en), "source": [CURATION]})
            areas.append(area)
        return areas, certified, mayors

    def attendance(self, sitting: Sitting, mayors: list[tuple[str, str, str]]) -> list[str]:
        """Who was at the meeting, the chair first: the chair and secretary often stay from one meeting to the next."""
        rng, p, local, draft = self.rng, sitting.province, sitting.local, sitting.draft
        people = []
        for role, post, organisation, holders in (
            ("chair", rng.choice(("governor", "deputy-governor")), local.office, local.chairs),
            ("secretary", "digital-officer", local.digital_office, local.secretaries),
        ):
            if not holders or rng.random() >= 0.6:
                holders.append(self.person(p, draft, local.posts[post], organisation, sitting.meeting, role, local.committee))
            people.append(holders[-1])
        for city, city_th, city_en in mayors[:2]:
            post = draft.add(
                p.slug,
                "organisations",
                {
                    "id": self.names.key("post", f"mayor-{city.removeprefix('city/')}"),
                    "type": "Post",
                    "name_th": f"นายก{city_th}",
                    "name_en": f"Mayor of {city_en}",
                    "post_in": city,
                    "source": [p.source],
                    "quote": [self.quote("organisation", p)],
                },
            )
            people.append(self.person(p, draft, post, city, sitting.meeting, "member", local.committee))
        return list(dict.fromkeys(people))

    def minutes(self, sitting: Sitting, areas: list[str], certified: list[str], people: list[str]) -> None:
        """The meeting, its decision, the logo award that may follow, and the steps the decision sets out."""
        rng, p, s, draft, key, number = self.rng, sitting.province, sitting.province.slug, sitting.draft, sitting.key, sitting.number
        cite, chair = {"source": [p.source]}, people[0]
        entity: Entity = {
            "id": sitting.meeting,
            "type": "Meeting",
            "name_th": f"การประชุมคณะกรรมการขับเคลื่อนการพัฒนาเมืองอัจฉริยะจังหวัด{p.name_th} ครั้งที่ {number}",
            "name_en": f"{p.name_en} Provincial Smart City Development Committee, meeting {number}",
            "number": number,
            "meeting_of": sitting.local.committee,
            "chaired_by": chair,
            "attendee": people[1:],
        }
        if rng.random() < 0.3:
            entity["attendee_group_th"] = [f"ผู้แทนจากหน่วยงานที่เกี่ยวข้องในจังหวัด{p.name_th}"]
            entity["attendee_group_en"] = [f"Representatives of the agencies concerned in {p.name_en}"]
        entity |= {"date": sitting.held.isoformat()} if rng.random() < 0.7 else {"year": sitting.held.year}
        draft.add(s, "meetings", entity | cite | {"quote": [self.quote("meeting", p)]})

        decision = f"decision/{key}-plans"
        entity = {
            "id": decision,
            "type": "Decision",
            "name_th": f"เห็นชอบแผนพัฒนาเมืองอัจฉริยะ จำนวน {len(areas)} พื้นที่",
            "name_en": f"Approval of smart city development plans for {len(areas)} area{'s' if len(areas) > 1 else ''}",
            "made_at": sitting.meeting,
            "decided_by": sitting.local.committee,
        }
        if certified:
            entity["certification"] = LOGO
        # The counts the shapes compare with the approved areas (tscsh:StatedAreaCountMatches, ...StatedProvinceCountMatches).
        entity |= {"approves": areas, "stated_area_count": len(areas), "stated_province_count": 1}
        draft.add(s, "meetings", entity | cite | {"quote": [self.quote("decision", p)]})

        award = None
        if certified and rng.random() < 0.6:
            award = draft.add(
                s,
                "meetings",
                {
                    "id": f"award/{key}-logo",
                    "type": "LogoAward",
                    "name_th": f"พิธีมอบตราสัญลักษณ์เมืองอัจฉริยะประเทศไทย จังหวัด{p.name_th} ครั้งที่ {number}",
                    "name_en": f"Smart City Thailand logo ceremony, {p.name_en}, after meeting {number}",
                    "date": (sitting.held + dt.timedelta(days=rng.randint(7, 60))).isoformat(),
                    "awarded_by": chair,
                    "certification": LOGO,
                    "recipient": certified,
                    **cite,
                    "quote": [self.quote("award", p)],
                },
            )
        steps: list[Entity] = [
            {
                "actor": [NATIONAL_COMMITTEE],
                "name_th": "นำเสนอต่อคณะกรรมการขับเคลื่อนการพัฒนาเมืองอัจฉริยะ",
                "name_en": "Present to the Smart City Development Committee for acknowledgement",
                "quote": [SENTENCES["step"]],
            }
        ]
        if award:
            steps.append(
                {
                    "actor": [chair],
                    "name_th": "พิธีมอบตราสัญลักษณ์เมืองอัจฉริยะประเทศไทย",
                    "name_en": "Ceremony awarding the Smart City Thailand logo",
                    "realised_by": award,
                    "quote": [self.quote("award", p)],
                }
            )
        for step_number, step in enumerate(steps, start=1):
            quote = step.pop("quote")
            head = {"id": f"step/{key}-{step_number}", "type": "ProcedureStep", "step_of": decision, "step_number": step_number}
            draft.add(s, "meetings", head | step | cite | {"quote": quote})

    def programme(self, province: Province, local: Local, draft: Draft) -> None:
        """A training course (people trained) or a digital programme (added value in baht), with its figure."""
        p, s, rng = province, province.slug, self.rng
        local.programmes += 1
        cite = {"source": [p.source]}
        if rng.random() < 0.5:
            n = local.programmes
            programme = self.names.key("programme", f"{s}-smart-city-leadership-{n}")
            name = {"name_th": f"หลักสูตรผู้นำเมืองอัจฉริยะจังหวัด{p.name_th} รุ่นที่ {n}"}
            name["name_en"] = f"{p.name_en} Smart City Leadership Course, class {n}"
            figure: Entity = {"id": f"quantity/{programme.removeprefix('programme/')}-people-trained", "type": "Quantity"}
            figure |= {"value": rng.randint(20, 300), "unit_text": "person"}
            links = {"run_by": local.digital_office, "part_of": CAPACITY_BUILDING, "people_trained": figure["id"]}
        else:
            place_th, place_en = self.names.place()
            programme = self.names.key("programme", f"{slug(place_en)}-digital")
            name = {"name_th": f"โครงการ{place_th}ดิจิทัล", "name_en": f"{place_en} Digital Programme"}
            figure = {"id": f"quantity/{programme.removeprefix('programme/')}-added-value", "type": "Quantity"}
            figure |= {"value": rng.randint(1, 500) * 1_000_000, "currency": "THB"}
            figure |= {"description_th": "มูลค่าเพิ่มทางเศรษฐกิจรวม", "description_en": "Total added economic value"}
            links = {"run_by": local.office, "estimated_added_value": figure["id"]}
            if rng.random() < 0.3:
                links["part_of"] = SMART_LIVING
        figure["comparator"] = rng.choice(("comparator/more-than", "comparator/exactly"))
        entity = {"id": programme, "type": "Programme", **name, **links, **cite, "quote": [self.quote("programme", p)]}
        draft.add(s, "organisations", entity)
        draft.add(s, "organisations", figure | cite | {"quote": [self.quote("figure", p)]})


SYNTHETIC_RIGHTS = "rights/synthetic-benchmark"
SYNTHETIC_AGENT = "agent/benchmarks-scale"


def sources(seed: int) -> tuple[list[Entity], dict[str, str]]:
    """The synthetic source documents (notes in the style of seeds/sources.yaml) and their text copies, by path."""
    notes: list[Entity] = []
    texts: dict[str, str] = {}
    # Mark them as synthetic in every language they are described in; rights and creator are resources (DCMI ranges).
    notes.append(
        {
            "id": SYNTHETIC_RIGHTS,
            "type": "RightsStatement",
            "name_en": "Rights in the synthetic benchmark documents",
            "description_en": "Invented by benchmarks/scale.py for benchmarking; no rights are claimed and nothing in it is true.",
            "source": [CURATION],
        }
    )
    notes.append({"id": SYNTHETIC_AGENT, "type": "Agent", "name_en": "benchmarks/scale.py", "source": [CURATION]})
    for region, region_th in REGIONS_TH.items():
        key = f"synthetic-report-{region}"
        path = f"seeds/sources/{key}/report.txt"
        notes.append(
            {
                "id": f"source/{key}",
                "type": "SourceDocument",
                "title_th": f"รายงานสังเคราะห์ความคืบหน้าการพัฒนาเมืองอัจฉริยะ {region_th} (ข้อมูลทดสอบ ไม่ใช่เอกสารจริง)",
                "title_en": f"Synthetic progress report on smart cities, {region.capitalize()} region"
                " (benchmark data, not a real document)",
                "creator": SYNTHETIC_AGENT,
                "language": "iso639-1:th",
                "local_copy": [path],
                "rights": SYNTHETIC_RIGHTS,
                "note": [f"Synthetic: written by benchmarks/scale.py (seed {seed}). Every fact that cites it is invented."],
                "source": [CURATION],
            }
        )
    path = "seeds/sources/synthetic-national-register/register.txt"
    notes.append(
        {
            "id": NATIONAL,
            "type": "SourceDocument",
            "title_th": "ทะเบียนสังเคราะห์ของหน่วยงานและรอบการรับรองเมืองอัจฉริยะ (ข้อมูลทดสอบ ไม่ใช่เอกสารจริง)",
            "title_en": "Synthetic register of agencies and smart city certification batches (benchmark data, not a real document)",
            "creator": SYNTHETIC_AGENT,
            "language": "iso639-1:th",
            "local_copy": [path],
            "rights": SYNTHETIC_RIGHTS,
            "note": [f"Synthetic: written by benchmarks/scale.py (seed {seed}). Every fact that cites it is invented."],
            "source": [CURATION],
        }
    )
    texts[path] = "ทะเบียนสังเคราะห์ (ข้อมูลทดสอบ)\n" + "\n".join(NATIONAL_SENTENCES.values()) + "\n"
    return notes, texts


def report_texts(all_provinces: list[Province]) -> dict[str, str]:
    """Each region's synthetic report: a headline, then a paragraph per province made of SENTENCES."""
    texts = {}
    for region, region_th in REGIONS_TH.items():
        lines = [f"รายงานสังเคราะห์ความคืบหน้าการพัฒนาเมืองอัจฉริยะ {region_th} (ข้อมูลทดสอบ ไม่ใช่เอกสารจริง)", ""]
        for province in (p for p in all_provinces if p.region == region):
            lines.append(" ".join(sentence.format(province.name_th) for sentence in SENTENCES.values()))
            lines.append("")
        texts[f"seeds/sources/synthetic-report-{region}/report.txt"] = "\n".join(lines)
    return texts


# ---------------------------------------------------------------------------------------------------
# YAML, written directly: entries are flat mappings of scalars and lists of scalars
# ---------------------------------------------------------------------------------------------------

PLAIN = re.compile(r"[A-Za-z\u0e01-\u0e5b][^\n:#\[\]{},'\"&*!|>%@`]*(?<! )")
IDENTIFIER = re.compile(r"[a-z][a-z0-9./-]*")
RESERVED = frozenset(("yes", "no", "on", "off", "y", "n", "true", "false", "null"))


def scalar(value: object) -> str:
    """A plain scalar where YAML 1.1 reads it back as the same string; JSON (a YAML double-quoted scalar) otherwise."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if PLAIN.fullmatch(text) and text.lower() not in RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def entity_yaml(entity: Entity) -> str:
    lines = []
    for position, (key, value) in enumerate(entity.items()):
        lead = "- " if position == 0 else "  "
        if not isinstance(value, list):
            lines.append(f"{lead}{key}: {scalar(value)}")
            continue
        flow = f"{lead}{key}: [{', '.join(str(item) for item in value)}]"
        if all(isinstance(item, str) and IDENTIFIER.fullmatch(item) for item in value) and len(flow) <= 120:
            lines.append(flow)
        else:
            lines.append(f"{lead}{key}:")
            lines += [f"    - {scalar(item)}" for item in value]
    return "\n".join(lines) + "\n"


def file_yaml(header: str, named_graph: str, entities: list[Entity]) -> str:
    return header + f"named_graph: {named_graph}\nentities:\n" + "".join(entity_yaml(e) for e in entities)


# ---------------------------------------------------------------------------------------------------
# The repository
# ---------------------------------------------------------------------------------------------------


def generate(root: Path, triples: int, seed: int = 1) -> dict[str, int]:
    """Write into `root` a repository whose seeds build to about `triples` triples.

    Returns the synthetic entities per class (the first type of each entry), `files` (synthetic YAML
    files), `triples` (the predicted count of the whole build) and `gazetteer` (1 if seeds/gazetteer/ was kept).
    """
    if (root / "seeds").exists():
        raise FileExistsError(f"{root / 'seeds'} exists; generate into an empty folder")
    seeds = ROOT / "seeds"
    with_gazetteer = real_triples(seeds, gazetteer=True)
    gazetteer = triples >= with_gazetteer
    total = with_gazetteer if gazetteer else real_triples(seeds, gazetteer=False)

    for folder in COPIED:
        shutil.copytree(ROOT / folder, root / folder)

    def skipped(folder: str, names: list[str]) -> list[str]:
        relative = Path(folder).relative_to(seeds).as_posix()
        if gazetteer:
            return []
        if relative == ".":
            return [GAZETTEER]
        return [name for name in names if f"{relative}/{name}" == DISTRICT_LINKS]

    shutil.copytree(seeds, root / "seeds", ignore=skipped)

    generator = Generator(seeds, gazetteer, seed)
    notes, texts = sources(seed)
    texts |= report_texts(generator.provinces)
    national = generator.national()
    total += sum(statements(e) for e in notes + national)
    files: dict[tuple[str, str], list[Entity]] = {}
    kinds: Counter[str] = Counter()
    while True:
        draft = generator.unit()
        if total + draft.triples - triples > triples - total:
            break  # the unit would overshoot by more than the shortfall
        total += draft.triples
        for slug_, group, entity in draft.entities:
            files.setdefault((slug_, group), []).append(entity)
            if "type" in entity:
                kinds[entity["type"][0] if isinstance(entity["type"], list) else entity["type"]] += 1
    kinds.update(e["type"][0] if isinstance(e["type"], list) else e["type"] for e in notes + national)

    header = HEADER.format(seed=seed)
    written = {
        f"seeds/{SYNTHETIC}/sources.yaml": file_yaml(header, CURATION, notes),
        f"seeds/{SYNTHETIC}/national.yaml": file_yaml(header, NATIONAL, national),
    }
    source_of = {p.slug: p.source for p in generator.provinces}
    for (slug_, group), entities in sorted(files.items(), key=lambda item: (item[0][0], GROUPS.index(item[0][1]))):
        graph = CURATION if group == "translations" else source_of[slug_]
        parts = [entities[i : i + MAX_ENTITIES_PER_FILE] for i in range(0, len(entities), MAX_ENTITIES_PER_FILE)]
        for number, part in enumerate(parts, start=1):
            name = group if len(parts) == 1 else f"{group}-{number}"
            written[f"seeds/{SYNTHETIC}/{slug_}/{name}.yaml"] = file_yaml(header, graph, part)
    for path, text in sorted((written | texts).items()):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return dict(sorted(kinds.items())) | {"files": len(written), "triples": total, "gazetteer": int(gazetteer)}


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    arguments.add_argument("out", type=Path, help="folder to write the repository into (must not hold seeds/)")
    arguments.add_argument("--triples", type=int, default=1_000_000, help="target size of the built graph (default: 1000000)")
    arguments.add_argument("--seed", type=int, default=1, help="seed of the random choices (default: 1)")
    options = arguments.parse_args()
    counts = generate(options.out, options.triples, options.seed)
    print(f"wrote {options.out}: {counts['files']} synthetic files, gazetteer {'kept' if counts['gazetteer'] else 'left out'}")
    print(f"predicted triples: {counts['triples']} (target {options.triples})")
    print("synthetic entities per class:")
    for kind, count in counts.items():
        if kind not in ("files", "triples", "gazetteer"):
            print(f"  {kind:<22} {count:>7}")


if __name__ == "__main__":
    main()
