"""`smartcity-kg draft`: one announcement -> a folder of draft seeds (docs/curation.md).

The folder holds the page as received (original.txt), the article cut out of it (article.txt, the source document
the quotes are checked against), the source note (source.yaml), the drafted facts (areas.yaml, meeting.yaml) and
the review (review.md): what was found, what is unsure, what a person must decide. Nothing is written unless the
whole draft could be made; the folder appears in one step.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from smartcity_kg.core.problems import Problem
from smartcity_kg.curate.compose import Composer, Composition, slug
from smartcity_kg.curate.extract import Reader, Reading
from smartcity_kg.curate.index import Index
from smartcity_kg.curate.places import Gazetteer
from smartcity_kg.curate.text import Cleaned, InputError, clean, decode, language
from smartcity_kg.curate.wording import Wording, wording
from smartcity_kg.pipeline.conform import QUESTION_KEY

DRAFTS = "seeds/drafts"
ORIGINAL, ARTICLE, SOURCE, REVIEW = "original.txt", "article.txt", "source.yaml", "review.md"

HEADERS = {
    SOURCE: "The source note of the announcement, drafted by `smartcity-kg draft` (docs/curation.md). Review it.",
    "areas.yaml": "The areas the announcement lists (and the municipalities their names name), drafted by `smartcity-kg draft`.",
    "meeting.yaml": "The meeting, its decision and the roles the announcement names, drafted by `smartcity-kg draft`.",
}


@dataclass
class Draft:
    """One drafted announcement, not yet written."""

    key: str
    """The source's key: source/<key>, and the folder's name."""
    language: str
    cleaned: Cleaned
    reading: Reading
    composition: Composition
    files: dict[str, bytes]
    """File name -> content, the review included."""


def source_key(path: Path, words: Wording) -> str:
    """The source's key from the file's name, or its folder's when the name says nothing (original.txt)."""
    for name in (path.stem, path.resolve().parent.name):
        key = slug(name)
        if key and key not in words.generic_names:
            return key
    return "announcement"


class Assistant:
    """Drafts announcements against the graph of one repository (its index is read once)."""

    def __init__(self, root: Path, leave_out: tuple[str, ...] = ()) -> None:
        self.root = root
        self.wording = wording()
        self.index = Index.load(root, leave_out)
        self.gazetteer = Gazetteer.of(self.index, self.wording)
        self.reader = Reader(self.index, self.gazetteer, self.wording)

    def draft(self, raw: bytes, label: str, key: str, folder: str) -> Draft:
        """The draft of the announcement `raw` (named `label` in messages), as source/`key` kept in `folder` (from the root)."""
        text = decode(raw, label)
        lang = language(text, label, self.wording)
        cleaned = clean(text, self.wording)
        reading = self.reader.read(cleaned.text, lang)
        if not reading.lists:
            raise InputError(
                Problem(
                    label,
                    0,
                    0,
                    "no list of areas found: draft reads announcements that list areas with their provinces",
                    hint="number the items 1) 1. (1), or bullet them, each with its province (จังหวัด..., จ....); "
                    "a single area can be written as a list of one item under the sentence that announces it",
                    rule="draft-no-list",
                )
            )
        composition = Composer(reading, self.index, self.gazetteer, self.wording, key, lang, self.reader.segmenter.words).compose()
        files = {ORIGINAL: raw, ARTICLE: cleaned.text.encode("utf-8")}
        files[SOURCE] = self.source_note(key, lang, cleaned, label, folder)
        for name, entities in composition.files.items():
            files[name] = dump(f"source/{key}", entities, HEADERS[name])
        files[REVIEW] = review(label, key, folder, lang, cleaned, reading, composition, self).encode("utf-8")
        return Draft(key, lang, cleaned, reading, composition, files)

    def source_note(self, key: str, lang: str, cleaned: Cleaned, label: str, folder: str) -> bytes:
        title = cleaned.text.split("\n", 1)[0].strip()
        note = (
            f"Drafted by smartcity-kg draft from {Path(label).name}: {ARTICLE} is the text of {ORIGINAL} from its first line of "
            f"prose to its last ({cleaned.kept} lines kept, {len(cleaned.dropped)} banner or advert lines dropped), with the "
            "indentation removed. The publisher, date, address and licence are not in the file: add them if known."
        )
        entry: dict[str, Any] = {"id": f"source/{key}", "type": "SourceDocument", f"title_{lang}": title}
        entry.update(
            language=f"iso639-1:{lang}",
            local_copy=[f"{folder}/{ORIGINAL}", f"{folder}/{ARTICLE}"],
            note=[note],
            source=["source/project-curation"],
        )
        return dump("source/project-curation", [entry], HEADERS[SOURCE])


