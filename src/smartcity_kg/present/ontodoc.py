"""The ontology documentation of the static site, read from graph/ontology.ttl and graph/shapes.ttl.

Every class and property of the ontology with its Thai and English labels and comments, where it sits
(superclasses, subproperties, domain, range), its alignments to outside vocabularies, the constraints the
SHACL shapes put on it (cardinality, value type, pattern, the message a curator gets), how often the data
uses it and a few examples from the data; and the SKOS concept schemes of the data (the smart city
dimensions, the batches, ...) with their concepts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from smartcity_kg.core import iri
from smartcity_kg.rdf.query import select_rows

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph
    from rdflib.term import Node

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SH = "http://www.w3.org/ns/shacl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", SKOS + "prefLabel", "http://purl.org/dc/terms/title")
EXAMPLES = 5


@dataclass
class Text:
    """A text in Thai and English (either may be missing)."""

    th: str = ""
    en: str = ""

    def get(self, lang: str) -> str:
        return (self.th or self.en) if lang == "th" else (self.en or self.th)


@dataclass(frozen=True)
class Ref:
    """A link to a term or a thing: `href` is a server path (/def/X, /doc/...) or an outside IRI."""

    text: str
    href: str
    iri: str
    outside: bool = False


@dataclass
class Constraint:
    """One property shape, as a row of a table."""

    path: Ref
    cardinality: str
    value: list[Ref | str] = field(default_factory=list)
    message: Text = field(default_factory=Text)
    shape: str = ""


@dataclass
class Term:
    iri: str
    compact: str
    anchor: str
    kind: str
    """class, object, datatype or annotation (property)."""
    label: Text
    comment: Text
    parents: list[Ref] = field(default_factory=list)
    children: list[Ref] = field(default_factory=list)
    domain: list[Ref] = field(default_factory=list)
    range: list[Ref] = field(default_factory=list)
    properties: list[Ref] = field(default_factory=list)
    """For a class: the properties whose domain it is."""
    constraints: list[Constraint] = field(default_factory=list)
    rules: list[Text] = field(default_factory=list)
    """Node-level rules of the class's shape (its sh:message)."""
    count: int = 0
    """Instances of a class, statements with a property, in the data."""
    examples: list[tuple[Ref, Ref | str | None]] = field(default_factory=list)
    """A class: (instance, None); a property: (subject, value)."""


@dataclass
class Concept:
    ref: Ref
    notation: str
    labels: Text
    definition: Text
    top: bool


@dataclass
class Scheme:
    ref: Ref
    labels: Text
    concepts: list[Concept]


@dataclass
class Alignment:
    term: Ref
    relation: str
    outside: Ref


@dataclass
class Documentation:
    title: Text
    description: Text
    iri: str
    version: str
    issued: str
    modified: str
    licence: str
    creator: Text
    """The name of the agent dcterms:creator names (the ontology describes it), in Thai and English."""
    changes: list[str]
    classes: list[Term]
    properties: list[Term]
    alignments: list[Alignment]
    schemes: list[Scheme]
    prefixes: list[tuple[str, str]]


class Namer:
    """Compact names and links of IRIs, and labels (of terms, from the ontology; of things, from the data)."""

    def __init__(self, base: str, prefixes: dict[str, str], ontology: Graph, labels: dict[str, Text], lang: str) -> None:
        self.base = base
        self.lang = lang
        self.prefixes = prefixes
        self.ontology = ontology
        self.labels = labels

    def compact(self, value: str) -> str:
        return iri.compact(value, self.prefixes)

    def own(self, value: str) -> bool:
        return value.startswith(iri.def_base(self.base))

    def href(self, value: str) -> str:
        if value.startswith(iri.id_base(self.base)):
            return "/doc/" + value[len(iri.id_base(self.base)) :]
        if self.own(value):
            return "#" + anchor(value, self.base)
        return value

    def ref(self, value: str) -> Ref:
        """A thing, by its label in the page's language."""
        text = self.labels[value].get(self.lang) if value in self.labels else self.compact(value)
        return Ref(text or self.compact(value), self.href(value), value, outside=not value.startswith(self.base))

    def term_ref(self, value: str) -> Ref:
        """Terms are shown by compact name (tsc:SmartCityArea), which reads the same in both languages."""
        return Ref(self.compact(value), self.href(value), value, outside=not value.startswith(self.base))


