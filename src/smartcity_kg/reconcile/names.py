"""A cell, or a name of the graph, cleaned into the forms that are compared: Thai-aware (NFC, Thai digits, prefix
words of a unit, the abbreviation mark) and romanisation-aware (case, hyphens, RTGS and older spellings folded).

Both sides go through the same cleaning, so that "อ.บางรัก", "เขตบางรัก", "Bang Rak District" and "bang-rak" all meet
the graph's บางรัก / Bang Rak. The words and rules are matching.toml's.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from smartcity_kg.reconcile.policy import Policy

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
THAI_LETTER = re.compile(r"[\u0e01-\u0e4e]")
LATIN_LETTER = re.compile(r"[a-z]")


def is_thai(text: str) -> bool:
    return bool(THAI_LETTER.search(text))


@dataclass(frozen=True)
class Part:
    """A part of a cell after its name: a unit it lies in, with the kind its prefix word says (or "" without one)."""

    kind: str
    text: str


class Cleaner:
    """The cleaning of matching.toml: forms of a name to look up, and a cell split into a name and its context."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.thai_markers = tuple(sorted((m for words in policy.markers.values() for m in words), key=len, reverse=True))
        self.kind_of = {marker: kind for kind, words in policy.markers.items() for marker in words}
        self.drop = str.maketrans("", "", policy.dropped)
        # A marker of a larger unit later in a cell, after a space or a comma, begins its context: ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น.
        markers = "|".join(re.escape(m) for m in self.thai_markers)
        self.context = re.compile(rf"(?:\s+|\s*,\s*)(?=(?:{markers})\S)|\s*,\s*")

    @staticmethod
    def base(text: str) -> str:
        """NFC, Thai digits as 0-9, case folded, spaces collapsed: the form every other one starts from."""
        return " ".join(unicodedata.normalize("NFC", text).translate(THAI_DIGITS).casefold().split())

    def unmarked(self, text: str) -> str:
        """`text` (a base form) without the prefix words of a unit at its start and, in English, at its end."""
        changed = True
        while changed:
            changed = False
            for marker in self.thai_markers:
                if text.startswith(marker) and len(text) > len(marker):
                    text, changed = text[len(marker) :].lstrip(), True
                    break
            for word in self.policy.english_prefixes:
                if text.startswith(word + " ") and len(text) > len(word) + 1:
                    text, changed = text[len(word) + 1 :], True
                    break
            for word in self.policy.english_suffixes:
                if text.endswith(" " + word) and len(text) > len(word) + 1:
                    text, changed = text[: -len(word) - 1], True
                    break
        return text

    def key(self, text: str) -> str:
        """The form names are compared in: base, unmarked, without spaces and punctuation."""
        return self.unmarked(self.base(text)).translate(self.drop)

    def folded(self, key: str) -> str:
        """A key in Latin letters with the romanisation variants folded (Bueng Kum, Bung Kum -> bungkum); Thai unchanged."""
        if not LATIN_LETTER.search(key):
            return key
        for old, new in self.policy.folds:
            key = key.replace(old, new)
        return key

    def abbreviation(self, text: str) -> str | None:
        """The province a short name stands for (กทม., โคราช), or None."""
        form = self.unmarked(self.base(text))
        return self.policy.abbreviations.get(form) or self.policy.abbreviations.get(form.replace(" ", ""))

    def split(self, text: str) -> tuple[str, list[Part]]:
        """The name a cell gives first, and the units it names after it (by a prefix word or after a comma)."""
        pieces = [piece for piece in self.context.split(self.base(text)) if piece]
        if not pieces:
            return "", []
        parts = []
        for piece in pieces[1:]:
            marker = next((m for m in self.thai_markers if piece.startswith(m)), None)
            parts.append(Part(self.kind_of[marker] if marker else "", piece))
        return pieces[0], parts
