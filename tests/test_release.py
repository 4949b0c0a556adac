"""`smartcity-kg release`: a release recorded from graph/, its changelog, the breaking-change check of every build,
the DCAT 3 version chain, and diffs of release versions. The expectations are the changes the `released` fixture
makes (tests/conftest.py), written out here by hand."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

from smartcity_kg.core import releases

from .conftest import BASE, ID, RELEASES, ROOT, git, snapshot
from .test_metadata import dcat_ap_shapes

DCAT = Namespace("http://www.w3.org/ns/dcat#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # a plain namespace: pytest probes module attributes
DATASET = URIRef(ID + "dataset/thai-smart-city")
TSC = BASE + "def/"

Cli = Callable[..., subprocess.CompletedProcess[str]]

# The `released` fixture cuts two releases (four builds, about 15 s): these run in the whole suite, not the fast tier.
slow = pytest.mark.slow


def release_of(root: Path, version: str) -> releases.Release:
    found = releases.find(root, version)
    assert found is not None, f"no release {version} in {root}"
    return found


# --- what a release records ----------------------------------------------------------------------------------


@slow
def test_a_release_records_the_files_of_graph_as_git_knows_them(released: Path) -> None:
    """1.1.0 is graph/ now: each file's size and SHA-256, and the blob id git gives it (git hash-object)."""
    release = release_of(released, "1.1.0")
    assert {"smartcity.nq", "smartcity.nq.gz", "gazetteer.nq.gz", "smartcity.ttl", "ontology.ttl", "exports/areas.csv"} <= set(
        release.files
    )
    assert "void.ttl" not in release.files  # it describes the releases, so it changes when one is cut
    for name, recorded in release.files.items():
        data = (released / "graph" / name).read_bytes()
        assert (recorded.size, recorded.sha256) == (len(data), hashlib.sha256(data).hexdigest()), name
        assert recorded.blob == git(released, "hash-object", f"graph/{name}"), name
    assert (release.version, release.date, release.previous) == ("1.1.0", RELEASES["1.1.0"][0], "1.0.0")
    assert (release.notes.th, release.notes.en) == RELEASES["1.1.0"][1:]
    assert [(r.id, r.why) for r in release.notes.removed] == [("programme/smart-city-ambassadors", "a test: no source names it any more")]
    assert not (released / "releases" / "next.toml").exists()  # its notes and removals are the release's now


@slow
def test_the_files_of_an_earlier_release_come_from_git_checked_by_sha256(released: Path) -> None:
    first = release_of(released, "1.0.0")
    nquads = releases.file_bytes(first, "smartcity.nq", released)
    assert nquads is not None and hashlib.sha256(nquads).hexdigest() == first.files["smartcity.nq"].sha256
    assert nquads != (released / "graph" / "smartcity.nq").read_bytes()  # graph/ moved on: this came from git
    assert b"area/mae-moh>" in nquads and b"programme/smart-city-ambassadors>" in nquads
    assert releases.file_bytes(first, "no-such-file.nq", released) is None


@slow
def test_the_ids_a_release_held_are_recorded_with_their_layer(released: Path) -> None:
    first, second = release_of(released, "1.0.0").entities(), release_of(released, "1.1.0").entities()
    assert first["area/mae-moh"] == "main" and first["district/1001"] == "gazetteer" and first["subdistrict/100101"] == "gazetteer"
    assert "programme/smart-city-ambassadors" in first and "programme/smart-city-ambassadors" not in second
    assert "area/mae-moh" in second  # still a subject: dcterms:isReplacedBy its successor
    assert set(first) - set(second) == {"programme/smart-city-ambassadors"}
    assert set(second) - set(first) == {"area/mae-moh-livable"}


# --- the changelog -------------------------------------------------------------------------------------------