def anchor(value: str, base: str) -> str:
    local = value[len(iri.def_base(base)) :]
    return local.replace("/", "-") or "ontology"


def creator(ontology: Graph, header: Node) -> Text:
    """The labels of the ontology's creator, an agent (dcterms:creator has the range dcterms:Agent)."""
    from rdflib import URIRef

    agent = ontology.value(header, URIRef("http://purl.org/dc/terms/creator"))
    return texts(ontology, agent, RDFS + "label") if agent is not None else Text()


def texts(graph: Graph, subject: Node, predicate: str) -> Text:
    from rdflib import Literal, URIRef

    found = Text()
    for value in sorted(graph.objects(subject, URIRef(predicate)), key=str):
        if isinstance(value, Literal):
            if value.language == "th" and not found.th:
                found.th = str(value)
            elif value.language in ("en", None) and not found.en:
                found.en = str(value)
    return found


def document(ontology: Graph, shapes: Graph, store: pyoxigraph.Store, base: str, prefixes: dict[str, str], lang: str) -> Documentation:
    """The documentation of the ontology, with counts and examples from `store` (the data, union default graph)."""
    from rdflib import BNode, Literal, URIRef

    def_base = iri.def_base(base)
    data_labels = labels_in(store)
    term_labels = {str(s): texts(ontology, s, RDFS + "label") for s in set(ontology.subjects()) if isinstance(s, URIRef)}
    namer = Namer(base, prefixes, ontology, {**data_labels, **term_labels}, lang)
    header = URIRef(def_base)

    def objects(subject: Node, predicate: str) -> list[str]:
        return sorted(str(o) for o in ontology.objects(subject, URIRef(predicate)) if isinstance(o, URIRef))

    def subjects(predicate: str, value: str) -> list[str]:
        return sorted(str(s) for s in ontology.subjects(URIRef(predicate), URIRef(value)) if isinstance(s, URIRef))

    kinds = {OWL + name: kind for name, kind in (("Class", "class"), ("ObjectProperty", "object"), ("DatatypeProperty", "datatype"))}
    kinds[OWL + "AnnotationProperty"] = "annotation"
    terms: dict[str, Term] = {}
    for type_iri, kind in kinds.items():
        for subject in subjects(RDF + "type", type_iri):
            if not namer.own(subject) or subject in terms:
                continue
            node = URIRef(subject)
            terms[subject] = Term(
                iri=subject,
                compact=namer.compact(subject),
                anchor=anchor(subject, base),
                kind=kind,
                label=texts(ontology, node, RDFS + "label"),
                comment=texts(ontology, node, RDFS + "comment"),
            )
    alignments = []
    for term in terms.values():
        node = URIRef(term.iri)
        relation = RDFS + ("subClassOf" if term.kind == "class" else "subPropertyOf")
        term.parents = [namer.term_ref(p) for p in objects(node, relation)]
        term.children = [namer.term_ref(c) for c in subjects(relation, term.iri) if c in terms]
        term.domain = [namer.term_ref(d) for d in objects(node, RDFS + "domain")]
        term.range = [namer.term_ref(r) for r in objects(node, RDFS + "range")]
        for parent in term.parents:
            if parent.outside:
                alignments.append(Alignment(namer.term_ref(term.iri), namer.compact(relation), parent))
    for term in terms.values():
        for domain in term.domain:
            if domain.iri in terms:
                terms[domain.iri].properties.append(namer.term_ref(term.iri))
    add_constraints(terms, shapes, namer)
    add_usage(terms, store, namer)

    classes = sorted((t for t in terms.values() if t.kind == "class"), key=lambda t: t.compact)
    properties = sorted((t for t in terms.values() if t.kind != "class"), key=lambda t: t.compact)

    def literal(predicate: str) -> str:
        value = ontology.value(header, URIRef(predicate))
        return str(value) if isinstance(value, Literal | URIRef) and not isinstance(value, BNode) else ""

    return Documentation(
        title=texts(ontology, header, "http://purl.org/dc/terms/title"),
        description=texts(ontology, header, "http://purl.org/dc/terms/description"),
        iri=def_base,
        version=literal(OWL + "versionInfo"),
        issued=literal("http://purl.org/dc/terms/issued"),
        modified=literal("http://purl.org/dc/terms/modified"),
        licence=literal("http://purl.org/dc/terms/license"),
        creator=creator(ontology, header),
        changes=sorted(str(o) for o in ontology.objects(header, URIRef(SKOS + "changeNote"))),
        classes=classes,
        properties=properties,
        alignments=sorted(alignments, key=lambda a: (a.term.text, a.outside.text)),
        schemes=concept_schemes(store, namer),
        prefixes=sorted(prefixes.items()),
    )


