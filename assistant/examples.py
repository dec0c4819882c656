"""Example questions drawn from the indexed reports themselves.

The chat page's examples and the CLI's "Next:" hint ask about what the
indexed reports hold, not about a fixed report: the first table rows whose
label is a plain term with a figure beside it (a report's headline figures
come first: 主要会计数据, 员工情况 …), asked for the report's year in
Chinese, and in English where the glossary knows the term.
``example_questions(chunks, glossary)`` ->
``['What was the operating revenue in 2016?', '2016年营业收入是多少？', …]``.
"""

from __future__ import annotations

import re

from indexer.clean import clean
from indexer.records import Chunk

from .extract import is_contents
from .figures import find_figures
from .glossary import Glossary

_LABEL = re.compile(r"[\u4e00-\u9fff]{2,12}")
_TAIL = re.compile(r"[（(][^（()）]*[)）]$")
# a measured figure (1,347,070,276.49 / 6.02% / 907.09), not a page number or a stock code
_VALUE = re.compile(r"[-+]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?%?|[-+]?\d+\.\d+%?|[-+]?\d+%")


def _labels(chunks: list[Chunk]):
    """(label, year, doc_id) of table rows with a figure, in report order."""
    for c in chunks:
        if c.kind != "table" or is_contents(c.text):
            continue
        for line in c.text.splitlines():
            cells = [clean(x).strip() for x in line.split("\t")]
            label = _TAIL.sub("", cells[0]) if cells else ""
            if len(cells) >= 2 and _LABEL.fullmatch(label) and any(
                    _VALUE.fullmatch(x) for x in cells[1:]):
                yield label, c.year, c.doc_id


_SUBJECT = re.compile(r"([\u4e00-\u9fff]{2,14}?)(?:达到|约为|共计|累计|达|为|约|共|超过)\s*$")
_LEAD = re.compile(r"^(?:公司|本公司|集团|我们|其中|截至\d*年底)")


def _subjects(chunks: list[Chunk]):
    """(subject, year, doc_id) of prose figures: 公司垃圾日处理能力达 7,050 吨 -> 垃圾日处理能力."""
    for c in chunks:
        if c.kind == "table" or is_contents(c.text):
            continue
        for clause in re.split(r"[，。；！？,;\n]", c.text):
            figs = [f for f in find_figures(clause) if f.kind in ("number", "percentage") and f.unit]
            if not figs:
                continue
            m = _SUBJECT.search(clause[: figs[0].start])
            subject = _LEAD.sub("", m.group(1)) if m else ""
            if 3 <= len(subject) <= 12:
                yield subject, c.year, c.doc_id


def example_questions(chunks: list[Chunk], glossary: Glossary, n: int = 4) -> list[str]:
    """Up to ``n`` questions (English and Chinese, newest report first) the reports answer."""
    newest = sorted(chunks, key=lambda c: -(c.year or 0))  # stable: report order kept within a year
    english, chinese, seen = [], [], set()
    for label, year, _ in list(_labels(newest)) + list(_subjects(newest)):
        if label in seen:
            continue
        seen.add(label)
        when = f" in {year}" if year else ""
        name = glossary.to_english(label)
        if name and len(english) < n:
            english.append(f"What was the {name}{when}?")
        if len(chinese) < n:
            chinese.append(f"{year}年{label}是多少？" if year else f"{label}是多少？")
        if len(english) >= n // 2 and len(chinese) >= n:
            break
    mixed = [q for pair in zip(english, chinese) for q in pair]
    mixed += [q for q in english[len(mixed) // 2:] + chinese[len(mixed) // 2:] if q not in mixed]
    return mixed[:n]