@slow
def test_the_first_release_has_no_changes_only_what_it_holds(released: Path) -> None:
    first = release_of(released, "1.0.0")
    assert first.changelog() is None
    text = (first.folder / "changelog.md").read_text(encoding="utf-8")
    assert text.startswith("# Release 1.0.0 (2026-12-01)\n")
    assert "รุ่นแรกของข้อมูล" in text and "The first release of the data." in text
    assert "| `province` | 77 |" in text and "| `district` | 928 |" in text and "| `subdistrict` | 7,436 |" in text


@slow
def test_the_changelog_of_1_1_0_is_the_entity_diff_of_the_known_changes(released: Path) -> None:
    changelog = release_of(released, "1.1.0").changelog()
    assert changelog is not None and set(changelog) == {"added", "removed", "changed"}
    assert changelog["added"] == []  # the successor is reported as such, not as an addition
    assert changelog["removed"] == [
        {
            "iri": ID + "programme/smart-city-ambassadors",
            "class": [TSC + "Programme"],
            "label": {"th": "นักดิจิทัลพัฒนาเมืองรุ่นใหม่", "en": "Smart City Ambassadors"},
        }
    ]
    entries = changelog["changed"]
    assert isinstance(entries, list)
    changed = {entry["iri"]: entry for entry in entries}
    successor = changed[ID + "area/mae-moh-livable"]
    assert successor["how"] == "successor" and successor["previous"]["iri"] == ID + "area/mae-moh"
    assert successor["label"] == {"th": "แม่เมาะเมืองน่าอยู่", "en": "Mae Moh Livable City"}
    assert successor["added"] == {} and successor["removed"] == {}  # the same statements under the new IRI
    retitled = changed[ID + "area/khon-kaen"]
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    graph = ID + "source/reference-smart-city-areas"
    assert retitled["removed"] == {label: [{"object": '"Khon Kaen Smart City"@en', "graph": graph}]}
    assert retitled["added"] == {label: [{"object": '"Khon Kaen Smart City (renamed in 1.1.0)"@en', "graph": graph}]}
    predecessor = changed[ID + "area/mae-moh"]
    assert predecessor["added"] == {"http://purl.org/dc/terms/isReplacedBy": [{"object": f"<{ID}area/mae-moh-livable>", "graph": graph}]}
    # What referred to the old IRI refers to the new one.
    assert changed[ID + "decision/smart-city-projects-1-2564-logo"]["added"] == {
        TSC + "approves": [{"object": f"<{ID}area/mae-moh-livable>", "graph": graph}]
    }
    markdown = (release_of(released, "1.1.0").folder / "changelog.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Release 1.1.0 (2026-12-02)\n\nPrevious release: 1.0.0.\n")
    assert "- `programme/smart-city-ambassadors`: a test: no source names it any more" in markdown
    assert "- changed `area/mae-moh-livable` แม่เมาะเมืองน่าอยู่ / Mae Moh Livable City  (successor of area/mae-moh)" in markdown


@slow
def test_diff_takes_release_versions_and_its_patch_names_the_release(released: Path, cli: Cli) -> None:
    document = cli("diff", "1.0.0", "1.1.0", "--format", "json", cwd=released)
    assert document.returncode == 0, document.stderr
    assert json.loads(document.stdout) == release_of(released, "1.1.0").changelog()
    patch = cli("diff", "1.0.0", "graph", "--format", "rdf-patch", cwd=released)
    assert patch.returncode == 0, patch.stderr
    assert patch.stdout.splitlines()[1] == f"H prev <{ID}dataset/thai-smart-city-1.0.0> ."
    assert f"D <{ID}programme/smart-city-ambassadors> " in patch.stdout


# --- the breaking-change check ----------------------------------------------------------------------------------


@pytest.fixture
def released_copy(released: Path, tmp_path: Path) -> Path:
    """A scratch copy of the `released` repository, its git history included."""
    shutil.copytree(released, tmp_path / "repo", symlinks=True)
    return tmp_path / "repo"


def drop_programme(root: Path, ident: str) -> None:
    path = root / "seeds" / "article" / "programmes.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {ident}\n")
    end = text.find("  - id: ", start + 5)
    path.write_text(text[:start] + (text[end:] if end > 0 else ""), encoding="utf-8")