def labels_in(store: pyoxigraph.Store) -> dict[str, Text]:
    """Labels of every thing in the data, in Thai and English."""
    found: dict[str, Text] = defaultdict(Text)
    values = " ".join(f"<{p}>" for p in LABELS)
    query = f"SELECT ?s ?label WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?label FILTER(isIRI(?s)) }} ORDER BY ?s ?p ?label"
    for row in select_rows(store, query):
        label = row["label"]
        text = found[row["s"].value]
        if label.language == "th" and not text.th:
            text.th = label.value
        elif label.language in ("en", None) and not text.en:
            text.en = label.value
    return dict(found)


def add_constraints(terms: dict[str, Term], shapes: Graph, namer: Namer) -> None:
    """The property shapes of each class's node shape, and of the shapes that target a property's subjects."""
    from rdflib import BNode, Literal, URIRef
    from rdflib.collection import Collection

    sh = {name: URIRef(SH + name) for name in ("targetClass", "targetSubjectsOf", "property", "path", "minCount", "maxCount")}
    sh |= {name: URIRef(SH + name) for name in ("class", "datatype", "nodeKind", "pattern", "in", "languageIn", "hasValue", "message")}
    sh |= {name: URIRef(SH + name) for name in ("not", "node", "or", "sparql", "uniqueLang", "minLength", "maxLength")}

    def describe(shape: Node, node_shape: Node) -> Constraint | None:
        path = shapes.value(shape, sh["path"])
        if not isinstance(path, URIRef):
            return None
        low, high = shapes.value(shape, sh["minCount"]), shapes.value(shape, sh["maxCount"])
        cardinality = f"{low if low is not None else 0}..{high if high is not None else '*'}"
        values: list[Ref | str] = []
        for key in ("class", "datatype"):
            for value in sorted(shapes.objects(shape, sh[key]), key=str):
                values.append(namer.term_ref(str(value)))
        for value in shapes.objects(shape, sh["nodeKind"]):
            values.append(namer.compact(str(value)))
        for key in ("in", "languageIn"):
            for value in shapes.objects(shape, sh[key]):
                items = [str(v) for v in Collection(shapes, value)] if isinstance(value, BNode) else [str(value)]
                values.append(("language " if key == "languageIn" else "") + "{" + ", ".join(items) + "}")
        for value in shapes.objects(shape, sh["hasValue"]):
            values.append("= " + (namer.compact(str(value)) if isinstance(value, URIRef) else str(value)))
        for value in shapes.objects(shape, sh["pattern"]):
            values.append("pattern " + str(value))
        if (shape, sh["uniqueLang"], Literal(True)) in shapes:
            values.append("one per language")
        for key in ("not", "node", "or", "sparql"):
            if (shape, sh[key], None) in shapes:
                values.append({"not": "not", "node": "shape", "or": "one of", "sparql": "SPARQL check"}[key])
        message = texts(shapes, shape, SH + "message")
        return Constraint(namer.term_ref(str(path)), cardinality, values, message, namer.compact(str(node_shape)))

    for node_shape in sorted(set(shapes.subjects(sh["targetClass"], None)) | set(shapes.subjects(sh["targetSubjectsOf"], None)), key=str):
        constraints = [c for c in (describe(ps, node_shape) for ps in shapes.objects(node_shape, sh["property"])) if c is not None]
        constraints.sort(key=lambda c: (c.path.text, c.cardinality, [str(v) for v in c.value], c.message.en))
        for target in sorted(str(c) for c in shapes.objects(node_shape, sh["targetClass"])):
            if target in terms:
                terms[target].constraints += constraints
                rule = texts(shapes, node_shape, SH + "message")
                if rule.en or rule.th:
                    terms[target].rules.append(rule)
        if (node_shape, sh["targetSubjectsOf"], None) in shapes:
            for constraint in constraints:
                if constraint.path.iri in terms:
                    terms[constraint.path.iri].constraints.append(constraint)


