"""Every fact of the source article is in the graph.

The expectations are written from the article (seeds/sources/.../article.txt, Thai) by reading it, not
copied from the build's output; where the test reads the article file itself it says so.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.query import ResultRow

from smartcity_kg.pipeline.built import Built

from .conftest import ARTICLE, ID, ROOT

PREFIXES = """
PREFIX tsc: <https://w3id.org/thai-smart-city/def/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

# The article's list of the 15 approved areas: (number, name as written, province as written).
APPROVED = [
    (1, "นครระยองเมืองอัจฉริยะและน่าอยู่", "ระยอง"),
    (2, "คันทรงโมเดล เมืองแห่งความสุขที่พึงประสงค์และสังคมแห่งการแบ่งปัน", "ชลบุรี"),
    (3, "การพัฒนาเมืองอัจฉริยะของพื้นที่ในจังหวัดพิษณุโลก", "พิษณุโลก"),
    (4, "โครงการพิษณุโลกนครอัจฉริยะอย่างยั่งยืน", "พิษณุโลก"),
    (5, "นครเชียงรายสู่เมืองอัจฉริยะ", "เชียงราย"),
    (6, "เมืองน่านสู่เมืองอัจฉริยะ", "น่าน"),
    (7, "โคราชเมืองอัจฉริยะ", "นครราชสีมา"),
    (8, "Smart City อุบลราชธานี", "อุบลราชธานี"),
    (9, "กระบี่เมืองอัจฉริยะ", "กระบี่"),
    (10, "จังหวัดพังงาสู่เมืองอัจฉริยะ", "พังงา"),
    (11, "Satun Smart City", "สตูล"),
    (12, "พัฒนาเทศบาลนครเกาะสมุย สู่เมืองอัจฉริยะอย่างยั่งยืน", "สุราษฎร์ธานี"),
    (13, "หาดใหญ่เมืองอัจฉริยะสีเขียว", "สงขลา"),
    (14, "ปัตตานีเมืองอัจฉริยะ", "ปัตตานี"),
    (15, "เมืองสิ่งแวดล้อมสร้างสรรค์นราธิวาส", "นราธิวาส"),
]


def rows(graph: Graph, query: str) -> list[ResultRow]:
    return [row for row in graph.query(PREFIXES + query) if isinstance(row, ResultRow)]


