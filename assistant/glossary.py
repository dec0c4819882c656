"""A bilingual glossary of report terms: English questions -> Chinese keywords.

``Glossary.load().expand("How many fraud rings were identified?")`` ->
``['欺诈团伙']`` (the longest English phrase wins over its parts).
The same entries phrase English answers (``to_english('欺诈团伙')``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_GLOSSARY = Path(__file__).with_name("glossary.json")
# the line items of Chinese financial statements and the annual-report template
FINANCE_TERMS = Path(__file__).with_name("finance_terms.json")
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


@dataclass(frozen=True)
class Glossary:
    phrases: dict[tuple[str, ...], tuple[str, ...]]  # English words -> Chinese terms
    english: dict[str, str]  # Chinese term -> its first English phrase

    @classmethod
    def load(cls, path: Path = DEFAULT_GLOSSARY, *more: Path) -> Glossary:
        """The glossary at ``path`` and the files in ``more`` (by default: the finance terms)."""
        entries = []
        for p in (path, *(more or (FINANCE_TERMS,))):
            entries += json.loads(Path(p).read_text(encoding="utf-8"))["entries"]
        phrases, english = {}, {}
        for e in entries:
            zh = tuple(e["zh"])
            for variant in e["en"]:
                key = tuple(_WORD.findall(variant.lower()))
                if key:
                    phrases[key] = tuple(dict.fromkeys(phrases.get(key, ()) + zh))
            for term in zh:
                english.setdefault(term, e["en"][0])
        return cls(phrases, english)

    @property
    def longest(self) -> int:
        """Words in the longest English phrase."""
        return max((len(k) for k in self.phrases), default=0)

    def matches(self, text: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """(English words, Chinese terms) for each glossary phrase in ``text``,
        longest match first, left to right."""
        words = _WORD.findall(text.lower())
        longest = self.longest
        out = []
        i = 0
        while i < len(words):
            for n in range(min(longest, len(words) - i), 0, -1):
                key = tuple(words[i : i + n])
                if key in self.phrases:
                    out.append((key, self.phrases[key]))
                    i += n
                    break
            else:
                i += 1
        return out

    def expand(self, text: str) -> list[str]:
        """Chinese terms for the English phrases in ``text``, longest match first."""
        out: list[str] = []
        for _, zh in self.matches(text):
            out.extend(t for t in zh if t not in out)
        return out

    def to_english(self, term: str) -> str | None:
        return self.english.get(term)
