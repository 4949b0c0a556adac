"""The announcement as text: its bytes decoded, its language told, the article cut out of a scraped page.

Thai tools come from PyThaiNLP, which ships its tokeniser and dictionaries in the package: it is imported here
only with its offline and read-only switches on, so that it never downloads a corpus nor creates a data folder.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from smartcity_kg.core.problems import Problem
from smartcity_kg.curate.wording import Wording

# PyThaiNLP reads these at each call that could fetch or write: nothing is fetched, nothing written.
PYTHAINLP_SWITCHES = {"PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1"}

THAI_LETTER = re.compile(r"[\u0e01-\u0e4e]")


class InputError(Exception):
    """The announcement cannot be drafted; carries the problem to show (file, what is wrong, how to fix it)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.render())


def pythainlp() -> Any:
    """PyThaiNLP's util module, imported offline (see the module's docstring)."""
    os.environ.update(PYTHAINLP_SWITCHES)
    import pythainlp.util

    return pythainlp.util


def decode(raw: bytes, label: str) -> str:
    """The text of the file: UTF-8 (with or without a BOM), in NFC; anything else is refused with how to convert it."""
    convert = f"convert it to UTF-8 first, e.g. `iconv -f {{}} -t UTF-8 {label} > {label}.utf8.txt`"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(Problem(label, 0, 0, "the file is in UTF-16, not UTF-8", hint=convert.format("UTF-16"), rule="draft-encoding"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        looks = ""
        try:
            if len(THAI_LETTER.findall(raw.decode("cp874"))) > len(raw) // 4:
                looks = "; it looks like Thai in TIS-620 / Windows-874"
        except UnicodeDecodeError:
            pass
        raise InputError(
            Problem(
                label,
                line,
                column,
                f"the file is not UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded{looks}",
                hint=convert.format("CP874" if looks else "<its encoding>"),
                rule="draft-encoding",
            )
        ) from None
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InputError(
            Problem(label, 0, 0, "the file is empty", hint="give the text of the announcement, as copied from the page", rule="draft-empty")
        )
    return text


def language(text: str, label: str, wording: Wording) -> str:
    """ "th" or "en": the language the text is drafted in; refused if it is neither (a page in another language)."""
    share = pythainlp().count_thai(text) / 100  # of the characters that are not spaces, digits or punctuation
    if share >= wording.thai_share:
        return "th"
    words = re.findall(r"[A-Za-z]+", text)
    if words and sum(word.lower() in wording.english_words for word in words) / len(words) >= wording.english_share:
        return "en"
    raise InputError(
        Problem(
            label,
            0,
            0,
            "the text is neither Thai nor English" + (f" (Thai letters: {share:.0%})" if share else ""),
            hint="draft reads Thai announcements (and English ones); give the page's text in Thai",
            rule="draft-language",
        )
    )


def arabic_digits(text: str) -> str:
    """Thai digits ๐-๙ as 0-9, character for character: positions in the result are positions in `text`."""
    converted = str(pythainlp().thai_digit_to_arabic_digit(text))
    assert len(converted) == len(text)
    return converted


@dataclass(frozen=True)
class Cleaned:
    """The article cut out of the page."""

    text: str
    """Its lines, indentation removed, one blank line between paragraphs, ending with a newline."""
    kept: int
    """Lines of the page kept."""
    dropped: tuple[str, ...]
    """The non-blank lines dropped (banners, adverts, links), as they were."""


def is_noise(line: str, wording: Wording) -> bool:
    if any(pattern.search(line) for pattern in wording.adverts):
        return True
    return len(line) < 3 * wording.min_prose_length and any(phrase in line for phrase in wording.noise_lines)


def is_item(line: str, wording: Wording) -> bool:
    return bool(re.match(r"\(?[0-9๐-๙]{1,2}[.)]\s", line)) or line[:1] in wording.bullets


def clean(text: str, wording: Wording) -> Cleaned:
    """The article: from its first line of prose (or list item) to its last, without the noise lines in between."""
    lines = [line.strip() for line in text.split("\n")]
    content = [
        index
        for index, line in enumerate(lines)
        if line and not is_noise(line, wording) and (len(line) >= wording.min_prose_length or is_item(line, wording))
    ]
    if not content:
        return Cleaned("", 0, tuple(line for line in lines if line))
    first, last = content[0], content[-1]
    kept: list[str] = []
    dropped = [line for line in lines[:first] + lines[last + 1 :] if line]
    for line in lines[first : last + 1]:
        if line and is_noise(line, wording):
            dropped.append(line)
        elif line or (kept and kept[-1]):
            kept.append(line)
    return Cleaned("\n".join(kept).strip("\n") + "\n", sum(bool(line) for line in kept), tuple(dropped))


class Segmenter:
    """PyThaiNLP's dictionary tokeniser (newmm) with the graph's place names added to its Thai words."""

    def __init__(self, names: Iterable[str]) -> None:
        pythainlp()
        from pythainlp.corpus.common import thai_words
        from pythainlp.tokenize import word_tokenize
        from pythainlp.util import Trie

        self.tokenize = word_tokenize
        self.trie = Trie(set(thai_words()) | set(names))

    def words(self, text: str) -> list[str]:
        return list(self.tokenize(text, custom_dict=self.trie, engine="newmm", keep_whitespace=True))

    def ends(self, text: str) -> set[int]:
        """The positions in `text` where a word ends."""
        found, position = set(), 0
        for word in self.words(text):
            position += len(word)
            found.add(position)
        return found