def add_usage(terms: dict[str, Term], store: pyoxigraph.Store, namer: Namer) -> None:
    """How often the data uses each term, and the first few examples (by IRI)."""
    import pyoxigraph as ox

    for term in terms.values():
        node = f"<{term.iri}>"
        if term.kind == "class":
            query = f"SELECT DISTINCT ?s WHERE {{ ?s a {node} FILTER(isIRI(?s)) }} ORDER BY ?s"
            found = [row["s"].value for row in select_rows(store, query)]
            term.count = len(found)
            term.examples = [(namer.ref(s), None) for s in found[:EXAMPLES]]
            continue
        query = f"SELECT DISTINCT ?s ?o WHERE {{ ?s {node} ?o FILTER(isIRI(?s)) }} ORDER BY ?s ?o"
        rows = select_rows(store, query)
        term.count = len(rows)
        examples: list[tuple[Ref, Ref | str | None]] = []
        for row in rows[: EXAMPLES - 2]:
            value: Any = row["o"]
            shown: Ref | str = namer.ref(value.value) if isinstance(value, ox.NamedNode) else value.value
            examples.append((namer.ref(row["s"].value), shown))
        term.examples = examples


def concept_schemes(store: pyoxigraph.Store, namer: Namer) -> list[Scheme]:
    """The SKOS concept schemes of the data and their concepts, by notation then IRI."""
    query = f"""SELECT ?scheme ?concept ?notation ?top WHERE {{
  ?scheme a <{SKOS}ConceptScheme> .
  OPTIONAL {{ ?concept <{SKOS}inScheme> ?scheme . OPTIONAL {{ ?concept <{SKOS}notation> ?notation }}
             BIND(EXISTS {{ ?concept <{SKOS}topConceptOf> ?scheme }} AS ?top) }}
}} ORDER BY ?scheme ?notation ?concept"""
    definitions: dict[str, Text] = defaultdict(Text)
    for row in select_rows(store, f"SELECT ?c ?d WHERE {{ ?c <{SKOS}definition> ?d }} ORDER BY ?c ?d"):
        text = definitions[row["c"].value]
        if row["d"].language == "th" and not text.th:
            text.th = row["d"].value
        elif row["d"].language != "th" and not text.en:
            text.en = row["d"].value
    schemes: dict[str, Scheme] = {}
    for row in select_rows(store, query):
        scheme_iri = row["scheme"].value
        scheme = schemes.get(scheme_iri)
        if scheme is None:
            scheme = schemes[scheme_iri] = Scheme(namer.ref(scheme_iri), namer.labels.get(scheme_iri, Text()), [])
        if row["concept"] is None:
            continue
        concept_iri = row["concept"].value
        if any(c.ref.iri == concept_iri for c in scheme.concepts):
            continue
        notation = row["notation"].value if row["notation"] is not None else ""
        top = row["top"] is not None and row["top"].value == "true"
        labels = namer.labels.get(concept_iri, Text())
        scheme.concepts.append(Concept(namer.ref(concept_iri), notation, labels, definitions.get(concept_iri, Text()), top))
    return sorted(schemes.values(), key=lambda s: s.ref.iri)