@slow
def test_a_build_that_drops_an_iri_of_the_last_release_fails_until_the_removal_is_declared(released_copy: Path, cli: Cli) -> None:
    before = snapshot(released_copy / "graph")
    drop_programme(released_copy, "programme/smart-city-leadership-program")
    failed = cli("build", "--quiet", cwd=released_copy)
    assert failed.returncode == 1
    assert (
        "releases/next.toml: error: programme/smart-city-leadership-program: programme/smart-city-leadership-program was in "
        "release 1.1.0 and is gone without a successor" in failed.stderr
    )
    assert "[breaking-change]" in failed.stderr and 'id = "programme/smart-city-leadership-program"' in failed.stderr
    assert snapshot(released_copy / "graph") == before  # nothing written
    (released_copy / "releases" / "next.toml").write_text(
        '[[removed]]\nid = "programme/smart-city-leadership-program"\nwhy = "merged into the capacity-building programme"\n',
        encoding="utf-8",
    )
    built = cli("build", "--quiet", cwd=released_copy)
    assert built.returncode == 0, built.stderr


@slow
@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ("programme/never-released", "programme/never-released is declared removed, but release 1.1.0 did not hold it"),
        ("programme/capacity-building", "programme/capacity-building is declared removed, but the graph still holds it"),
    ],
)
@slow
def test_a_removal_that_is_not_one_is_refused(released_copy: Path, cli: Cli, declared: str, message: str) -> None:
    (released_copy / "releases" / "next.toml").write_text(f'[[removed]]\nid = "{declared}"\nwhy = "?"\n', encoding="utf-8")
    result = cli("validate", "--quiet", cwd=released_copy)
    assert result.returncode == 1 and message in result.stderr


@slow
def test_the_gazetteer_is_not_gone_when_a_build_leaves_its_layer_out(released_copy: Path, cli: Cli, tmp_path: Path) -> None:
    result = cli("build", "--without-gazetteer", "--out", str(tmp_path / "out"), "--quiet", cwd=released_copy)
    assert result.returncode == 0, result.stderr


# --- refusals -------------------------------------------------------------------------------------------------


@slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["v2"], "'v2' is not a version: MAJOR.MINOR.PATCH"),
        (["1.1.0"], "release 1.1.0 exists already"),
        (["1.0.5"], "1.0.5 does not come after the last release, 1.1.0"),
        (["1.2.0", "--date", "2026-11-30"], "2026-11-30 is before the last release's date, 2026-12-02"),
        (["1.2.0", "--notes-en", "only English"], "release 1.2.0 has no notes in th"),
        (["1.2.0", "--without-gazetteer", "--notes-th", "ก", "--notes-en", "e"], "a release holds both layers"),
    ],
)
@slow
def test_a_release_that_cannot_be_cut_as_asked_is_refused_and_nothing_is_recorded(
    released_copy: Path, cli: Cli, args: list[str], message: str
) -> None:
    before = snapshot(released_copy / "releases")
    result = cli("release", *args, "--quiet", cwd=released_copy)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert snapshot(released_copy / "releases") == before


@slow
def test_a_wrong_record_is_refused_at_its_line(released_copy: Path, cli: Cli) -> None:
    record = released_copy / "releases" / "1.1.0" / "release.toml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace('previous = "1.0.0"\n', 'previous = "1.0.0"\ncodename = "x"\n'), encoding="utf-8")
    line = record.read_text(encoding="utf-8").splitlines().index('codename = "x"') + 1
    result = cli("validate", "--quiet", cwd=released_copy)
    assert result.returncode == 1
    assert f"releases/1.1.0/release.toml:{line}: error: unknown key codename" in result.stderr


# --- the version chain in graph/void.ttl ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chain(released: Path) -> Graph:
    return Graph().parse(released / "graph" / "void.ttl", format="turtle")


