"""The texts of the static site in Thai and English, beside the server's (present/messages.py)."""

from __future__ import annotations

from smartcity_kg.present.messages import LANGUAGES, texts

MESSAGES: dict[str, tuple[str, str]] = {
    "map": ("แผนที่", "Map"),
    "statistics": ("สถิติ", "Statistics"),
    "search": ("ค้นหา", "Search"),
    "about_dataset": ("เกี่ยวกับชุดข้อมูล (DCAT, VoID)", "About the dataset (DCAT, VoID)"),
    "what": ("เนื้อหา", "Contents"),
    "map_title": ("พื้นที่เมืองอัจฉริยะรายจังหวัด", "Smart city areas by province"),
    "map_intro": (
        "สีของแต่ละจังหวัดแสดงจำนวนพื้นที่เมืองอัจฉริยะในจังหวัดนั้น คลิกที่จังหวัดเพื่อเปิดหน้าของจังหวัด",
        "Each province is coloured by the number of smart city areas in it; click a province to open its page.",
    ),
    "legend": ("จำนวนพื้นที่", "Number of areas"),
    "areas": ("พื้นที่", "areas"),
    "batch_filter": ("รอบการรับรอง", "Certification batch"),
    "all_batches": ("ทุกรอบ", "All batches"),
    "map_credit": (
        "ขอบเขตจังหวัด: OCHA และ mapthai (Piyayut Chitchumnong) จาก W. J. Reynolds, Thailand Canonical Administrative-Names"
        " Reference v1.0.0 ภายใต้สัญญาอนุญาตของต้นทาง (ดูแหล่งที่มา)",
        "Province boundaries: OCHA and mapthai (Piyayut Chitchumnong), as bundled in W. J. Reynolds, Thailand Canonical"
        " Administrative-Names Reference v1.0.0, under their upstream licences (see the source).",
    ),
    "provinces_with_areas": ("จังหวัดที่มีพื้นที่เมืองอัจฉริยะ", "Provinces with smart city areas"),
    "per_batch": ("พื้นที่ตามรอบการรับรอง", "Areas per certification batch"),
    "per_region": ("พื้นที่ตามภาค", "Areas per region"),
    "per_dimension": ("พื้นที่ตามด้านของเมืองอัจฉริยะ", "Areas per smart city dimension"),
    "per_province": ("พื้นที่ตามจังหวัด", "Areas per province"),
    "no_dimension": (
        "ยังไม่มีแหล่งที่มาใดระบุด้านของเมืองอัจฉริยะของแต่ละพื้นที่ จึงยังนับไม่ได้",
        "No source states the smart city dimensions of any area yet, so there is nothing to count.",
    ),
    "search_help": (
        "ค้นหาด้วยคำภาษาไทยหรือภาษาอังกฤษ เช่น ระยอง หรือ Phuket",
        "Search with Thai or English words, such as ระยอง or Phuket.",
    ),
    "results": ("ผลการค้นหา", "Results"),
    "no_results": ("ไม่พบสิ่งที่ค้นหา", "Nothing found."),
    "needs_js": ("การค้นหาต้องใช้ JavaScript", "Search needs JavaScript."),
    "ontology_doc": ("เอกสารประกอบออนโทโลยี", "Ontology documentation"),
    "classes": ("คลาส", "Classes"),
    "property_list": ("พร็อพเพอร์ตี", "Properties"),
    "constraints": ("เงื่อนไขตรวจสอบ (SHACL)", "Constraints (SHACL)"),
    "examples": ("ตัวอย่างจากข้อมูล", "Examples from the data"),
    "alignments": ("การเทียบกับคำศัพท์มาตรฐาน", "Alignments to standard vocabularies"),
    "subclass_of": ("เป็นคลาสย่อยของ", "Subclass of"),
    "subproperty_of": ("เป็นพร็อพเพอร์ตีย่อยของ", "Subproperty of"),
    "narrower": ("คลาสย่อย", "Subclasses"),
    "narrower_properties": ("พร็อพเพอร์ตีย่อย", "Subproperties"),
    "domain": ("โดเมน", "Domain"),
    "range": ("เรนจ์", "Range"),
    "used_by": ("พร็อพเพอร์ตีของคลาสนี้", "Properties of this class"),
    "in_data": ("จำนวนในข้อมูล", "In the data"),
    "path": ("พร็อพเพอร์ตี", "Property"),
    "cardinality": ("จำนวนค่า", "Values"),
    "value_type": ("ชนิดของค่า", "Value"),
    "rule": ("ข้อกำหนด", "Rule"),
    "schemes": ("ชุดแนวคิด SKOS", "SKOS concept schemes"),
    "notation": ("รหัส", "Notation"),
    "concept": ("แนวคิด", "Concept"),
    "definition": ("นิยาม", "Definition"),
    "top_concept": ("แนวคิดระดับบนสุด", "top concept"),
    "version": ("รุ่น", "Version"),
    "issued": ("วันที่เผยแพร่", "Issued"),
    "modified": ("วันที่แก้ไข", "Modified"),
    "creator": ("ผู้สร้าง", "Creator"),
    "changes": ("บันทึกการเปลี่ยนแปลง", "Changes"),
    "prefixes": ("คำนำหน้าเนมสเปซ", "Namespace prefixes"),
    "thai": ("ไทย", "Thai"),
    "english": ("อังกฤษ", "English"),
    "kind_class": ("คลาส", "class"),
    "kind_object": ("พร็อพเพอร์ตีเชิงวัตถุ", "object property"),
    "kind_datatype": ("พร็อพเพอร์ตีเชิงข้อมูล", "datatype property"),
    "kind_annotation": ("พร็อพเพอร์ตีคำอธิบาย", "annotation property"),
    "term_page": ("หน้าของคำนี้", "page of this term"),
    "relation": ("ความสัมพันธ์", "relation"),
    "outside_term": ("คำศัพท์ภายนอก", "outside term"),
    "none": ("ไม่มี", "none"),
}


def site_texts(lang: str) -> dict[str, str]:

    index = LANGUAGES.index(lang)
    return texts(lang) | {key: pair[index] for key, pair in MESSAGES.items()}
