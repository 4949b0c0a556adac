"""The one IRI policy and prefix map of the project: the policy declared in ontology/iri-policy.toml, the prefixes of the context.

Things are `<base>id/<kind>/<key>`, ontology terms `<base>def/<Term>`, shapes `<base>def/shapes/<Shape>`.
Prefixes come from ontology/context.jsonld, the single declaration of the YAML -> RDF mapping, so the
build, the serializers and the queries all use the same names.
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from smartcity_kg.core import datafile

DEFAULT_BASE = "https://w3id.org/thai-smart-city/"

# The kinds of things, the form of their keys and the classes of each: ontology/iri-policy.toml, read once, when
# first needed (so that `--help` reads nothing). It is the policy of this code's repository, as the code is.
POLICY_FILE = "iri-policy.toml"
POLICY_PATH = Path(__file__).resolve().parents[3] / "ontology" / POLICY_FILE
POLICY_LABEL = "ontology/" + POLICY_FILE
# The layers a kind may belong to besides the main one; a build without the gazetteer does not check references to its kinds.
LAYERS = ("gazetteer",)
KIND_NAME = re.compile(r"[a-z][a-z0-9-]*")
CLASS_NAME = re.compile(r"[a-z][a-z0-9]*:[A-Z][A-Za-z0-9]*")
PROPERTY_NAME = re.compile(r"[a-z][a-z0-9]*:[a-z][A-Za-z0-9]*")
KIND_KEYS = {
    "key": "a form of [keys]",
    "classes": "classes of ontology/smartcity.ttl whose instances have this kind",
    "properties": "properties whose values are IRIs of this kind",
    "layer": f"{' or '.join(LAYERS)}, if only that layer defines things of this kind",
}


@dataclass(frozen=True)
class Kind:
    """A kind of thing, whose IRIs are <base>id/<name>/<key>."""

    name: str
    key: str
    """The regular expression every key matches in full."""
    form: str
    """The name of that form in [keys] (`curator`, `iso3166-2`)."""
    classes: tuple[str, ...] = ()
    """The classes (compact IRIs: `tsc:SmartCityArea`) whose instances have IRIs of this kind."""
    properties: tuple[str, ...] = ()
    """The properties (compact IRIs: `tsc:district`) whose values are IRIs of this kind, checked by form only."""
    layer: str = ""
    """"gazetteer" when only that layer defines things of this kind; "" for the main layer."""


def read_policy(path: Path = POLICY_PATH, label: str = POLICY_LABEL) -> dict[str, Kind]:
    """The kinds of ontology/iri-policy.toml, by name; a wrong entry is a DataError at its line."""
    source = datafile.read(path, label)
    datafile.only_keys(source, (), source.data, {"keys": "the forms of keys", "kinds": "the kinds of things"}, ("keys", "kinds"))
    forms: dict[str, str] = {}
    for name, value in datafile.table_of(source, ("keys",), source.data["keys"]).items():
        pattern = datafile.string_of(source, ("keys", name), value)
        try:
            compiled = re.compile(pattern)
        except re.error as error:
            raise source.error(("keys", name), f"the key form {name} is not a regular expression: {error}") from error
        if compiled.groups:
            raise source.error(("keys", name), f"the key form {name} has a capturing group; write (?:...) instead")
        if not pattern or compiled.fullmatch(""):
            raise source.error(("keys", name), f"the key form {name} matches the empty key")
        forms[name] = pattern
    kinds: dict[str, Kind] = {}
    for name, value in datafile.table_of(source, ("kinds",), source.data["kinds"]).items():
        where = ("kinds", name)
        if not KIND_NAME.fullmatch(name):
            raise source.error(where, f"the kind {name!r} is not lower-case letters, digits and hyphens")
        entry = datafile.table_of(source, where, value)
        datafile.only_keys(source, where, entry, KIND_KEYS, ("key",))
        form = datafile.string_of(source, (*where, "key"), entry["key"])
        if form not in forms:
            raise source.error(
                (*where, "key"),
                f"the kind {name} has the key form {form!r}, which [keys] does not define",
                hint=f"one of {', '.join(forms)}",
            )
        classes = datafile.strings_of(source, (*where, "classes"), entry.get("classes", []))
        properties = datafile.strings_of(source, (*where, "properties"), entry.get("properties", []))
        for cls in classes:
            if not CLASS_NAME.fullmatch(cls):
                raise source.error((*where, "classes"), f"the class {cls!r} of {name} is not a compact IRI of a class (tsc:SmartCityArea)")
        for prop in properties:
            if not PROPERTY_NAME.fullmatch(prop):
                raise source.error(
                    (*where, "properties"), f"the property {prop!r} of {name} is not a compact IRI of a property (tsc:district)"
                )
        layer = datafile.string_of(source, (*where, "layer"), entry.get("layer", ""))
        if layer and layer not in LAYERS:
            raise source.error((*where, "layer"), f"the kind {name} is in the layer {layer!r}; the only other layer is {', '.join(LAYERS)}")
        kinds[name] = Kind(name, forms[form], form, classes, properties, layer)
    if not kinds:
        raise source.error(("kinds",), "the policy declares no kind")
    return kinds


@lru_cache(maxsize=1)
def policy() -> dict[str, Kind]:
    """The kinds of the IRI policy, read once."""
    return read_policy()


def kinds() -> dict[str, str]:
    """Kind -> the regular expression its keys match in full."""
    return {name: kind.key for name, kind in policy().items()}


def gazetteer_kinds() -> tuple[str, ...]:
    """The kinds defined in the gazetteer layer (seeds/gazetteer/); a build without it does not check references to them."""
    return tuple(name for name, kind in policy().items() if kind.layer == "gazetteer")


CONTEXT_FILE = "context.jsonld"


def id_base(base: str) -> str:
    """The base that relative ids in YAML (`area/x`) resolve against."""
    return base + "id/"


def def_base(base: str) -> str:
    return base + "def/"


def document_context(context: dict[str, Any], base: str) -> list[Any]:
    """The `@context` of every JSON-LD document written here (dump, query, serve, site): the context itself and
    `<base>id/` as the base of relative ids.

    Embedded, not referred to as <base>context.jsonld or by a relative reference, so that a document parses
    offline wherever it lies: of the default document loaders only rdflib's reads file: URLs; PyLD's is
    requests' (http and https) or, without requests and aiohttp (as in requirements.lock), none at all; the
    node loader of jsonld.js takes http and https only. graph/context.jsonld stays the published context.
    """
    return [context, {"@base": id_base(base)}]


def rebase(text: str, base: str) -> str:
    """Move a hand-edited file (ontology, shapes, context) from the default base to `base`.

    Shapes also hold the base inside regular expressions, written in Turtle with escaped dots
    (`w3id\\.org`); those are moved too.
    """
    if base == DEFAULT_BASE:
        return text

    def escaped(value: str) -> str:
        return value.replace(".", "\\\\.")

    return text.replace(DEFAULT_BASE, base).replace(escaped(DEFAULT_BASE), escaped(base))


def parse_local_id(value: str) -> tuple[str, str] | None:
    """`area/nakhon-rayong` -> ("area", "nakhon-rayong"); None if not of the form kind/key."""
    kind, sep, key = value.partition("/")
    if not sep or kind not in policy():
        return None
    return kind, key


def check_local_id(value: str) -> str | None:
    """Why `value` is not a valid `kind/key` id, or None if it is."""
    kind, sep, key = value.partition("/")
    if not sep:
        return f"'{value}' is not of the form kind/key (for example area/nakhon-rayong)"
    known = kinds()
    if kind not in known:
        return f"unknown kind '{kind}' in '{value}'; known kinds: {', '.join(sorted(known))}"
    if not re.fullmatch(known[kind], key):
        return f"the key '{key}' of '{value}' does not have the form {kind} keys have ({known[kind]})"
    return None


# RFC 3986, appendix B: the scheme is what precedes the first ':' when no '/', '?' or '#' comes before it.
SCHEME_PART = re.compile(r"([^:/?#]*):")
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
# Outside IRIs in the seeds are web addresses (or compact IRIs of the context's prefixes).
WEB_SCHEMES = ("http", "https")
# The ASCII characters RFC 3987 allows in an IRI: unreserved, reserved (gen- and sub-delims), and % of a %XX.
IRI_ASCII = frozenset(string.ascii_letters + string.digits + "-._~" + ":/?#[]@" + "!$&'()*+,;=" + "%")


def scheme_of(value: str) -> str | None:
    """The scheme (or prefix) part of `value`, or None when it is a relative reference."""
    match = SCHEME_PART.match(value)
    return match[1] if match else None


def iri_error(value: str) -> str | None:
    """Why `value` is not an absolute IRI (RFC 3987, as pyoxigraph parses it), or None if it is one.

    pyoxigraph's JSON-LD parser drops, without a word, any statement whose IRI fails this.
    """
    from pyoxigraph import NamedNode

    try:
        NamedNode(value)
    except ValueError as error:
        return str(error)
    return None


def iri_character(char: str) -> bool:
    """Whether RFC 3987 allows `char` in an IRI (as ucschar; the private-use iprivate only in a query, not counted here)."""
    point = ord(char)
    if point < 0x80:
        return char in IRI_ASCII
    return (
        0xA0 <= point <= 0xD7FF
        or 0xF900 <= point <= 0xFDCF
        or 0xFDF0 <= point <= 0xFFEF
        or (0x10000 <= point < 0xE0000 and point & 0xFFFF <= 0xFFFD)
        or (0xE1000 <= point <= 0xEFFFD)
    )


def invalid_positions(value: str) -> list[int]:
    """Where `value` has a character RFC 3987 does not allow there: one of no IRI, a stray % (not %XX), a [ or ]
    outside the host (they enclose IPv6 addresses), a second #."""
    authority = re.match(r"[^:/?#]*:(?://[^/?#]*)?", value)
    after_host = authority.end() if authority else 0
    fragment = value.find("#")
    return [
        index
        for index, char in enumerate(value)
        if (char == "%" and not re.fullmatch(r"[0-9A-Fa-f]{2}", value[index + 1 : index + 3]))
        or not iri_character(char)
        or (char in "[]" and index >= after_host)
        or (char == "#" and 0 <= fragment < index)
    ]


