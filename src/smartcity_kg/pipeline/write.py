"""Stage 4, write: the validated dataset -> the files of graph/, byte for byte the same for the same input.

Every format is a function in FILES, looked up by file name. All files are written to a temporary
folder beside graph/, which then takes graph/'s place in one step, so a failed or interrupted build
never leaves a half-written graph/.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import os
import posixpath
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smartcity_kg.core import iri
from smartcity_kg.core.config import Config
from smartcity_kg.pipeline import exports
from smartcity_kg.pipeline.build import in_gazetteer
from smartcity_kg.pipeline.built import DUMP_NAME, GAZETTEER_NAME, GZIP_LEVEL, NOTICE, Built, Writer, comment_header, sorted_lines
from smartcity_kg.pipeline.metadata import PREFIXES, void
from smartcity_kg.pipeline.statistics import counts

if TYPE_CHECKING:
    from rdflib import Graph


def gzipped(data: bytes) -> bytes:
    """gzip with no timestamp in the header, so that builds match."""
    import gzip

    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def bind_prefixes(graph: Graph, config: Config) -> Graph:
    context = iri.load_context(config.ontology, config.base)
    for prefix, namespace in sorted(iri.prefixes(context).items()):
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def write_turtle(built: Built) -> bytes:
    """The merged graph in Turtle, subject by subject in the order of the N-Triples, with the context's prefixes."""
    from pyoxigraph import RdfFormat, parse, serialize

    prefixes = dict(sorted(iri.prefixes(iri.load_context(built.config.ontology, built.config.base)).items()))
    triples = parse(built.ntriples, format=RdfFormat.N_TRIPLES)
    # No base IRI: pyoxigraph would make every https IRI outside the base a network-path reference (//schema.org/).
    text = serialize(triples, format=RdfFormat.TURTLE, prefixes=prefixes)
    return comment_header().encode("utf-8") + (text or b"")


def write_ntriples(built: Built) -> bytes:
    return comment_header().encode("utf-8") + built.ntriples


def write_nquads(built: Built) -> bytes:
    return comment_header().encode("utf-8") + built.nquads


def write_nquads_gzip(built: Built) -> bytes:
    """The sorted N-Quads, gzip-compressed for bulk loaders."""
    return gzipped(built.rendered.get(f"{DUMP_NAME}.nq") or write_nquads(built))


def context_document(built: Built) -> dict[str, Any]:
    return {"$comment": NOTICE, "@context": iri.load_context(built.config.ontology, built.config.base)}