def labels(graph: Graph, node: URIRef, language: str) -> set[str]:
    return {
        str(o)
        for o in graph.objects(node, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
        if isinstance(o, Literal) and o.language == language
    }


def test_the_article_list_is_what_this_test_expects() -> None:
    # Read from the article itself, so that APPROVED above cannot drift from it.
    text = ARTICLE.read_text(encoding="utf-8")
    listed = [(int(n), name, province) for n, name, province in re.findall(r"^(\d+)\) (.+?) จังหวัด(\S+)", text, re.M)]
    assert listed == APPROVED


@pytest.mark.parametrize(("number", "name", "province"), APPROVED)
def test_each_approved_area_has_its_name_as_written_and_its_province(built: Built, number: int, name: str, province: str) -> None:
    found = rows(
        built.graph,
        f"""
        SELECT ?area ?label ?province WHERE {{
          ?decision tsc:madeAt ?meeting ; tsc:approves ?area .
          ?meeting tsc:meetingNumber "1/2565" ; tsc:meetingOf/rdfs:label "คณะอนุกรรมการขับเคลื่อนและบริหารโครงการเมืองอัจฉริยะ"@th .
          ?area tsc:listPosition {number} ; rdfs:label ?label ; tsc:province ?province .
          ?province rdfs:label "{province}"@th .
        }}""",
    )
    assert found, f"area {number} approved at 1/2565 in {province} not found"
    assert name in {str(row.label) for row in found}
    label = next(row.label for row in found if str(row.label) == name)
    assert isinstance(label, Literal)
    # Written in Thai script -> tagged th; item 11 is written in English only -> tagged en.
    assert label.language == ("en" if name == "Satun Smart City" else "th")
    assert unicodedata.is_normalized("NFC", str(label))


def test_every_approved_area_also_has_an_english_name(built: Built) -> None:
    found = rows(
        built.graph,
        """SELECT ?area WHERE { ?decision tsc:approves ?area ; tsc:madeAt/tsc:meetingNumber "1/2565" .
           FILTER NOT EXISTS { ?area rdfs:label ?en FILTER(lang(?en) = "en") } }""",
    )
    assert found == []


def test_the_decision_states_15_areas_in_14_provinces_and_totals_30_in_23(built: Built) -> None:
    (row,) = rows(
        built.graph,
        """SELECT ?areas ?provinces ?total_areas ?total_provinces (COUNT(DISTINCT ?area) AS ?approved) (COUNT(DISTINCT ?p) AS ?in) WHERE {
             ?d tsc:madeAt/tsc:meetingNumber "1/2565" ; tsc:decidedBy/rdfs:label ?name ;
                tsc:statedAreaCount ?areas ; tsc:statedProvinceCount ?provinces ;
                tsc:statedTotalAreaCount ?total_areas ; tsc:statedTotalProvinceCount ?total_provinces ;
                tsc:approves ?area . ?area tsc:province ?p .
           } GROUP BY ?areas ?provinces ?total_areas ?total_provinces""",
    )
    assert (int(row.areas), int(row.provinces), int(row.total_areas), int(row.total_provinces)) == (15, 14, 30, 23)
    assert (int(row.approved), int(getattr(row, "in"))) == (15, 14)


def test_the_data_gives_the_articles_totals_of_30_certified_areas_in_23_provinces(built: Built) -> None:
    """The article's "รวม 30 พื้นที่ ใน 23 จังหวัด" counts the areas certified up to its year, 2022 (2565 - 543)."""
    (row,) = rows(
        built.graph,
        """SELECT (COUNT(DISTINCT ?area) AS ?areas) (COUNT(DISTINCT ?province) AS ?provinces) WHERE {
             ?area a tsc:SmartCityArea ; tsc:status ?status ; tsc:province ?province ; tsc:batch/dcterms:date ?year .
             ?status skos:prefLabel "Certified"@en .
             FILTER (STR(?year) <= "2022") }""",
    )
    assert (int(row.areas), int(row.provinces)) == (30, 23)


def test_meeting_1_2565_chair_attendees_and_secretary(built: Built) -> None:
    g = built.graph
    meeting = URIRef(ID + "meeting/smart-city-projects-1-2565")
    chair = g.value(meeting, URIRef("https://w3id.org/thai-smart-city/def/chairedBy"))
    assert isinstance(chair, URIRef)
    assert labels(g, chair, "th") == {"ชัยวุฒิ ธนาคมานุสรณ์"}
    assert labels(g, chair, "en") == {"Chaiwut Thanakamanusorn"}
    attendees = {
        next(iter(labels(g, a, "th")))
        for a in g.objects(meeting, URIRef("https://w3id.org/thai-smart-city/def/attendee"))
        if isinstance(a, URIRef)
    }
    assert attendees == {"อัจฉรินทร์ พัฒนพันธ์ชัย", "ณัฐพล นิมมานพัชรินทร์"}
    groups = {
        str(o)
        for o in g.objects(meeting, URIRef("https://w3id.org/thai-smart-city/def/attendeeGroup"))
        if isinstance(o, Literal) and o.language == "th"
    }
    assert {"ผู้ทรงคุณวุฒิในแต่ละด้าน", "ผู้แทนจากกระทรวงและหน่วยงานต่างๆ ที่เกี่ยวข้อง"} <= groups
    secretary = rows(
        g,
        """SELECT ?name WHERE { ?m a tsc:CommitteeMembership ; org:role/skos:prefLabel "Secretary"@en ;
             org:organization/rdfs:label "คณะอนุกรรมการขับเคลื่อนและบริหารโครงการเมืองอัจฉริยะ"@th ;
             org:member/rdfs:label ?name . FILTER(lang(?name) = "en") }""",
    )
    assert [str(r.name) for r in secretary] == ["Nuttapon Nimmanphatcharin"]


@pytest.mark.parametrize(
    ("person", "post", "organisation"),
    [
        ("ชัยวุฒิ ธนาคมานุสรณ์", "รัฐมนตรีว่าการกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"),
        ("อัจฉรินทร์ พัฒนพันธ์ชัย", "ปลัดกระทรวงดิจิทัลฯ", "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"),
        ("ณัฐพล นิมมานพัชรินทร์", "ผู้อำนวยการใหญ่ สำนักงานส่งเสริมเศรษฐกิจดิจิทัล", "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล"),
        ("ประวิตร วงษ์สุวรรณ", "รองนายกรัฐมนตรี", "คณะรัฐมนตรี"),
        ("ประยุทธ์ จันทร์โอชา", "นายกรัฐมนตรี", "คณะรัฐมนตรี"),
        ("ประยุทธ์ จันทร์โอชา", "รัฐมนตรีว่าการกระทรวงกลาโหม", "กระทรวงกลาโหม"),
    ],
)
def test_posts_held_at_the_time(built: Built, person: str, post: str, organisation: str) -> None:
    found = rows(
        built.graph,
        f"""SELECT ?h WHERE {{ ?h a tsc:PostHolding ; org:member/rdfs:label "{person}"@th ; tsc:post ?post ; org:organization ?org .
                  ?post rdfs:label "{post}"@th ; org:postIn ?org . ?org rdfs:label "{organisation}"@th .
                  ?h tsc:attestedAt/tsc:meetingNumber "1/2565" }}""",
    )
    assert found


def test_the_committee_is_chaired_by_prawit_and_the_subcommittee_is_under_it(built: Built) -> None:
    assert rows(
        built.graph,
        """SELECT ?c WHERE { ?m a tsc:CommitteeMembership ; org:role/skos:prefLabel "Chair"@en ;
             org:member/rdfs:label "Prawit Wongsuwan"@en ; org:organization ?c .
             ?c rdfs:label "คณะกรรมการขับเคลื่อนการพัฒนาเมืองอัจฉริยะ"@th .
             ?sub a tsc:Subcommittee ; org:subOrganizationOf ?c . }""",
    )


def test_the_next_steps_go_committee_then_cabinet_then_the_prime_ministers_logo_award(built: Built) -> None:
    steps = rows(
        built.graph,
        """SELECT ?n ?actor WHERE { ?s tsc:stepOf ?d ; tsc:stepNumber ?n ; tsc:actor/rdfs:label ?actor .
             ?d tsc:madeAt/tsc:meetingNumber "1/2565" . FILTER(lang(?actor) = "th") } ORDER BY ?n""",
    )
    assert [(int(r.n), str(r.actor)) for r in steps] == [
        (1, "คณะกรรมการขับเคลื่อนการพัฒนาเมืองอัจฉริยะ"),
        (2, "คณะรัฐมนตรี"),
        (3, "ประยุทธ์ จันทร์โอชา"),
    ]
    logo = rows(built.graph, """SELECT ?l WHERE { ?d tsc:madeAt/tsc:meetingNumber "1/2565" ; tsc:certification/rdfs:label ?l }""")
    assert "ตราสัญลักษณ์เมืองอัจฉริยะประเทศไทย" in {str(r.l) for r in logo}


def test_capacity_building_more_than_150_people_through_two_programmes(built: Built) -> None:
    (row,) = rows(
        built.graph,
        """SELECT ?value ?unit ?cmp ?office WHERE { ?p tsc:peopleTrained ?q ; tsc:runBy/rdfs:label ?office .
             ?q schema:value ?value ; schema:unitText ?unit ; tsc:comparator/skos:prefLabel ?cmp .
             FILTER(lang(?cmp) = "en" && lang(?office) = "th") }""",
    )
    assert isinstance(row.value, Literal)
    assert (row.value.toPython(), str(row.unit), str(row.cmp), str(row.office)) == (
        150,
        "person",
        "More than",
        "สำนักงานเมืองอัจฉริยะประเทศไทย",
    )
    assert row.value.datatype == URIRef("http://www.w3.org/2001/XMLSchema#integer")
    parts = rows(
        built.graph,
        """SELECT ?en WHERE { ?p dcterms:isPartOf ?whole ; rdfs:label ?en . ?whole tsc:peopleTrained ?q . FILTER(lang(?en) = "en") }""",
    )
    assert {str(r.en) for r in parts} == {"Smart City Ambassadors", "Smart City Leadership Program"}


def test_depa_smart_living_solution_more_than_600_million_baht(built: Built) -> None:
    (row,) = rows(
        built.graph,
        """SELECT ?value ?currency ?cmp WHERE { ?p rdfs:label "depa Smart Living Solution"@en ; tsc:estimatedAddedValue ?q .
             ?q schema:value ?value ; schema:currency ?currency ; tsc:comparator/skos:prefLabel "More than"@en . }""",
    )
    assert (int(row.value), str(row.currency)) == (600_000_000, "THB")


def test_every_quote_is_in_the_article_verbatim(built: Built) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    quotes = {str(o) for o in built.graph.objects(None, URIRef("https://w3id.org/thai-smart-city/def/sourceQuote"))}
    assert len(quotes) > 30
    assert [q for q in quotes if q not in text] == []


def test_thai_names_from_the_article_are_as_written(built: Built) -> None:
    # Every Thai label of the article's named graph occurs verbatim in the article.
    text = ARTICLE.read_text(encoding="utf-8")
    graph = built.dataset.graph(URIRef(ID + "source/article-mdes-subcommittee-1-2565"))
    names = [
        str(o)
        for o in graph.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
        if isinstance(o, Literal) and o.language == "th"
    ]
    assert len(names) > 30
    assert [name for name in names if name not in text] == []


def test_the_cleaned_article_is_the_scraped_page_without_the_adverts() -> None:
    original = (ARTICLE.parent / "original.txt").read_text(encoding="utf-8").split("\n")
    cleaned = ARTICLE.read_text(encoding="utf-8").rstrip("\n").split("\n")
    assert cleaned == [line.strip(" \u00a0") for line in original[6:55]]
    assert cleaned[0].startswith("รมว.ดีอีเอส")
    assert "720x100" not in "\n".join(cleaned) and "Click Donate" not in "\n".join(cleaned)


def test_all_77_first_level_units_with_their_identifiers(built: Built) -> None:
    found = rows(
        built.graph,
        """SELECT ?p ?iso ?dopa ?wd ?gn ?osm WHERE { ?p a tsc:Province ; tsc:iso3166Code ?iso ; tsc:dopaCode ?dopa ; tsc:region ?r .
             OPTIONAL { ?p tsc:wikidata ?wd } OPTIONAL { ?p tsc:geonames ?gn } OPTIONAL { ?p tsc:openStreetMap ?osm } }""",
    )
    assert len(found) == 77
    # ISO 3166-2:TH numbers are the DOPA codes (seeds/sources/reference-smart-city/SOURCES.md).
    assert all(str(r.iso) == "TH-" + str(r.dopa) for r in found)
    assert all(str(r.p) == ID + "province/" + str(r.iso) for r in found)
    bangkok = next(r for r in found if str(r.iso) == "TH-10")
    assert (str(bangkok.wd), str(bangkok.gn), str(bangkok.osm)) == (
        "http://www.wikidata.org/entity/Q1861",
        "https://sws.geonames.org/1609348/",
        "https://www.openstreetmap.org/relation/92277",
    )
    # The reference table has no OSM relation for Phang Nga: it stays absent.
    assert next(r for r in found if str(r.iso) == "TH-82").osm is None
    assert sum(1 for r in found if r.wd is not None) == 77


def test_seven_dimensions_as_a_skos_scheme(built: Built) -> None:
    found = rows(
        built.graph,
        """SELECT ?c ?en WHERE { ?c a skos:Concept ; skos:prefLabel ?en ;
             skos:inScheme/skos:prefLabel "Smart city dimensions of Thailand"@en . FILTER(lang(?en)="en") }""",
    )
    assert sorted(str(r.en) for r in found) == sorted(
        ["Smart Environment", "Smart Mobility", "Smart Living", "Smart People", "Smart Energy", "Smart Economy", "Smart Governance"]
    )


def test_every_entity_cites_a_source_document(built: Built) -> None:
    missing = rows(
        built.graph,
        """SELECT ?s WHERE { ?s a ?c . FILTER(STRSTARTS(STR(?s), "https://w3id.org/thai-smart-city/id/"))
             FILTER NOT EXISTS { ?s dcterms:source ?src . ?src a tsc:SourceDocument } }""",
    )
    assert missing == []


def test_statements_are_in_the_named_graph_of_their_source(built: Built) -> None:
    names = {str(g.identifier) for g in built.dataset.graphs() if len(g)} | {q.graph_name.value for q in built.gazetteer}  # type: ignore[union-attr]
    sources = {
        str(s)
        for s in built.graph.subjects(
            URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef("https://w3id.org/thai-smart-city/def/SourceDocument")
        )
    }
    assert names == sources
    assert (ROOT / "seeds" / "sources.yaml").is_file()