class Dumper(yaml.SafeDumper):
    """Block style with indented lists and Thai as it is, as the curated seeds are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def dump(graph: str, entities: list[dict[str, Any]], header: str) -> bytes:
    body = yaml.dump({"named_graph": graph, "entities": entities}, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    body = re.sub(r"\n(  - id: )", r"\n\n\1", body)  # one blank line between entities, as in seeds/article/
    return (f"# {header}\n" + body).encode("utf-8")


def review(label: str, key: str, folder: str, lang: str, cleaned: Cleaned, reading: Reading, out: Composition, assistant: Assistant) -> str:
    """The review report: what was found, what is unsure, what a person must decide."""
    g = assistant.gazetteer
    facts = out.facts
    lines = [
        f"# Draft of {Path(label).name}",
        "",
        f"Source `source/{key}` in `{folder}/`, read as {'Thai' if lang == 'th' else 'English'}.",
    ]
    lines += [f"{cleaned.kept} lines of the page kept in {ARTICLE}, {len(cleaned.dropped)} dropped as banners or adverts."]
    lines += ["", "## Found", ""]
    for number, area_list in enumerate(reading.lists, start=1):
        status = area_list.status or "none"
        lines.append(
            f"- List {number} (layout `{area_list.layout}`, {len(area_list.items)} items): "
            f"wording `{area_list.status_kind or '-'}`, status {status}."
        )
        if area_list.count:
            lines.append(f"  - stated: {area_list.count.areas} areas in {area_list.count.provinces} provinces")
        if area_list.total:
            lines.append(f"  - stated national total: {area_list.total.areas} areas in {area_list.total.provinces} provinces")
    for area in facts.areas:
        place = ", ".join(f"{p} ({g.name(p)})" for p in (area.subdistrict, area.district, area.province) if p) or "no province"
        lines.append(f"- {area.position}. {area.name}: {place}; {'the graph' + chr(39) + 's ' if area.existing else 'new '}`{area.id}`")
    if facts.meeting:
        m = facts.meeting
        lines.append(
            f"- Meeting {m['number']}: `{m['id']}`{' (in the graph)' if m.get('existing') else ''}, committee {m.get('committee') or '?'}, "
            f"date {m.get('date') or 'not given'}, chair {m.get('chair') or 'not found'}"
        )
    if facts.secretary:
        lines.append(f"- Secretary: {facts.secretary['person']} of {facts.secretary.get('committee') or '?'}")
    for decision in facts.decisions:
        lines.append(f"- Decision `{decision['id']}`: approves {len(decision['approves'])} areas")
    if facts.references:
        lines.append(f"- Entities of the graph named or referred to: {', '.join(sorted(facts.references))}")
    if facts.dates:
        lines.append(f"- Dates in the text: {', '.join(facts.dates)}")
    unsure = list(out.notes)
    unsure += [f"{problem.file}: not read ({problem.message}); its entities were not matched" for problem in assistant.index.unread]
    if not folder.startswith(DRAFTS):
        unsure.append(f"the folder is outside {DRAFTS}/: local_copy in {SOURCE} names {folder}/, move it there or edit the paths")
    lines += ["", "## Unsure", ""] + ([f"- {note}" for note in unsure] or ["- nothing"])
    lines += ["", "## To decide", ""]
    if out.questions:
        lines.append(f"`smartcity-kg validate` refuses the draft at each `{QUESTION_KEY}:` until it is answered and the line deleted:")
        lines += [f"- `{q.entity}`: {q.text}" for q in out.questions]
    else:
        lines.append("- nothing: `smartcity-kg validate` takes the draft as it is. Check the keys of new ids (an id is forever).")
    return "\n".join(lines) + "\n"


def write(draft: Draft, out: Path) -> None:
    """Write the draft into `out` in one step: the folder must not exist yet, or be empty."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FileExistsError(f"{out} exists and is not empty: remove it or give another --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, content in draft.files.items():
            (staging / name).write_bytes(content)
        if out.exists():
            out.rmdir()
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