def write_context(built: Built) -> bytes:
    return (json.dumps(context_document(built), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_jsonld(built: Built) -> bytes:
    """The merged graph in JSON-LD under the project context: the YAML entities themselves, merged by id.

    Every YAML file is a JSON-LD document under the context (build.py), so its entities need no compaction:
    an entity written in several files becomes one node with the values of all of them. One node a line,
    sorted by id, so that a diff shows the entities that changed.
    """

    nodes: dict[str, dict[str, Any]] = {}
    for seed in built.seeds.files:
        if in_gazetteer(seed):
            continue
        for _, entity in seed.entities():
            merge(nodes.setdefault(entity["id"], {}), entity)
    context = iri.load_context(built.config.ontology, built.config.base)
    # The notice first, where a reader sees it above the 9 KB of embedded context (iri.document_context says why).
    head = {"$comment": NOTICE, "@context": iri.document_context(context, built.config.base)}
    lines = [json.dumps(head, ensure_ascii=False, indent=2)[:-2] + ',\n  "entities": [']
    body = [json.dumps(nodes[key], ensure_ascii=False, sort_keys=False) for key in sorted(nodes)]
    lines.append(",\n".join("    " + node for node in body))
    lines.append("  ]\n}\n")
    return "\n".join(lines).encode("utf-8")


def merge(node: dict[str, Any], entity: dict[str, Any]) -> None:
    """Add the values of `entity` to `node` (the same id): a key written twice keeps every distinct value."""
    for key, value in entity.items():
        if key not in node:
            node[key] = value
        elif node[key] != value:
            values = node[key] if isinstance(node[key], list) else [node[key]]
            node[key] = values + [v for v in (value if isinstance(value, list) else [value]) if v not in values]


def gazetteer_lines(built: Built) -> bytes:
    """The gazetteer layer as sorted N-Quads lines."""
    from pyoxigraph import RdfFormat, serialize

    return sorted_lines(serialize(built.gazetteer, format=RdfFormat.N_QUADS) or b"")


def write_gazetteer_nquads_gzip(built: Built) -> bytes | None:
    """The gazetteer layer in sorted N-Quads, gzip-compressed."""
    if not built.config.gazetteer:
        return None
    return gzipped(comment_header().encode("utf-8") + gazetteer_lines(built))


def copy_of(name: str) -> Writer:
    def write(built: Built) -> bytes:
        text = iri.rebase((built.config.ontology / name).read_text(encoding="utf-8"), built.config.base)
        header = f"# Generated copy of ontology/{name}. {NOTICE}\n"
        return (header + text).encode("utf-8")

    return write


def write_report(built: Built) -> bytes:
    graph = built.validation.report
    graph.bind("sh", "http://www.w3.org/ns/shacl#")
    return (comment_header() + graph.serialize(format="turtle")).encode("utf-8")


def write_void(built: Built) -> bytes:

    graph = bind_prefixes(void(built), built.config)
    for prefix, namespace in sorted(PREFIXES.items()):
        graph.bind(prefix, namespace, override=True, replace=True)
    return (comment_header() + graph.serialize(format="turtle")).encode("utf-8")


def write_readme(built: Built) -> bytes:
    lines = [
        "# graph/",
        "",
        f"{NOTICE}",
        "",
        "| file | what |",
        "| --- | --- |",
    ]
    lines += [f"| `{name}` | {what} |" for name, (what, _) in FILES.items() if name not in built.skipped]
    return ("\n".join(lines) + "\n").encode("utf-8")


FILES: dict[str, tuple[str, Writer]] = {
    f"{DUMP_NAME}.ttl": ("the graph in Turtle (all sources merged; the gazetteer layer is in gazetteer.*)", write_turtle),
    f"{DUMP_NAME}.nt": ("the graph in N-Triples, sorted", write_ntriples),
    f"{DUMP_NAME}.nq": ("the dataset in N-Quads, sorted: one named graph per source document", write_nquads),
    f"{DUMP_NAME}.nq.gz": ("the same, gzip-compressed, for bulk loaders (docs/triple-stores.md)", write_nquads_gzip),
    f"{DUMP_NAME}.jsonld": ("the graph in JSON-LD with context.jsonld embedded: the YAML entities, merged by id, one a line", write_jsonld),
    f"{GAZETTEER_NAME}.nq.gz": (
        "the gazetteer layer (districts, subdistricts, their centroids) in N-Quads, sorted, gzip-compressed, in its named graph",
        write_gazetteer_nquads_gzip,
    ),
    "context.jsonld": ("the JSON-LD context: how YAML keys map to properties", write_context),
    "ontology.ttl": ("copy of ontology/smartcity.ttl", copy_of("smartcity.ttl")),
    "shapes.ttl": ("copy of ontology/shapes.ttl", copy_of("shapes.ttl")),
    **exports.formats(),
    "void.ttl": ("dataset metadata (DCAT-AP 3 and VoID): catalogue, distributions with sizes and checksums, counts, linksets", write_void),
    "validation-report.ttl": ("the SHACL validation report of this build", write_report),
    "README.md": ("this list", write_readme),
}


# Rendered on a second thread: zlib and pyoxigraph's SPARQL release the GIL, so they run beside the writers in Python.
BACKGROUND = (f"{DUMP_NAME}.nq.gz", f"{GAZETTEER_NAME}.nq.gz")
# Writers that describe the files rendered before them (sizes, checksums): the background ones are waited for.
DESCRIBING = ("void.ttl",)


def render(built: Built) -> dict[str, bytes]:

    built.rendered, built.skipped = {}, set()
    pending: dict[str, Future[bytes | None]] = {}
    with ThreadPoolExecutor(max_workers=1) as pool:
        counted = pool.submit(counts, built)
        for name, (_, writer) in FILES.items():
            if name in DESCRIBING:
                counted.result()
                for done, future in pending.items():
                    store(built, done, future.result())
                pending = {}
            if name in BACKGROUND:
                pending[name] = pool.submit(writer, built)
            else:
                store(built, name, writer(built))
        for done, future in pending.items():
            store(built, done, future.result())
    for name in ("nquads", "ntriples"):  # made again if asked for: at a million triples, half a gigabyte
        built.__dict__.pop(name, None)
    return {name: built.rendered[name] for name in FILES if name in built.rendered}


def store(built: Built, name: str, data: bytes | None) -> None:
    if data is None:
        built.skipped.add(name)
    else:
        built.rendered[name] = data


def lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}.lock"


@contextlib.contextmanager
def locked(target: Path, waiting: Callable[[str], None] = lambda message: None) -> Iterator[None]:
    """Hold the one lock of `target` (graph/, a site folder): two builds started together take turns.

    Without it, each would delete the other's staging folder as "left by an interrupted build". The lock is
    flock(2) on a file beside `target`, released by the kernel when the process ends, however it ends; the
    file itself stays (removing it would let a third process lock a file nobody else sees).
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, as before
        yield
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with lock_path(target).open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting(f"waiting for another build of {target} to finish (it holds {lock_path(target)})")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# A test hook, for tests/test_atomic.py only: with this variable set to "before" or "after", `write` stops its own
# process (SIGSTOP, as Ctrl-Z does) just before or just after it puts the new folder in place of `target`, so that a
# test sees the moment (waitpid) and kills the process exactly there. Read only at that moment; unset, it does nothing.
STOP_AT_SWAP = "SMARTCITY_KG_TEST_STOP_AT_SWAP"


def stop_at_swap(moment: str) -> None:
    if os.environ.get(STOP_AT_SWAP) == moment:
        os.kill(os.getpid(), signal.SIGSTOP)


def write(files: dict[str, bytes], target: Path) -> None:
    """Replace `target` with a folder holding exactly `files` (names may hold folders: `doc/a.html`), in one step.

    The caller holds `locked(target)`: the staging folders of other writers of `target` are deleted here.
    """
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    for stale in parent.glob(f".{target.name}-*"):  # left by an interrupted build
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=parent))
    try:
        made: set[str] = set()
        for name, data in sorted(files.items()):
            # Checked by name: the staging folder is new and holds no links, and a site has 100,000 files
            # (resolving each path and making each folder again cost more system time than writing them).
            clean = posixpath.normpath(name)
            if clean != name or clean.startswith(("/", "../")) or clean in (".", ".."):
                raise ValueError(f"refusing to write {name} outside {target}")
            folder = posixpath.dirname(name)
            if folder and folder not in made:
                (staging / folder).mkdir(parents=True, exist_ok=True)
                made.add(folder)
            with open(os.path.join(staging, name), "wb") as handle:
                handle.write(data)
        flush_to_disk(staging, [staging / name for name in files])
        os.chmod(staging, 0o755)
        stop_at_swap("before")
        if target.exists():
            swap(staging, target)
        else:
            os.rename(staging, target)
        stop_at_swap("after")
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def flush_to_disk(folder: Path, paths: list[Path]) -> None:
    """Make the written files durable before the swap: one syncfs of the file system (Linux), else fsync each."""
    libc_name = ctypes.util.find_library("c")
    syncfs = getattr(ctypes.CDLL(libc_name, use_errno=True), "syncfs", None) if libc_name else None
    if syncfs is not None:
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            if syncfs(descriptor) == 0:
                return
        finally:
            os.close(descriptor)
    for path in paths:
        with path.open("rb+") as handle:
            os.fsync(handle.fileno())


def swap(new: Path, old: Path) -> None:
    """Exchange two folders atomically (Linux renameat2); elsewhere, two renames in quick succession."""
    libc_name = ctypes.util.find_library("c")
    renameat2 = getattr(ctypes.CDLL(libc_name, use_errno=True), "renameat2", None) if libc_name else None
    if renameat2 is not None:
        at_fdcwd, rename_exchange = -100, 2
        if renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(old), rename_exchange) == 0:
            return
    backup = old.with_name(new.name + "-old")
    os.rename(old, backup)
    os.rename(new, old)
    os.rename(backup, new)
