"""A bilingual glossary of report terms: English questions -> Chinese keywords.

``Glossary.load().expand("How many fraud rings were identified?")`` ->
``['欺诈团伙']`` (the longest English phrase wins over its parts).
The same entries phrase English answers (``to_english('欺诈团伙')``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DEFAULT_GLOSSARY = Path(__file__).with_name("glossary.json")
# the line items of Chinese financial statements and the annual-report template
FINANCE_TERMS = Path(__file__).with_name("finance_terms.json")
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


# words a phrase may carry or drop without changing what it names ("of its employees")
_DETERMINERS = frozenset("the its their a an our this that these those his her".split())


@lru_cache(maxsize=8192)
def _lemma(word: str) -> str:
    """lemminflect's lemma (a noun's first, then a verb's): paid -> pay, employees -> employee."""
    from lemminflect import getAllLemmas

    found = getAllLemmas(word)
    for pos in ("NOUN", "VERB", "ADJ"):
        if found.get(pos):
            return found[pos][0]
    return word


def canonical(words: tuple[str, ...]) -> tuple[str, ...]:
    """A phrase as its lemmas without determiners: ("paid", "to", "its", "employees") ->
    ("pay", "to", "employee"); hyphens are spaces (liabilities-to-assets ratio).  How a
    question's wording reaches an entry's."""
    return tuple(_lemma(p) for w in words for p in w.split("-") if p and p not in _DETERMINERS)


@dataclass(frozen=True)
class Glossary:
    phrases: dict[tuple[str, ...], tuple[str, ...]]  # English words -> Chinese terms
    english: dict[str, str]  # Chinese term -> its first English phrase
    by_lemma: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)  # phrases of 2+ words

    def lookup(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """The Chinese terms of a phrase as written, else of a phrase of two or more words as
        its lemmas (cash paid to its employees -> cash paid to employees); single words are
        the lexicon's (a share is not shares)."""
        found = self.phrases.get(words)
        if found or len(words) < 2 or words[0] in _DETERMINERS or words[-1] in _DETERMINERS:
            return found or ()
        key = canonical(words)
        return self.by_lemma.get(key, ()) if len(key) >= 2 else ()

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
        canon: dict[tuple[str, ...], tuple[str, ...]] = {}
        for key, zh in phrases.items():
            if len(key) >= 2 and len(c := canonical(key)) >= 2:
                canon[c] = tuple(dict.fromkeys(canon.get(c, ()) + zh))
        return cls(phrases, english, canon)

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