def percent_encode_invalid(value: str) -> str:
    """`value` with each character of `invalid_positions` percent-encoded (as UTF-8): the IRI a curator meant."""
    chars = list(value)
    for index in invalid_positions(value):
        chars[index] = "".join(f"%{byte:02X}" for byte in value[index].encode("utf-8"))
    return "".join(chars)


def first_invalid(value: str) -> str | None:
    """The first character of `invalid_positions`, described; None if there is none."""
    found = invalid_positions(value)
    if not found:
        return None
    char = value[found[0]]
    return "a '%' not followed by two hexadecimal digits" if char == "%" else f"{char!r} (U+{ord(char):04X})"


@lru_cache(maxsize=8)
def _load_context(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        document: dict[str, Any] = json.load(handle)
    return document


def load_context(ontology_dir: Path, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """The JSON-LD context object (the value of "@context"), moved to `base`."""
    document = _load_context(ontology_dir / CONTEXT_FILE)
    if base == DEFAULT_BASE:
        return dict(document["@context"])
    moved: dict[str, Any] = json.loads(rebase(json.dumps(document), base))["@context"]
    return moved


def prefixes(context: dict[str, Any]) -> dict[str, str]:
    """Prefix -> namespace IRI: the simple terms of the context whose IRI ends in / or #."""
    return {
        name: value for name, value in context.items() if isinstance(value, str) and not name.startswith("@") and value.endswith(("/", "#"))
    }


def expand(value: str, prefixes: dict[str, str]) -> str:
    """A compact IRI (prefix:local) in full; anything else (a full IRI, an unknown prefix) as it is."""
    prefix, sep, local = value.partition(":")
    namespace = prefixes.get(prefix) if sep else None
    if namespace is not None and not local.startswith("//"):
        return namespace + local
    return value


def compact(value: str, prefixes: dict[str, str]) -> str:
    """An IRI as prefix:local with the longest namespace that fits (tscsh: before tsc:), or as it is."""
    best, length = value, 0
    for prefix, namespace in prefixes.items():
        if value.startswith(namespace) and len(namespace) > length:
            best, length = f"{prefix}:{value[len(namespace) :]}", len(namespace)
    return best