@slow
def test_the_metadata_holds_the_dcat_3_version_chain(released: Path, chain: Graph) -> None:
    first, second = URIRef(ID + "dataset/thai-smart-city-1.0.0"), URIRef(ID + "dataset/thai-smart-city-1.1.0")
    assert set(chain.objects(DATASET, DCAT.hasVersion)) == {first, second}
    assert chain.value(DATASET, DCAT.hasCurrentVersion) == second
    assert chain.value(DATASET, DCAT.version) is None  # the version-agnostic dataset has none
    assert chain.value(second, DCAT.previousVersion) == first and chain.value(first, DCAT.previousVersion) is None
    for node, version in ((first, "1.0.0"), (second, "1.1.0")):
        date, th, en = RELEASES[version]
        assert chain.value(node, DCAT.version) == Literal(version)
        assert chain.value(node, DCTERMS.issued) == Literal(date, datatype=XSD.date)
        assert set(chain.objects(node, ADMS.versionNotes)) == {Literal(th, lang="th"), Literal(en, lang="en")}
        assert chain.value(node, DCTERMS.isVersionOf) == DATASET
    # Each release's dumps at versioned IRIs, with the checksums releases/ recorded.
    for version in ("1.0.0", "1.1.0"):
        recorded = release_of(released, version).files["smartcity.nq.gz"]
        node = URIRef(f"{ID}distribution/release-{version}-smartcity-nq-gz")
        assert (URIRef(f"{ID}dataset/thai-smart-city-{version}"), DCAT.distribution, node) in chain
        assert chain.value(node, DCAT.downloadURL) == URIRef(f"{BASE}release/{version}/smartcity.nq.gz")
        assert str(chain.value(chain.value(node, SPDX.checksum), SPDX.checksumValue)) == recorded.sha256
    # The entity IRIs stay unversioned: nothing of the data names a release.
    assert b"release/" not in (released / "graph" / "smartcity.nq").read_bytes()


@slow
def test_the_version_chain_conforms_to_the_official_dcat_ap_3_shapes(chain: Graph) -> None:
    import pyshacl

    conforms, _, text = pyshacl.validate(chain, shacl_graph=dcat_ap_shapes(), inference="none", allow_warnings=False)
    assert conforms, text


# --- this repository's releases ---------------------------------------------------------------------------------


def test_this_repository_has_release_1_0_0_of_the_committed_data() -> None:
    first = release_of(ROOT, "1.0.0")
    assert first.previous is None and first.notes.th and first.notes.en
    for name in ("smartcity.nq", "gazetteer.nq.gz"):
        data = releases.file_bytes(first, name, ROOT)  # from graph/ while it holds 1.0.0, else from git
        assert data is not None and hashlib.sha256(data).hexdigest() == first.files[name].sha256


def test_release_1_1_0_adds_exactly_the_facts_of_2023_and_2025() -> None:
    """The changelog of 1.1.0 lists the rows of batches 3 and 4 of smart_city_areas.csv, their two batches and their
    two decisions, and nothing else: no IRI removed, no statement of 1.0.0 changed."""
    second = release_of(ROOT, "1.1.0")
    assert second.previous == "1.0.0" and not second.notes.removed
    changelog = second.changelog()
    assert changelog is not None and changelog["removed"] == [] and changelog["changed"] == []
    added = changelog["added"]
    assert isinstance(added, list)
    assert sorted(entry["iri"].removeprefix(ID) for entry in added) == [
        "area/lampang-2023",
        "area/muang-taiyong-buak-khang",
        "area/nakhon-si-thammarat-municipality",
        "area/nikhom-phatthana",
        "area/phuket-tinicon-valley",
        "area/samut-prakan-2023",
        "area/theppharat",
        "batch/3",
        "batch/4",
        "decision/smart-city-2023-07-proposal",
        "decision/smart-city-2025-08-27-certification",
    ]
    tinicon = next(entry for entry in added if entry["iri"].endswith("/area/phuket-tinicon-valley"))
    assert tinicon["label"] == {"th": "ภูเก็ตทินิคอนวัลเลย์", "en": "Phuket Tinicon Valley"}
