"""The texts of the pages in Thai and English, and the reader's language (?lang=, the cookie, Accept-Language)."""

from __future__ import annotations

import re

LANGUAGES = ("th", "en")


MESSAGES: dict[str, tuple[str, str]] = {
    "title": ("กราฟความรู้เมืองอัจฉริยะประเทศไทย", "Thai Smart City knowledge graph"),
    "tagline": (
        "ข้อมูลเชื่อมโยงแบบเปิดของโครงการเมืองอัจฉริยะประเทศไทย: พื้นที่เมืองอัจฉริยะและจังหวัดที่ตั้ง คณะกรรมการ การประชุมและมติที่รับรอง"
        " บุคคลและตำแหน่ง และโครงการที่เกี่ยวข้อง ทุกข้อเท็จจริงอ้างอิงเอกสารแหล่งที่มาได้",
        "Open linked data on Thailand's Smart City programme: the smart city areas and the provinces they lie in, the committees,"
        " meetings and decisions that certify them, the people and posts involved, and the programmes around them"
        " — every fact traceable to the document it comes from.",
    ),
    "home": ("หน้าแรก", "Home"),
    "query": ("สืบค้นด้วย SPARQL", "SPARQL query"),
    "endpoint": ("จุดบริการ SPARQL", "SPARQL endpoint"),
    "counts": ("จำนวน", "Counts"),
    "triples": ("ทริปเปิล", "triples"),
    "triples_split": (
        "ทริปเปิลทั้งหมด {total} รายการ: ข้อมูล {main} รายการในชั้นข้อมูลหลัก ({sources} แหล่งที่มา) {layer} รายการในชั้นทำเนียบเขตการปกครอง"
        " (อำเภอ ตำบล และจุดศูนย์กลาง) และ {ontology} รายการของออนโทโลยี",
        "{total} triples in all: {main} of data in the main layer ({sources} sources), {layer} in the gazetteer layer"
        " (districts, subdistricts and their centroids), and {ontology} of the ontology.",
    ),
    "triples_split_no_layer": (
        "ทริปเปิลทั้งหมด {total} รายการ: ข้อมูล {main} รายการ ({sources} แหล่งที่มา) และ {ontology} รายการของออนโทโลยี",
        "{total} triples in all: {main} of data ({sources} sources) and {ontology} of the ontology.",
    ),
    "entities": ("สิ่ง", "entities"),
    "classes": ("คลาส", "Classes"),
    "class": ("คลาส", "class"),
    "sources": ("แหล่งที่มา", "Sources"),
    "source_graphs": ("แหล่งที่มา (กราฟที่มีชื่อ)", "Sources (named graphs)"),
    "downloads": ("ดาวน์โหลด", "Downloads"),
    "ontology": ("ออนโทโลยี", "Ontology"),
    "entry_points": ("เริ่มต้นที่", "Start here"),
    "type": ("ประเภท", "Type"),
    "properties": ("ข้อมูล", "Properties"),
    "referenced_by": ("ถูกอ้างถึงโดย", "Referenced by"),
    "provenance": ("ที่มาของข้อมูล", "Provenance"),
    "stated_in": ("ข้อความในกราฟ", "Statements in graph"),
    "quotes": ("ข้อความจากแหล่งที่มา", "Quoted from the source"),
    "external": ("ลิงก์ภายนอก", "External links"),
    "iri": ("IRI", "IRI"),
    "formats": ("รูปแบบอื่น", "Other formats"),
    "instances": ("สมาชิกของคลาส", "Instances"),
    "not_found": ("ไม่พบ", "Not found"),
    "not_found_text": ("ไม่มีข้อมูลเกี่ยวกับ IRI นี้ในชุดข้อมูล", "The dataset says nothing about this IRI."),
    "error": ("เกิดข้อผิดพลาด", "Error"),
    "more": ("และอีก", "and more"),
    "graph": ("กราฟ", "graph"),
    "licence": ("สัญญาอนุญาต: ข้อมูล CC BY 4.0, โค้ด MIT", "Licence: data CC BY 4.0, code MIT"),
    "examples": ("ตัวอย่างคำค้น", "Example queries"),
    "query_help": (
        "ตัวอย่างคำค้นแต่ละแท็บมาจากโฟลเดอร์ queries/ กดปุ่มเล่นเพื่อส่งคำค้น",
        "Each tab holds an example query from the queries/ folder; press the play button to run it.",
    ),
    "query_prefixes": (
        "คำนำหน้าเนมสเปซของโครงการ (tsc:, skos:, dcterms: ...) ประกาศไว้ล่วงหน้าแล้วเหมือนคำสั่ง smartcity-kg query"
        " จึงไม่ต้องเขียน PREFIX เอง หากคำค้นประกาศชื่อเดียวกันเอง จะใช้ตามที่คำค้นประกาศ",
        "The project's prefixes (tsc:, skos:, dcterms: ...) are declared in advance, as in smartcity-kg query, so a query"
        " needs no PREFIX lines; a query that declares one of these names itself keeps its own.",
    ),
    "yasgui_missing": (
        "ยังไม่ได้ติดตั้ง YASGUI: เรียก scripts/setup.sh",
        "YASGUI is not installed: run scripts/setup.sh",
    ),
    "limits": ("ข้อจำกัด", "Limits"),
    "limits_text": (
        "SPARQL 1.1 Query · {runner} · เวลาไม่เกิน {timeout} วินาที · คำค้นไม่เกิน {length} ตัวอักษร · คำขอไม่เกิน {body} ไบต์"
        " · คำตอบไม่เกิน {result} MB · ไม่รับ Update, LOAD และ SERVICE",
        "SPARQL 1.1 Query · {runner} · timeout {timeout} s · query ≤ {length} chars · body ≤ {body} B · answer ≤ {result} MB"
        " · no Update, LOAD or SERVICE",
    ),
    "only_en": ("มีเฉพาะภาษาอังกฤษ", "English only"),
    "error_text": ("จุดบริการ SPARQL ไม่ตอบคำค้นนี้", "The SPARQL endpoint does not answer this query."),
    "error_detail": ("รายละเอียด", "Details"),
    "error_service": (
        "ไม่อนุญาตให้ใช้ SERVICE (การสืบค้นข้ามเครื่องให้บริการ): จุดบริการนี้ไม่ส่งคำขอไปยังเครื่องให้บริการอื่น",
        "SERVICE (federated query) is not allowed: this endpoint makes no requests to other servers.",
    ),
    "error_update": ("ไม่อนุญาตให้ใช้ SPARQL Update: จุดบริการนี้อ่านได้อย่างเดียว", "SPARQL Update is not allowed: this endpoint is read-only."),
    "error_load": (
        "ไม่อนุญาตให้ใช้ LOAD: จุดบริการนี้อ่านได้อย่างเดียวและไม่ดึงข้อมูลจากที่อื่น",
        "LOAD is not allowed: this endpoint is read-only and never fetches data from elsewhere.",
    ),
    "error_too_large": ("คำค้นหรือคำตอบใหญ่เกินขีดจำกัดของจุดบริการนี้", "The query or its answer is larger than this endpoint allows."),
    "error_timeout": ("คำค้นใช้เวลานานเกินขีดจำกัดของจุดบริการนี้", "The query took longer than the time limit of this endpoint."),
    "error_busy": ("จุดบริการไม่ว่างในขณะนี้ โปรดลองอีกครั้ง", "The endpoint is busy; try again shortly."),
    "only_th": ("มีเฉพาะภาษาไทย", "Thai only"),
    # The releases page and the history of a thing (present/history.py).
    "releases": ("รุ่นที่เผยแพร่", "Releases"),
    "release": ("รุ่น", "Release"),
    "releases_intro": (
        "แต่ละรุ่นคือสำเนาของข้อมูลที่คงที่ ไฟล์ของรุ่นอยู่ที่ <base>release/<รุ่น>/ พร้อมขนาดและค่า SHA-256 ส่วน IRI ของแต่ละสิ่งไม่เปลี่ยนตามรุ่น เรียงจากรุ่นล่าสุด",
        "Each release is a fixed copy of the data: its files stay at <base>release/<version>/, with their sizes and"
        " SHA-256 checksums, while the IRIs of things stay the same from release to release. Newest first.",
    ),
    "no_releases": ("ยังไม่มีการเผยแพร่รุ่นใด", "No release has been cut yet."),
    "previous_release": ("รุ่นก่อนหน้า", "Previous release"),
    "first_release": ("รุ่นแรก", "The first release"),
    "release_notes": ("บันทึกประจำรุ่น", "Notes"),
    "release_files": ("ไฟล์ของรุ่นนี้", "Files of this release"),
    "file": ("ไฟล์", "File"),
    "size": ("ขนาด (ไบต์)", "Size (bytes)"),
    "release_unavailable": ("ไม่มีในสำเนานี้", "not in this copy"),
    "release_unavailable_note": (
        "บางไฟล์ของรุ่นนี้ไม่มีในสำเนานี้: graph/ เปลี่ยนไปแล้ว และสำเนานี้ไม่มีประวัติ git ที่จะอ่านไฟล์เหล่านั้น สำเนาที่ clone มาพร้อมประวัติจะมีไฟล์ครบ",
        "Some files of this release are not in this copy: graph/ has moved on, and this copy has no git history to read"
        " them from; a clone with its history has them.",
    ),
    "release_file_missing": (
        "ไฟล์นี้ของรุ่น {version} ไม่มีในสำเนานี้: graph/ เปลี่ยนไปแล้ว และสำเนานี้ไม่มีประวัติ git ที่จะอ่านไฟล์นี้",
        "This file of release {version} is not in this copy: graph/ has moved on, and this copy has no git history to read it from.",
    ),
    "changelog": ("การเปลี่ยนแปลงจากรุ่นก่อนหน้า", "Changes from the previous release"),
    "changes_summary": (
        "เพิ่ม {added} รายการ นำออก {removed} รายการ เปลี่ยนแปลง {changed} รายการ",
        "{added} added, {removed} removed, {changed} changed",
    ),
    "first_holds": (
        "ไม่มีรุ่นก่อนหน้าให้เปรียบเทียบ รุ่นนี้มีสิ่งทั้งหมด {total} รายการ ({gazetteer} รายการในชั้นทำเนียบเขตการปกครอง)",
        "There is no earlier release to compare it with. It holds {total} things ({gazetteer} in the gazetteer layer).",
    ),
    "kind_of_thing": ("ชนิด", "Kind"),
    "count": ("จำนวน", "Number"),
    "added": ("เพิ่ม", "Added"),
    "removed": ("นำออก", "Removed"),
    "changed": ("เปลี่ยนแปลง", "Changed"),
    "removed_on_purpose": ("นำออกโดยตั้งใจ", "Removed on purpose"),
    "change_renamed": ("เปลี่ยน IRI จาก", "renamed from"),
    "change_successor": ("เข้ามาแทนที่", "successor of"),
    "change_replaced": ("ถูกแทนที่โดย", "replaced by"),
    "in_releases": ("ในรุ่นที่เผยแพร่", "In releases"),
    "history_first": ("เผยแพร่ครั้งแรก", "first published"),
    "history_added": ("เพิ่มเข้ามา", "added"),
    "history_changed": ("มีการเปลี่ยนแปลง", "changed"),
    "history_renamed": ("เปลี่ยน IRI จาก", "renamed from"),
    "history_renamed_to": ("เปลี่ยน IRI เป็น", "renamed to"),
    "history_successor": ("เข้ามาแทนที่", "took the place of"),
    "history_replaced": ("ถูกแทนที่โดย", "replaced by"),
    "history_removed": ("นำออก", "removed"),
    "gone_text": ("IRI นี้ไม่อยู่ในข้อมูลแล้ว", "This IRI is no longer in the data."),
}


def pick_language(param: str | None, cookie: str | None, accept_language: str | None) -> str:
    """?lang=, else the cookie, else the best of Accept-Language; Thai when nothing says."""
    for value in (param, cookie):
        if value in LANGUAGES:
            return value
    best, best_q = "th", 0.0
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        q = 1.0
        match = re.search(r"q=([0-9.]+)", params)
        if match:
            try:
                q = float(match[1])
            except ValueError:
                q = 0.0
        q -= position * 1e-6  # earlier wins a tie
        if primary in LANGUAGES and q > best_q:
            best, best_q = primary, q
    return best


def texts(lang: str) -> dict[str, str]:
    index = LANGUAGES.index(lang)
    return {key: pair[index] for key, pair in MESSAGES.items()}
